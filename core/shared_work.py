"""A worker's share of the chats, when several workers serve one PostgreSQL database.

Any worker may record an update (the one polling, or every one behind a webhook); the
inbox is the queue they share. Each worker looks for chats with updates waiting (when
told something was recorded, and every `SCAN_EVERY` in any case), takes the locks of
those no one holds (core/storage/claims.py), and serves each chat it got in a session:
read the chat's waiting updates from the inbox, in order, handle them one by one, and
send what they wrote; again until none is left; then free the chat.

Why nothing is handled twice or out of order: only the lock's holder handles a chat,
it reads the updates after taking the lock, and each turn marks its update handled in
the turn's own commit. Why nothing is left waiting: a session looks once more after
freeing its chat, and whoever recorded an update looks after recording it; one of the
two always sees the other's work (the README's "Several workers" walks through it).
A worker killed mid-turn loses its connection, and with it its locks; its turn was
not committed, so the update is still waiting, and the next scan of any worker finds
it. What it had written and not yet sent is found by the outbox's sweep.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.storage.claims import Claims, ClaimsLostError, key_of
from core.storage.queues import RECORDED, Inbox, Outbox, Recorded

log = logging.getLogger(__name__)
SCAN_EVERY = 1.0  # seconds: the longest an update recorded by a dead worker waits
MOST_CHATS = 64  # chats one worker serves at once; the rest are left to the others
TRY_AGAIN_AFTER = 5.0  # seconds before an update a turn failed to mark is tried again
Work = Callable[[int | None, Recorded | None], Awaitable[None]]
Settled = Callable[[int], Awaitable[None]]


@dataclass
class SharedWork:
    claims: Claims
    inbox: Inbox
    outbox: Outbox
    work: Work
    """Handle one update of a chat (None: only send what its outbox holds)."""
    settled: Settled
    """Until what was sent to a chat is marked sent: before another worker may read it."""
    lost: asyncio.Event
    """Set when this worker's locks are lost: it must stop serving."""
    elsewhere: Callable[[int], None] = lambda chat: None
    """Told of a chat another worker serves now: its sending is that worker's."""
    sessions: dict[int | None, asyncio.Task[None]] = field(default_factory=dict)
    wanted: set[int | None] = field(default_factory=set)
    tried: dict[int, float] = field(default_factory=dict)
    handled: int = 0
    """Updates this worker has handled (for tests and benchmarks)."""
    idle: asyncio.Event = field(default_factory=asyncio.Event)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.idle.set()

    def serve(self, chat: int | None) -> None:
        """This chat has work (an update recorded, a message written): take it if free."""
        self.wanted.add(chat)
        self.idle.clear()
        self._wake.set()

    def look(self) -> None:
        """Updates were recorded (here or elsewhere): scan the inbox soon."""
        self.idle.clear()
        self._wake.set()

    async def run(self, stopping: asyncio.Event) -> None:
        """Scan and take chats until `stopping`; then let the sessions finish."""
        try:
            await self.claims.listen(RECORDED, self.look)
        except ClaimsLostError:
            self._give_up()
        while not stopping.is_set() and not self.lost.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), SCAN_EVERY)
            self._wake.clear()
            try:
                await self.scan()
            except ClaimsLostError:
                self._give_up()
            except Exception:  # scanning must outlive any one failure
                log.exception("scanning for work failed")
                await asyncio.sleep(SCAN_EVERY)

    async def scan(self) -> None:
        room = MOST_CHATS - len(self.sessions)
        wanted, self.wanted = self.wanted, set()
        if room <= 0:
            self.wanted |= wanted
            return
        # A chat in a session now is looked at again when its session ends.
        self.wanted |= {chat for chat in wanted if chat in self.sessions}
        waiting = await self.inbox.waiting_chats(MOST_CHATS * 2)
        candidates = [c for c in dict.fromkeys([*wanted, *waiting]) if c not in self.sessions]
        self.wanted |= set(candidates[room:])
        candidates = candidates[:room]
        if candidates:
            got = await self.claims.take(key_of(c) for c in candidates)
            for chat in candidates:
                if key_of(chat) in got:
                    self._start(chat)
                elif chat is not None:
                    self.elsewhere(chat)
        if not self.sessions:
            self.idle.set()

    def _start(self, chat: int | None) -> None:
        task = asyncio.create_task(self._session(chat))
        self.sessions[chat] = task

    async def _session(self, chat: int | None) -> None:
        try:
            await self._serve(chat)
        except ClaimsLostError:
            self._give_up()
            return
        except Exception:
            log.exception("chat session failed")
        finally:
            self.sessions.pop(chat, None)
            if not self.sessions and not self.wanted:
                self.idle.set()
        try:
            await self.claims.release([key_of(chat)])
        except ClaimsLostError:
            self._give_up()
            return
        # Recorded after this session's last look, and told to someone while we held
        # the chat: nobody else could take it then, so look again now it is free.
        if await self._has_work(chat):
            self.serve(chat)

    async def _serve(self, chat: int | None) -> None:
        if chat is not None and await self.outbox.holds(chat):
            await self.work(chat, None)  # what waits goes before any new answer
        while True:
            now = time.monotonic()
            updates = [
                u
                for u in await self.inbox.unhandled_of(chat)
                if now - self.tried.get(u.update_id, -TRY_AGAIN_AFTER) >= TRY_AGAIN_AFTER
            ]
            if not updates:
                break
            for update in updates:
                self.tried[update.update_id] = now
                await self.work(chat, update)
                self.handled += 1
        if chat is not None:
            if await self.outbox.holds(chat):
                await self.work(chat, None)
            await self.settled(chat)  # what went is marked before another reads the outbox
        self._forget_tries(now)

    async def _has_work(self, chat: int | None) -> bool:
        now = time.monotonic()
        waiting = await self.inbox.unhandled_of(chat)
        if any(now - self.tried.get(u.update_id, -TRY_AGAIN_AFTER) >= TRY_AGAIN_AFTER
               for u in waiting):  # fmt: skip
            return True
        if chat is None:
            return False
        return chat in self.wanted or await self.outbox.holds(chat)

    def _forget_tries(self, now: float) -> None:
        if len(self.tried) > 10_000:
            self.tried = {u: t for u, t in self.tried.items() if now - t < TRY_AGAIN_AFTER}

    def _give_up(self) -> None:
        log.error("lost this worker's chat locks: stopping so that another takes over")
        self.lost.set()

    async def finish(self, grace: float) -> None:
        if self.sessions:
            await asyncio.wait(set(self.sessions.values()), timeout=grace)
