"""The tables as declared: what the migrations build is what the models say, every row
about a person goes when they do, and the ids people type are never reused."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from core.storage.engine import alembic_config
from core.storage.models import PERSON_KEY, as_utc
from tests.helpers.databases import sync_engine

AT = "2026-03-20 09:00:00"


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
    engine = sync_engine(database_url)
    try:
        with engine.connect() as db:
            found = inspect(db)
            on_delete = {
                (table, key["constrained_columns"][0]): key["options"].get("ondelete")
                for table in found.get_table_names()
                for key in found.get_foreign_keys(table)
                if key["referred_table"] == "person"
            }
    finally:
        engine.dispose()
    assert set(on_delete) == declared
    assert {str(action).upper() for action in on_delete.values()} == {"CASCADE"}


def test_only_the_queues_hold_a_chat_id_instead_of_a_person():
    marked = {
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if column.info.get(PERSON_KEY)
    }
    assert marked == {"inbox.chat_id", "outbox.chat_id"}


def test_a_reminder_or_outbox_id_is_never_given_again(database_url: str):
    """A case worker types reminder ids (/drop 12); a sent message is known by its id."""
    reminder = (
        "INSERT INTO reminder (person_id, kind, event_local, zone, event_at, lead_minutes, "
        f"leads, due_at, state, attempts, created_at) VALUES (1, 'self', '2026-03-25T10:00', "
        f"'UTC', '{AT}', 120, '120', '{AT}', 'scheduled', 0, '{AT}') RETURNING id"
    )
    message = (
        "INSERT INTO outbox (chat_id, method, params, created_at) "
        f"VALUES (5101, 'sendMessage', '{{}}', '{AT}') RETURNING id"
    )
    engine = sync_engine(database_url)
    try:
        with engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO person (id, channel, address, locale, first_seen, last_seen) "
                    f"VALUES (1, 'telegram', '5101', 'en', '{AT}', '{AT}')"
                )
            )
            for table, insert in (("reminder", reminder), ("outbox", message)):
                first = db.execute(text(insert)).scalar_one()
                db.execute(text(f"DELETE FROM {table}"))
                assert db.execute(text(insert)).scalar_one() == first + 1, table
    finally:
        engine.dispose()
