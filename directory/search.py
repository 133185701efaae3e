"""Searching the directory: by need, near a place, when it is open, language spoken,
free text.

One indexed query finds the nearest places of a need around the person (up to 100 km),
nearest first; asked for a time (open now, tonight, tomorrow, a day), the same query
keeps only the places open then (directory/opening_sql.py), so the nearest open ones are
found however many closed ones lie nearer. Opening hours and exact distance are worked
out here for those few. Open places come first, then the nearest. Services with no
building (helplines) that cover the person's region follow.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, Text, cast, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from directory import models
from directory.found import Hit, Query
from directory.geo import Point, bounding_box, distance_km
from directory.hours import Hours
from directory.opening_sql import admitting
from directory.textindex import (
    CELL_SIZES,
    TextIndex,
    around,
    covering,
    match_expression,
    text_index_for,
)

search_t: Table = models.SearchPlace.__table__  # type: ignore[attr-defined]
RADII_KM = (10.0, 100.0)  # beyond 100 km is not "near", even in the countryside
NEAREST = 100  # the nearest places, ranked by opening hours, then distance
ENOUGH = 40  # found within the small box, the wide one is not searched
NEAREST_FIRST = "nearest_first"
READ_FOR_HOURS = 1000  # asked about a time: the nearest places whose hours are read, at most
ENOUGH_FOR_WORDS = 12  # three pages: matching words nearby, the wider cells are not searched
COLUMNS = (
    search_t.c.service_id,
    search_t.c.location_id,
    search_t.c.latitude,
    search_t.c.longitude,
    search_t.c.timezone,
    search_t.c.languages,
    # The stored JSON text, parsed once per distinct schedule (see Hours.from_json); a
    # cast, as PostgreSQL's driver would otherwise hand back the JSON parsed.
    cast(search_t.c.hours, Text).label("hours"),
)


def _covers(region: str | None) -> list[str]:
    """Coverage codes that serve someone in `region`: GB-EAW is served by GB and GB-EAW."""
    if not region or region == "other":
        return []
    country = region.split("-", 1)[0]
    return sorted({country, region})


@dataclass
class Directory:
    engine: AsyncEngine
    text_index: TextIndex = field(init=False)

    def __post_init__(self) -> None:
        self.text_index = text_index_for(self.engine.dialect.name)

    @property
    def _dialect(self) -> str:
        return str(self.engine.dialect.name)

    async def search(self, query: Query) -> list[Hit]:
        """Places near the person, then helplines that serve their region. Without a
        place, only helplines and online services: "anywhere" means by phone or online."""
        if query.text is not None and match_expression(query.text) is None:
            return []
        async with self.engine.connect() as conn:
            hits = await self._near(conn, query) if query.near is not None else []
            seen = {h.service_id for h in hits}
            remote = await self._covering(conn, query)
        return (hits + [h for h in remote if h.service_id not in seen])[: query.limit]

    async def hours_of(
        self, service_id: str, location_id: str | None, now: dt.datetime
    ) -> Hit | None:
        """When one place of a service is open, for its details."""
        statement = select(*COLUMNS).where(search_t.c.service_id == service_id).limit(1)
        if location_id:
            statement = statement.where(search_t.c.location_id == location_id)
        async with self.engine.connect() as conn:
            row = (await conn.execute(statement)).first()
        return None if row is None else self._hit(row, Query(now=now))

    async def _near(self, conn: AsyncConnection, query: Query) -> list[Hit]:
        """The nearest places, found by SQLite in an indexed query (a small box first, a
        wide one only if that holds too few); then those open now first."""
        assert query.near is not None
        if query.text:
            # The index finds the services with these words in the cells around the
            # point, small cells first; then their places are looked up by key.
            point = query.near
            for prefix in CELL_SIZES:
                cells = around(point.latitude, point.longitude, prefix)
                near_words = await self.text_index.matching(conn, query.text, cells)
                statement = _nearest(query, RADII_KM[-1], near_words, self._dialect)
                rows = list(await conn.execute(statement))
                if len(rows) >= ENOUGH_FOR_WORDS:
                    break
            return self._best(rows, query, _rank)
        for radius in RADII_KM:
            rows = list(await conn.execute(_nearest(query, radius, None, self._dialect)))
            if len(rows) >= ENOUGH:
                break
        return self._best(rows, query, _rank)

    async def _covering(self, conn: AsyncConnection, query: Query) -> list[Hit]:
        """Services with no building (helplines) that serve the person's region."""
        covers = _covers(query.region)
        matching = None
        if query.text:
            matching = await self.text_index.matching(conn, query.text, covering(covers))
        statement = select(*COLUMNS).where(
            search_t.c.coverage.in_(covers) if covers else search_t.c.coverage.is_not(None)
        )
        if query.category:
            statement = statement.where(search_t.c.category == query.category)
        if matching is not None:
            statement = statement.where(search_t.c.text_key.in_(matching))
        statement = _when(statement, search_t.name, query, self._dialect)
        return self._best(await conn.execute(statement), query, _rank)

    def _best(self, rows: Any, query: Query, key: Callable[[Hit], Any]) -> list[Hit]:
        """One hit a service (its best place), in order."""
        best: dict[str, Hit] = {}
        for row in rows:
            hit = self._hit(row, query)
            if hit is None:
                continue
            known = best.get(hit.service_id)
            if known is None or key(hit) < key(known):
                best[hit.service_id] = hit
        return sorted(best.values(), key=key)

    @staticmethod
    def _admitted(hours: Hours, query: Query) -> bool:
        """Open in the time asked about, by the one definition of hours (the query's
        filter keeps a few more); or hours not known, when those are asked for too."""
        assert query.window is not None
        if not hours.known:
            return query.unknown_hours_too
        return hours.first_opening(query.window) is not None

    def _hit(self, row: Any, query: Query) -> Hit | None:
        service_id, location_id, latitude, longitude, zone_name, languages, hours_json = row
        if query.language and f" {query.language} " not in languages:
            return None
        hours = Hours.from_json(hours_json, zone_name)
        if query.window is not None and not self._admitted(hours, query):
            return None
        distance = None
        if query.near is not None and latitude is not None:
            distance = distance_km(query.near, Point(latitude, longitude))
        open_until = hours.open_until(query.now)
        return Hit(service_id, location_id, distance, open_until, hours, query.window)


