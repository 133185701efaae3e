"""The directory's tests run on SQLite and on PostgreSQL in one run, wherever PostgreSQL's
server is installed (tests/helpers/postgres.py starts a throwaway cluster; without one
the PostgreSQL cases skip, unless ONWARD_TEST_DATABASE=postgresql, when they must run and
the SQLite ones are left to the SQLite run)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.engine import create_engine, upgrade
from directory.formats import read_json
from directory.store import DirectoryStore
from tests.helpers import sample_directory as sample
from tests.helpers.postgres import CHOSEN

DATABASES = ["postgresql"] if CHOSEN == "postgresql" else ["sqlite", "postgresql"]


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database migrated to head: each directory test runs once on each database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'onward.db'}"
    upgrade(url)
    return url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def directory_store(database: AsyncEngine) -> DirectoryStore:
    return DirectoryStore(database)


@pytest.fixture
async def loaded(directory_store: DirectoryStore, tmp_path: Path) -> DirectoryStore:
    """The sample directory, imported."""
    await directory_store.import_dataset(read_json(sample.write(tmp_path)))
    return directory_store
