"""Answering many chats' turns when many people talk at once.

A turn is three steps (core/conversations.py): load, answer, save. Each chat's worker
awaits its own turn, so the answering (the engine, and any directory search in it) runs
in that chat's own task, beside every other chat's, with no transaction open: a slow
search keeps only its own person waiting.

Loads and saves are grouped. Under load, a transaction a turn spends most of its time
handing the database over; so the loads that arrive while one group is being read wait
and go together in the next (one read), and the same for saves (one write for the
conversations, one for the replies, one commit). A person has at most one turn in a
group, because their worker waits for it before their next.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core import metrics
from core.conversations import Conversations, Turn, TurnRequest
from core.outgoing import Outgoing, Renderer
from core.storage.chats import queued_chat
from core.storage.queues import Inbox, Pending
from core.storage.tables import inbox_t, outbox_t

log = logging.getLogger(__name__)
LARGEST_BATCH = 200
Item = TypeVar("Item")
Result = TypeVar("Result")


class SentLedger(Protocol):
    def take_sent(self) -> list[int]: ...
    def written(self, ids: list[int]) -> None: ...
    def give_back(self, sent: list[int]) -> None: ...


class Grouped(Generic[Item, Result]):
    """Calls that arrive while a group is running wait, and go together in the next."""

    def __init__(
        self, run: Callable[[list[Item]], Awaitable[list[Result]]], largest: int = LARGEST_BATCH
    ) -> None:
        self.run, self.largest = run, largest
        self.waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self.running: asyncio.Task[None] | None = None

    async def __call__(self, item: Item) -> Result:
        answer: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self.waiting.append((item, answer))
        if self.running is None:
            self.running = asyncio.create_task(self._drain())
        return await answer

    async def _drain(self) -> None:
        try:
            while self.waiting:
                group, self.waiting = self.waiting[: self.largest], self.waiting[self.largest :]
                try:
                    await self._go(group)
                except Exception:
                    if len(group) == 1:
                        log.exception("turn failed")
                        _fail(group[0][1], RuntimeError("the turn failed"))
                        continue
                    # One bad turn must not fail the others: go again one by one.
                    for one in group:
                        await self._alone(one)
        finally:
            self.running = None

    async def _alone(self, one: tuple[Item, asyncio.Future[Result]]) -> None:
        try:
            await self._go([one])
        except Exception:
            log.exception("turn failed")
            _fail(one[1], RuntimeError("the turn failed"))

    async def _go(self, group: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        results = await self.run([item for item, _ in group])
        for (_, answer), result in zip(group, results, strict=True):
            if not answer.done():  # done: its chat's worker was cancelled (shutting down)
                answer.set_result(result)


def _fail(answer: asyncio.Future[Result], error: Exception) -> None:
    if not answer.done():
        answer.set_exception(error)


@dataclass(frozen=True)
class Ask:
    turn: Turn
    update_id: int
    tapped: int | None


class TurnBatcher:
    def __init__(
        self,
        conversations: Conversations,
        clock: Callable[[], dt.datetime],
        sent: SentLedger,
        render: Renderer,
    ) -> None:
        self.conversations, self.clock, self.sent = conversations, clock, sent
        self.render = render
        self._loads = Grouped(conversations.load)
        self._saves = Grouped(self._save)
        self._insert_outgoing = insert(outbox_t).returning(
            outbox_t.c.id, sort_by_parameter_order=True
        )
        self._handled = (
            update(inbox_t)
            .where(inbox_t.c.update_id == bindparam("b_update"))
            .values(handled_at=bindparam("b_at"), payload=None, chat_id=None)
        )

    @property
    def running(self) -> asyncio.Task[None] | None:
        """A group being saved (or else loaded) now, if any: busy while not None."""
        return self._saves.running or self._loads.running

    async def turn(
        self, request: TurnRequest, update_id: int, tapped: int | None
    ) -> list[Pending]:
        """Answer one person's event; returns the replies written to the outbox.

        The caller (the chat's worker) awaits this before the person's next event, so the
        save is committed before their next load: see core/conversations.py for why the
        person cannot change in between."""
        with metrics.timed_turn():
            loaded = await self._loads(request)
            # Outside every transaction: a directory search here holds up no other chat.
            turn = await self.conversations.answer(request, loaded)
            return await self._saves(Ask(turn, update_id, tapped))

    async def _save(self, batch: list[Ask]) -> list[list[Pending]]:
        """One write for the whole batch: conversations, replies into the outbox, updates
        marked handled, and the sends marked since the last batch."""
        taken = self.sent.take_sent()
        turns = [ask.turn for ask in batch]
        try:
            async with self.conversations.store.transaction() as conn:
                await self.conversations.save(conn, turns)
                written = await self._record(conn, batch, taken)
        except BaseException:
            self.sent.give_back(taken)
            raise
        self.sent.written(taken)
        self.conversations.committed(turns)
        return [written.get(ask.update_id, []) for ask in batch]

    async def _record(
        self, conn: AsyncConnection, batch: list[Ask], taken: list[int]
    ) -> dict[int, list[Pending]]:
        """The replies into the outbox and the updates marked handled, for the whole batch."""
        now = self.clock()
        calls: list[tuple[int, Outgoing]] = []
        for ask in batch:
            chat, replies = queued_chat(ask.turn.request.someone), ask.turn.outcome.replies
            calls += [(ask.update_id, c) for c in self.render(chat, replies, ask.tapped)]
        ids: list[int] = []
        if calls:
            rows = [
                {
                    "chat_id": c.params["chat_id"],
                    "method": c.method,
                    "params": c.params,
                    "created_at": now,
                }
                for _, c in calls
            ]
            ids = [int(i) for i in (await conn.execute(self._insert_outgoing, rows)).scalars()]
        await conn.execute(self._handled, [{"b_update": a.update_id, "b_at": now} for a in batch])
        if taken:  # messages delivered since the last batch leave the outbox with it
            await conn.execute(delete(outbox_t).where(outbox_t.c.id.in_(taken)))
        for ask in batch:
            if ask.turn.forgets:
                # /forget removed this update's row with the rest: keep its id, to spot a repeat.
                await Inbox.mark_handled(conn, ask.update_id, now)
        written: dict[int, list[Pending]] = {}
        for (update_id, call), row_id in zip(calls, ids, strict=True):
            written.setdefault(update_id, []).append(
                Pending(row_id, int(call.params["chat_id"]), call)
            )
        return written
