"""The operator's counts, end to end on the suite's database (SQLite, or PostgreSQL with
ONWARD_TEST_DATABASE=postgresql): people reach topics and search through the real
engine and store; reminders are sent and answered; the report shows no small number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from core.app import all_actions, build_engine
from core.casework import answers
from core.casework.schema import reminder_t
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from core.storage.tables import conversation_t, person_t, usage_t
from core.usage import FEWER_THAN, WITHHELD, Row, Shown, count, total_of, usage_report
from directory.formats import read_json
from directory.reader import DatabaseDirectory
from directory.store import DirectoryStore
from flows.engine import Engine
from flows.usage import NO_RESULT, REMINDER_ANSWERED, REMINDER_SENT, TOPIC
from tests.conftest import Chat, onboard
from tests.core.test_reminder_receipts import one_due, until_sent
from tests.helpers import sample_directory as sample
from tests.helpers.world import Clock, World

THURSDAY = dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC)
THIS_WEEK, NEXT_WEEK = dt.date(2026, 11, 16), dt.date(2026, 11, 23)

Counts = dict[tuple[dt.date, str, str, str], int]


async def counts(store: Store) -> Counts:
    async with store.engine.connect() as conn:
        rows = await conn.execute(select(usage_t))
        return {
            (dt.date.fromisoformat(str(r.week)), r.kind, r.topic, r.place): r.count for r in rows
        }


def chat_on(engine: Engine, store: Store, clock: Clock) -> Chat:
    return Chat(Conversations(engine, store, clock=clock))


async def again(chat: Chat, label: str) -> None:
    await chat.send("/menu")
    await chat.tap(label)


async def test_a_topic_twice_in_a_week_counts_once_and_in_two_weeks_twice(
    engine: Engine, store: Store
):
    clock = Clock(THURSDAY)
    chat = chat_on(engine, store, clock)
    await onboard(chat)
    await chat.tap("Housing")
    clock.now += dt.timedelta(days=3)  # Sunday: the same week
    await again(chat, "Housing")
    await again(chat, "Settings")  # not help: never counted
    assert await counts(store) == {(THIS_WEEK, TOPIC, "housing", ""): 1}
    clock.now += dt.timedelta(days=1)  # Monday: the next
    await again(chat, "Housing")
    await again(chat, "Housing")
    assert await counts(store) == {
        (THIS_WEEK, TOPIC, "housing", ""): 1,
        (NEXT_WEEK, TOPIC, "housing", ""): 1,
    }


async def test_two_people_in_one_week_count_two(engine: Engine, store: Store):
    clock = Clock(THURSDAY)
    for address in ("2001", "2002"):
        chat = chat_on(engine, store, clock)
        chat.someone = Someone(TELEGRAM, address)
        await onboard(chat)
        await chat.tap("Work and training")
    assert await counts(store) == {(THIS_WEEK, TOPIC, "work", ""): 2}


async def search_for_a_phone(store: Store, tmp_path: Path, clock: Clock) -> Chat:
    """Someone looking for phone and internet help near Manchester: the sample directory
    has none."""
    await DirectoryStore(store.engine).import_dataset(read_json(sample.write(tmp_path)))
    engine = build_engine(actions=all_actions(DatabaseDirectory(store.engine)))
    chat = chat_on(engine, store, clock)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Phone and internet")
    await chat.tap("Any time")
    await chat.send("Manchester")
    assert "I could not find phone and internet near Manchester" in chat.text
    return chat


async def test_a_search_that_finds_nothing_counts_by_need_and_place(store: Store, tmp_path: Path):
    chat = await search_for_a_phone(store, tmp_path, Clock(THURSDAY))
    await chat.tap("Another place")
    await chat.send("M1 1AE")  # a postcode in the same town
    assert await counts(store) == {
        (THIS_WEEK, TOPIC, "find_help", ""): 1,
        (THIS_WEEK, NO_RESULT, "phone_internet", "Manchester, GB-EAW"): 2,
    }


async def test_forget_leaves_the_counts_and_no_trace_of_the_person(store: Store, tmp_path: Path):
    clock = Clock(THURSDAY)
    chat = await search_for_a_phone(store, tmp_path, clock)
    before = await counts(store)
    await chat.send("/forget")
    await chat.tap("Yes, delete everything")
    assert await counts(store) == before
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(person_t))).scalar() == 0
        assert (await conn.execute(select(func.count()).select_from(conversation_t))).scalar() == 0
    # The week's mark went with them: back the same week, they count again.
    await onboard(chat)
    await chat.tap("Find help near me")
    assert (await counts(store))[(THIS_WEEK, TOPIC, "find_help", "")] == 2
    # Nothing in a count names them: their address, the place typed as typed, a point.
    words = {str(v) for key in await counts(store) for v in key[1:]}
    assert not any(chat.someone.address in w or "53.4" in w or "M1" in w for w in words)


async def test_reminders_sent_and_answered_are_counted_once(world: World):
    await one_due(world)
    await until_sent(world)
    async with world.store.transaction() as conn:
        reminder_id, person_id = (
            await conn.execute(select(reminder_t.c.id, reminder_t.c.person_id))
        ).one()
        assert await answers.answer(conn, reminder_id, person_id, "no", world.clock.now)
        assert await answers.answer(conn, reminder_id, person_id, "yes", world.clock.now) is None
    week = dt.date(2026, 3, 16)
    assert await counts(world.store) == {
        (week, REMINDER_SENT, "", ""): 1,
        (week, REMINDER_ANSWERED, "no", ""): 1,
    }


def test_a_small_count_has_no_number_to_read():
    assert Shown.of(4) == Shown(FEWER_THAN, None)
    assert Shown.of(0).text == "fewer than 5"
    assert Shown.of(0).small
    assert Shown.of(5) == Shown("5", 5)
    assert total_of([5, 9]) == Shown("14", 14)
    assert total_of([5, 9, 1]) == Shown(WITHHELD, None)  # 15 less 14 would give the 1


async def add(store: Store, kind: str, topic: str, place: str, times: int, day: dt.date) -> None:
    now = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    async with store.transaction() as conn:
        for _ in range(times):
            await count(conn, kind, topic, place, now)


async def test_the_report_shows_fewer_than_5_and_withholds_totals_that_would_tell(store: Store):
    for kind, topic, place, times, day in [
        (TOPIC, "housing", "", 7, THIS_WEEK),
        (TOPIC, "money", "", 2, THIS_WEEK),
        (TOPIC, "work", "", 6, NEXT_WEEK),
        (TOPIC, "family", "", 9, dt.date(2026, 10, 5)),  # before the report's span
        (NO_RESULT, "food", "Leeds, GB-EAW", 5, NEXT_WEEK),
        (NO_RESULT, "food", "Hull, GB-EAW", 8, NEXT_WEEK),
        (NO_RESULT, "legal", "anywhere", 1, NEXT_WEEK),
        (REMINDER_SENT, "", "", 12, NEXT_WEEK),
        (REMINDER_ANSWERED, "yes", "", 6, NEXT_WEEK),
        (REMINDER_ANSWERED, "later", "", 5, NEXT_WEEK),
        (REMINDER_ANSWERED, "no", "", 5, NEXT_WEEK),
    ]:
        await add(store, kind, topic, place, times, day)
    report = await usage_report(store.engine, weeks=3, today=dt.date(2026, 11, 25))
    assert [w.week for w in report.weeks] == [NEXT_WEEK, THIS_WEEK, dt.date(2026, 11, 9)]
    latest, before, empty = report.weeks
    # Every topic of the span in every week, so an absent one does not tell 0 from 1.
    assert before.topics == [
        Row("housing", "", Shown("7", 7)),
        Row("money", "", Shown(FEWER_THAN, None)),
        Row("work", "", Shown(FEWER_THAN, None)),
    ]
    assert before.topics_total == Shown(WITHHELD, None)
    assert latest.topics[0] == Row("work", "", Shown("6", 6))
    assert latest.missing == [
        Row("food", "Hull, GB-EAW", Shown("8", 8)),
        Row("food", "Leeds, GB-EAW", Shown("5", 5)),
        Row("legal", "anywhere", Shown(FEWER_THAN, None)),
    ]
    assert latest.missing_total == Shown(WITHHELD, None)
    assert latest.reminders_sent == Shown("12", 12)
    assert [(r.key, r.count.text) for r in latest.answers] == [
        ("yes", "6"),
        ("later", "5"),
        ("no", "5"),
    ]
    assert latest.answered_total == Shown("16", 16)
    assert before.reminders_sent.small
    assert before.answered_total == Shown(WITHHELD, None)
    assert all(row.count.small for row in empty.topics)
    assert empty.missing == []


async def test_small_counts_are_listed_by_name_not_by_size(store: Store):
    await add(store, TOPIC, "work", "", 4, THIS_WEEK)
    await add(store, TOPIC, "family", "", 1, THIS_WEEK)
    await add(store, TOPIC, "money", "", 3, THIS_WEEK)
    report = await usage_report(store.engine, weeks=1, today=THIS_WEEK)
    assert [row.key for row in report.weeks[0].topics] == ["family", "money", "work"]
