"""`onward db copy --from URL --to URL`: every table of one database into another,
freshly migrated one; made to move from SQLite to PostgreSQL, and works between any two.

The target is written in one transaction: a copy that fails leaves it as it was. The
source is read in one transaction too, so the copy is of one moment; Onward should be
stopped meanwhile, or what it writes after that moment stays behind. Ids are copied as
they are (case workers type reminder ids; a sent message is known by its id), and the
target's id counters are set after the highest id the source ever gave, so no id is
given twice. The directory's search index is rebuilt on the target by the target's own
text index (SQLite's FTS5 and PostgreSQL's full-text search keep different tables).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import DateTime, Table, delete, func, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from core.settings import database_problem
from core.storage.engine import MIGRATIONS, create_engine
from core.storage.models import as_utc
from core.storage.tables import person_t
from directory.indexing import SearchIndex
from directory.store import DirectoryStore
from directory.tables import search_t, table_of

BATCH = 1000
"""Rows read and written at a time: a million people need not fit in memory at once."""
DERIVED = {search_t.name}
"""Rebuilt from the directory on the target rather than copied."""


class RefusedError(Exception):
    """Why nothing was copied, in one sentence for the operator."""


@dataclass
class Copied:
    rows: dict[str, int] = field(default_factory=dict)
    searchable: int = 0


def _where(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _checked(url: str, option: str) -> str:
    problem = database_problem(url)
    if problem:
        raise RefusedError(problem.replace("DATABASE_URL", option))
    return url


async def run(args: argparse.Namespace) -> int:
    try:
        source, target = _checked(args.source, "--from"), _checked(args.target, "--to")
        if make_url(source) == make_url(target):
            raise RefusedError("--from and --to name the same database; nothing was copied.")
        copied = await _copy_between(source, target)
    except RefusedError as refused:
        print(refused, file=sys.stderr)
        return 1
    people = copied.rows.get(person_t.name, 0)
    print(
        f"Copied {sum(copied.rows.values())} rows of {len(copied.rows)} tables, {people} "
        f"people among them, from {_where(source)} to {_where(target)}; "
        f"{copied.searchable} services can be found there. Set DATABASE_URL to it and "
        "start Onward again."
    )
    return 0


async def _copy_between(source: str, target: str) -> Copied:
    engines = create_engine(source), create_engine(target)
    try:
        return await copy(*engines)
    finally:
        for engine in engines:
            await engine.dispose()


async def copy(source: AsyncEngine, target: AsyncEngine) -> Copied:
    """Every table of `source` into `target`, in one transaction on the target."""
    head = str(ScriptDirectory(str(MIGRATIONS)).get_current_head())
    async with source.connect() as reading, target.begin() as writing:
        await _one_moment(reading)
        await _refuse_unless_ready(reading, writing, head)
        copied = Copied()
        old_services = await _service_ids(writing)
        tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in DERIVED]
        for table in reversed(tables):  # what the bundled directory load left, if anything
            await writing.execute(delete(table))
        for table in tables:
            try:
                copied.rows[table.name] = await _copy_table(reading, writing, table)
            except DBAPIError as error:  # e.g. a text longer than its column allows
                raise RefusedError(
                    f"A row of table {table.name} does not fit the database copied to "
                    f"({_reason(error)}); nothing was copied."
                ) from error
            await _ids_after(writing, table, await _highest_id(reading, table))
        copied.searchable = await _rebuild_search(writing, target, old_services)
        await reading.rollback()
    return copied


def _reason(error: DBAPIError) -> str:
    """The database's own words, without the statement (nor, ever, its values)."""
    words = str(error.orig).strip().splitlines()
    if not words:
        return type(error.orig).__name__
    # asyncpg's first line is "<class ...>: message"; a message may quote the value
    # (invalid input syntax for type integer: "..."), which is cut off.
    return words[0].split(": ", 1)[-1].split(': "', 1)[0]


async def _one_moment(conn: AsyncConnection) -> None:
    """Every table read as it was at the first read, whatever is written meanwhile."""
    if conn.dialect.name == "sqlite":
        await conn.exec_driver_sql("BEGIN")  # the driver would begin none for reads alone
    else:
        await conn.execution_options(isolation_level="REPEATABLE READ")


