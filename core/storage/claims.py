"""Which worker serves which chat, when several `onward run` share one database.

A chat's updates must be handled one at a time, in order, and each once. One process
does that with a worker per chat in memory. Several processes on one PostgreSQL
database do it with a lock per chat: a worker handles a chat's updates only while it
holds that chat's lock, reading them from the inbox after taking it.

The locks are PostgreSQL's session-level advisory locks, held on one connection the
worker keeps for them. Why these and not rows claimed with a lease: a worker killed
with -9 loses its connection, and the server frees its locks at once, so another
worker takes its chats up within a scan, not after a lease runs out; and taking or
freeing a lock writes nothing, so a turn costs no extra write. Many chats are taken
(or freed) in one statement, several callers' at once.

Lock keys are the chat ids themselves (Telegram's are within 2**53, groups negative);
the poller's lock and the "no chat" updates use keys far outside that range.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)
POLLER = -(2**62)
"""The key held by the one worker that calls getUpdates."""
NO_CHAT = -(2**62) + 1
"""The key for updates that belong to no chat we can read: one worker at a time."""
PREPARING = -(2**62) + 2
"""Held while a worker migrates the database and seeds the directory at start-up."""


class ClaimsLostError(Exception):
    """The connection holding this worker's locks broke: its chats may be another's now."""


def key_of(chat: int | None) -> int:
    return NO_CHAT if chat is None else chat


class Claims(Protocol):
    shared: bool
    """True when other processes may serve the same chats."""

    async def take(self, keys: Iterable[int]) -> set[int]:
        """Those of `keys` now this worker's (including any it already held)."""
        ...

    async def release(self, keys: Iterable[int]) -> None: ...

    async def listen(self, channel: str, told: Callable[[], None]) -> None:
        """Call `told` when another process NOTIFYs `channel`."""
        ...

    async def close(self) -> None: ...


class OneProcess:
    """SQLite, or one process: every chat is this worker's; the runtime's own worker per
    chat keeps the order."""

    shared = False

    async def take(self, keys: Iterable[int]) -> set[int]:
        return set(keys)

    async def release(self, keys: Iterable[int]) -> None:
        return None

    async def close(self) -> None:
        return None

    async def listen(self, channel: str, told: Callable[[], None]) -> None:
        return None  # alone, the one recording an update hands it over itself


_TAKE = text("SELECT k FROM unnest(:keys) AS k WHERE pg_try_advisory_lock(k)").bindparams(
    bindparam("keys", type_=ARRAY(BIGINT))
)
_RELEASE = text("SELECT pg_advisory_unlock(k) FROM unnest(:keys) AS k").bindparams(
    bindparam("keys", type_=ARRAY(BIGINT))
)


class AdvisoryClaims:
    """Chat locks on PostgreSQL, on one connection of this worker's own."""

    shared = True

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.held: set[int] = set()
        self._conn: AsyncConnection | None = None
        self._using = asyncio.Lock()  # one statement at a time on the connection

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self.engine.connect()
            self._conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    async def listen(self, channel: str, told: Callable[[], None]) -> None:
        """Call `told` whenever someone NOTIFYs `channel` (on this same connection)."""
        async with self._using:
            try:
                conn = await self._connection()
                raw = (await conn.get_raw_connection()).driver_connection
                assert raw is not None
                await raw.add_listener(channel, lambda *_: told())
            except Exception as error:
                raise ClaimsLostError(type(error).__name__) from None

    async def _run(self, statement: Any, keys: list[int]) -> list[int]:
        async with self._using:
            try:
                conn = await self._connection()
                rows = await conn.execute(statement, {"keys": keys})
                return [int(row[0]) for row in rows if row[0] is not None]
            except Exception as error:
                # Whatever this connection held may be gone: serving on would risk two
                # workers in one chat.
                raise ClaimsLostError(type(error).__name__) from None

    async def take(self, keys: Iterable[int]) -> set[int]:
        wanted = set(keys)
        new = sorted(wanted - self.held)
        if new:
            got = set(await self._run(_TAKE, new))
            self.held |= got
        return wanted & self.held

    async def release(self, keys: Iterable[int]) -> None:
        mine = sorted(set(keys) & self.held)
        if mine:
            self.held -= set(mine)
            await self._run(_RELEASE, mine)

    async def close(self) -> None:
        """Closing the connection frees every lock it held."""
        self.held.clear()
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()


@asynccontextmanager
async def preparing(engine: AsyncEngine) -> AsyncIterator[None]:
    """One worker at a time prepares a shared database: workers started together would
    otherwise migrate it at once, and each seed the empty directory (a deadlock, or the
    bundled services twice). The lock goes with the connection, even on a crash."""
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PREPARING})
        await conn.commit()
        try:
            yield
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PREPARING})
            await conn.commit()


def claims_for(engine: AsyncEngine) -> Claims:
    return AdvisoryClaims(engine) if engine.dialect.name == "postgresql" else OneProcess()
