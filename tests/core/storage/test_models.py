"""The tables as declared: what the migrations build is what the models say, every row
about a person goes when they do, and the ids people type are never reused."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlmodel import SQLModel

from core.storage.engine import alembic_config
from core.storage.models import PERSON_KEY, as_utc

AT = "2026-03-20 09:00:00"


def migrated(database_url: str) -> sqlite3.Connection:
    return sqlite3.connect(database_url.removeprefix("sqlite+aiosqlite:///"))


def test_migrations_from_empty_to_head_match_the_models(database_url: str):
    command.check(alembic_config(database_url))  # raises when a model differs from head


def test_a_time_sqlite_hands_back_without_its_zone_is_utc():
    naive = dt.datetime(2026, 3, 20, 9, 0)
    assert as_utc(naive) == dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
    paris = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert as_utc(paris) is paris  # a zone it has is kept


def test_every_link_to_a_person_in_the_database_deletes_with_them(database_url: str):
    declared = {
        (table.name, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if any(fk.column.table.name == "person" for fk in column.foreign_keys)
    }
    with closing(migrated(database_url)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        on_delete = {
            (table, row[3]): row[6]  # the column, and what deleting the person does to it
            for table in tables
            for row in db.execute(f"PRAGMA foreign_key_list('{table}')")
            if row[2] == "person"
        }
    assert set(on_delete) == declared
    assert set(on_delete.values()) == {"CASCADE"}


def test_only_the_queues_hold_a_chat_id_instead_of_a_person():
    marked = {
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if column.info.get(PERSON_KEY)
    }
    assert marked == {"inbox.chat_id", "outbox.chat_id"}


def test_a_reminder_or_outbox_id_is_never_given_again(database_url: str, tmp_path: Path):
    """A case worker types reminder ids (/drop 12); a sent message is known by its id."""
    with closing(migrated(database_url)) as db:
        db.execute(
            "INSERT INTO person (id, channel, address, locale, first_seen, last_seen) "
            f"VALUES (1, 'telegram', '5101', 'en', '{AT}', '{AT}')"
        )
        reminder = (
            "INSERT INTO reminder (person_id, kind, event_local, zone, event_at, lead_minutes, "
            f"leads, due_at, state, attempts, created_at) VALUES (1, 'self', '2026-03-25T10:00', "
            f"'UTC', '{AT}', 120, '120', '{AT}', 'scheduled', 0, '{AT}')"
        )
        message = (
            "INSERT INTO outbox (chat_id, method, params, created_at) "
            f"VALUES (5101, 'sendMessage', '{{}}', '{AT}')"
        )
        for table, insert in (("reminder", reminder), ("outbox", message)):
            first = db.execute(insert).lastrowid
            db.execute(f"DELETE FROM {table}")
            assert db.execute(insert).lastrowid == (first or 0) + 1, table
