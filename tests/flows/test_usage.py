"""What the engine counts for the operator's report (flows/usage.py): a topic reached,
once a topic a week for a person, with the week's mark kept in their conversation; a
search's place no finer than a town; never the person, never their words."""

from __future__ import annotations

import datetime as dt

from directory.geo import gazetteer
from flows.conversation import Conversation, Profile
from flows.engine import Engine, TurnContext
from flows.events import Event, Press, Text
from flows.replies import Count, Outcome
from flows.usage import ANYWHERE, NO_RESULT, TOPIC, UNKNOWN, search_place, week_of

THURSDAY = dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC)
SUNDAY_NIGHT = dt.datetime(2026, 11, 22, 23, 59, tzinfo=dt.UTC)
MONDAY = dt.datetime(2026, 11, 23, 0, 1, tzinfo=dt.UTC)


class Person:
    """Someone set up, talking straight to the engine, their conversation kept between
    turns as the store keeps it (dumped and loaded again)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.saved = Conversation().dump()
        self.outcome = Outcome()

    async def send(self, event: Event, now: dt.datetime) -> list[Count]:
        context = TurnContext(Profile(locale="en", consented_at=THURSDAY), now)
        conversation, self.outcome = await self.engine.handle(
            Conversation.load(self.saved), event, context
        )
        self.saved = conversation.dump()
        return [e for e in self.outcome.effects if isinstance(e, Count)]

    async def tap(self, label: str, now: dt.datetime) -> list[Count]:
        found = [b for r in self.outcome.replies for b in r.buttons if b.label == label]
        assert found, f"no button {label!r}"
        return await self.send(Press(found[0].data), now)

    async def topic(self, label: str, now: dt.datetime) -> list[Count]:
        await self.send(Text("/menu"), now)
        return await self.tap(label, now)


def test_a_week_is_its_monday():
    assert week_of(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)
    assert week_of(dt.date(2026, 11, 22)) == dt.date(2026, 11, 16)
    assert week_of(dt.date(2027, 1, 1)) == dt.date(2026, 12, 28)  # ISO week 53 of 2026


async def test_a_topic_counts_once_a_week_and_again_the_next(engine: Engine):
    person = Person(engine)
    assert await person.topic("Housing", THURSDAY) == [Count(TOPIC, "housing")]
    assert await person.topic("Housing", SUNDAY_NIGHT) == []
    assert await person.topic("Money and benefits", SUNDAY_NIGHT) == [Count(TOPIC, "money")]
    assert await person.topic("Housing", MONDAY) == [Count(TOPIC, "housing")]
    # Only this week's marks are kept: last week's are dropped once a count is made.
    assert Conversation.load(person.saved).counted == {"housing": "2026-11-23"}


async def test_the_mark_lives_in_the_conversation_and_goes_with_it(engine: Engine):
    person = Person(engine)
    await person.topic("My record", THURSDAY)
    assert person.saved["counted"] == {"my_record": "2026-11-16"}
    person.saved = Conversation().dump()  # what /forget leaves: nothing
    assert await person.topic("My record", THURSDAY) == [Count(TOPIC, "my_record")]


async def test_settings_and_privacy_are_not_help_and_not_counted(engine: Engine):
    person = Person(engine)
    assert await person.topic("Settings", THURSDAY) == []
    assert await person.topic("My data and privacy", THURSDAY) == []
    assert "counted" not in person.saved


async def test_a_need_typed_or_crisis_words_count_the_topic_they_lead_to(engine: Engine):
    person = Person(engine)
    await person.send(Text("/menu"), THURSDAY)
    assert await person.send(Text("I want to kill myself"), THURSDAY) == [Count(TOPIC, "urgent")]
    await person.send(Text("/menu"), THURSDAY)
    counted = await person.send(Text("I need a job"), THURSDAY)
    assert counted == [Count(TOPIC, "work")]


def test_a_search_place_is_a_town_or_a_region_never_a_point():
    places = gazetteer()
    manchester = places.find("Manchester", "GB")
    assert manchester is not None
    typed = {"latitude": 53.481, "longitude": -2.237, "name": manchester.name}
    assert search_place(typed, places) == "Manchester, GB-EAW"
    postcode = places.find("M1 1AE", "GB")
    assert postcode is not None
    assert postcode.name == "M1"
    by_postcode = {"latitude": 53.478, "longitude": -2.237, "name": "M1"}
    assert search_place(by_postcode, places) == "Manchester, GB-EAW"
    shared = {"latitude": 53.481, "longitude": -2.237, "name": None}
    assert search_place(shared, places) == "Manchester, GB-EAW"
    # Far from any town: the region only; far from everything: not even that.
    assert search_place({"latitude": 58.0, "longitude": -5.0, "name": None}, places) == "GB-SCT"
    assert search_place({"latitude": 47.5, "longitude": -100.0}, places) == "US-ND"
    assert search_place({"latitude": 0.0, "longitude": -30.0, "name": None}, places) == UNKNOWN
    assert search_place(ANYWHERE, places) == ANYWHERE
    assert search_place(None, places) == UNKNOWN
    assert search_place({"latitude": "x"}, places) == UNKNOWN


def test_a_name_that_is_no_town_there_is_not_kept():
    places = gazetteer()
    somewhere = {"latitude": 53.481, "longitude": -2.237, "name": "My flat, 3 Hope St"}
    assert search_place(somewhere, places) == "Manchester, GB-EAW"
    # A real town's name far from where the point is names the town near the point.
    elsewhere = {"latitude": 53.481, "longitude": -2.237, "name": "Detroit"}
    assert search_place(elsewhere, places) == "Manchester, GB-EAW"


async def test_a_search_that_finds_nothing_counts_its_need_and_town(
    engine_over_directory: Engine,
):
    person = Person(engine_over_directory)
    await person.topic("Find help near me", THURSDAY)
    await person.tap("Phone and internet", THURSDAY)
    await person.tap("Any time", THURSDAY)
    counted = await person.send(Text("Manchester"), THURSDAY)
    assert counted == [Count(NO_RESULT, "phone_internet", "Manchester, GB-EAW")]
    assert "I could not find phone and internet near Manchester" in person.outcome.replies[0].text
    await person.tap("Another place", THURSDAY)
    assert await person.send(Text("Qwertyville"), THURSDAY) == []  # no place: no search
    assert await person.tap("Show phone and online help", THURSDAY) == [
        Count(NO_RESULT, "phone_internet", ANYWHERE)
    ]


async def test_typed_words_are_counted_as_words_never_as_typed(engine_over_directory: Engine):
    person = Person(engine_over_directory)
    await person.topic("Find help near me", THURSDAY)
    await person.tap("Search with my own words", THURSDAY)
    await person.send(Text("Zorblat widgets"), THURSDAY)
    await person.tap("Any time", THURSDAY)
    counted = await person.send(Text("Manchester"), THURSDAY)
    assert counted == [Count(NO_RESULT, "words", "Manchester, GB-EAW")]
