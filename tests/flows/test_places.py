"""A place shared once serves every search in the conversation: Find help, Somewhere to
sleep tonight, Housing; "Another place" asks again; it is shown in /privacy, forgotten
on request, and dropped a day after it was last used (the clock is the test's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from core.conversations import Conversations
from core.storage.store import Store
from core.storage.tables import conversation_t
from flows.engine import Engine
from flows.i18n import Catalogs
from flows.places import KEPT_PLACE, PLACE_KEPT
from tests.conftest import NOW, Chat, onboard
from tests.helpers.find_help import MANCHESTER

t = Catalogs().translator


class Clock:
    """The time the test says it is."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


def chat_with_clock(engine: Engine, store: Store, clock: Clock, code: str = "en") -> Chat:
    return Chat(Conversations(engine, store, clock=clock), language_code=code)


async def stored(store: Store) -> dict[str, Any]:
    """The conversation as the database holds it."""
    async with store.engine.connect() as conn:
        return dict((await conn.execute(select(conversation_t.c.data))).scalar_one())


async def place_stored(store: Store) -> bool:
    """Whether the conversation, or any step /back could return to, holds a place."""
    data = await stored(store)
    steps = [data["answers"], *(step.get("answers", {}) for step in data["history"])]
    return any(KEPT_PLACE in answers for answers in steps)


async def food_near_manchester(chat: Chat) -> None:
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Any time")
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    assert "Here is what I found for food near you:" in chat.text
    await chat.tap("Done")


async def test_a_place_shared_once_serves_every_later_search(
    engine_over_directory: Engine, store: Store
):
    chat = chat_with_clock(engine_over_directory, store, Clock())
    await onboard(chat)
    await food_near_manchester(chat)
    await chat.tap("Somewhere to sleep tonight")  # from the main menu, straight to the list
    assert not any(reply.request_location for reply in chat.replies)
    assert "Here is what I found for somewhere to sleep tonight near you:" in chat.text
    assert chat.labels[0].startswith("1. ")
    await chat.tap("Done")
    await chat.tap("Housing")
    await chat.tap("I have a place, but may lose it soon")
    await chat.tap("Yes, show me")
    assert not any(reply.request_location for reply in chat.replies)
    assert "I could not find longer-term housing near you." in chat.text  # none in the sample
    assert "Another place" in chat.labels


async def test_another_place_asks_again_and_keeps_the_new_one(
    engine_over_directory: Engine, store: Store
):
    chat = chat_with_clock(engine_over_directory, store, Clock())
    await onboard(chat)
    await food_near_manchester(chat)
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Any time")
    await chat.tap("Another place")
    assert chat.replies[-1].request_location
    await chat.send("M1 1AE")
    assert "Here is what I found for food near M1:" in chat.text
    await chat.tap("Done")
    await chat.tap("Somewhere to sleep tonight")
    assert "near M1:" in chat.text


async def test_privacy_shows_the_place_and_forgets_it_on_request(
    engine_over_directory: Engine, store: Store
):
    chat = chat_with_clock(engine_over_directory, store, Clock())
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Any time")
    await chat.send("Manchester")
    await chat.tap("Done")
    await chat.send("/privacy")
    assert PLACE_KEPT.format(place="Manchester") in chat.text
    assert chat.labels == ["Forget my place", "Delete everything", "Keep it and go back"]
    await chat.tap("Forget my place")
    assert chat.replies[0].text == "Done. I have forgotten your place."
    assert chat.labels == ["Delete everything", "Keep it and go back"]
    assert not await place_stored(store)
    assert "Manchester" not in str(await stored(store))
    await chat.tap("Keep it and go back")
    for _ in range(6):  # no step /back returns to brings the place back
        await chat.send("/back")
    await chat.send("/menu")
    await chat.tap("Somewhere to sleep tonight")
    assert chat.replies[-1].request_location


async def test_privacy_without_a_place_offers_no_place_to_forget(chat: Chat):
    await onboard(chat)
    await chat.send("/privacy")
    assert "the place you last looked near" not in chat.text
    assert chat.labels == ["Delete everything", "Keep it and go back"]


async def test_the_place_is_dropped_a_day_after_its_last_search(
    engine_over_directory: Engine, store: Store
):
    clock = Clock()
    chat = chat_with_clock(engine_over_directory, store, clock)
    await onboard(chat)
    await food_near_manchester(chat)
    clock.now = NOW + dt.timedelta(hours=23)  # used again within the day: kept a day more
    await chat.tap("Somewhere to sleep tonight")
    assert not any(reply.request_location for reply in chat.replies)
    await chat.tap("Done")
    clock.now = NOW + dt.timedelta(hours=23 + 23)
    await chat.send("/privacy")
    assert PLACE_KEPT.format(place=t("en").gettext("a place you shared")) in chat.text
    await chat.tap("Keep it and go back")
    assert await place_stored(store)
    clock.now = NOW + dt.timedelta(hours=23 + 24)  # a day without a search
    await chat.send("/privacy")
    assert "the place you last looked near" not in chat.text
    assert not await place_stored(store)
    await chat.tap("Keep it and go back")
    await chat.tap("Somewhere to sleep tonight")
    assert chat.replies[-1].request_location


async def test_privacy_names_the_place_in_the_persons_language(
    engine_over_directory: Engine, store: Store
):
    ar = t("ar").gettext
    chat = chat_with_clock(engine_over_directory, store, Clock(), "ar")
    await onboard(chat, language="العربية", region=ar("England or Wales"))
    await chat.tap(ar("Somewhere to sleep tonight"))
    await chat.send(MANCHESTER)
    await chat.tap(ar("Done"))
    await chat.send("/privacy")
    assert ar(PLACE_KEPT).format(place=ar("a place you shared")) in chat.text
    assert ar("Forget my place") in chat.labels


async def test_anywhere_keeps_no_place_and_its_list_still_answers(
    engine_over_directory: Engine, store: Store
):
    chat = chat_with_clock(engine_over_directory, store, Clock())
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Mental health")
    await chat.tap("Any time")
    await chat.tap("Anywhere: phone and online help")
    await chat.tap("1. Talk line")
    assert "That button is from an earlier message" not in chat.text
    assert chat.labels[:2] == ["Back to the list", "Report a problem with this"]
    await chat.send("/privacy")
    assert chat.labels == ["Delete everything", "Keep it and go back"]
