from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.app import build_engine
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.engine import create_engine, upgrade
from core.storage.store import Store
from flows.engine import Engine
from flows.events import Event, Press, Text
from flows.i18n import SHIPPED_LOCALES, language_name
from flows.replies import Button, Reply
from tests.helpers.postgres import CHOSEN as TEST_DATABASE

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
SOMEONE = Someone(TELEGRAM, "1001")
"""Whom a `Chat` is, unless told: a Telegram user, as most of Onward's people are."""


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real flows, checked and compiled as at start-up."""
    return build_engine()


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database migrated to head: SQLite, or PostgreSQL when ONWARD_TEST_DATABASE says."""
    if TEST_DATABASE == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'onward.db'}"
    upgrade(url)
    return url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    database = create_engine(database_url)
    yield Store(database)
    await database.dispose()


@pytest.fixture
def conversations(engine: Engine, store: Store) -> Conversations:
    return Conversations(engine, store, clock=lambda: NOW)


class Chat:
    """One person talking to Onward through the real edge: engine, store and SQLite."""

    def __init__(
        self,
        conversations: Conversations,
        someone: Someone = SOMEONE,
        language_code: str | None = "en",
    ) -> None:
        self.conversations = conversations
        self.someone = someone
        self.language_code = language_code
        self.replies: list[Reply] = []

    async def send(self, event: Event | str) -> list[Reply]:
        if isinstance(event, str):
            event = Text(event)
        self.replies = await self.conversations.handle(self.someone, self.language_code, event)
        assert self.replies, f"no reply to {event!r}"
        return self.replies

    @property
    def buttons(self) -> list[Button]:
        return [button for reply in self.replies for button in reply.buttons]

    @property
    def labels(self) -> list[str]:
        return [button.label for button in self.buttons]

    @property
    def text(self) -> str:
        return "\n\n".join(reply.text for reply in self.replies)

    async def tap(self, label: str) -> list[Reply]:
        matches = [b for b in self.buttons if b.label == label]
        assert matches, f"no button {label!r} in {self.labels}"
        return await self.send(Press(matches[0].data))

    async def tap_index(self, index: int) -> list[Reply]:
        return await self.send(Press(self.buttons[index].data))


@pytest.fixture
def chat(conversations: Conversations) -> Chat:
    return Chat(conversations)


async def onboard(chat: Chat, language: str = "English", region: str = "England or Wales") -> None:
    """Through onboarding to the main menu: in `language` (the one the app's language
    code gave, or changed to it), agreeing to what is kept, living in `region`."""
    await chat.send("/start")
    if language in chat.labels:  # the app's language is not one Onward speaks
        await chat.tap(language)
    elif speaking(chat) != language:
        await chat.tap_index(2)  # Change language
        await chat.tap(language)
    await chat.tap_index(0)  # Yes, that's OK
    await chat.tap(region)


def speaking(chat: Chat) -> str:
    """The name of the language the privacy notice's buttons are in."""
    catalogs = chat.conversations.engine.catalogs
    agree = chat.labels[0]
    return next(
        language_name(locale)
        for locale in SHIPPED_LOCALES
        if catalogs.translator(locale).gettext("Yes, that's OK") == agree
    )


# The end-to-end fixtures (a stand-in Bot API and Onward running against it), for every
# test folder that talks to Onward the way Telegram does.
from tests.helpers.databases import databases  # noqa: E402, F401
from tests.helpers.postgres import (  # noqa: E402, F401
    empty_postgres_url,
    postgres_cluster,
    postgres_template,
    postgres_url,
)
from tests.helpers.telegram import e2e_database, onward, sandbox, telegram_runtime  # noqa: E402, F401
