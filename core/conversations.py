"""The edge between a channel and the engine: load, answer, save, for one person's event.

The three steps are apart on purpose. Loading is a read, and answering runs the engine,
which may search the directory for as long as that takes: neither holds a write
transaction, so a slow search keeps only its own person waiting. Saving is the short
write, and core/batch.py groups many people's saves into one transaction.

Why a turn may be saved from what was read before the write began: everything the save
writes or depends on (the person's row, their conversation, their consent) is changed
only by that person's own turns, /forget included, and case-work commands in their
chat. A channel runs those one after another per chat, each finished (saved and
committed) before the next is loaded. What other chats change about a person
(a case worker's links and reminders, a send marking them unreachable) is in other rows
or columns, which the save neither reads nor writes. Several processes serving the
same people would need a version check on the conversation; one process per database
is what runs today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection

from core.people import Someone
from core.storage.store import Store
from core.storage.turn_effects import Loaded, Save
from flows.conversation import Conversation
from flows.engine import Engine, TurnContext
from flows.events import Event
from flows.i18n import negotiate
from flows.replies import Forget, Outcome, Reply


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class TurnRequest:
    """One person's event, to be answered in a turn."""

    someone: Someone
    language_code: str | None
    event: Event


@dataclass(frozen=True)
class Turn:
    """One person's event answered by the engine, not saved yet."""

    request: TurnRequest
    loaded: Loaded
    conversation: Conversation
    outcome: Outcome

    @property
    def forgets(self) -> bool:
        return any(isinstance(effect, Forget) for effect in self.outcome.effects)

    def to_save(self) -> Save:
        return Save(self.request.someone, self.loaded, self.conversation, self.outcome.effects)


@dataclass
class Conversations:
    engine: Engine
    store: Store
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    async def load(self, requests: Sequence[TurnRequest]) -> list[Loaded]:
        """The people of these requests, read together. Not in `Store.transaction`: that
        waits for the writer, and on SQLite (WAL) a read never needs to."""
        wanted = {r.someone: negotiate(r.language_code) for r in requests}
        async with self.store.engine.connect() as conn:
            loaded = await self.store.load_many(conn, wanted)
        return [loaded[r.someone] for r in requests]

    async def answer(self, request: TurnRequest, loaded: Loaded) -> Turn:
        """Run the engine for one person; it may read the directory. No transaction is
        open here: the caller must not hold one."""
        context = TurnContext(loaded.profile, self.clock(), request.language_code)
        conversation, outcome = await self.engine.handle(
            loaded.conversation, request.event, context
        )
        return Turn(request, loaded, conversation, outcome)

    async def save(self, conn: AsyncConnection, turns: Sequence[Turn]) -> None:
        """Write several people's turns in the caller's transaction. One turn a person:
        their next is loaded only after this one is committed."""
        await self.store.save_many(conn, [turn.to_save() for turn in turns], now=self.clock())

    def committed(self, turns: Sequence[Turn]) -> None:
        """Called once the transaction that saved `turns` has committed."""
        if any(turn.forgets for turn in turns):
            self.store.after_forget()  # now their words can leave the files too

    async def handle(
        self, someone: Someone, language_code: str | None, event: Event
    ) -> list[Reply]:
        """One turn for one person, on its own (the terminal chat, tests). The caller
        keeps one person's turns in order."""
        request = TurnRequest(someone, language_code, event)
        [loaded] = await self.load([request])
        turn = await self.answer(request, loaded)
        async with self.store.transaction() as conn:
            await self.save(conn, [turn])
        self.committed([turn])
        return turn.outcome.replies