def _nearest(query: Query, radius: float, matching: Any, dialect: str) -> Any:
    """Places in a box around the person, nearest first by a flat-earth measure that
    SQLite can work out (exact distances are computed for the few kept)."""
    assert query.near is not None
    south, north, west, east = bounding_box(query.near, radius)
    scale = math.cos(math.radians(query.near.latitude)) ** 2
    dlat = search_t.c.latitude - query.near.latitude
    dlon = search_t.c.longitude - query.near.longitude
    statement = (
        select(*COLUMNS)
        .where(
            search_t.c.latitude.between(south, north),
            search_t.c.longitude.between(west, east),
        )
        .order_by(dlat * dlat + dlon * dlon * scale)
    )
    if query.category:
        statement = statement.where(search_t.c.category == query.category)
    if matching is not None:
        # The few services with the words near the point lead, through the key index.
        statement = statement.where(search_t.c.text_key.in_(matching))
    if query.window is None:
        return statement.limit(NEAREST)
    # Asked about a time, the box's places go to the hours filter nearest first, and it
    # stops at the hundredth open one, rather than reading every place's hours. Only
    # their ids are sorted (from the index alone); SQLite reads them in that order and
    # looks each row up by its key. (The LIMIT keeps SQLite from merging the two
    # queries, which would filter before sorting; Python ranks what comes back again.)
    distance = (dlat * dlat + dlon * dlon * scale).label("distance")
    ids = statement.with_only_columns(search_t.c.id, distance).limit(READ_FOR_HOURS)
    nearest_first = ids.subquery(NEAREST_FIRST)
    joined = nearest_first.join(search_t, search_t.c.id == nearest_first.c.id)
    asked = _when(select(*COLUMNS).select_from(joined), search_t.name, query, dialect)
    if dialect == "postgresql":
        # PostgreSQL keeps no order through a join unless asked; asked by the subquery's
        # own column, it sees the rows come sorted and still stops at the hundredth.
        asked = asked.order_by(nearest_first.c.distance)
    return asked.limit(NEAREST)


def _when(statement: Any, columns: str, query: Query, dialect: str) -> Any:
    """Only places open in the time asked about (and, if asked, those whose hours are
    not known), read from the rows named `columns`; the zones named are read exactly,
    others are checked in _hit."""
    if query.window is None:
        return statement
    # The person's zone, where the places near them are; a place elsewhere (a helpline
    # kept in UTC, say) passes the query and is checked in _hit.
    zones = [query.zone or "UTC"]
    return statement.where(
        admitting(query.window, zones, columns, query.unknown_hours_too, dialect)
    )


def _rank(hit: Hit) -> tuple[bool, float, str]:
    """Places known to be open first (now, or in the time asked about: every one kept
    whose hours are known), then the nearest; services in one building in a fixed
    order, whatever order the database read them in."""
    known_open = hit.open_now if hit.window is None else hit.hours.known
    distance = hit.distance_km if hit.distance_km is not None else float("inf")
    return (not known_open, distance, hit.service_id)
