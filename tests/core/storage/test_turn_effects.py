"""What a turn writes beyond moving a conversation on: a newcomer's first save, a profile
changed, consent given, a report, the person's own appointment reminders, /forget; and
"last seen" written only when it has grown stale."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from sqlalchemy import select

from core.casework.schema import reminder_t
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from core.storage.tables import consent_t, conversation_t, person_t, report_t, usage_t
from core.storage.turn_effects import LAST_SEEN_GRAIN, Loaded, Save, stale, write_one
from flows.conversation import Conversation, Profile
from flows.replies import (
    Count,
    Effect,
    Forget,
    GiveConsent,
    RemindMe,
    ReportProblem,
    SetProfile,
)

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
SOMEONE = Someone(TELEGRAM, "5101")
SERVICE = "5273633c-3f36-58d9-ac76-9cb0d779f234"


def test_last_seen_is_written_again_only_once_an_hour_has_passed():
    assert stale(None, NOW)
    assert not stale(NOW - LAST_SEEN_GRAIN + dt.timedelta(seconds=1), NOW)
    assert stale(NOW - LAST_SEEN_GRAIN, NOW)


def test_only_someone_known_moving_on_with_nothing_else_is_the_usual_turn():
    known = Loaded(7, Profile(locale="en"), Conversation())
    stranger = Loaded(None, Profile(locale="en"), Conversation())
    assert Save(SOMEONE, known, Conversation("menu"), []).usual
    assert not Save(SOMEONE, known, Conversation("menu"), [GiveConsent("privacy", 1)]).usual
    assert not Save(SOMEONE, stranger, Conversation("menu"), []).usual


async def turn(
    store: Store, effects: list[Effect], state: str = "menu", now: dt.datetime = NOW
) -> Loaded:
    """One turn of SOMEONE's written with these effects; returns what the next load reads."""
    loaded = await store.load(SOMEONE, "fr")
    async with store.transaction() as conn:
        await write_one(conn, Save(SOMEONE, loaded, Conversation(state), effects), now)
    return await store.load(SOMEONE, "fr")


async def rows(store: Store, query: Any) -> list[dict[str, Any]]:
    async with store.transaction() as conn:
        return [dict(r._mapping) for r in await conn.execute(query)]


async def test_a_newcomer_is_stored_in_their_language_with_what_the_turn_set(store: Store):
    after = await turn(store, [SetProfile("region", "england"), GiveConsent("privacy", 2)])
    assert after.person_id is not None
    assert (after.profile.locale, after.profile.region, after.profile.role) == (
        "fr",
        "england",
        None,
    )
    assert after.profile.consented_at == NOW
    assert after.conversation.state == "menu"
    (consent,) = await rows(store, select(consent_t))
    assert (consent["person_id"], consent["kind"], consent["version"]) == (
        after.person_id,
        "privacy",
        2,
    )


async def test_someone_known_has_their_profile_and_conversation_changed(store: Store):
    first = await turn(store, [SetProfile("region", "england")], "welcome")
    later = NOW + dt.timedelta(minutes=5)
    after = await turn(
        store, [SetProfile("locale", "ar"), SetProfile("region", None)], "menu", later
    )
    assert after.person_id == first.person_id
    assert (after.profile.locale, after.profile.region) == ("ar", None)
    assert after.conversation.state == "menu"
    (conversation,) = await rows(store, select(conversation_t))
    assert conversation["updated_at"].replace(tzinfo=dt.UTC) == later
    assert after.profile.last_seen == later  # a profile change writes the person's row


async def test_last_seen_waits_for_the_grain_on_a_turn_that_changes_nothing_else(store: Store):
    await turn(store, [])
    soon = await turn(store, [GiveConsent("privacy", 1)], now=NOW + dt.timedelta(minutes=59))
    assert soon.profile.last_seen == NOW
    later = await turn(store, [GiveConsent("privacy", 1)], now=NOW + LAST_SEEN_GRAIN)
    assert later.profile.last_seen == NOW + LAST_SEEN_GRAIN


