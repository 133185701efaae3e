"""Telegram's sending limits, kept before it has to tell us: about 30 messages a second
in all, and no more than one a second to any one chat.

Each send reserves the earliest moment that breaks neither, without awaiting between
reading and writing the reservations, so concurrent senders never collide. A 429
`retry_after` pushes every later reservation back.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

PER_SECOND = 29.0  # a hair under Telegram's 30, so jitter never tips a second over
CHAT_GAP = 1.05  # seconds between two messages to one chat
FORGET_CHATS_AFTER = 60.0


class SendLimits:
    def __init__(
        self,
        per_second: float = PER_SECOND,
        chat_gap: float = CHAT_GAP,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval, self.chat_gap = 1.0 / per_second, chat_gap
        self.clock, self.sleep = clock, sleep
        self._next_any = 0.0
        self._next_chat: dict[int, float] = {}
        self._tidied = 0.0

    def reserve(self, chat_id: int) -> float:
        """The moment this chat's next message may go; held for it."""
        now = self.clock()
        self._tidy(now)
        at = max(now, self._next_any, self._next_chat.get(chat_id, 0.0))
        self._next_any = at + self.interval
        self._next_chat[chat_id] = at + self.chat_gap
        return at

    async def wait(self, chat_id: int) -> None:
        delay = self.reserve(chat_id) - self.clock()
        if delay > 0:
            await self.sleep(delay)

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing more until `seconds` from now."""
        self._next_any = max(self._next_any, self.clock() + seconds)

    def _tidy(self, now: float) -> None:
        if now - self._tidied < FORGET_CHATS_AFTER:
            return
        self._tidied = now
        self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
