"""The inbox and the outbox key a person by their Telegram chat id: the one place where
a `Someone` becomes that number and back.

Why an integer and not a `Someone`: the queues are Telegram's, the one channel that
receives updates and sends messages through them. Its runtime gives each chat one
worker, its sender and delivery's per-chat limits count by chat, and Telegram's calls
name the chat by that number; so the rows keep it, and /forget finds them by it. A
channel that needs queues of its own adds its mapping here (and a `channel` column to
the queues); until then a person on another channel has nothing in them.
"""

from __future__ import annotations

from core.people import TELEGRAM, Someone

QUEUED_CHANNEL = TELEGRAM


def chat_id_of(someone: Someone) -> int | None:
    """Their chat id in the queues; None for a person on a channel with no queues."""
    if someone.channel != QUEUED_CHANNEL:
        return None
    return int(someone.address)


def someone_in(chat_id: int) -> Someone:
    """The person a chat of the queues belongs to (Telegram's private chat is the user)."""
    return Someone(QUEUED_CHANNEL, str(chat_id))


def queued_chat(someone: Someone) -> int:
    """Their chat id, for code that serves only the queues' channel (a Telegram turn)."""
    chat = chat_id_of(someone)
    if chat is None:
        raise ValueError(f"the queues hold no chats on {someone.channel}")
    return chat
