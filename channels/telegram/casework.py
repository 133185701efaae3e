"""Case work on Telegram: decode an update into the core's request, let the core answer
it (`core.casework.commands`), write the replies through the turn. Nothing here knows
what a command means, and nothing here imports aiogram, so either runtime uses it.

Entry points, over plain values:
- `message_request(chat_id, language_code, text, replied_to, bot_username)`: the
  request in a private text message (`replied_to`: the text of the bot's message it
  replies to, or None), or None when it is the conversation's.
- `button_request(chat_id, language_code, data)`: the same for a tapped button.
- `await casework_turn(turn, request)`: answers a request in one transaction, with the
  update marked handled and the replies (to this chat and to others) in the outbox.
  False: it was the conversation's after all, and nothing was written; the caller then
  hands the update to the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from channels.telegram.render import render
from channels.telegram.turn import TelegramTurn
from core.casework.commands import Casework
from core.casework.requests import Command, ReplyText, Request, Say, Tap, Who, command, takes
from core.outgoing import Outgoing
from flows.events import Text


def message_request(
    chat_id: int,
    language_code: str | None,
    text: str,
    replied_to: str | None,
    bot_username: str = "",
) -> Request | None:
    found = command(text)
    if found is not None:
        what: Command | ReplyText | None = found
    else:
        what = ReplyText(text, replied_to) if replied_to is not None else None
    if what is None or not takes(what):
        return None
    start_link = f"https://t.me/{bot_username}?start=" if bot_username else ""
    return Request(Who(chat_id, language_code), what, start_link)


def button_request(chat_id: int, language_code: str | None, data: str) -> Request | None:
    tap = Tap(data)
    return Request(Who(chat_id, language_code), tap) if takes(tap) else None


@dataclass(frozen=True)
class _Sender:
    """The person, as the turn's conversation reads them."""

    id: int
    language_code: str | None


def rendered(said: list[Say]) -> list[Outgoing]:
    """Each reply as Telegram calls in its own chat; never an edit of a tapped menu."""
    return [call for say in said for call in render(say.chat_id, [say.reply], None)]


async def casework_turn(turn: TelegramTurn, request: Request) -> bool:
    casework = Casework(
        turn.store, turn.catalogs, turn.clock, turn.batcher.conversations.engine.crisis
    )
    chat = request.who.chat_id
    crisis = casework.converse_first(request)
    if crisis and isinstance(request.what, ReplyText):
        sender = _Sender(chat, request.who.language_code)
        await turn.converse(sender, Text(request.what.text), tapped=None)
    first = turn.written

    async def write(conn: AsyncConnection, said: list[Say]) -> None:
        await turn.write(conn, chat, rendered(said))

    if await casework.handle(request, write) is None:
        return crisis  # urgent help was the answer; a reply that is no reason says no more
    turn.written = first + turn.written  # both turns' replies go out, in order
    return True
