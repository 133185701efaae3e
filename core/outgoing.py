"""What the core hands a channel to send, and how a channel turns replies into it.

Every producer (a flow's turn, a case-work command, a reminder) says what it has to say
as `flows.replies.Reply` values addressed to a chat. The chat's channel renders them into
`Outgoing` calls in its own terms, and those calls are what the outbox keeps: opaque to
the core, which only stores them in order and hands them back to the channel to send.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flows.replies import Reply


@dataclass(frozen=True)
class Outgoing:
    """One call for a chat, in its channel's terms, as it is kept in the outbox."""

    method: str
    params: dict[str, Any]


class Renderer(Protocol):
    def __call__(
        self, chat_id: int, replies: list[Reply], tapped_message: int | None
    ) -> list[Outgoing]:
        """The calls that say `replies` in this chat; `tapped_message` is the message
        whose button brought them, which a channel may edit in place."""
        ...


class Undelivered(Exception):  # noqa: N818 - a message's fate, not a fault of ours
    """Why a `Sender` did not send a call; `reason` never holds the message's words."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


class NotSent(Undelivered):
    """It may or may not have arrived (no answer, an answer nobody can read), or it was
    refused for a while: send it again later. It may then arrive twice, never not at all."""


class SlowDown(Undelivered):
    """Too many messages: nothing more for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after}")
        self.retry_after = retry_after


class Unreachable(Undelivered):
    """The person blocked us: nothing reaches them until they come back."""


class Refused(Undelivered):
    """The channel can never show this message: sending it again would not help."""


class Sender(Protocol):
    async def send(self, outgoing: Outgoing) -> None:
        """Send one call in its channel; raises an `Undelivered` when it did not go."""
        ...
