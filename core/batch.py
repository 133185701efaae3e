"""Answering many chats' turns in one transaction when many people talk at once.

Under load, a transaction a turn spends most of its time handing the database over.
Turns that arrive while one batch is being written wait and go together in the next:
one read, one write for the conversations, one for the replies, one commit. A person
has at most one turn in a batch, because their worker waits for it before their next.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.conversations import Answered, Conversations, TurnRequest
from core.outgoing import Outgoing, Renderer
from core.storage.queues import Inbox, Pending, inbox_t, outbox_t
from flows.replies import Forget

log = logging.getLogger(__name__)
LARGEST_BATCH = 200


class SentLedger(Protocol):
    def take_sent(self) -> list[int]: ...
    def written(self, ids: list[int]) -> None: ...
    def give_back(self, sent: list[int]) -> None: ...


@dataclass
class Ask:
    request: TurnRequest
    update_id: int
    tapped: int | None
    answer: asyncio.Future[list[Pending]]


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
        self.waiting: list[Ask] = []
        self._taken: list[int] = []
        self.running: asyncio.Task[None] | None = None
        self._insert_outgoing = insert(outbox_t).returning(
            outbox_t.c.id, sort_by_parameter_order=True
        )
        self._handled = (
            update(inbox_t)
            .where(inbox_t.c.update_id == bindparam("b_update"))
            .values(handled_at=bindparam("b_at"), payload=None, chat_id=None)
        )

    async def turn(
        self, request: TurnRequest, update_id: int, tapped: int | None
    ) -> list[Pending]:
        """Answer one person's event; returns the replies written to the outbox."""
        answer: asyncio.Future[list[Pending]] = asyncio.get_running_loop().create_future()
        self.waiting.append(Ask(request, update_id, tapped, answer))
        if self.running is None:
            self.running = asyncio.create_task(self._run())
        return await answer

    async def _run(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[:LARGEST_BATCH], self.waiting[LARGEST_BATCH:]
            try:
                await self._answer(batch)
            except Exception:
                if len(batch) == 1:
                    batch[0].answer.set_exception(RuntimeError("the turn failed"))
                    log.exception("turn failed")
                    continue
                # One bad turn must not fail the others: go again one by one.
                await self._one_by_one(batch)
        self.running = None

    async def _one_by_one(self, batch: list[Ask]) -> None:
        for ask in batch:
            try:
                await self._answer([ask])
            except Exception as error:
                log.exception("turn failed")
                ask.answer.set_exception(error)

    async def _answer(self, batch: list[Ask]) -> None:
        written: dict[int, list[Pending]] = {}

        async def record(conn: AsyncConnection, answered: Answered) -> None:
            written.update(await self._record(conn, batch, answered))

        self._taken = self.sent.take_sent()
        try:
            await self.conversations.turns([ask.request for ask in batch], record)
        except BaseException:
            self.sent.give_back(self._taken)
            raise
        self.sent.written(self._taken)
        for ask in batch:
            ask.answer.set_result(written.get(ask.update_id, []))

    async def _record(
        self, conn: AsyncConnection, batch: list[Ask], answered: Answered
    ) -> dict[int, list[Pending]]:
        """The replies into the outbox and the updates marked handled, for the whole batch."""
        now = self.clock()
        calls: list[tuple[int, Outgoing]] = []
        for ask, (request, outcome) in zip(batch, answered, strict=True):
            chat = request.telegram_id
            calls += [(ask.update_id, c) for c in self.render(chat, outcome.replies, ask.tapped)]
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
        if self._taken:  # messages delivered since the last batch leave the outbox with it
            await conn.execute(delete(outbox_t).where(outbox_t.c.id.in_(self._taken)))
        for ask, (_, outcome) in zip(batch, answered, strict=True):
            if any(isinstance(effect, Forget) for effect in outcome.effects):
                # /forget removed this update's row with the rest: keep its id, to spot a repeat.
                await Inbox.mark_handled(conn, ask.update_id, now)
        written: dict[int, list[Pending]] = {}
        for (update_id, call), row_id in zip(calls, ids, strict=True):
            written.setdefault(update_id, []).append(
                Pending(row_id, int(call.params["chat_id"]), call)
            )
        return written
