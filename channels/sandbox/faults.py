"""How the stand-in misbehaves on request, as Telegram (or a proxy in front) sometimes
does: refused calls, lost answers, and Telegram's flood limits."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from channels.sandbox.checks import ApiError

FLOOD_PER_SECOND = 30  # Telegram's broadcast limit, as its FAQ gives it


@dataclass
class Failure:
    """Calls of `method` that go wrong, as Telegram's (or a proxy's in front) sometimes do."""

    method: str
    code: int
    description: str
    retry_after: int | None
    remaining: int
    mode: str = "refuse"
    """`refuse`: a Bot API error; `page`: an HTML error page, not JSON, nothing done;
    `mangled`: nothing done, and the answer is broken JSON; `garbled`: done, but the
    answer is broken JSON; `cut`: done, but the connection closes with no answer. The
    last three leave the bot not knowing what happened."""
    until: float | None = None
    """Every call fails until this moment (time.monotonic()), however many."""

    def applies(self, method: str) -> bool:
        if method != self.method:
            return False
        if self.until is not None:
            return time.monotonic() < self.until
        if self.remaining > 0:
            self.remaining -= 1
            return True
        return False


class AnswerLost(Exception):  # noqa: N818 - what the bot sees, not an error of ours
    """The call was made, but its answer never reaches the bot intact."""

    def __init__(self, mode: str, code: int) -> None:
        super().__init__(mode)
        self.mode, self.code = mode, code


@dataclass
class FloodLimit:
    """Telegram's 429 past 30 messages a second, or one a second to a chat."""

    sent_at: deque[float] = field(default_factory=deque)
    chat_sent_at: dict[int, float] = field(default_factory=dict)

    def check(self, chat_id: int) -> None:
        """Counts a message to `chat_id`; raises ApiError(429) where Telegram would."""
        now = time.monotonic()
        while self.sent_at and now - self.sent_at[0] >= 1.0:
            self.sent_at.popleft()
        if len(self.sent_at) >= FLOOD_PER_SECOND:
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        if now - self.chat_sent_at.get(chat_id, -10.0) < 1.0:
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        self.sent_at.append(now)
        self.chat_sent_at[chat_id] = now
