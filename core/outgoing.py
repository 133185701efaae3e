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
