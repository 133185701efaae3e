"""Fixtures the flow tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.app import all_actions, build_engine
from core.storage.store import Store
from directory.formats import read_json
from directory.reader import DatabaseDirectory
from directory.store import DirectoryStore
from flows.engine import Engine
from tests.helpers import sample_directory as sample


@pytest.fixture
async def engine_over_directory(store: Store, tmp_path: Path) -> Engine:
    """The real flows, finding help in the sample directory stored in the test database."""
    await DirectoryStore(store.engine).import_dataset(read_json(sample.write(tmp_path)))
    return build_engine(actions=all_actions(DatabaseDirectory(store.engine)))
