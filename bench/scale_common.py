"""What bench/scale.py's sections share: a PostgreSQL server to make databases on, and
how figures are printed.

The server is the bench's own throwaway cluster (tests/helpers/postgres.py), restarted
with PostgreSQL's usual durability (the tests' cluster runs without fsync: a copy of a
database is quicker, and what they test is not the disk), or an existing server named by
--database-url, on which the bench makes its own databases beside the one named and
drops them at the end: nothing already stored there is read or changed.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from core.storage.engine import sync_url, upgrade
from tests.helpers.postgres import Cluster, _as_postgres_user, start_cluster


@dataclass
class Server:
    """A PostgreSQL server the bench makes and drops databases on."""

    url: str  # any database on it, through asyncpg
    cluster: Cluster | None = None
    made: list[str] = field(default_factory=list)
    numbers: itertools.count[int] = field(default_factory=itertools.count)
    template: str | None = None

    @classmethod
    def own(cls, durable: bool) -> Server:
        cluster = start_cluster()
        if cluster is None:
            sys.exit("PostgreSQL's server (initdb, pg_ctl) is not installed here; "
                     "install Debian's postgresql package or give --database-url.")  # fmt: skip
        if durable:
            restart_durable(cluster)
        return cls(cluster.url("postgres"), cluster)

    def admin(self) -> sa.Engine:
        return sa.create_engine(sync_url(self.url), isolation_level="AUTOCOMMIT")

    def database(self, purpose: str) -> str:
        """A new database migrated to head (a copy of one migrated once); its URL."""
        if self.template is None:
            self.template = self._create("template", None)
            upgrade(self.url_of(self.template))
        return self.url_of(self._create(purpose, self.template))

    def _create(self, purpose: str, template: str | None) -> str:
        name = f"onward_scale_{os.getpid()}_{next(self.numbers)}_{purpose}"
        copy = f" TEMPLATE {template}" if template else ""
        engine = self.admin()
        with engine.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}{copy}"))
        engine.dispose()
        self.made.append(name)
        return name

    def url_of(self, database: str) -> str:
        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    @property
    def postmaster(self) -> int | None:
        """The process id of the bench's own cluster's server, whose children serve it."""
        if self.cluster is None:
            return None
        pid_file = self.cluster.folder / "data" / "postmaster.pid"
        return int(pid_file.read_text().split("\n", 1)[0])

    def settings(self) -> str:
        engine = self.admin()
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
            fsync = conn.execute(sa.text("SHOW fsync")).scalar_one()
            commit = conn.execute(sa.text("SHOW synchronous_commit")).scalar_one()
            buffers = conn.execute(sa.text("SHOW shared_buffers")).scalar_one()
        engine.dispose()
        return (
            f"PostgreSQL {version.split()[0]}: fsync {fsync}, synchronous_commit {commit}, "
            f"shared_buffers {buffers}"
        )

    def close(self) -> None:
        engine = self.admin()
        with engine.connect() as conn:
            for name in reversed(self.made):
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()
        if self.cluster is not None:
            self.cluster.stop()


def restart_durable(cluster: Cluster) -> None:
    """The same cluster without the tests' shortcuts: fsync, synchronous commits and full
    page writes on, as PostgreSQL ships and as a deployment runs."""
    folder = cluster.folder
    options = f"-h 127.0.0.1 -p {cluster.port} -k {folder} -c max_connections=300"
    subprocess.run(
        [*_as_postgres_user(), cluster.pg_ctl, "restart", "-w", "-m", "fast", "-D",
         str(folder / "data"), "-o", options, "-l", str(folder / "log")],
        check=True, capture_output=True,
    )  # fmt: skip


def dsn(url: str) -> str:
    """The URL as asyncpg's own connect() takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def quantile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def heading(text: str) -> None:
    print(f"\n== {text}", flush=True)
