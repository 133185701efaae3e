"""Telegram's sending limits, kept before it has to tell us: about 30 messages a second
in all, about one a second to any one chat (short bursts allowed), and no more than 20
a minute to a group.

Each send reserves the earliest moment that breaks none of them, without awaiting
between reading and writing the reservations, so concurrent senders never collide. The
moments held in all are kept an interval apart, and a chat waiting for its own gap holds
one moment, not everyone's: others fill the time before it. A 429 `retry_after` pushes
every later reservation back.

A chat's pace is kept as a moment it is "due" again (a gap more for each message); a
send with a `burst` may come up to `burst - 1` gaps before that, so a few messages go
back to back and the chat still averages one a gap. A send without one simply comes a
gap after the chat's last message.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import deque
from collections.abc import Awaitable, Callable

PER_SECOND = 29.0  # a hair under Telegram's 30, so jitter never tips a second over
CHAT_GAP = 1.05  # seconds between two messages to one chat, on average
GROUP_PER_MINUTE = 20
MINUTE = 60.5  # a hair over, for the same reason
FORGET_CHATS_AFTER = 60.0


def is_group(chat_id: int) -> bool:
    """Telegram gives groups and channels negative ids, people positive ones."""
    return chat_id < 0


class SendLimits:
    def __init__(
        self,
        per_second: float = PER_SECOND,
        chat_gap: float = CHAT_GAP,
        group_per_minute: int = GROUP_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval, self.chat_gap = 1.0 / per_second, chat_gap
        self.group_per_minute = group_per_minute
        self.clock, self.sleep = clock, sleep
        self._paused_until = 0.0
        self._reserved: list[float] = []  # moments held, in order, an interval apart
        self._chat_due: dict[int, float] = {}
        self._chat_last: dict[int, float] = {}
        self._group_sent: dict[int, deque[float]] = {}
        self._tidied = 0.0

    def reserve(self, chat_id: int, burst: int = 1) -> float:
        """The moment this chat's next message may go; held for it. `burst`: how many
        messages may go back to back when the chat has been quiet."""
        now = self.clock()
        self._tidy(now)
        due = self._chat_due.get(chat_id, now)
        if burst > 1:
            earliest = due - (burst - 1) * self.chat_gap
        else:
            earliest = self._chat_last.get(chat_id, now - self.chat_gap) + self.chat_gap
        at = max(now, self._paused_until, earliest)
        if is_group(chat_id):
            sent = self._group_sent.setdefault(chat_id, deque(maxlen=self.group_per_minute))
            if len(sent) == self.group_per_minute:  # not before a minute after the 20th back
                at = max(at, sent[0] + MINUTE)
        at = self._hold(at, now)
        if is_group(chat_id):
            self._group_sent[chat_id].append(at)
        self._chat_due[chat_id] = max(due, at) + self.chat_gap
        self._chat_last[chat_id] = at
        return at

    def _hold(self, at: float, now: float) -> float:
        """The first moment from `at` an interval away from every other held; held."""
        del self._reserved[: bisect.bisect_left(self._reserved, now - self.interval)]
        for held in self._reserved[bisect.bisect_left(self._reserved, at - self.interval) :]:
            if held >= at + self.interval:
                break
            at = held + self.interval
        bisect.insort(self._reserved, at)
        return at

    async def wait(self, chat_id: int, burst: int = 1) -> None:
        delay = self.reserve(chat_id, burst) - self.clock()
        if delay > 0:
            await self.sleep(delay)

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing more until `seconds` from now."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    def _tidy(self, now: float) -> None:
        if now - self._tidied < FORGET_CHATS_AFTER:
            return
        self._tidied = now
        self._chat_due = {c: t for c, t in self._chat_due.items() if t > now}
        self._chat_last = {c: t for c, t in self._chat_last.items() if t > now - self.chat_gap}
        self._group_sent = {
            c: s for c, s in self._group_sent.items() if s and s[-1] > now - MINUTE
        }


class NoLimits(SendLimits):
    """No pace of our own, for a Bot API server that sets none (the stand-in, a test
    server); a 429 is still obeyed. Never for Telegram's own server: settings refuse it."""

    def reserve(self, chat_id: int, burst: int = 1) -> float:
        return max(self.clock(), self._paused_until)


def limits_for(kept: bool) -> SendLimits:
    """Telegram's limits when `kept` (always, on Telegram's own server)."""
    return SendLimits() if kept else NoLimits()
