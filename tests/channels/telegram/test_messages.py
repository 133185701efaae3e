"""One reading of a private message for both runtimes: the same Bot API JSON, parsed by
aiogram and by python-telegram-bot, means the same event to the engine."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import Message as AiogramMessage
from telegram import Bot
from telegram import Message as PtbMessage

from channels.telegram.messages import Message, as_event, replied_to_bot
from flows.events import Event, Location, Text, Unsupported

CHAT = {"id": 7, "type": "private"}
PERSON = {"id": 7, "is_bot": False, "first_name": "Ana"}
BOT = {"id": 99, "is_bot": True, "first_name": "Onward", "username": "onward_bot"}
PLACE = {"latitude": 51.5, "longitude": -0.12}
PHOTO = [{"file_id": "p", "file_unique_id": "pu", "width": 1, "height": 1}]
STICKER = {
    "file_id": "s", "file_unique_id": "su", "type": "regular", "width": 1, "height": 1,
    "is_animated": False, "is_video": False,
}  # fmt: skip


def message(**fields: Any) -> dict[str, Any]:
    return {"message_id": 1, "date": 1, "chat": CHAT, "from": PERSON, **fields}


def both(payload: dict[str, Any]) -> list[Message]:
    """The payload as each library reads it."""
    return [
        AiogramMessage.model_validate(payload),
        PtbMessage.de_json(payload, Bot("1:A")),
    ]


@pytest.mark.parametrize(
    ("fields", "event"),
    [
        ({"text": "hello"}, Text("hello")),
        ({"location": PLACE}, Location(51.5, -0.12)),
        (
            {"venue": {"location": PLACE, "title": "Library", "address": "1 High St"}},
            Location(51.5, -0.12),
        ),
        ({"photo": PHOTO}, Unsupported("photo")),
        ({"sticker": STICKER}, Unsupported("sticker")),
        ({"dice": {"emoji": "🎲", "value": 3}}, Unsupported("other")),
    ],
)
def test_each_library_reads_a_message_as_the_same_event(fields: dict[str, Any], event: Event):
    assert [as_event(m) for m in both(message(**fields))] == [event, event]


def test_a_reply_is_to_onward_only_when_it_quotes_the_bot():
    to_bot = message(text="bus", reply_to_message=message(text="Why?", **{"from": BOT}))
    to_someone = message(text="bus", reply_to_message=message(text="Why?"))
    assert [replied_to_bot(m) for m in both(to_bot)] == ["Why?", "Why?"]
    assert [replied_to_bot(m) for m in both(to_someone)] == [None, None]
    assert [replied_to_bot(m) for m in both(message(text="bus"))] == [None, None]
