"""What a private message means to Onward, read the same way from either library's types.

aiogram's and python-telegram-bot's `Message` carry the same Bot API fields under the
same names, so one reading serves both runtimes; the protocols below name only the
fields it reads. This module imports neither library.
"""

from __future__ import annotations

from typing import Protocol

from flows.events import Event, Location, Text, Unsupported, UnsupportedKind

UNSUPPORTED: tuple[UnsupportedKind, ...] = (
    "sticker",
    "photo",
    "voice",
    "video",
    "document",
    "contact",
)


class Place(Protocol):
    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...


class Venue(Protocol):
    @property
    def location(self) -> Place: ...


class Author(Protocol):
    @property
    def is_bot(self) -> bool: ...


class Quoted(Protocol):
    """A message another one replies to."""

    @property
    def text(self) -> str | None: ...

    @property
    def from_user(self) -> Author | None: ...


class Message(Protocol):
    @property
    def text(self) -> str | None: ...

    @property
    def location(self) -> Place | None: ...

    @property
    def venue(self) -> Venue | None: ...

    @property
    def reply_to_message(self) -> Quoted | None: ...


def as_event(message: Message) -> Event:
    """A private message as the engine reads it: text, a place, or something it cannot read."""
    if message.text is not None:
        return Text(message.text)
    place = message.location or (message.venue.location if message.venue else None)
    if place is not None:
        return Location(place.latitude, place.longitude)
    for kind in UNSUPPORTED:
        # Truthiness, not `is not None`: PTB gives an empty tuple for no photo.
        if getattr(message, kind, None):
            return Unsupported(kind)
    return Unsupported("other")


def replied_to_bot(message: Message) -> str | None:
    """The text of Onward's message this one replies to, if it replies to one."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or not replied.from_user.is_bot:
        return None
    return replied.text or ""
