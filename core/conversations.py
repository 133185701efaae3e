"""The edge between a channel and the engine: load, handle, save, for one person's event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection

from core.storage.store import Save, Store
from flows.engine import Engine, TurnContext
from flows.events import Event
from flows.i18n import negotiate
from flows.replies import Forget, Outcome, Reply

BeforeCommit = Callable[[AsyncConnection, list[Reply]], Awaitable[None]]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class TurnRequest:
    """One person's event, to be answered in a turn."""

    telegram_id: int
    language_code: str | None
    event: Event


Answered = list[tuple[TurnRequest, Outcome]]
AfterTurns = Callable[[AsyncConnection, Answered], Awaitable[None]]


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

        async def after(conn: AsyncConnection, answered: Answered) -> None:
            if before_commit is not None:
                await before_commit(conn, answered[0][1].replies)

        request = TurnRequest(telegram_id, language_code, event)
        return (await self.turns([request], after))[0].replies

    async def turns(
        self, requests: list[TurnRequest], after: AfterTurns | None = None
    ) -> list[Outcome]:
        """Several people's turns in one transaction: loaded together, answered one by one,
        saved together. One request a person: their next waits for this to finish."""
        now = self.clock()
        async with self.store.transaction() as conn:
            wanted = {r.telegram_id: negotiate(r.language_code) for r in requests}
            loaded = await self.store.load_many(conn, wanted)
            outcomes, saves = [], []
            for request in requests:
                mine = loaded[request.telegram_id]
                context = TurnContext(profile=mine.profile, now=now)
                conversation, outcome = await self.engine.handle(
                    mine.conversation, request.event, context
                )
                outcomes.append(outcome)
                saves.append(Save(request.telegram_id, mine, conversation, outcome.effects))
            await self.store.save_many(conn, saves, now=now)
            if after is not None:
                await after(conn, list(zip(requests, outcomes, strict=True)))
        if any(isinstance(e, Forget) for outcome in outcomes for e in outcome.effects):
            self.store.after_forget()  # committed: now their words can leave the files too
        return outcomes