async def _revision(conn: AsyncConnection) -> str | None:
    if not await conn.run_sync(lambda sync: inspect(sync).has_table("alembic_version")):
        return None
    return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()


async def _refuse_unless_ready(
    reading: AsyncConnection, writing: AsyncConnection, head: str
) -> None:
    found = await _revision(reading)
    if found != head:
        raise RefusedError(
            f"The database to copy from is not at this Onward's schema ({found or 'none'}, "
            f"not {head}): run `onward db upgrade` with DATABASE_URL set to it first; "
            "nothing was copied."
        )
    found = await _revision(writing)
    if found != head:
        raise RefusedError(
            f"The database to copy to is not migrated to the same revision ({found or 'none'}, "
            f"not {head}): run `onward db upgrade` with DATABASE_URL set to it first; "
            "nothing was copied."
        )
    people = (await writing.execute(select(func.count()).select_from(person_t))).scalar_one()
    if people:
        raise RefusedError(
            f"The database to copy to already holds {people} people, and a copy would mix "
            "two services' people: copy only into a new database; nothing was copied."
        )


async def _copy_table(reading: AsyncConnection, writing: AsyncConnection, table: Table) -> int:
    zoned = [c.name for c in table.columns if isinstance(c.type, DateTime) and c.type.timezone]
    order = list(table.primary_key.columns) or list(table.columns)
    rows = await reading.stream(select(table).order_by(*order))
    count = 0
    async for batch in rows.mappings().partitions(BATCH):
        values = [_utc(dict(row), zoned) for row in batch]
        await writing.execute(insert(table), values)
        count += len(values)
    return count


def _utc(row: dict[str, Any], zoned: Iterable[str]) -> dict[str, Any]:
    """SQLite hands back times without their zone; they are UTC (core/storage/models.py)."""
    for name in zoned:
        if row[name] is not None:
            row[name] = as_utc(row[name])
    return row


def _counted_id(table: Table) -> str | None:
    column = table.autoincrement_column
    return None if column is None else column.name


async def _highest_id(conn: AsyncConnection, table: Table) -> int:
    """The highest id the database ever gave in this table, deleted rows' too."""
    name = _counted_id(table)
    if name is None:
        return 0
    highest = (await conn.execute(select(func.max(table.c[name])))).scalar() or 0
    if conn.dialect.name == "sqlite":
        if await conn.run_sync(lambda sync: inspect(sync).has_table("sqlite_sequence")):
            given = await conn.execute(
                text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table.name}
            )
            highest = max(highest, given.scalar() or 0)
    elif conn.dialect.name == "postgresql":
        given = await conn.execute(
            text("SELECT pg_sequence_last_value(pg_get_serial_sequence(:t, :c)::regclass)"),
            {"t": table.name, "c": name},
        )
        highest = max(highest, given.scalar() or 0)
    return int(highest)


async def _ids_after(conn: AsyncConnection, table: Table, highest: int) -> None:
    """The next id given in `table` is above `highest`."""
    name = _counted_id(table)
    if name is None:
        return
    if conn.dialect.name == "postgresql":
        # As if `highest` had been given (so pg_sequence_last_value reads it back, for a
        # copy of this copy); a table never written starts at 1.
        given = "true" if highest else "false"
        await conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:t, :c), :n, {given})"),
            {"t": table.name, "c": name, "n": max(highest, 1)},
        )
    elif conn.dialect.name == "sqlite" and table.dialect_options["sqlite"]["autoincrement"]:
        # Only AUTOINCREMENT tables remember ids beyond the rows; SQLite updated their
        # counter to the highest row copied, and the source may have given more.
        await conn.execute(text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table.name})
        await conn.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :n)"),
            {"t": table.name, "n": highest},
        )


async def _service_ids(conn: AsyncConnection) -> set[str]:
    service = table_of("service")
    return set((await conn.execute(select(service.c.id))).scalars())


async def _rebuild_search(conn: AsyncConnection, target: AsyncEngine, old: set[str]) -> int:
    """The copied services made findable on the target; those it held before, not."""
    store = DirectoryStore(target)
    index = SearchIndex(store.text_index, store.taxonomy)
    ids = sorted(old | await _service_ids(conn))
    searchable = 0
    for start in range(0, len(ids), BATCH):
        searchable += await index.rebuild(conn, ids[start : start + BATCH])
    return searchable
