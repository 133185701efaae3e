"""bench/scale.py, search: directory search with a million services on PostgreSQL, through
directory.search.Directory.search, as "Find help" asks.

Services are written straight into the tables a search reads (service, directory_search)
with COPY, and their words through the database's own text index (its `replace`, in
batches), rather than through the importer, which checks and links every HSDS record and
would take an hour for a million. What is written is what the importer's indexing
writes (directory/indexing.py): one search row a place and category, hours as the
schedules' JSON, languages padded, the English text with the place's grid cells as
words, and a fifth of the services also described in Spanish, Arabic or Chinese.

Spread: three in four services in Great Britain and one in four in Michigan, each near a
town of the gazetteer drawn by population; one in a thousand a helpline with no building
for the country or region; one or two categories each from directory/taxonomy; hours of
office, evening, overnight and round-the-clock kinds, one in ten not known.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import asyncpg

from bench.scale_common import dsn, quantile
from bench.search import HOURS, SPOKEN, WORDS, ZIPF
from core.storage.engine import create_engine
from directory.found import Query
from directory.geo import Place, gazetteer
from directory.hours import window, zone
from directory.search import Directory
from directory.taxonomy import categories
from directory.textindex import cell_words, coverage_words, text_key

NS = uuid.UUID("3f4c2d1e-8a9b-4c7d-9e0f-112233445566")
BATCH = 20_000
BUDGET = 90.0  # seconds of searches of one kind at most: a slow kind still ends the run
# A Tuesday: 21:30 in London (night shelters open, offices shut), 16:30 in Detroit.
NOW = dt.datetime(2026, 11, 24, 21, 30, tzinfo=dt.UTC)
REGIONS = {"GB": ("GB-EAW", "Europe/London"), "US-MI": ("US-MI", "America/Detroit")}
SERVICE_COLUMNS = (
    "id", "name", "description", "status", "accepts", "coverage", "timezone", "demo",
    "extra", "assured_date",
)  # fmt: skip
SEARCH_COLUMNS = (
    "service_id", "text_key", "location_id", "category", "latitude", "longitude",
    "coverage", "timezone", "languages", "hours",
)  # fmt: skip


@dataclass(frozen=True)
class Towns:
    places: list[Place]
    weights: list[int]

    @classmethod
    def of(cls, where: str) -> Towns:
        found = {
            (p.name, p.region): p
            for ps in gazetteer().names.values()
            for p in ps
            if (p.country == where if where == "GB" else p.region == where)
        }
        places = list(found.values())
        return cls(places, [max(p.population, 1) for p in places])

    @cached_property
    def cumulative(self) -> list[int]:
        return list(itertools.accumulate(self.weights))

    def draw(self, rng: random.Random) -> Place:
        return rng.choices(self.places, cum_weights=self.cumulative)[0]


ENGLISH = WORDS["en"].split()
ENGLISH_CUMULATIVE = list(itertools.accumulate(ZIPF["en"]))


def described(rng: random.Random) -> str:
    """Twelve English words by Zipf's law, as bench/search.py describes services."""
    return " ".join(rng.choices(ENGLISH, cum_weights=ENGLISH_CUMULATIVE, k=12))


