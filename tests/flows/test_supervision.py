"""My supervision, scripted: the guidance for where the person lives with its source; their
own conditions kept only when they ask; an appointment becoming reminders in their own
time zone at the times they chose; and times that cannot be read or have passed re-asked."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select

from core.casework.schema import reminder_t
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from flows.actions import ActionContext
from flows.conversation import Profile
from flows.engine import Engine
from flows.i18n import Catalogs
from flows.replies import RemindMe, SetProfile
from flows.supervision import add_appointment
from tests.conftest import NOW, Chat, onboard


@pytest.fixture
def person(engine: Engine, store: Store) -> Chat:
    return Chat(Conversations(engine, store, clock=lambda: NOW))


async def start(chat: Chat, region: str = "England or Wales") -> None:
    await onboard(chat, region=region)
    await chat.tap("My supervision")


@pytest.mark.parametrize(
    ("region", "says", "source"),
    [
        ("England or Wales", "not leave the UK without their permission", "uksi/2015/337"),
        (
            "Michigan, USA",
            "do not leave Michigan without written permission",
            "michigan.gov/corrections",
        ),
        ("Somewhere else", "Your own papers say exactly", "General information"),
    ],
)
async def test_common_conditions_for_where_they_live(
    person: Chat, region: str, says: str, source: str
):
    await start(person, region)
    await person.tap("Common conditions, in plain words")
    assert says in person.text
    assert source in person.text
    assert "Last reviewed: November 23, 2026" in person.text


async def test_what_to_do_before_missing_an_appointment(person: Chat):
    await start(person)
    await person.tap("I might miss an appointment")
    assert "Call your probation officer, or the office, before it" in person.text


async def test_own_conditions_are_kept_only_when_asked(person: Chat, store: Store):
    await start(person)
    await person.tap("My own conditions")
    await person.send("Curfew 7pm to 7am. No contact with J.")
    await person.tap("Don't keep them")
    loaded = await store.load(person.someone, "en")
    assert not {"conditions_draft", "my_conditions"} & set(loaded.conversation.answers)
    await person.tap("My own conditions")
    await person.send("Curfew 7pm to 7am. No contact with J.")
    await person.tap("Keep them for me")
    await person.tap("My own conditions")
    assert "Curfew 7pm to 7am. No contact with J." in person.text
    await person.tap("Delete them")
    loaded = await store.load(person.someone, "en")
    assert "my_conditions" not in loaded.conversation.answers


async def test_an_appointment_becomes_reminders_in_their_zone(person: Chat, store: Store):
    await start(person)
    await person.tap("Remind me of an appointment")
    await person.send("Probation, 12 Oak Street")
    await person.send("2026-11-30")
    await person.send("9.30")
    replies = await person.tap("Only 2 hours before")
    (file,) = [r.attachment for r in replies if r.attachment is not None]
    event = Calendar.from_ical(file.content).walk("VEVENT")[0]
    assert file.filename == "appointment.ics"
    assert str(event["SUMMARY"]) == "Probation, 12 Oak Street"
    assert event["DTSTART"].dt == dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
    assert [a["TRIGGER"].dt for a in event.walk("VALARM")] == [-dt.timedelta(hours=2)]
    assert (
        "Done. I will remind you about Probation, 12 Oak Street on Monday, November 30, 2026, 9:30\u202fAM."
        in person.text
    )
    async with store.transaction() as conn:
        rows = (await conn.execute(select(reminder_t))).all()
    assert [(r.kind, r.words, r.zone, r.lead_minutes) for r in rows] == [
        ("self", "Probation, 12 Oak Street", "Europe/London", 120)
    ]
    assert rows[0].due_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 11, 30, 7, 30, tzinfo=dt.UTC)
    loaded = await store.load(person.someone, "en")
    assert not {"appt_what", "appt_date", "appt_time"} & set(loaded.conversation.answers)


async def test_a_time_that_cannot_be_read_or_has_passed_is_asked_again(person: Chat):
    await start(person)
    await person.tap("Remind me of an appointment")
    await person.send("Court")
    await person.send("2026-11-22")
    await person.send("half nine")
    await person.tap("The day before and 2 hours before")
    assert "I could not read that time." in person.text
    await person.send("10:00")
    await person.tap("The day before and 2 hours before")
    assert "That time has already passed." in person.text  # NOW is 12:00 that day


@pytest.mark.parametrize(
    ("region", "date", "says"),
    [
        ("England or Wales", "99999999999999999999-1-1", "Please type a date like this"),
        ("England or Wales", "1/1/" + "9" * 5000, "Please type a date like this"),
        ("Michigan, USA", "12/31/9999", "Please type a date like this"),
        ("Michigan, USA", "12/31/2099", "That is too far ahead."),
        ("England or Wales", "1/1/2032", "That is too far ahead."),
        ("England or Wales", "21/11/2026", "That date has already passed."),
    ],
)
async def test_an_appointment_date_out_of_reach_is_asked_again(
    person: Chat, store: Store, region: str, date: str, says: str
):
    """Huge or far-off years, and days gone, are asked again at the date; none of them
    ever reaches the reminder rows (year 10000 in UTC used to fail the whole turn)."""
    await start(person, region)
    await person.tap("Remind me of an appointment")
    await person.send("Court")
    await person.send(date)
    assert says in person.text
    await person.send("23:30")  # not a date: asked again, nothing stored
    assert "Please type a date like this" in person.text
    async with store.transaction() as conn:
        assert (await conn.execute(select(reminder_t))).all() == []


async def test_the_last_day_in_reach_is_accepted_and_scheduled(person: Chat, store: Store):
    await start(person, "Michigan, USA")
    await person.tap("Remind me of an appointment")
    await person.send("Court")
    await person.send("11/20/2031")
    await person.send("23:30")
    await person.tap("Only the day before")
    assert "Done. I will remind you about Court" in person.text
    async with store.transaction() as conn:
        (row,) = (await conn.execute(select(reminder_t))).all()
    assert row.zone == "America/Detroit"


async def test_a_time_typed_in_arabic_indic_digits_is_read(person: Chat):
    await start(person)
    await person.tap("Remind me of an appointment")
    await person.send("Court")
    await person.send("2026-11-30")
    await person.send("\u0661\u0660:\u0663\u0660")  # 10:30 in Arabic-Indic digits
    await person.tap("Only the day before")
    assert "Done. I will remind you about Court on Monday, November 30, 2026, 10:30" in person.text


async def test_an_answer_kept_from_before_the_date_check_cannot_overflow():
    """A conversation saved mid-question by an older Onward may hold a date the question
    now refuses: 23:30 on 31 December 9999 in Michigan is year 10000 in UTC."""
    context = ActionContext(
        answers={"appt_what": "Court", "appt_date": "9999-12-31", "appt_time": "23:30"},
        profile=Profile(locale="en", timezone="America/Detroit"),
        translator=Catalogs().translator("en"),
        now=NOW,
        crisis_topic=None,
        describe=lambda name, value: str(value),
    )
    result = await add_appointment(context)
    assert (result.value, result.effects) == ("bad_date", [])


async def test_a_reminder_out_of_reach_does_not_fail_the_turn(store: Store):
    """The edge schedules what the flow allowed; one that slipped through is dropped and
    the rest of the turn (the person's reply, their profile) is still saved."""
    someone = Someone(TELEGRAM, "4242")
    loaded = await store.load(someone, "en")
    far = RemindMe("Court", "9999-12-31T23:30", "America/Detroit", (120,))
    too_far = RemindMe("Court", "2040-01-01T10:00", "Europe/London", (120,))
    await store.save(
        someone,
        loaded,
        loaded.conversation,
        [SetProfile("region", "US-MI"), far, too_far],
        now=NOW,
    )
    assert (await store.load(someone, "en")).profile.region == "US-MI"
    async with store.transaction() as conn:
        assert (await conn.execute(select(reminder_t))).all() == []
