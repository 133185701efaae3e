"""SQLite and PostgreSQL find the same places, in the same order, for the same questions.

The demo area and the sample directory are imported into both; then every category near
each place, asked about no time, now, tonight, tomorrow and a chosen day; and words of
the services' names in every language (whole, their first letters, letters from their
middle), near a place and anywhere. Skips where PostgreSQL's server is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.engine import create_engine, upgrade
from directory.formats import read, read_json
from directory.found import Hit
from directory.geo import Point
from directory.hours import window
from directory.search import Directory, Query
from directory.seed import DATA, DEMO
from directory.store import DirectoryStore
from directory.taxonomy import categories
from tests.helpers import sample_directory as sample

LONDON = ZoneInfo("Europe/London")
PLACES = {
    "GB-EAW": Point(*sample.MANCHESTER),
    "US-MI": Point(*sample.DETROIT),
}
MOMENTS = [
    dt.datetime(2026, 11, 23, 12, 0, tzinfo=LONDON),  # Monday noon
    dt.datetime(2026, 11, 24, 2, 0, tzinfo=LONDON),  # Tuesday, 2 in the morning
    dt.datetime(2026, 11, 27, 17, 0, tzinfo=LONDON),  # Friday evening
]


@pytest.fixture
async def engines(tmp_path: Path, postgres_url: str) -> AsyncIterator[list[AsyncEngine]]:
    lite = f"sqlite+aiosqlite:///{tmp_path / 'onward.db'}"
    upgrade(lite)
    both = [create_engine(lite), create_engine(postgres_url)]
    for engine in both:
        store = DirectoryStore(engine)
        await store.import_dataset(read(DATA / DEMO))
        await store.import_dataset(read_json(sample.write(tmp_path)))
    yield both
    for engine in both:
        await engine.dispose()


def _seen(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [
        (h.service_id, h.location_id, round(h.distance_km or -1, 6), h.open_until) for h in hits
    ]


async def _same(directories: list[Directory], query: Query) -> int:
    on_sqlite, on_postgresql = [_seen(await d.search(query)) for d in directories]
    assert on_sqlite == on_postgresql, query
    return len(on_sqlite)


def _questions() -> list[Query]:
    asked = []
    for now in MOMENTS:
        windows = [None] + [window(w, now, LONDON) for w in ("now", "tonight", "tomorrow")]
        windows.append(window("day", now, LONDON, now.date() + dt.timedelta(days=3)))
        for category in [c.code for c in categories().all] + [None]:
            for region, near in PLACES.items():
                for when in windows:
                    zone = "America/Detroit" if region == "US-MI" else "Europe/London"
                    asked.append(
                        Query(now=now, category=category, near=near, region=region,
                              window=when, zone=zone)
                    )  # fmt: skip
    return asked


def _words() -> list[str]:
    """Words of services' names in every language, the first three letters of the
    longer ones, and two letters (two Chinese characters) out of their middle."""
    services = read(DATA / DEMO).records["service"].values()
    texts = [s.fields["name"] for s in services] + [s["name"] for s in sample.services()]
    for service in services:
        for fields in (service.onward.get("translations") or {}).values():
            texts += [fields.get("name", "")]
    words = sorted({w for t in texts for w in re.findall(r"\w+", t)})
    some = words[::6]  # enough of each script, in a test of a few seconds
    return some + [w[:3] for w in some if len(w) > 4] + [w[1:3] for w in some if len(w) > 3]


async def test_both_databases_find_the_same_places(engines: list[AsyncEngine]):
    directories = [Directory(engine) for engine in engines]
    found = [await _same(directories, query) for query in _questions()]
    assert sum(found) > 1000  # the questions find things: this compares something


async def test_both_databases_find_the_same_words(engines: list[AsyncEngine]):
    directories = [Directory(engine) for engine in engines]
    now = MOMENTS[0]
    found = 0
    for word in _words():
        for region, near in [*PLACES.items(), ("GB-EAW", None)]:
            found += await _same(directories, Query(now=now, text=word, near=near, region=region))
    assert found > 500
