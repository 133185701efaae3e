from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.engine import create_engine
from directory.formats import read_json
from directory.store import DirectoryStore
from tests.helpers import sample_directory as sample


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
