"""Routers: what each kind of Telegram update means to Onward.

Handlers get the `turn` for their update from the worker (through aiogram's handler
data): it runs the engine, or sends a note, and records that the update was answered.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from channels.telegram.texts import EDITED_NOTE, GROUP_NOTE
from channels.telegram.turn import TelegramTurn
from flows.events import Event, Location, Press, Text, Unsupported, UnsupportedKind


# Filters are coroutines: aiogram runs a plain (or magic) filter in a thread pool, and
# that hop, on every update, cost more than answering the update.
async def private_from_someone(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE and message.from_user is not None


async def tapped_in_private(query: CallbackQuery) -> bool:
    return query.message is not None and query.message.chat.type == ChatType.PRIVATE


async def in_group(message: Message) -> bool:
    return message.chat.type in {ChatType.GROUP, ChatType.SUPERGROUP}


async def about_private_chat(update: ChatMemberUpdated) -> bool:
    return update.chat.type == ChatType.PRIVATE


UNSUPPORTED: tuple[UnsupportedKind, ...] = (
    "sticker",
    "photo",
    "voice",
    "video",
    "document",
    "contact",
)


def as_event(message: Message) -> Event:
    """A private message as the engine reads it: text, a place, or something it cannot read."""
    if message.text is not None:
        return Text(message.text)
    place = message.location or (message.venue.location if message.venue else None)
    if place is not None:
        return Location(place.latitude, place.longitude)
    for kind in UNSUPPORTED:
        if getattr(message, kind) is not None:
            return Unsupported(kind)
    return Unsupported("other")


async def on_message(message: Message, turn: TelegramTurn) -> None:
    assert message.from_user is not None
    await turn.converse(message.from_user, as_event(message), tapped=None)


async def on_press(query: CallbackQuery, turn: TelegramTurn) -> None:
    turn.beside(turn.answer_query(query.id))
    tapped = query.message.message_id if query.message is not None else None
    await turn.converse(query.from_user, Press(query.data or ""), tapped=tapped)


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
    """Fresh routers (a router belongs to one dispatcher): case work first (its commands
    and buttons), then private talk, groups, blocking."""
    from channels.telegram.casework import router as casework  # it hands replies back here

    conversation = Router(name="conversation")
    conversation.message.register(on_message, private_from_someone)
    conversation.callback_query.register(on_press, tapped_in_private)
    conversation.edited_message.register(on_edit, private_from_someone)
    groups = Router(name="groups")
    groups.message.register(in_a_group, in_group)
    membership = Router(name="membership")
    membership.my_chat_member.register(on_block, about_private_chat)
    return [casework(), conversation, groups, membership]