def schedules(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return "[]"  # hours not known
    return json.dumps(
        [
            {"freq": "WEEKLY", "byday": days, "opens_at": opens, "closes_at": closes}
            for days, opens, closes in rng.choice(HOURS)
        ]
    )


@dataclass
class Generated:
    services: list[tuple[Any, ...]]
    places: list[tuple[Any, ...]]
    texts: list[tuple[str, str, str]]


def generate(start: int, count: int, rng: random.Random, towns: dict[str, Towns]) -> Generated:
    """`count` services from number `start`: their rows and their texts."""
    terms = categories().all
    out = Generated([], [], [])
    for n in range(start, start + count):
        sid = str(uuid.uuid5(NS, f"s{n}"))
        where = "GB" if rng.random() < 0.75 else "US-MI"
        region, zone_name = REGIONS[where]
        country = where.split("-", maxsplit=1)[0]
        description = described(rng)
        name = f"{description.split()[-1].title()} service {n}"
        chosen = rng.sample(terms, rng.choice([1, 1, 2]))
        helpline = n % 1000 == 0
        out.services.append(
            (sid, name, description, "active", "[]",
             json.dumps([country, region] if helpline else []),
             zone_name, False, "{}", dt.date(2026, 1, 1))
        )  # fmt: skip
        spoken = {"en", rng.choice(SPOKEN)}
        languages = f" {' '.join(sorted(spoken))} "
        hours = schedules(rng)
        key = text_key(sid)
        if helpline:
            for code in (country, region):
                for term in chosen:
                    out.places.append(
                        (sid, key, None, term.code, None, None, code, zone_name, languages, hours)
                    )
            where_words = coverage_words([country, region])
        else:
            town = towns[where].draw(rng)
            lat = town.point.latitude + rng.uniform(-0.08, 0.08)
            lon = town.point.longitude + rng.uniform(-0.12, 0.12)
            location = str(uuid.uuid5(NS, f"l{n}"))
            for term in chosen:
                out.places.append(
                    (sid, key, location, term.code, lat, lon, None, zone_name, languages, hours)
                )
            where_words = cell_words(lat, lon)
        english = " ".join([name, description, *(t.name for t in chosen), *where_words])
        out.texts.append((sid, "en", english))
        if rng.random() < 0.2:
            locale = rng.choice(["es", "ar", "zh_Hans"])
            words = " ".join(rng.sample(WORDS[locale].split(), 3))
            out.texts.append((sid, locale, " ".join([words, *where_words])))
    return out


async def fill(url: str, services: int) -> tuple[float, str | None]:
    """Write the services; the seconds it took, and why words could not be, if so."""
    began = time.perf_counter()
    rng = random.Random(11)
    towns = {where: Towns.of(where) for where in REGIONS}
    conn = await asyncpg.connect(dsn(url))
    database = create_engine(url)
    text_index, problem = _text_index(database)
    try:
        for start in range(0, services, BATCH):
            batch = generate(start, min(BATCH, services - start), rng, towns)
            async with conn.transaction():
                await conn.copy_records_to_table(
                    "service", records=batch.services, columns=SERVICE_COLUMNS
                )
                await conn.copy_records_to_table(
                    "directory_search", records=batch.places, columns=SEARCH_COLUMNS
                )
            if text_index is not None and problem is None:
                problem = await _words(database, text_index, batch)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
        await database.dispose()
    return time.perf_counter() - began, problem


def _text_index(database: Any) -> tuple[Any, str | None]:
    try:
        from directory.textindex import text_index_for  # type: ignore[attr-defined]
    except ImportError:
        return None, "directory.textindex has no text index for PostgreSQL yet"
    return text_index_for(database.dialect.name), None


async def _words(database: Any, text_index: Any, batch: Generated) -> str | None:
    try:
        async with database.begin() as conn:
            ids = [row[0] for row in batch.services]
            await text_index.replace(conn, ids, batch.texts)
    except Exception as error:  # reported; the rest is still measured
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    return None


Queries = dict[str, list[Query]]


def queries(count: int, towns: dict[str, Towns]) -> Queries:
    rng = random.Random(5)
    codes = categories().codes
    words = [w for ws in WORDS.values() for w in ws.split()]
    asked: Queries = {k: [] for k in ("near", "open", "text_near", "text")}
    for _ in range(count):
        where = "GB" if rng.random() < 0.75 else "US-MI"
        region, zone_name = REGIONS[where]
        point = towns[where].draw(rng).point
        category = rng.choice(codes)
        now = window("now", NOW, zone(zone_name))
        said = " ".join(rng.sample(words, rng.choice([1, 2])))
        common: dict[str, Any] = {"now": NOW, "region": region}
        asked["near"].append(Query(category=category, near=point, **common))
        asked["open"].append(
            Query(category=category, near=point, window=now, zone=zone_name, **common)
        )
        asked["text_near"].append(Query(text=said, near=point, **common))
        asked["text"].append(Query(text=said, **common))
    return asked


LABELS = {
    "near": "category + distance",
    "open": "category + distance + open now",
    "text_near": "free text + distance",
    "text": "free text, anywhere (helplines)",
}


async def measure(url: str, count: int) -> None:
    """Each kind of search `count` times; prints a line of figures (or the failure) each."""
    towns = {where: Towns.of(where) for where in REGIONS}
    asked = queries(count, towns)
    database = create_engine(url)
    directory = Directory(database)
    for kind, label in LABELS.items():
        print(await _timed(directory.search, asked[kind], label), flush=True)
    await database.dispose()


async def _timed(search: Callable[[Query], Any], asked: list[Query], label: str) -> str:
    """At most `len(asked)` searches, and no more than BUDGET seconds of them."""
    took, found, slow = [], 0, []
    try:
        for query in asked[:20]:
            await search(query)  # warm: the plan cache, the buffers
        stop = time.perf_counter() + BUDGET
        for query in asked:
            if time.perf_counter() > stop:
                break
            began = time.perf_counter()
            hits = await search(query)
            took.append((time.perf_counter() - began) * 1000)
            found += len(hits)
            slow.append((took[-1], query))
    except Exception as error:  # this search cannot run here yet: say so
        first = str(error).splitlines()[0][:160]
        return f"{label:<34} FAILS on PostgreSQL: {type(error).__name__}: {first}"
    p95 = quantile(took, 0.95)
    verdict = "met" if p95 <= 50 else "MISSED"
    figures = (
        f"{label:<34} p50 {statistics.median(took):6.2f} ms   p95 {p95:6.2f} ms   "
        f"p99 {quantile(took, 0.99):6.2f} ms   {found / len(took):4.1f} found   "
        f"({len(took)} searches; p95 <= 50 ms {verdict})"
    )
    if verdict == "MISSED":
        figures += "\n" + "\n".join(_described(ms, q) for ms, q in sorted(slow)[-3:])
    return figures


def _described(ms: float, query: Query) -> str:
    """One of the slowest searches, to look into."""
    where = f" near {query.near.latitude:.3f},{query.near.longitude:.3f}" if query.near else ""
    asked = f"{query.text!r}" if query.text else str(query.category)
    return f"    slow: {ms:.0f} ms for {asked}{where}"
