"""Databases a test makes for itself (for a process of its own, or a second database), on
the database the suite runs on: SQLite files in the test's folder, or, with
ONWARD_TEST_DATABASE=postgresql, databases in the throwaway cluster (tests/helpers/postgres.py).

Tests about SQLite itself (its WAL, secure_delete, the file's bytes) are marked
`only_sqlite`; where the guarantee matters, a PostgreSQL counterpart sits beside them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.storage.engine import sync_url, upgrade
from tests.helpers.postgres import CHOSEN, Cluster

ON_POSTGRESQL = CHOSEN == "postgresql"
only_sqlite = pytest.mark.skipif(
    ON_POSTGRESQL, reason="about SQLite itself; its PostgreSQL counterpart runs instead"
)
only_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="about PostgreSQL itself: runs with ONWARD_TEST_DATABASE=postgresql"
)


@dataclass
class Databases:
    """Databases by name: asking for a name twice gives the same database."""

    folder: Path
    cluster: Cluster | None
    template: str | None = None
    made: dict[str, str] = field(default_factory=dict)

    def url(self, name: str = "onward", migrated: bool = False) -> str:
        """A new database (empty, or migrated to head), as `DATABASE_URL` would name it."""
        if name not in self.made:
            self.made[name] = self._make(name, migrated)
        return self.made[name]

    def unusable(self) -> str:
        """A database Onward cannot prepare: a file that is not a database; on
        PostgreSQL, a database never created."""
        if self.cluster is not None:
            return self.cluster.url("no_such_database")
        path = self.folder / "unusable.db"
        path.write_text("this is not a database")
        return f"sqlite+aiosqlite:///{path}"

    def _make(self, name: str, migrated: bool) -> str:
        if self.cluster is None:
            url = f"sqlite+aiosqlite:///{self.folder / f'{name}.db'}"
            if migrated:
                upgrade(url)
            return url
        return self.cluster.url(self.cluster.create(self.template if migrated else None))

    def drop_all(self) -> None:
        if self.cluster is not None:
            for url in self.made.values():
                self.cluster.drop(sa.make_url(url).database or "")


def sync_engine(url: str) -> sa.Engine:
    """The same database through a synchronous driver, for a test to look into."""
    return sa.create_engine(sync_url(url))


def table_names(url: str) -> list[str]:
    engine = sync_engine(url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.fixture
def databases(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Databases]:
    cluster: Cluster | None = None
    template = None
    if ON_POSTGRESQL:
        cluster = request.getfixturevalue("postgres_cluster")
        template = request.getfixturevalue("postgres_template")
    made = Databases(tmp_path, cluster, template)
    yield made
    made.drop_all()
