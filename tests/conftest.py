from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_engine
from bot.conversations import Conversations
from bot.db.engine import create_engine, upgrade
from bot.db.store import Store
from flows.engine import Engine

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real flows, checked and compiled as at start-up."""
    return build_engine()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
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
