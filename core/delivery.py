"""Sending what the outbox holds: each chat's messages in order, none lost, and after a
crash at most one of them twice. Replies, case-work notes and reminders all go this way,
through a channel's `Sender`, within Telegram's limits (core/limits.py).

The rules, as the README states them:
- A message the channel clearly refuses is dropped and logged, without its words
  (`Refused`: it cannot show it), and so is one to a person who blocked the bot
  (`Unreachable`, which is noted). Nothing else drops a message, except the one who
  wrote it saying it is no longer wanted (a reminder cancelled, or too late).
- A message whose fate is unknown (no answer, a broken connection, a timeout, an answer
  that cannot be read) is sent again. So is one refused for a while (`NotSent`,
  `SlowDown`). It may arrive twice, never not at all.
- A chat that could not be served is tried again in the background, after a pause that
  grows (1 s, 2 s, 4 s... at most a minute), without waiting for the person to write.
- A sent message is marked in the database (it leaves the outbox) before the next
  message to the same chat goes. Marks are written together, a few at a time, so a kill
  can repeat only what was sent and not yet marked: at most one message a chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from core import metrics
from core.limits import SendLimits
from core.outgoing import NotSent, Refused, Sender, SlowDown, Unreachable
from core.storage.chats import someone_in
from core.storage.queues import Outbox, Pending
from core.storage.store import Store

log = logging.getLogger(__name__)

# Sent messages leave the outbox with the next batch of turns, or after this long.
MARK_AFTER = 0.2
# A flood limit this short is waited out in the chat's turn; longer, in the background.
WAIT_INLINE = 5.0
FLOOD_TRIES = 3
RETRY_FIRST, RETRY_MOST = 1.0, 60.0
# How often to look for messages nobody is sending (written by the command line, or left
# behind by a failure), and how old they must be to count as left behind.
SWEEP_EVERY = 5.0
LEFT_AFTER = dt.timedelta(seconds=10)
# Messages to one chat that may go back to back (Telegram allows short bursts; about 20
# is what it takes before it says 429): a person waiting for an answer gets it whole
# however fast they tap, and a runaway loop is still held to one a gap. Reminders, that
# nobody is waiting for, keep that pace from the first.
BURST = 20


class SentMarks:
    """Messages Telegram has, still to be taken out of the outbox; written in groups.

    A turn's batch takes the marks waiting and writes them in its own transaction;
    otherwise they go on their own, soon, and at once when a chat needs them written
    before its next message."""

    def __init__(self, outbox: Outbox, delay: float = MARK_AFTER) -> None:
        self.outbox, self.delay = outbox, delay
        self._waiting: dict[int, int] = {}  # outbox id -> chat, not yet being written
        self._writing: dict[int, int] = {}  # taken by a transaction not yet committed
        self._settled: dict[int, asyncio.Event] = {}  # chats with marks unwritten
        self._urgent = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    def note(self, chat: int, outbox_id: int) -> None:
        self._waiting[outbox_id] = chat
        self._settled.setdefault(chat, asyncio.Event())
        self._start()

    def take_sent(self) -> list[int]:
        """The marks waiting, for a transaction that is writing anyway."""
        taken, self._waiting = self._waiting, {}
        self._writing.update(taken)
        return list(taken)

    def written(self, ids: list[int]) -> None:
        """That transaction committed: these marks are durable."""
        chats = {self._writing.pop(i) for i in ids if i in self._writing}
        unwritten = set(self._waiting.values()) | set(self._writing.values())
        for chat in chats - unwritten:
            self._settled.pop(chat).set()

    def give_back(self, ids: list[int]) -> None:
        """That transaction failed: these marks still have to be written."""
        for outbox_id in ids:
            if outbox_id in self._writing:
                self._waiting[outbox_id] = self._writing.pop(outbox_id)
        self._start()

    async def settled(self, chat: int) -> None:
        """Until every message sent to this chat is marked."""
        while (event := self._settled.get(chat)) is not None:
            self._urgent.set()
            self._start()
            await event.wait()

    def _start(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())

    async def _write(self) -> None:
        failures = 0
        while self._waiting:
            if not self._urgent.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._urgent.wait(), self.delay)
            self._urgent.clear()
            ids = self.take_sent()
            if not ids:
                continue
            try:
                await self.outbox.done(ids)
            except Exception:
                failures += 1
                log.exception("could not mark sent messages; trying again")
                self.give_back(ids)
                await asyncio.sleep(min(0.1 * 2**failures, 5))
                continue
            failures = 0
            self.written(ids)

    async def flush(self) -> None:
        """Before stopping: write every mark now."""
        for chat in list(self._settled):
            await self.settled(chat)


@dataclass
class Backoff:
    failures: int = 0
    next_try: float = 0.0


class Receipts(Protocol):
    """What a message's fate means to whoever wrote it (a reminder: sent, failed, missed)."""

    async def wanted(self, item: Pending) -> bool:
        """Asked just before it goes: False drops it unsent (cancelled, too late)."""
        ...

    async def sent(self, item: Pending) -> None: ...

    async def refused(self, item: Pending) -> None: ...

    async def not_sent(self, item: Pending) -> bool:
        """It did not go this time: True gives it up (too late to matter)."""
        ...

    async def unreachable(self, conn: AsyncConnection, chat_id: int) -> list[int]:
        """The person blocked us (noted in `conn`): chats told about it in `conn`."""
        ...


