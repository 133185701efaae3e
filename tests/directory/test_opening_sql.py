"""The hours filter in the search query gives the answer directory.hours gives.

Over the sample directory and a few places with awkward hours (several openings a day,
past midnight, every other week, valid dates, a monthly rule, seconds, no hours), at
moments across a week and on the days London and Detroit change their clocks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.formats import read_json
from directory.geo import Point
from directory.hours import Hours, Window, window
from directory.opening_sql import admitting
from directory.search import Directory, Query
from directory.store import DirectoryStore
from directory.tables import search_t
from tests.helpers import sample_directory as sample

LONDON, DETROIT = ZoneInfo("Europe/London"), ZoneInfo("America/Detroit")
ZONES = {"Europe/London", "America/Detroit", "UTC"}
WEEKLY = {"freq": "WEEKLY"}


def awkward(slug: str, schedules: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    record = sample.service(slug, slug, ["legal"], at=sample.north_of(sample.MANCHESTER, 20), **kw)
    record["schedules"] = [
        {"id": sample.uid(slug, "hours", str(n)), **schedule}
        for n, schedule in enumerate(schedules)
    ]
    return record


def places() -> list[dict[str, Any]]:
    return [
        *sample.services(),
        awkward(
            "split-day",
            [
                {**WEEKLY, "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "12:00"},
                {**WEEKLY, "byday": "MO,TU,WE,TH,FR", "opens_at": "13:00", "closes_at": "17:00"},
                {**WEEKLY, "byday": "FR", "opens_at": "22:00", "closes_at": "02:00"},
            ],
        ),
        awkward(
            "every-other-monday",
            [
                {
                    **WEEKLY,
                    "interval": 2,
                    "dtstart": "2026-11-02",
                    "byday": "MO",
                    "opens_at": "09:00",
                    "closes_at": "12:00",
                }
            ],
        ),
        awkward(
            "winter-shelter",
            [
                {
                    **WEEKLY,
                    "byday": sample.ALL_WEEK,
                    "opens_at": "20:00",
                    "closes_at": "08:00",
                    "valid_from": "2026-11-26",
                    "valid_to": "2027-02-28",
                }
            ],
        ),
        awkward(
            "until-saturday",
            [{"byday": "SA,SU", "opens_at": "10:00", "closes_at": "16:00", "until": "2026-11-28"}],
        ),
        awkward(
            "seconds",
            [{**WEEKLY, "byday": "TU,TH", "opens_at": "17:30:00", "closes_at": "20:15:30"}],
        ),
        awkward(
            "first-saturday",
            [{"freq": "MONTHLY", "byday": "1SA", "opens_at": "10:00", "closes_at": "13:00"}],
        ),
        awkward(
            "late-detroit",
            [{**WEEKLY, "byday": "SA,SU", "opens_at": "22:00", "closes_at": "06:00"}],
            zone="America/Detroit",
        ),
        # Closing in the hour that does not exist when clocks go forward: 01:30 is read
        # as before the change, so it closes at 02:30 BST (03:30 EDT in Detroit).
        awkward(
            "small-hours",
            [{**WEEKLY, "byday": "SU", "opens_at": "00:30", "closes_at": "01:30"}],
        ),
        awkward(
            "small-hours-detroit",
            [{**WEEKLY, "byday": "SU", "opens_at": "01:00", "closes_at": "02:30"}],
            zone="America/Detroit",
        ),
        awkward("no-hours", []),
    ]


@pytest.fixture
async def rows(directory_store: DirectoryStore, tmp_path: Path) -> list[Any]:
    await directory_store.import_dataset(read_json(sample.write(tmp_path, places())))
    async with directory_store.engine.connect() as conn:
        columns = (search_t.c.id, search_t.c.service_id, search_t.c.timezone, search_t.c.hours)
        return list(await conn.execute(select(*columns)))


def by_hours(rows: list[Any], asked: Window) -> set[int]:
    return {r.id for r in rows if Hours.of(r.hours, r.timezone).first_opening(asked)}


async def by_sql(engine: AsyncEngine, asked: Window) -> set[int]:
    admitted = admitting(asked, ZONES, search_t.name, dialect=engine.dialect.name)
    statement = select(search_t.c.id).where(admitted)
    async with engine.connect() as conn:
        return set((await conn.execute(statement)).scalars())


def monthly(row: Any) -> bool:
    return any(schedule.get("freq") == "MONTHLY" for schedule in row.hours)


def windows(now: dt.datetime, where: ZoneInfo) -> list[Window]:
    today = now.astimezone(where).date()
    days = [window("day", now, where, today + dt.timedelta(days=n)) for n in (0, 2, 5)]
    return [window(when, now, where) for when in ("now", "tonight", "tomorrow")] + days


def ordinary_moments() -> list[dt.datetime]:
    """Every three hours and a half through a week of November, and the edges of
    opening times (a second before, at, and a second after)."""
    start = dt.datetime(2026, 11, 23, 0, 0, tzinfo=LONDON)
    moments = [start + dt.timedelta(minutes=210 * n) for n in range(48)]
    friday = dt.datetime(2026, 11, 27, tzinfo=LONDON)
    for hh, mm in ((17, 0), (20, 0), (22, 0), (8, 0), (2, 0), (17, 30)):
        edge = friday.replace(hour=hh, minute=mm)
        moments += [edge - dt.timedelta(seconds=1), edge, edge + dt.timedelta(seconds=1)]
    return moments


async def test_the_filter_is_the_hours_logic_on_ordinary_days(
    rows: list[Any], directory_store: DirectoryStore
):
    exact = {r.id for r in rows if not monthly(r)}
    checked = 0
    for now in ordinary_moments():
        for where in (LONDON, DETROIT):
            for asked in windows(now, where):
                expected, found = (
                    by_hours(rows, asked),
                    await by_sql(directory_store.engine, asked),
                )
                assert expected <= found, (now, asked)
                assert found & exact == expected & exact, (now, asked)
                checked += 1
    assert checked > 500


CLOCK_CHANGES = [
    (dt.datetime(2026, 3, 28, 17, 0, tzinfo=LONDON), LONDON),
    (dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC), LONDON),  # a minute before 02:00 BST
    (dt.datetime(2026, 3, 29, 1, 15, tzinfo=dt.UTC), LONDON),  # 02:15 BST
    (dt.datetime(2026, 10, 24, 17, 0, tzinfo=LONDON), LONDON),
    (dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), LONDON),  # 01:30 BST, the first
    (dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), LONDON),  # 01:30 GMT, the second
    (dt.datetime(2026, 3, 7, 21, 0, tzinfo=DETROIT), DETROIT),
    (dt.datetime(2026, 3, 8, 7, 15, tzinfo=dt.UTC), DETROIT),  # 03:15 EDT
    (dt.datetime(2026, 10, 31, 21, 0, tzinfo=DETROIT), DETROIT),
    (dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC), DETROIT),  # 01:30 EDT
    (dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC), DETROIT),  # 01:30 EST
]


@pytest.mark.parametrize(("now", "where"), CLOCK_CHANGES)
async def test_on_the_days_clocks_change_the_search_still_gives_the_hours_answer(
    rows: list[Any], directory_store: DirectoryStore, now: dt.datetime, where: ZoneInfo
):
    """The filter keeps a little more there; the search checks each place kept."""
    directory = Directory(directory_store.engine)
    service_of = {r.id: r.service_id for r in rows}
    for asked in windows(now, where):
        expected = by_hours(rows, asked)
        assert expected <= await by_sql(directory_store.engine, asked)
        found: set[str] = set()
        for near, region in ((sample.MANCHESTER, "GB-EAW"), (sample.DETROIT, "US-MI")):
            query = Query(
                now=now,
                near=Point(*near),
                region=region,
                window=asked,
                zone=str(where),
            )
            found |= {hit.service_id for hit in await directory.search(query)}
        assert found == {service_of[i] for i in expected}, (now, asked)


async def test_the_nearest_open_places_are_found_past_many_closed_ones(
    directory_store: DirectoryStore, tmp_path: Path
):
    """With the filter after the query's limit, 150 nearer closed places would hide the
    open ones; in the query, the nearest open ones come back."""
    closed = [
        sample.service(
            f"closed-{n}",
            f"Closed {n}",
            ["food"],
            at=sample.north_of(sample.MANCHESTER, 0.01 * n),
            hours=[("SA", "10:00", "12:00")],
        )
        for n in range(150)
    ]
    open_ones = [
        sample.service(
            f"open-{n}",
            f"Open {n}",
            ["food"],
            at=sample.north_of(sample.MANCHESTER, 2 + 0.1 * n),
            hours=[("MO,TU,WE,TH,FR", "09:00", "17:00")],
        )
        for n in range(50)
    ]
    await directory_store.import_dataset(read_json(sample.write(tmp_path, closed + open_ones)))
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=LONDON)
    query = Query(
        now=monday_noon,
        category="food",
        near=Point(*sample.MANCHESTER),
        window=window("now", monday_noon, LONDON),
        zone="Europe/London",
    )
    hits = await Directory(directory_store.engine).search(query)
    names = {record["id"]: record["name"] for record in open_ones}
    assert [names[h.service_id] for h in hits] == [f"Open {n}" for n in range(40)]
