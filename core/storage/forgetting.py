"""/forget: every row about a person goes, found from the schema itself; then, on
SQLite, the write-ahead log is emptied so that their words leave the files too.

On PostgreSQL Onward does nothing beyond the DELETE, and leaves the space to autovacuum.
Nothing more would make the promise SQLite's secure_delete and checkpoint make: a
deleted row stays in its page as a dead version until vacuumed, and VACUUM marks that
space free without overwriting it (only VACUUM FULL rewrites a table, locking it against
every turn meanwhile); the words are in the server's WAL segments too, and in any
replica, WAL archive or backup, none of which Onward can reach. A VACUUM after each
/forget would cost every worker on a busy service and still leave those copies. So on
PostgreSQL the promise is: the words are in no row of any table the moment the turn
commits (tests/core/test_forget_leaves_nothing.py checks every column of every table);
that they leave the disks is the host's part (encrypted storage, and WAL archives and
backups kept for a bounded time), as the README says.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from core.casework.schema import caseworker_t, link_t, reminder_t
from core.people import Someone
from core.storage.chats import chat_id_of
from core.storage.models import PERSON_KEY
from core.storage.tables import outbox_t, person_t

log = logging.getLogger(__name__)

# After /forget, SQLite's WAL still holds the pages as they were before: they are copied
# back and the WAL emptied, waiting only briefly for readers each time (this holds up the
# writers), and trying again, less and less often, until it succeeds.
CHECKPOINT_WAIT_MS = 100
CHECKPOINT_FIRST_PAUSE = 0.2
CHECKPOINT_LONGEST_PAUSE = 60.0
QUOTED_REASON = 200
"""Listings quote at most the first 200 characters of a reason."""


@dataclass(frozen=True)
class PersonLink:
    """A column that says whose a row is: by `person.id`, or by their chat id in the
    inbox and outbox (core/storage/chats.py)."""

    table: Table
    column: str
    by_chat: bool


def tables_about_a_person() -> list[PersonLink]:
    """Every column that ties a row to a person, found from the metadata itself, so a
    table added later is covered by /forget without anyone remembering to list it."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column is person_t.c.id for fk in column.foreign_keys):
                found.append(PersonLink(table, column.name, by_chat=False))
            elif column.info.get(PERSON_KEY):
                found.append(PersonLink(table, column.name, by_chat=True))
    return found


async def forget(conn: AsyncConnection, person_id: int, someone: Someone) -> None:
    """Delete every row about the person, in the caller's transaction."""
    await _forget_reasons_passed_on(conn, person_id)
    chat = chat_id_of(someone)  # None: their channel keeps nothing in the queues
    for link in tables_about_a_person():
        key = chat if link.by_chat else person_id
        if key is not None:
            await conn.execute(delete(link.table).where(link.table.c[link.column] == key))
    await conn.execute(delete(person_t).where(person_t.c.id == person_id))


async def _forget_reasons_passed_on(conn: AsyncConnection, person_id: int) -> None:
    """A client's reason for missing an appointment waits in their case worker's chat
    until sent: it is the client's words, so it goes with them, sent or not."""
    rows = await conn.execute(
        select(reminder_t.c.reason, person_t.c.channel, person_t.c.address)
        .join(link_t, link_t.c.id == reminder_t.c.link_id)
        .join(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
        .join(person_t, person_t.c.id == caseworker_t.c.person_id)
        .where(reminder_t.c.person_id == person_id, reminder_t.c.reason.is_not(None))
    )
    reasons: dict[int, set[str]] = {}
    for row in rows:
        chat = chat_id_of(Someone.of(row))
        if chat is not None:
            reasons.setdefault(chat, set()).add(str(row.reason)[:QUOTED_REASON])
    if not reasons:
        return
    waiting = await conn.execute(
        select(outbox_t.c.id, outbox_t.c.chat_id, outbox_t.c.params).where(
            outbox_t.c.chat_id.in_(list(reasons))
        )
    )
    carrying = [
        row.id
        for row in waiting
        if any(r in str(row.params.get("text", "")) for r in reasons[int(row.chat_id)])
    ]
    if carrying:
        await conn.execute(delete(outbox_t).where(outbox_t.c.id.in_(carrying)))


class WalTidier:
    """Empties SQLite's WAL after /forget, in the background, until it has succeeded.

    The forgotten rows are gone and, with secure_delete, zeroed in the pages; but the WAL
    still holds those pages as they were, until a checkpoint copies it back and
    truncates it. `writer` is the store's: a checkpoint takes its turn among writes.
    """

    def __init__(self, engine: AsyncEngine, writer: AbstractAsyncContextManager[Any]) -> None:
        self.engine, self.writer = engine, writer
        self.tidying: asyncio.Task[None] | None = None
        self._forgotten = False

    def forgotten(self) -> None:
        """Call once a transaction that forgot someone has committed."""
        if self.engine.dialect.name != "sqlite":
            return
        self._forgotten = True
        if self.tidying is None:
            self.tidying = asyncio.create_task(self._tidy())

    async def _tidy(self) -> None:
        pause = CHECKPOINT_FIRST_PAUSE
        try:
            while self._forgotten:
                self._forgotten = False
                try:
                    if await self.checkpoint():
                        continue
                except Exception:  # a database that failed us: tried again like a busy one
                    log.exception("checkpoint after /forget failed")
                self._forgotten = True
                if pause >= CHECKPOINT_LONGEST_PAUSE:
                    log.warning("the WAL could not be emptied after /forget; trying again")
                await asyncio.sleep(pause)
                pause = min(pause * 2, CHECKPOINT_LONGEST_PAUSE)
        finally:
            self.tidying = None

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it; False if a reader (another
        process, or a directory search) kept it from finishing."""
        async with self.writer, self.engine.connect() as conn:
            waited = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
            await conn.exec_driver_sql(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
            try:
                busy = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).first()
            finally:
                await conn.exec_driver_sql(f"PRAGMA busy_timeout={int(waited)}")
        return busy is not None and busy[0] == 0

    async def close(self) -> None:
        """Stop tidying; one last try, as the WAL must not keep what someone forgot."""
        if self.tidying is not None:
            self.tidying.cancel()
            self.tidying = None
            await self.checkpoint()
