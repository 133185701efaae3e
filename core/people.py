"""Who a person is to Onward: a channel and their address in it.

The core never sees a Telegram id. A channel turns whatever its updates carry into a
`Someone` on the way in (Telegram: `Someone("telegram", str(chat_id))`) and back into
its own terms on the way out; the terminal chat has one person, `AT_THE_TERMINAL`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TELEGRAM = "telegram"
TERMINAL = "terminal"
MAX_CHANNEL = 32
MAX_ADDRESS = 128
"""The columns' sizes: an address is as long as a channel needs (an email address, say)."""


@dataclass(frozen=True, slots=True)
class Someone:
    channel: str
    """Which way in: "telegram", "terminal"."""
    address: str
    """Who they are in that channel, as text: a Telegram chat id is "5101"."""

    def __post_init__(self) -> None:
        if not 0 < len(self.channel) <= MAX_CHANNEL:
            raise ValueError(f"a channel is 1 to {MAX_CHANNEL} characters")
        if not 0 < len(self.address) <= MAX_ADDRESS:
            raise ValueError(f"an address is 1 to {MAX_ADDRESS} characters")

    @classmethod
    def of(cls, row: Any) -> Someone:
        """The person a database row names in its `channel` and `address` columns."""
        return cls(str(row.channel), str(row.address))


AT_THE_TERMINAL = Someone(TERMINAL, "local")
"""The one person of `onward chat`; /forget clears them like anyone else."""
