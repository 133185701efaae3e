"""The edge between a channel and the engine: load, handle, save, for one person's event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.store import Store
from flows.engine import Engine, TurnContext
from flows.events import Event
from flows.i18n import negotiate
from flows.replies import Reply

BeforeCommit = Callable[[AsyncConnection, list[Reply]], Awaitable[None]]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Conversations:
    engine: Engine
    store: Store
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    async def handle(
        self,
        telegram_id: int,
        language_code: str | None,
        event: Event,
        before_commit: BeforeCommit | None = None,
    ) -> list[Reply]:
        """One turn for one person. The caller keeps one person's turns in order.

        `before_commit` writes, in the same transaction, what the channel must remember
        of the turn (the replies still to send): all of it is stored, or none.
        """
        now = self.clock()
        async with self.store.transaction() as conn:
            loaded = await self.store.load(telegram_id, negotiate(language_code), conn)
            context = TurnContext(profile=loaded.profile, now=now)
            conversation, outcome = await self.engine.handle(loaded.conversation, event, context)
            await self.store.save(
                telegram_id, loaded, conversation, outcome.effects, now=now, conn=conn
            )
            if before_commit is not None:
                await before_commit(conn, outcome.replies)
        return outcome.replies
