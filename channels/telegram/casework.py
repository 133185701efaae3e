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

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from channels.telegram.render import render
from channels.telegram.turn import TelegramTurn
from core.casework.commands import Casework
from core.casework.requests import (
    Command,
    ReplyText,
    Request,
    Say,
    Tap,
    Who,
    command,
    takes,
    telegram_start_link,
)
from core.outgoing import Outgoing
from core.storage.chats import chat_id_of, queued_chat, someone_in
from flows.events import Text

log = logging.getLogger(__name__)


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
    start_link = telegram_start_link(bot_username)
    return Request(Who(someone_in(chat_id), language_code), what, start_link)


def button_request(chat_id: int, language_code: str | None, data: str) -> Request | None:
    tap = Tap(data)
    return Request(Who(someone_in(chat_id), language_code), tap) if takes(tap) else None


@dataclass(frozen=True)
class _Sender:
    """The person, as the turn's conversation reads them."""

    id: int
    language_code: str | None


def rendered(said: list[Say]) -> list[Outgoing]:
    """Each reply as Telegram calls in its own chat; never an edit of a tapped menu. A
    reply to someone on another channel (a case worker at the terminal) has no chat
    here, and no outbox that channel reads: it is left out."""
    calls = []
    for say in said:
        chat = chat_id_of(say.to)
        if chat is None:
            log.warning("a reply for another channel left out", extra={"channel": say.to.channel})
            continue
        calls += render(chat, [say.reply], None)
    return calls


async def casework_turn(turn: TelegramTurn, request: Request) -> bool:
    crisis_words = turn.batcher.conversations.engine.crisis
    casework = Casework(turn.store, turn.catalogs, turn.clock, crisis_words, turn.console_url)
    chat = queued_chat(request.who.someone)
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
