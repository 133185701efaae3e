"""Routers: what each kind of Telegram update means to Onward.

Handlers get the `turn` for their update from the worker (through aiogram's handler
data): it runs the engine, or sends a note, and records that the update was answered.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, ChatMemberUpdated, InaccessibleMessage, Message

from channels.telegram import casework
from channels.telegram.messages import as_event, replied_to_bot
from channels.telegram.texts import EDITED_NOTE, GROUP_NOTE
from channels.telegram.turn import TelegramTurn
from core.casework.requests import Request
from flows.events import Press


# Filters are coroutines: aiogram runs a plain (or magic) filter in a thread pool, and
# that hop, on every update, cost more than answering the update.
async def private_from_someone(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE and message.from_user is not None


async def tapped_in_private(query: CallbackQuery) -> bool:
    """A tap in a private chat, or one whose message we are not shown (an inline
    message, or one too old for Telegram to send): heard in the tapper's private chat."""
    return query.message is None or query.message.chat.type == ChatType.PRIVATE


def tapped_message(query: CallbackQuery) -> int | None:
    """The message to edit in place, when Telegram still shows it to us."""
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return None
    return message.message_id


async def in_group(message: Message) -> bool:
    return message.chat.type in {ChatType.GROUP, ChatType.SUPERGROUP}


async def about_private_chat(update: ChatMemberUpdated) -> bool:
    return update.chat.type == ChatType.PRIVATE


async def on_message(message: Message, turn: TelegramTurn, bot_username: str = "") -> None:
    """Case work's, when it is one of its commands or a reason it asked for; else the
    conversation's."""
    user = message.from_user
    assert user is not None
    if message.text is not None:
        request = casework.message_request(
            user.id, user.language_code, message.text, replied_to_bot(message), bot_username
        )
        if request is not None and await casework.casework_turn(turn, request):
            return
    await turn.converse(user, as_event(message), tapped=None)


async def casework_button(query: CallbackQuery) -> dict[str, Any] | bool:
    """A case-work button (its request handed on to `on_casework_button`)."""
    request = casework.button_request(
        query.from_user.id, query.from_user.language_code, query.data or ""
    )
    return {"request": request} if request is not None else False


async def on_casework_button(query: CallbackQuery, turn: TelegramTurn, request: Request) -> None:
    turn.beside(turn.answer_query(query.id))
    await casework.casework_turn(turn, request)


async def on_press(query: CallbackQuery, turn: TelegramTurn) -> None:
    turn.beside(turn.answer_query(query.id))
    await turn.converse(query.from_user, Press(query.data or ""), tapped=tapped_message(query))


async def only_answer(query: CallbackQuery, turn: TelegramTurn) -> None:
    """A tap nobody else takes (a button in a group): still answered, or it spins."""
    await turn.answer_query(query.id)


async def on_edit(message: Message, turn: TelegramTurn) -> None:
    assert message.from_user is not None
    await turn.note(message.chat.id, message.from_user.language_code, EDITED_NOTE)


async def in_a_group(message: Message, turn: TelegramTurn) -> None:
    """Nothing personal is ever said in a group: only where to talk instead."""
    language = message.from_user.language_code if message.from_user else None
    await turn.note(message.chat.id, language, GROUP_NOTE)


async def on_block(update: ChatMemberUpdated, turn: TelegramTurn) -> None:
    blocked = update.new_chat_member.status == "kicked"
    await turn.set_reachable(update.chat.id, not blocked)


def routers() -> list[Router]:
    """Fresh routers (a router belongs to one dispatcher): case-work buttons first, then
    private talk (case-work commands and reasons are decoded in `on_message`), groups,
    blocking."""
    buttons = Router(name="casework")
    buttons.callback_query.register(on_casework_button, casework_button)
    conversation = Router(name="conversation")
    conversation.message.register(on_message, private_from_someone)
    conversation.callback_query.register(on_press, tapped_in_private)
    conversation.callback_query.register(only_answer)
    conversation.edited_message.register(on_edit, private_from_someone)
    groups = Router(name="groups")
    groups.message.register(in_a_group, in_group)
    membership = Router(name="membership")
    membership.my_chat_member.register(on_block, about_private_chat)
    return [buttons, conversation, groups, membership]
