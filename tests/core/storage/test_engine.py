"""Connecting to the database: every SQLite connection in WAL mode, with foreign keys
enforced and deleted bytes overwritten (on PostgreSQL, readers and a writer at once and
foreign keys as ever); nothing a person typed in an error or a log; and Alembic run
through the synchronous driver, to the newest revision."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.engine import alembic_config, create_engine, sync_url, upgrade
from tests.helpers.databases import Databases, only_postgresql, only_sqlite, sync_engine

MARKER = "Quorvelmarkq"
"""Words someone typed, to look for where they must not be."""


@pytest.fixture
async def database(database_url: str):
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def database_files(folder: Path) -> bytes:
    """The database, its WAL and its shared-memory file, as bytes."""
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("onward"))


async def pragma(engine: AsyncEngine, name: str) -> object:
    async with engine.connect() as conn:
        return (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar_one()


@only_sqlite
async def test_every_connection_is_in_wal_mode_with_foreign_keys_and_secure_delete(
    database: AsyncEngine,
):
    assert await pragma(database, "journal_mode") == "wal"
    assert await pragma(database, "foreign_keys") == 1
    assert await pragma(database, "secure_delete") == 1
    assert await pragma(database, "synchronous") == 1  # NORMAL: safe in WAL mode


PERSON = (
    "INSERT INTO person (channel, address, locale, first_seen, last_seen) "
    "VALUES ('telegram', :address, 'en', '2026-03-20', '2026-03-20')"
)


@only_sqlite
async def test_a_writer_commits_while_a_reader_is_reading(database: AsyncEngine):
    """What WAL is for: a directory search in progress holds up no turn's write, and
    reads what was there when it began."""
    async with database.connect() as reader:
        await reader.exec_driver_sql("BEGIN")
        assert (await reader.exec_driver_sql("SELECT count(*) FROM person")).scalar_one() == 0
        async with database.begin() as writer:
            await writer.execute(text(PERSON), {"address": "5101"})
        assert (await reader.exec_driver_sql("SELECT count(*) FROM person")).scalar_one() == 0
        await reader.rollback()
        assert (await reader.exec_driver_sql("SELECT count(*) FROM person")).scalar_one() == 1


@only_postgresql
async def test_a_writer_commits_while_a_reader_is_reading_on_postgresql(database: AsyncEngine):
    """PostgreSQL's own multiversioning does what WAL does for SQLite: a reader holding a
    snapshot holds up no writer, and keeps reading what was there when it began."""
    async with database.connect() as reader:
        await reader.execution_options(isolation_level="REPEATABLE READ")
        assert (await reader.exec_driver_sql("SELECT count(*) FROM person")).scalar_one() == 0
        async with database.begin() as writer:
            await writer.execute(text(PERSON), {"address": "5101"})
        assert (await reader.exec_driver_sql("SELECT count(*) FROM person")).scalar_one() == 0
        await reader.rollback()
        assert (await reader.exec_driver_sql("SELECT count(*) FROM person")).scalar_one() == 1


async def test_deleting_a_person_deletes_the_rows_that_point_at_them(database: AsyncEngine):
    async with database.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO person (id, channel, address, locale, first_seen, last_seen) "
                "VALUES (1, 'telegram', '5101', 'en', '2026-03-20', '2026-03-20')"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO conversation (person_id, data, updated_at) "
                "VALUES (1, '{}', '2026-03-20')"
            )
        )
        await conn.execute(text("DELETE FROM person WHERE id = 1"))
        left = await conn.execute(text("SELECT count(*) FROM conversation"))
        assert left.scalar_one() == 0
    with pytest.raises(IntegrityError):  # and a row cannot point at nobody
        async with database.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO conversation (person_id, data, updated_at) "
                    "VALUES (99, '{}', '2026-03-20')"
                )
            )


@only_sqlite  # on PostgreSQL: tests/core/test_forget_leaves_nothing.py, and forgetting.py
async def test_a_deleted_row_leaves_no_bytes_in_the_file(database: AsyncEngine, tmp_path: Path):
    async with database.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO deployment (bot_id, bot_username, api_host, first_seen, last_seen) "
                "VALUES (1, :name, 'h', '2026-03-20', '2026-03-20')"
            ),
            {"name": MARKER},
        )
    async with database.begin() as conn:
        await conn.execute(text("DELETE FROM deployment"))
    async with database.connect() as conn:  # the WAL copied back and emptied
        busy = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    assert busy[0] == 0
    assert MARKER.encode() not in database_files(tmp_path)


async def test_what_someone_typed_is_in_no_error_and_no_log_line(
    database: AsyncEngine, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # an operator logging SQL
    caplog.set_level(logging.DEBUG)  # the driver's own debug lines would quote it
    async with database.begin() as conn:
        await conn.execute(text(PERSON), {"address": MARKER})
    with pytest.raises(IntegrityError) as failed:  # the same person twice
        async with database.begin() as conn:
            await conn.execute(text(PERSON), {"address": MARKER})
    assert MARKER not in str(failed.value)
    assert "INSERT INTO person" in caplog.text  # the statement, without its values
    assert MARKER not in caplog.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:///data/onward.db", "sqlite:///data/onward.db"),
        ("sqlite+aiosqlite://", "sqlite://"),
        (
            "postgresql+asyncpg://onward:s3cret@db:5432/onward",
            "postgresql+psycopg://onward:s3cret@db:5432/onward",
        ),
        ("postgresql+psycopg://u@db/onward", "postgresql+psycopg://u@db/onward"),
    ],
)
def test_alembic_reaches_the_same_database_through_a_synchronous_driver(url: str, expected: str):
    assert sync_url(url).render_as_string(hide_password=False) == expected
    config = alembic_config(url)
    assert config.get_main_option("sqlalchemy.url") == expected  # the password kept


def test_upgrade_brings_a_new_database_to_the_newest_revision(databases: Databases):
    url = databases.url("new")
    upgrade(url)
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = sync_engine(url)
    try:
        with engine.connect() as db:
            assert db.execute(text("SELECT version_num FROM alembic_version")).all() == [(head,)]
            tables = set(inspect(db).get_table_names())
    finally:
        engine.dispose()
    assert {"person", "conversation", "inbox", "outbox", "reminder"} <= tables