class NoReceipts:
    """For messages nobody needs to hear about."""

    async def wanted(self, item: Pending) -> bool:
        return True

    async def sent(self, item: Pending) -> None:
        return None

    async def refused(self, item: Pending) -> None:
        return None

    async def not_sent(self, item: Pending) -> bool:
        return False

    async def unreachable(self, conn: AsyncConnection, chat_id: int) -> list[int]:
        return []


@dataclass
class Delivery:
    sender: Sender
    outbox: Outbox
    store: Store
    clock: Callable[[], dt.datetime]
    limits: SendLimits = field(default_factory=SendLimits)
    receipts: Receipts = field(default_factory=NoReceipts)
    wake: Callable[[int], Awaitable[None]] | None = None
    """Deliver to a chat that `receipts` wrote to (a case worker told of a block)."""
    marks: SentMarks = field(init=False)
    behind: dict[int, Backoff] = field(default_factory=dict)
    """Chats with messages the outbox still holds, and when to try them again."""

    def __post_init__(self) -> None:
        self.marks = SentMarks(self.outbox)

    def take_sent(self) -> list[int]:
        return self.marks.take_sent()

    def written(self, ids: list[int]) -> None:
        self.marks.written(ids)

    def give_back(self, sent: list[int]) -> None:
        self.marks.give_back(sent)

    async def flush(self) -> None:
        await self.marks.flush()

    async def deliver(self, chat_id: int, written: list[Pending] | None = None) -> None:
        """Send a chat's messages in order: those just written, or (behind, or after a
        restart, or written by someone else) all the outbox holds for it. Stops at one
        that cannot go yet. A chat's deliveries must not overlap (the runtime gives each
        chat one worker)."""
        try:
            await self.marks.settled(chat_id)  # what was sent before is marked: not read again
            if written is None or chat_id in self.behind:
                written = await self.outbox.pending(chat_id)
            for item in written:
                await self.marks.settled(chat_id)
                if not await self.send(item):
                    self._later(chat_id)
                    return
                self.marks.note(chat_id, item.id)
        except Exception:
            self._later(chat_id)  # a database that failed us: the outbox still has them
            raise
        self.behind.pop(chat_id, None)

    def _later(self, chat_id: int) -> None:
        backoff = self.behind.setdefault(chat_id, Backoff())
        pause = min(RETRY_FIRST * 2**backoff.failures, RETRY_MOST)
        backoff.failures += 1
        backoff.next_try = asyncio.get_running_loop().time() + pause

    def due(self) -> list[int]:
        """Chats whose pause is over: to be tried again."""
        now = asyncio.get_running_loop().time()
        return [chat for chat, b in self.behind.items() if b.next_try <= now]

    async def left_behind(self) -> list[int]:
        """Chats with messages nobody is sending: written elsewhere, or long stuck."""
        found = await self.outbox.chats_waiting(before=self.clock() - LEFT_AFTER)
        for chat in found:
            self.behind.setdefault(chat, Backoff())
        return found

    async def send(self, item: Pending) -> bool:
        """True once the message is sent or can never be; False to try again later."""
        if not await self.receipts.wanted(item):
            return True
        burst = 1 if item.reminder_id is not None else BURST
        for _ in range(FLOOD_TRIES):
            await self.limits.wait(item.chat_id, burst)
            try:
                await self.sender.send(item.outgoing)
            except SlowDown as slow:
                metrics.FLOOD_LIMITS.inc()
                self.limits.pause(slow.retry_after)
                log.warning("flood limit", extra={"retry_after": slow.retry_after})
                if slow.retry_after > WAIT_INLINE:
                    break
                continue
            except Unreachable:
                await self.unreachable(item.chat_id)
                return True
            except Refused as refused:
                log.error("message refused", extra={"reason": refused.reason[:120]})
                await self.receipts.refused(item)
                return True
            except NotSent as error:
                log.warning("message not sent", extra={"reason": error.reason[:120]})
                break
            await self.receipts.sent(item)
            return True
        return await self.receipts.not_sent(item)

    async def unreachable(self, chat_id: int) -> None:
        """They blocked the bot: note it; what was waiting for them is dropped as it
        comes up, and whoever wrote it is told."""
        async with self.store.transaction() as conn:
            await self.store.set_reachable(conn, someone_in(chat_id), False, self.clock())
            told = await self.receipts.unreachable(conn, chat_id)
        for chat in told:
            if self.wake is not None:
                await self.wake(chat)
