"""What a person can send, as the engine sees it: no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

COMMANDS = ("start", "menu", "back", "help", "language", "privacy", "forget", "cancel")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Press:
    """A tap on a button; `data` is what the button carried and may be old or forged."""

    data: str


@dataclass(frozen=True)
class Command:
    name: str


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


UnsupportedKind = Literal["sticker", "photo", "voice", "video", "document", "contact", "other"]


@dataclass(frozen=True)
class Unsupported:
    """Something the engine cannot read: a sticker, a photo, a voice note."""

    kind: UnsupportedKind


Event = Text | Press | Command | Location | Unsupported


def parse_command(text: str) -> Command | None:
    """`/menu` or `/menu@OnwardBot` -> Command('menu'); anything else -> None."""
    if not text.startswith("/"):
        return None
    name = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
    return Command(name) if name in COMMANDS else None
