"""What the stand-in keeps of a chat: the bot's own user, messages, and what people send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BOT_USER = {
    "id": 7_000_000_001,
    "is_bot": True,
    "first_name": "Onward",
    "username": "onward_sandbox_bot",
}


@dataclass
class Message:
    message_id: int
    chat: dict[str, Any]
    sender: dict[str, Any]
    date: int
    body: dict[str, Any]
    reply_markup: dict[str, Any] | None = None
    edited: bool = False

    def dump(self) -> dict[str, Any]:
        result = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat,
            "from": self.sender,
            **self.body,
        }
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            result["reply_markup"] = self.reply_markup
        return result


def media(kind: str) -> dict[str, Any]:
    """A message body carrying a sticker, photo, voice note, video, document or contact."""
    file = {"file_id": f"sandbox-{kind}", "file_unique_id": f"u-{kind}"}
    bodies: dict[str, dict[str, Any]] = {
        "sticker": {
            "sticker": {
                **file,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "🙂",
            }
        },
        "photo": {"photo": [{**file, "width": 640, "height": 480}]},
        "voice": {"voice": {**file, "duration": 3}},
        "video": {"video": {**file, "width": 640, "height": 480, "duration": 3}},
        "document": {"document": {**file, "file_name": "letter.pdf"}},
        "contact": {"contact": {"phone_number": "+447700900123", "first_name": "A friend"}},
    }
    return bodies[kind]
