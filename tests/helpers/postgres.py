"""A throwaway PostgreSQL cluster for the tests, started from Debian's binaries.

`initdb` into a temporary folder, `pg_ctl start` listening on 127.0.0.1 at a free port
(and a socket in that folder), and removed at the end of the session. One database is
migrated to head once and kept as a template; each test gets its own copy of it, which
PostgreSQL makes in a fraction of the time a migration takes.

The whole suite runs on PostgreSQL with ONWARD_TEST_DATABASE=postgresql (`.ci/run` does
it after the SQLite run). Tests about PostgreSQL itself ask for `postgres_url` and run
whenever `pg_ctl` can be found, skipping (with the reason) where it cannot, unless
ONWARD_TEST_DATABASE=postgresql says it must be there.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

CHOSEN = os.environ.get("ONWARD_TEST_DATABASE", "sqlite")
SEARCHED = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
# Durability is not what the tests test: without fsync a copy of the template is quick.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"


def _binary(name: str) -> str | None:
    for folder in SEARCHED:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres_user() -> list[str]:
    """initdb refuses to run as root: as root, run the server as Debian's postgres user."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class Cluster:
    folder: Path
    port: int
    pg_ctl: str
    numbers: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str, driver: str = "asyncpg") -> str:
        return f"postgresql+{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self) -> sa.Engine:
        return sa.create_engine(self.url("postgres", "psycopg"), isolation_level="AUTOCOMMIT")

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its name."""
        name = f"t{os.getpid()}_{next(self.numbers)}"
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        with self.admin().connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}{copy}"))
        return name

    def drop(self, name: str) -> None:
        with self.admin().connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def stop(self) -> None:
        subprocess.run(
            [*_as_postgres_user(), self.pg_ctl, "stop", "-D", str(self.folder / "data"), "-m",
             "immediate"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster | None:
    """A running cluster, or None when this machine has no PostgreSQL server binaries."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="onward-pg-"))
    data = folder / "data"
    user = _as_postgres_user()
    if user:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        [*user, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--locale=C.UTF-8"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    options = f"-h 127.0.0.1 -p {port} -k {folder} {FAST}"
    subprocess.run(
        [*user, pg_ctl, "start", "-w", "-D", str(data), "-o", options, "-l",
         str(folder / "log")],
        check=True, capture_output=True,
    )  # fmt: skip
    return Cluster(folder, port, pg_ctl)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    if cluster is None:
        if CHOSEN == "postgresql":
            pytest.fail("ONWARD_TEST_DATABASE=postgresql, but no initdb or pg_ctl was found")
        pytest.skip("PostgreSQL's server (initdb, pg_ctl) is not installed here")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: Cluster) -> str:
    """A database migrated to head, copied for each test."""
    from core.storage.engine import upgrade

    name = postgres_cluster.create()
    upgrade(postgres_cluster.url(name))
    return name


@contextlib.contextmanager
def fresh_database(cluster: Cluster, template: str | None) -> Iterator[str]:
    name = cluster.create(template)
    try:
        yield cluster.url(name)
    finally:
        cluster.drop(name)


@pytest.fixture
def postgres_url(postgres_cluster: Cluster, postgres_template: str) -> Iterator[str]:
    """A PostgreSQL database of this test's own, migrated to head."""
    with fresh_database(postgres_cluster, postgres_template) as url:
        yield url


@pytest.fixture
def empty_postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """A PostgreSQL database of this test's own with no tables: for migration tests."""
    with fresh_database(postgres_cluster, None) as url:
        yield url
