"""core/metrics.py and core/health.py against a real database: the depths counted when
scraped, a turn counted and timed, and readiness with a reason when the database is not
migrated or does not answer."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from prometheus_client import REGISTRY
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from core import metrics
from core.casework.schema import SCHEDULED, person_t, reminder_t
from core.health import NO_ANSWER, NOT_MIGRATED, DatabaseHealth
from core.metrics import Depths
from core.outgoing import Outgoing
from core.storage.engine import MIGRATIONS, create_engine, upgrade
from core.storage.queues import Inbox, Outbox, Recorded
from core.storage.store import Store
from tests.helpers.postgres import CHOSEN as TEST_DATABASE

NOW = dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.UTC)


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def a_reminder(store: Store, due: dt.datetime, address: str) -> None:
    async with store.transaction() as conn:
        person = (
            await conn.execute(
                insert(person_t).returning(person_t.c.id),
                {"channel": "telegram", "address": address, "locale": "en",
                 "first_seen": NOW, "last_seen": NOW},
            )
        ).scalar_one()  # fmt: skip
        await conn.execute(
            insert(reminder_t),
            {"person_id": person, "kind": "self", "event_local": "2026-12-05T10:00:00",
             "zone": "Europe/London", "event_at": NOW + dt.timedelta(days=1),
             "lead_minutes": 60, "leads": "60", "due_at": due, "state": SCHEDULED,
             "created_at": NOW},
        )  # fmt: skip


async def test_the_depths_are_counted_in_the_database_when_scraped(store: Store):
    depths = Depths(store.engine, lambda: NOW, every=0)
    await Inbox(store).record([Recorded(1, 7, {"update_id": 1}), Recorded(2, 7, {})], NOW)
    await Inbox(store).handled(1, NOW)
    async with store.transaction() as conn:
        await Outbox.add(conn, 7, [Outgoing("sendMessage", {"chat_id": 7})] * 3, NOW)
    await a_reminder(store, NOW - dt.timedelta(minutes=1), "987654321987")
    await a_reminder(store, NOW + dt.timedelta(minutes=1), "987654321988")  # not due yet
    text = (await depths.exposition()).decode()
    assert "onward_inbox_depth 1.0" in text
    assert "onward_outbox_depth 3.0" in text
    assert "onward_reminders_due 1.0" in text
    assert "987654321987" not in text  # no chat or address: too long for a float here


async def test_the_depths_are_read_at_most_every_few_seconds(store: Store):
    depths = Depths(store.engine, lambda: NOW, every=3600)
    await depths.refresh()
    await Inbox(store).record([Recorded(5, 7, {})], NOW)
    await depths.refresh()  # within the interval: the database is not asked again
    assert value("onward_inbox_depth") == 0
    depths.every = 0
    await depths.refresh()
    assert value("onward_inbox_depth") == 1


async def test_a_turn_is_counted_and_timed_and_a_failed_one_counted_apart():
    answered = value("onward_turns_total", outcome="answered")
    failed = value("onward_turns_total", outcome="failed")
    timed = value("onward_turn_seconds_count")
    with metrics.timed_turn():
        pass
    with pytest.raises(RuntimeError), metrics.timed_turn():
        raise RuntimeError
    assert value("onward_turns_total", outcome="answered") == answered + 1
    assert value("onward_turns_total", outcome="failed") == failed + 1
    assert value("onward_turn_seconds_count") == timed + 1


async def test_a_migrated_database_is_ready(database_url: str):
    database = create_engine(database_url)
    try:
        assert await DatabaseHealth(database).problem() is None
    finally:
        await database.dispose()


async def test_a_database_not_migrated_is_not_ready(
    tmp_path: Path, request: pytest.FixtureRequest
):
    if TEST_DATABASE == "postgresql":
        url = str(request.getfixturevalue("empty_postgres_url"))
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    database = create_engine(url)
    try:
        assert await DatabaseHealth(database).problem() == NOT_MIGRATED
    finally:
        await database.dispose()


async def test_a_database_at_another_schema_is_not_ready(
    tmp_path: Path, request: pytest.FixtureRequest
):
    if TEST_DATABASE == "postgresql":
        url = str(request.getfixturevalue("empty_postgres_url"))
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    first = ScriptDirectory.from_config(config).get_bases()[0]
    await asyncio.to_thread(upgrade, url, first)
    database = create_engine(url)
    try:
        problem = await DatabaseHealth(database).problem()
    finally:
        await database.dispose()
    assert problem == "the database's schema is not this version's: run onward db upgrade"


async def test_a_database_that_does_not_answer_is_not_ready(database_url: str, tmp_path: Path):
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        url = url.set(database=str(tmp_path / "no such folder" / "onward.db"))
    else:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            url = url.set(host="127.0.0.1", port=probe.getsockname()[1])  # nobody there
    database = create_engine(url.render_as_string(hide_password=False))
    try:
        problem = await DatabaseHealth(database).problem()
    finally:
        await database.dispose()
    assert problem == NO_ANSWER
    assert str(tmp_path) not in problem