async def test_a_report_is_kept_with_its_note(store: Store):
    after = await turn(store, [ReportProblem(SERVICE, "closed", "The door was shut")])
    (report,) = await rows(store, select(report_t))
    assert report["person_id"] == after.person_id
    assert (report["service_id"], report["problem"], report["note"]) == (
        SERVICE,
        "closed",
        "The door was shut",
    )
    assert report["handled_at"] is None


async def test_an_own_appointment_gets_one_reminder_per_lead_and_tells_nobody(store: Store):
    remind = RemindMe("Probation", "2026-03-25T14:30", "Europe/London", (24 * 60, 120))
    after = await turn(store, [remind])
    found = await rows(store, select(reminder_t).order_by(reminder_t.c.due_at))
    assert [(r["person_id"], r["link_id"], r["kind"], r["words"]) for r in found] == [
        (after.person_id, None, "self", "Probation")
    ] * 2
    assert [r["due_at"].replace(tzinfo=dt.UTC) for r in found] == [
        dt.datetime(2026, 3, 24, 14, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 25, 12, 30, tzinfo=dt.UTC),
    ]


async def saved(store: Store, saves: list[Save], now: dt.datetime = NOW) -> None:
    async with store.transaction() as conn:
        await store.save_many(conn, saves, now=now)


async def test_counts_are_written_with_the_turns_and_add_up(store: Store):
    housing, food = Count("topic", "housing"), Count("no_result", "food", "Leeds, GB-EAW")
    await turn(store, [])
    known = await store.load(SOMEONE, "fr")
    other = Someone(TELEGRAM, "5102")
    stranger = await store.load(other, "en")
    # Counts alone leave a turn the usual one, written with the others in one statement.
    assert Save(SOMEONE, known, Conversation("menu"), [housing]).usual
    await saved(store, [Save(SOMEONE, known, Conversation("menu"), [housing])])
    later = NOW + dt.timedelta(days=2)  # Friday, then Sunday: the same week
    await saved(
        store,
        [
            Save(SOMEONE, known, Conversation("menu"), [housing, food]),
            Save(other, stranger, Conversation("menu"), [housing]),
        ],
        later,
    )
    found = await rows(store, select(usage_t).order_by(usage_t.c.kind))
    assert [(r["kind"], r["topic"], r["place"], r["count"]) for r in found] == [
        ("no_result", "food", "Leeds, GB-EAW", 1),
        ("topic", "housing", "", 3),
    ]
    assert {str(r["week"]) for r in found} == {"2026-03-16"}
    assert (await store.load(other, "en")).conversation.state == "menu"


async def test_a_turn_that_forgets_counts_nothing(store: Store):
    await turn(store, [])
    known = await store.load(SOMEONE, "fr")
    await saved(store, [Save(SOMEONE, known, Conversation(), [Count("topic", "work"), Forget()])])
    assert await rows(store, select(usage_t)) == []
    assert await rows(store, select(person_t)) == []


@pytest.mark.parametrize("local", ["2026-02-30T10:00", "9999-12-31T23:30", "2040-01-01T10:00"])
async def test_an_appointment_out_of_reach_schedules_nothing_but_the_turn_is_saved(
    store: Store, local: str, caplog: pytest.LogCaptureFixture
):
    after = await turn(store, [RemindMe("Court", local, "Asia/Tokyo", (120,))], "done")
    assert after.conversation.state == "done"
    assert await rows(store, select(reminder_t)) == []
    assert "out of reach" in caplog.text
    assert "Court" not in caplog.text
    assert all(r.levelno == logging.WARNING for r in caplog.records)


async def test_forget_deletes_the_person_and_a_stranger_forgetting_leaves_nothing(
    store: Store,
):
    await turn(store, [GiveConsent("privacy", 1), ReportProblem(SERVICE, "closed")])
    after = await turn(store, [Forget(), SetProfile("region", "england")])
    assert after.person_id is None
    for table in (person_t, conversation_t, consent_t, report_t):
        assert await rows(store, select(table)) == [], table.name
    assert (await turn(store, [Forget()])).person_id is None
    assert await rows(store, select(person_t)) == []
