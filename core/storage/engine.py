"""Connecting to the database, and migrating it with Alembic."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers and the writer work at once; foreign keys make cascades real.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows and freed pages are overwritten with zeros, not just unlinked: after
    # /forget (and a checkpoint, see Store.after_forget) the person's words are gone from
    # the file, not merely unreachable.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def create_engine(url: str) -> AsyncEngine:
    # Each turn commits, and closing a connection mid-transaction rolls it back, so the
    # pool's own rollback on every return is a wasted round trip to the driver thread.
    # Parameters hold what people typed: never in an error message or a log line.
    engine = create_async_engine(url, pool_reset_on_return=None, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        # The driver logs every statement with its parameters at DEBUG.
        logging.getLogger("aiosqlite").setLevel(logging.INFO)
    return engine


def sync_url(url: str) -> URL:
    """Alembic runs synchronously: the same database through its synchronous driver."""
    parsed = make_url(url)
    driver = {"sqlite+aiosqlite": "sqlite", "postgresql+asyncpg": "postgresql+psycopg"}
    return parsed.set(drivername=driver.get(parsed.drivername, parsed.drivername))


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sync_url(url).render_as_string(hide_password=False))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
