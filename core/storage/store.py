"""Loading and saving a person's conversation: two short statements a turn.

Queries are SQLAlchemy Core on purpose: a turn must cost a few milliseconds with a
hundred thousand people stored, and the same statements run on SQLite and PostgreSQL.
What a turn writes beyond its conversation is core/storage/turn_effects.py's; /forget
and the WAL emptied after it, core/storage/forgetting.py's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.people import Someone
from core.storage.forgetting import WalTidier
from core.storage.models import as_utc
from core.storage.tables import among, consent_t, conversation_t, person_t
from core.storage.turn_effects import Loaded, Save, stale, write_counts, write_one
from flows.conversation import Conversation as ConversationState
from flows.conversation import Profile
from flows.replies import Effect


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value)


async def _execute(conn: AsyncConnection, statement: Any, rows: list[dict[str, Any]]) -> None:
    """One row as a plain statement: the driver's executemany costs more for one."""
    await conn.execute(statement, rows[0] if len(rows) == 1 else rows)


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._writer: AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self.wal = WalTidier(engine, self._writer)
        latest_consent = (
            select(func.max(consent_t.c.given_at))
            .where(consent_t.c.person_id == person_t.c.id, consent_t.c.withdrawn_at.is_(None))
            .scalar_subquery()
        )
        self._load = select(
            person_t.c.id,
            person_t.c.channel,
            person_t.c.address,
            person_t.c.locale,
            person_t.c.role,
            person_t.c.region,
            person_t.c.timezone,
            person_t.c.first_seen,
            person_t.c.last_seen,
            latest_consent.label("consented_at"),
            conversation_t.c.data,
        ).outerjoin(conversation_t, conversation_t.c.person_id == person_t.c.id)
        self._save_conversation = (
            update(conversation_t)
            .where(conversation_t.c.person_id == bindparam("b_person"))
            .values(
                state=bindparam("b_state"), data=bindparam("b_data"), updated_at=bindparam("b_at")
            )
        )
        self._seen = (
            update(person_t)
            .where(person_t.c.id == bindparam("b_person"))
            .values(last_seen=bindparam("b_at"))
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One connection and transaction, committed when the block ends without error.

        SQLite has one writer at a time, and a transaction that read before it writes
        fails outright if another wrote in between; so on SQLite this process's
        transactions take turns here instead of racing inside the database.
        """
        async with self._writer, self.engine.connect() as conn:
            yield conn
            await conn.commit()

    async def load(
        self, someone: Someone, locale: str, conn: AsyncConnection | None = None
    ) -> Loaded:
        """The person and their conversation; a stranger gets a fresh profile in `locale`."""
        if conn is None:
            async with self.transaction() as own:
                return await self.load(someone, locale, own)
        return (await self.load_many(conn, {someone: locale}))[someone]

    async def load_many(
        self, conn: AsyncConnection, wanted: Mapping[Someone, str]
    ) -> dict[Someone, Loaded]:
        """Several people at once (with the locale each would get as a stranger)."""
        rows = await conn.execute(self._load.where(among(wanted)))
        found = {Someone.of(row): row for row in rows}
        loaded = {}
        for someone, locale in wanted.items():
            row = found.get(someone)
            if row is None:
                loaded[someone] = Loaded(None, Profile(locale=locale), ConversationState())
                continue
            profile = Profile(
                locale=row.locale,
                role=row.role,
                region=row.region,
                timezone=row.timezone,
                consented_at=_utc(row.consented_at),
                first_seen=_utc(row.first_seen),
                last_seen=_utc(row.last_seen),
            )
            loaded[someone] = Loaded(row.id, profile, ConversationState.load(row.data))
        return loaded

    async def save(
        self,
        someone: Someone,
        loaded: Loaded,
        conversation: ConversationState,
        effects: list[Effect],
        *,
        now: dt.datetime,
        conn: AsyncConnection | None = None,
    ) -> None:
        """Write the turn's outcome; the caller's transaction makes it all or nothing."""
        if conn is None:
            async with self.transaction() as own:
                await self.save(someone, loaded, conversation, effects, now=now, conn=own)
            return
        await self.save_many(conn, [Save(someone, loaded, conversation, effects)], now=now)

    async def save_many(
        self, conn: AsyncConnection, saves: list[Save], *, now: dt.datetime
    ) -> None:
        """Write several turns. The usual one (someone known, moving on in a conversation)
        is written with one statement for all of them; the rarer ones one by one."""
        usual = [s for s in saves if s.usual]
        for item in saves:
            if not item.usual:
                await write_one(conn, item, now)
        await write_counts(conn, saves, now)
        if not usual:
            return
        await _execute(
            conn,
            self._save_conversation,
            [
                {
                    "b_person": s.loaded.person_id,
                    "b_state": s.conversation.state,
                    "b_data": s.conversation.dump(),
                    "b_at": now,
                }
                for s in usual
            ],
        )
        seen = [s for s in usual if stale(s.loaded.profile.last_seen, now)]
        if seen:
            await _execute(
                conn, self._seen, [{"b_person": s.loaded.person_id, "b_at": now} for s in seen]
            )

    def after_forget(self) -> None:
        """Call once a transaction that forgot someone has committed: on SQLite, the WAL
        is emptied in the background (core/storage/forgetting.py)."""
        self.wal.forgotten()

    @property
    def tidying(self) -> asyncio.Task[None] | None:
        """The WAL being emptied after /forget, while it is."""
        return self.wal.tidying

    async def checkpoint(self) -> bool:
        return await self.wal.checkpoint()

    async def close(self) -> None:
        await self.wal.close()

    async def set_reachable(
        self, conn: AsyncConnection, someone: Someone, reachable: bool, now: dt.datetime
    ) -> None:
        """Blocked (their channel said so): nothing is sent until they unblock."""
        await conn.execute(
            update(person_t)
            .where(person_t.c.channel == someone.channel, person_t.c.address == someone.address)
            .values(unreachable_since=None if reachable else now)
        )
