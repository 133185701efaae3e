"""`onward directory ...`: what an NGO's directory maintainer runs."""

from __future__ import annotations

import argparse
import datetime as dt

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from core.app import migrate
from core.settings import Settings
from core.storage.engine import create_engine
from core.storage.models import ServiceReport
from directory.formats import read, write_csv_package, write_json
from directory.hsds import DataError
from directory.models import Service
from directory.store import DirectoryStore
from directory.validation import validate

report_t: Table = ServiceReport.__table__  # type: ignore[attr-defined]
service_t: Table = Service.__table__  # type: ignore[attr-defined]
PROBLEM_WORDS = {
    "closed": "has closed",
    "wrong_phone": "wrong phone number",
    "wrong_address": "wrong address",
    "other": "something else",
}


def _rejected(error: DataError) -> int:
    print(f"Nothing was imported: {len(error.problems)} problem(s) to fix first.")
    for problem in error.problems[:100]:
        print(f"  {problem}")
    if len(error.problems) > 100:
        print(f"  ... and {len(error.problems) - 100} more")
    return 1


async def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.step == "validate":
        data = read(args.path)
        try:
            validate(data)
        except DataError as error:
            return _rejected(error)
        counts = ", ".join(f"{n} {table}" for table, n in data.count().items())
        print(f"{args.path} is valid HSDS 3.0: {counts}.")
        return 0
    await migrate(settings.database_url)
    database = create_engine(settings.database_url)
    try:
        return await _with_database(args, database)
    finally:
        await database.dispose()


async def _with_database(args: argparse.Namespace, database: AsyncEngine) -> int:
    store = DirectoryStore(database)
    if args.step == "import":
        try:
            summary = await store.import_dataset(read(args.path))
        except DataError as error:
            return _rejected(error)
        counts = ", ".join(f"{n} {table}" for table, n in summary.counts.items())
        print(f"Imported {counts}. {summary.searchable} services can be found by place.")
        return 0
    if args.step == "export":
        data = await store.dataset()
        if args.format == "json":
            write_json(data, args.out)
        else:
            write_csv_package(data, args.out)
        print(f"Wrote {len(data.records['service'])} services to {args.out}")
        return 0
    if args.step == "stale":
        rows = await store.stale(args.days, dt.datetime.now(dt.UTC).date())
        for row in rows:
            when = row["assured_date"].isoformat() if row["assured_date"] else "never"
            checker = row["assurer_email"] or "no one named"
            print(f"{when}  {row['id']}  {row['name']}  ({checker})")
        print(f"{len(rows)} service(s) not verified in {args.days} days.")
        return 0
    return await _reports(args, database)


async def _reports(args: argparse.Namespace, database: AsyncEngine) -> int:
    if args.handled is not None:
        async with database.begin() as conn:
            result = await conn.execute(
                update(report_t)
                .where(report_t.c.id == args.handled, report_t.c.handled_at.is_(None))
                .values(handled_at=dt.datetime.now(dt.UTC))
            )
        if result.rowcount == 0:
            print(f"There is no open report {args.handled}.")
            return 1
        print(f"Report {args.handled} is marked as handled.")
        return 0
    statement = (
        select(report_t, service_t.c.name)
        .outerjoin(service_t, service_t.c.id == report_t.c.service_id)
        .order_by(report_t.c.reported_at)
    )
    if not args.all:
        statement = statement.where(report_t.c.handled_at.is_(None))
    async with database.connect() as conn:
        rows = list((await conn.execute(statement)).mappings())
    for row in rows:
        state = "handled" if row["handled_at"] else "open"
        what = PROBLEM_WORDS.get(row["problem"], row["problem"])
        note = f': "{row["note"]}"' if row["note"] else ""
        name = row["name"] or row["service_id"]
        print(f"#{row['id']} [{state}] {row['reported_at']:%Y-%m-%d} {name}: {what}{note}")
    print(f"{len(rows)} report(s). Mark one handled with: onward directory reports --handled ID")
    return 0
