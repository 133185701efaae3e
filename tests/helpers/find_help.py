"""A person's chat with the real flows over the sample directory (tests/helpers/sample_directory.py)."""

from __future__ import annotations

import datetime as dt

from core.conversations import Conversations
from core.storage.store import Store
from flows.engine import Engine
from flows.events import Location
from tests.conftest import NOW, Chat
from tests.helpers import sample_directory as sample

MANCHESTER = Location(*sample.MANCHESTER)


def chat_in(
    engine: Engine, store: Store, language: str | None = "en", now: dt.datetime = NOW
) -> Chat:
    """A chat whose clock stands at `now`."""
    return Chat(Conversations(engine, store, clock=lambda: now), language_code=language)
