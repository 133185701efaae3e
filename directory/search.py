"""Searching the directory: by need, near a place, open now, language spoken, free text.

One indexed query finds the places of a need in a box around the person, widening the
box until enough are found; distance and opening hours are worked out here for those few.
Open places come first, then the nearest. Services with no building (helplines) that
cover the person's region follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from directory import models
from directory.geo import Point, bounding_box, distance_km
from directory.hours import Hours
from directory.textindex import SqliteTextIndex, TextIndex

search_t: Table = models.SearchPlace.__table__  # type: ignore[attr-defined]
RADII_KM = (2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0)
ENOUGH = 12  # places found before the search stops widening
TEXT_CANDIDATES = 400


@dataclass(frozen=True)
class Query:
    now: dt.datetime
    category: str | None = None
    near: Point | None = None
    region: str | None = None
    """The person's region (GB-EAW) or country (US): which helplines serve them."""
    language: str | None = None
    text: str | None = None
    open_now: bool = False
    limit: int = 40


@dataclass(frozen=True)
class Hit:
    service_id: str
    location_id: str | None
    distance_km: float | None
    open_until: dt.datetime | None
    hours: Hours = field(repr=False, compare=False)

    @property
    def open_now(self) -> bool:
        return self.open_until is not None

    def next_opening(self, now: dt.datetime) -> dt.datetime | None:
        return self.hours.next_opening(now)


def _covers(region: str | None) -> list[str]:
    """Coverage codes that serve someone in `region`: GB-EAW is served by GB and GB-EAW."""
    if not region or region == "other":
        return []
    country = region.split("-", 1)[0]
    return sorted({country, region})


@dataclass
class Directory:
    engine: AsyncEngine
    text_index: TextIndex = field(default_factory=SqliteTextIndex)

    async def search(self, query: Query) -> list[Hit]:
        async with self.engine.connect() as conn:
            wanted: set[str] | None = None
            if query.text:
                wanted = set(await self.text_index.search(conn, query.text, TEXT_CANDIDATES))
                if not wanted:
                    return []
            local = await self._near(conn, query, wanted) if query.near else []
            remote = await self._covering(conn, query, wanted, bool(query.near))
        seen = {h.service_id for h in local}
        hits = local + [h for h in remote if h.service_id not in seen]
        return hits[: query.limit]

    async def hours_of(
        self, service_id: str, location_id: str | None, now: dt.datetime
    ) -> Hit | None:
        """When one place of a service is open, for its details."""
        statement = select(search_t).where(search_t.c.service_id == service_id).limit(1)
        if location_id:
            statement = statement.where(search_t.c.location_id == location_id)
        async with self.engine.connect() as conn:
            row = (await conn.execute(statement)).mappings().first()
        if row is None:
            return None
        return self._hit(row, Query(now=now), None)

    async def _near(
        self, conn: AsyncConnection, query: Query, wanted: set[str] | None
    ) -> list[Hit]:
        assert query.near is not None
        best: dict[str, Hit] = {}
        for radius in RADII_KM:
            south, north, west, east = bounding_box(query.near, radius)
            statement = select(search_t).where(
                search_t.c.latitude.between(south, north),
                search_t.c.longitude.between(west, east),
            )
            if query.category:
                statement = statement.where(search_t.c.category == query.category)
            best = {}
            for row in (await conn.execute(statement)).mappings():
                hit = self._hit(row, query, wanted)
                if hit is None or hit.distance_km is None or hit.distance_km > radius:
                    continue
                known = best.get(hit.service_id)
                if known is None or _rank(hit) < _rank(known):
                    best[hit.service_id] = hit
            if len(best) >= ENOUGH:
                break
        return sorted(best.values(), key=_rank)

    async def _covering(
        self, conn: AsyncConnection, query: Query, wanted: set[str] | None, near: bool
    ) -> list[Hit]:
        statement = select(search_t).where(search_t.c.coverage.is_not(None))
        covers = _covers(query.region)
        if covers:
            statement = statement.where(search_t.c.coverage.in_(covers))
        if query.category:
            statement = statement.where(search_t.c.category == query.category)
        if not near and wanted is not None:
            # Without a place, a text search also finds services with a building.
            statement = select(search_t).where(
                or_(
                    search_t.c.coverage.in_(covers)
                    if covers
                    else search_t.c.coverage.is_not(None),
                    search_t.c.latitude.is_not(None),
                )
            )
            if query.category:
                statement = statement.where(search_t.c.category == query.category)
        found: dict[str, Hit] = {}
        for row in (await conn.execute(statement)).mappings():
            hit = self._hit(row, query, wanted)
            if hit is not None and hit.service_id not in found:
                found[hit.service_id] = hit
        return sorted(found.values(), key=_rank)

    def _hit(self, row: Any, query: Query, wanted: set[str] | None) -> Hit | None:
        if wanted is not None and row["service_id"] not in wanted:
            return None
        if query.language and f" {query.language} " not in row["languages"]:
            return None
        hours = Hours.of(row["hours"], row["timezone"])
        open_until = hours.open_at(query.now)
        if query.open_now and open_until is None:
            return None
        distance = None
        if query.near is not None and row["latitude"] is not None:
            distance = distance_km(query.near, Point(row["latitude"], row["longitude"]))
        return Hit(row["service_id"], row["location_id"], distance, open_until, hours)


def _rank(hit: Hit) -> tuple[bool, float]:
    return (not hit.open_now, hit.distance_km if hit.distance_km is not None else float("inf"))


def page(hits: Sequence[Hit], number: int, size: int) -> tuple[list[Hit], bool]:
    """One page of results, and whether there are more after it."""
    start = number * size
    return list(hits[start : start + size]), len(hits) > start + size
