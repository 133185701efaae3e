"""The directory as the engine reads it: searches, details and hours over the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.storage.engine import create_engine, upgrade
from directory.found import Query
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


async def test_what_a_search_finds_has_details_and_hours(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'onward.db'}"
    upgrade(url)
    database = create_engine(url)
    try:
        await seed_directory(database)
        reader = DatabaseDirectory(database)
        hits = await reader.search(Query(now=NOW, category="mental_health", region="GB-EAW"))
        assert hits
        assert all(hit.location_id is None for hit in hits), "anywhere: by phone or online"
        first = hits[0]
        details = await reader.details([(first.service_id, None)], "fr")
        assert details[first.service_id].name
        hours = await reader.hours_of(first.service_id, None, NOW)
        assert hours is not None
        assert hours.service_id == first.service_id
        assert await reader.details([("no-such-service", None)], "en") == {}
        assert await reader.hours_of("no-such-service", None, NOW) is None
    finally:
        await database.dispose()
