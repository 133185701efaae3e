"""Is the database fit to serve: it answers, and its schema is the one this version
migrates to. /readyz asks this (channels/telegram/webhook.py); the reasons it gives are
short and never carry an address, a password or an error's own words."""

from __future__ import annotations

import asyncio
import logging

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.engine import MIGRATIONS

log = logging.getLogger(__name__)
ANSWER_WITHIN = 3.0  # seconds
NOT_MIGRATED = "the database is not migrated: run onward db upgrade"
NO_ANSWER = "the database does not answer"


def heads() -> set[str]:
    """The revisions this version's migrations end at."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(config).get_heads())


class DatabaseHealth:
    def __init__(self, database: AsyncEngine) -> None:
        self.database = database
        self._heads: set[str] | None = None

    async def problem(self) -> str | None:
        """Why the database cannot serve now, in a few words; None when it can."""
        if self._heads is None:
            self._heads = await asyncio.to_thread(heads)
        try:
            found = await asyncio.wait_for(self._revisions(), ANSWER_WITHIN)
        except (ProgrammingError, OperationalError) as error:
            # No alembic_version table: never migrated (SQLite says so as an
            # OperationalError, PostgreSQL as a ProgrammingError). Anything else: down.
            return NOT_MIGRATED if _no_table(error) else NO_ANSWER
        except (DBAPIError, OSError, TimeoutError) as error:
            log.warning("database check failed", extra={"error": type(error).__name__})
            return NO_ANSWER
        if found != self._heads:
            return "the database's schema is not this version's: run onward db upgrade"
        return None

    async def _revisions(self) -> set[str]:
        async with self.database.connect() as conn:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            return {str(r[0]) for r in rows}


def _no_table(error: DBAPIError) -> bool:
    words = str(error.orig).lower()
    return "alembic_version" in words and ("no such table" in words or "does not exist" in words)
