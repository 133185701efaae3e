"""My supervision, scripted: the guidance for where the person lives with its source; their
own conditions kept only when they ask; an appointment becoming reminders in their own
time zone at the times they chose; and times that cannot be read or have passed re-asked."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.conversations import Conversations
from bot.db.store import Store
from bot.reminders.service import reminder_t
from flows.engine import Engine
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
        ("Somewhere else", "Your own papers say exactly", "general information"),
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
    assert "call your probation officer (or the office) before it" in person.text


async def test_own_conditions_are_kept_only_when_asked(person: Chat, store: Store):
    await start(person)
    await person.tap("My own conditions")
    await person.send("Curfew 7pm to 7am. No contact with J.")
    await person.tap("Don't keep them")
    loaded = await store.load(person.telegram_id, "en")
    assert not {"conditions_draft", "my_conditions"} & set(loaded.conversation.answers)
    await person.tap("My own conditions")
    await person.send("Curfew 7pm to 7am. No contact with J.")
    await person.tap("Keep them for me")
    await person.tap("My own conditions")
    assert "Curfew 7pm to 7am. No contact with J." in person.text
    await person.tap("Delete them")
    loaded = await store.load(person.telegram_id, "en")
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
    loaded = await store.load(person.telegram_id, "en")
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
