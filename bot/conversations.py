"""The edge between a channel and the engine: load, handle, save, for one person's event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.db.store import Store
from flows.engine import Engine, TurnContext
from flows.events import Event
from flows.i18n import negotiate
from flows.replies import Reply


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Conversations:
    engine: Engine
    store: Store
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    async def handle(
        self, telegram_id: int, language_code: str | None, event: Event
    ) -> list[Reply]:
        """One turn for one person. The caller keeps one person's turns in order."""
        now = self.clock()
        async with self.store.connect() as conn:
            loaded = await self.store.load(telegram_id, negotiate(language_code), conn)
            context = TurnContext(profile=loaded.profile, now=now)
            conversation, outcome = await self.engine.handle(loaded.conversation, event, context)
            await self.store.save(
                telegram_id, loaded, conversation, outcome.effects, now=now, conn=conn
            )
        return outcome.replies
