"""Directory search with 100,000 services stored, on SQLite.

Run: python bench/search.py [--services 100000] [--queries 2000]

Synthetic services are spread over Great Britain's towns in proportion to their size
(the gazetteer's populations), each with a place, opening hours (office, evening,
overnight, round the clock), languages, one or two categories and a description; a fifth
are also described in Spanish, Arabic or Chinese. They are loaded through the real
importer. Then it prints p50, p95 and p99 for:
  - category + distance + open now, from a random town, as "Find help" asks;
  - category + distance + open tonight (until 06:00) and open tomorrow, the same way;
  - free text (one or two words, in English, Spanish, Arabic or Chinese), near a town,
    and "anywhere" (phone and online help only);
and, as a baseline in the same process, the same category query with no place (only
national helplines), which costs one small query.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from core.storage.engine import create_engine, upgrade
from directory.found import Query
from directory.geo import Place, Point, gazetteer
from directory.hours import Window, window, zone
from directory.hsds import Dataset, Record
from directory.search import Directory
from directory.store import DirectoryStore
from directory.taxonomy import categories

NS = uuid.UUID("7d0a1c52-5c43-4c55-9b1a-2f0f3b6a9e10")
BATCH = 5_000
NOW = dt.datetime(2026, 11, 24, 21, 30, tzinfo=dt.UTC)  # a Tuesday evening: shelters open
LONDON = "Europe/London"
HOURS = [
    [("MO,TU,WE,TH,FR", "09:00", "17:00")],
    [("MO,TU,WE,TH,FR", "09:00", "17:00"), ("SA", "10:00", "13:00")],
    [("MO,TU,WE,TH,FR,SA,SU", "20:00", "08:00")],
    [("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")],
    [("TU,TH", "18:00", "21:00")],
]
# Words services are described with. Descriptions draw them by Zipf's law (a few words
# in most descriptions, most in few), as real directories' texts do; queries draw them
# evenly, so common and rare words are both asked for.
WORDS = {
    "en": (
        "help support advice free people local service housing food job work family "
        "children women health mental drugs alcohol legal records benefits money debt "
        "training course phone internet transport bus shelter hostel beds meals showers "
        "laundry clothes furniture deposit rent tenancy landlord council eviction homeless "
        "rough sleeping outreach night day drop-in centre clinic doctor dentist nurse "
        "pharmacy prescription counselling therapy group peer mentor recovery detox "
        "needle exchange naloxone veterans young adults parents visits prison release "
        "probation licence court solicitor fines id passport birth certificate bank "
        "account budgeting grants welfare pension disability carers interpreter language "
        "english classes computer library wifi laptop cv interview apprenticeship "
        "volunteering employer disclosure conviction spent caution dbs check referral "
        "appointment walk-in weekend evening emergency crisis listening domestic abuse "
        "refuge safety trauma bereavement faith community garden allotment cooking pantry "
        "vouchers parcel"
    ),
    "es": "consejo albergue comida vivienda trabajo familia niños salud ayuda legal deuda "
    "alquiler médico cursos empleo ropa duchas noche",
    "ar": "مأوى طعام سكن عمل أسرة أطفال صحة مساعدة قانونية ديون إيجار طبيب دورات ملابس",
    "zh_Hans": "住房 食物 工作 家庭 儿童 健康 法律 帮助 庇护所 债务 租金 医生 课程 衣服 淋浴",
}
ZIPF = {
    locale: [1 / rank for rank in range(1, len(words.split()) + 1)]
    for locale, words in WORDS.items()
}


def described(rng: random.Random, locale: str, count: int) -> str:
    words = WORDS[locale].split()
    return " ".join(rng.choices(words, ZIPF[locale], k=count))


SPOKEN = ["en", "ar", "es", "fr", "ru", "zh", "pl", "ur"]


def uid(*parts: object) -> str:
    return str(uuid.uuid5(NS, "/".join(map(str, parts))))


def towns() -> tuple[list[Place], list[int]]:
    places = {p.name: p for ps in gazetteer().names.values() for p in ps if p.country == "GB"}
    chosen = list(places.values())
    return chosen, [max(p.population, 1) for p in chosen]


def synthetic(
    count: int, start: int, rng: random.Random, where: list[Place], weights: list[int]
) -> Dataset:
    data = Dataset("synthetic")
    terms = categories().all
    for term in terms:
        fields = {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
        }
        data.add(Record("taxonomy_term", fields, term.code))
    for n in range(start, start + count):
        town = rng.choices(where, weights)[0]
        point = Point(
            town.point.latitude + rng.uniform(-0.08, 0.08),
            town.point.longitude + rng.uniform(-0.12, 0.12),
        )
        org = {"id": uid("org", n // 5), "name": f"Trust {n // 5}", "description": "A charity."}
        description = described(rng, "en", 12)
        onward: dict[str, object] = {"timezone": "Europe/London"}
        if rng.random() < 0.2:
            locale = rng.choice(["es", "ar", "zh_Hans"])
            onward["translations"] = {
                locale: {"description": " ".join(rng.sample(WORDS[locale].split(), 3))}
            }
        service = {
            "id": uid("s", n),
            "organization_id": org["id"],
            "name": f"{description.split()[-1].title()} service {n}",
            "status": "active",
            "description": description,
            "assured_date": "2026-01-01",
        }
        data.add(Record("organization", org, f"org {n}"))
        if n % 1000 == 0:  # one in a thousand is a helpline for the whole country
            onward["coverage"] = ["GB"]
        data.add(Record("service", service, f"service {n}", onward))
        if n % 1000 != 0:
            add_place(data, n, service["id"], point)
        for i, (days, opens, closes) in enumerate(rng.choice(HOURS)):
            data.add(
                Record(
                    "schedule",
                    {
                        "id": uid("h", n, i),
                        "service_id": service["id"],
                        "freq": "WEEKLY",
                        "byday": days,
                        "opens_at": opens,
                        "closes_at": closes,
                    },
                    f"schedule {n}",
                )
            )
        for code in {"en", rng.choice(SPOKEN)}:
            data.add(
                Record(
                    "language",
                    {"id": uid("lang", n, code), "service_id": service["id"], "code": code},
                    f"language {n}",
                )
            )
        for term in rng.sample(terms, rng.choice([1, 1, 2])):
            data.add(
                Record(
                    "attribute",
                    {
                        "id": uid("a", n, term.code),
                        "link_id": service["id"],
                        "link_entity": "service",
                        "taxonomy_term_id": term.id,
                    },
                    f"attribute {n}",
                )
            )
    return data


def add_place(data: Dataset, n: int, service_id: str, point: Point) -> None:
    location = {
        "id": uid("l", n),
        "location_type": "physical",
        "latitude": point.latitude,
        "longitude": point.longitude,
    }
    data.add(Record("location", location, f"location {n}"))
    link = {"id": uid("sal", n), "service_id": service_id, "location_id": location["id"]}
    data.add(Record("service_at_location", link, f"sal {n}"))


async def load(
    store: DirectoryStore,
    services: int,
    rng: random.Random,
    where: list[Place],
    weights: list[int],
) -> None:
    begun = time.perf_counter()
    for start in range(0, services, BATCH):
        await store.import_dataset(
            synthetic(min(BATCH, services - start), start, rng, where, weights)
        )
    loaded = time.perf_counter() - begun
    print(
        f"loaded {services:,} services through the importer in {loaded:.0f} s ({services / loaded:,.0f} a second)"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def timed(directory: Directory, queries: list[Query]) -> tuple[list[float], int]:
    took, found = [], 0
    for query in queries:
        begun = time.perf_counter()
        hits = await directory.search(query)
        took.append((time.perf_counter() - begun) * 1000)
        found += len(hits)
    return took, found


def report(label: str, took: list[float], found: int) -> None:
    print(
        f"{label:<46} p50 {statistics.median(took):6.2f} ms   p95 {percentile(took, 0.95):6.2f} ms   "
        f"p99 {percentile(took, 0.99):6.2f} ms   ({found / len(took):.1f} results a query)"
    )


async def main(services: int, queries: int, keep: Path | None) -> None:
    rng = random.Random(7)
    where, weights = towns()
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        fresh = not path.exists()
        upgrade(url)
        database = create_engine(url)
        if fresh:
            await load(DirectoryStore(database), services, rng, where, weights)
        directory = Directory(database)
        codes = categories().codes
        starts = [rng.choices(where, weights)[0].point for _ in range(queries)]
        asked = [rng.choice(codes) for _ in range(queries)]

        def nearby(when: Window) -> list[Query]:
            return [
                Query(
                    now=NOW,
                    category=category,
                    near=point,
                    region="GB-EAW",
                    window=when,
                    zone=LONDON,
                )
                for category, point in zip(asked, starts, strict=True)
            ]

        near = nearby(window("now", NOW, zone(LONDON)))
        tonight = nearby(window("tonight", NOW, zone(LONDON)))
        tomorrow = nearby(window("tomorrow", NOW, zone(LONDON)))
        words = [w for ws in WORDS.values() for w in ws.split()]
        text = [
            Query(now=NOW, text=" ".join(rng.sample(words, rng.choice([1, 2]))), region="GB-EAW")
            for _ in range(queries)
        ]
        text_near = [
            Query(
                now=NOW,
                text=" ".join(rng.sample(words, rng.choice([1, 2]))),
                near=rng.choices(where, weights)[0].point,
                region="GB-EAW",
            )
            for _ in range(queries)
        ]
        baseline = [
            Query(now=NOW, category=rng.choice(codes), region="GB-EAW") for _ in range(queries)
        ]
        await timed(directory, near[:50])  # warm the page cache
        report("baseline: category, no place (helplines)", *await timed(directory, baseline))
        report("category + distance + open now", *await timed(directory, near))
        report("category + distance + open tonight", *await timed(directory, tonight))
        report("category + distance + open tomorrow", *await timed(directory, tomorrow))
        report("free text + distance", *await timed(directory, text_near))
        report("free text, anywhere (phone and online help)", *await timed(directory, text))
        await database.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="a database file to load once and reuse")
    args = parser.parse_args()
    asyncio.run(main(args.services, args.queries, args.keep))
    sys.exit(0)
