"""bench/scale.py, turns: p50/p99 of a whole turn (load, fire, render, save) through the
real Conversations and Store on PostgreSQL, with a million people stored, and with ten
thousand stored in the same run as the baseline.

People are written by the server itself (INSERT ... SELECT generate_series): a spread of
languages, regions and zones, each with a conversation resting at the main menu and the
privacy notice agreed, first seen over the past two years and last seen over the past
three months. Turns go to people drawn at random (each moving between the menu and
Settings, real transitions) and, one turn in ten, to a stranger writing for the first
time (a person row, a conversation and a welcome written).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import random
import statistics
import time

import asyncpg
from sqlalchemy import text

from bench.scale_common import dsn, quantile
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.engine import create_engine
from core.storage.store import Store
from core.storage.tables import among
from flows.conversation import Conversation
from flows.engine import Engine
from flows.events import Event, Press, Text
from flows.replies import Reply

FIRST_ADDRESS = 5_000_000
STRANGERS_FROM = 900_000_000
# (locale, region, zone): most people in England and Wales, many in Michigan.
KINDS = [
    ("en", "GB-EAW", "Europe/London"),
    ("en", "GB-EAW", "Europe/London"),
    ("en", "GB-EAW", "Europe/London"),
    ("en", "US-MI", "America/Detroit"),
    ("en", "US-MI", "America/Detroit"),
    ("ar", "GB-EAW", "Europe/London"),
    ("zh_Hans", "GB-EAW", "Europe/London"),
    ("es", "US-MI", "America/Detroit"),
    ("fr", "GB-EAW", "Europe/London"),
    ("ru", "GB-EAW", "Europe/London"),
]
KIND_ROWS = "SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])"
PEOPLE = f"""
WITH kind(k, locale, region, zone, data) AS ({KIND_ROWS})
INSERT INTO person (id, channel, address, locale, role, region, timezone, first_seen, last_seen)
SELECT i, 'telegram', ($6 + i)::text, kind.locale,
       CASE WHEN i % 3 = 0 THEN 'released' END, kind.region, kind.zone,
       $7::timestamptz - make_interval(days => 90 + i % 640),
       $7::timestamptz - make_interval(secs => (i::bigint * 7919 % 7776000)::int)
FROM generate_series($8::int, $9::int) AS i JOIN kind ON kind.k = i % $10
"""
CONVERSATIONS = f"""
WITH kind(k, locale, region, zone, data) AS ({KIND_ROWS})
INSERT INTO conversation (person_id, state, data, updated_at)
SELECT i, $6, kind.data::json, $7::timestamptz - make_interval(secs => (i::bigint * 7919 % 7776000)::int)
FROM generate_series($8::int, $9::int) AS i JOIN kind ON kind.k = i % $10
"""
CONSENTS = """
INSERT INTO consent (person_id, kind, version, given_at)
SELECT i, 'privacy_notice', 1, $1::timestamptz - make_interval(days => 90 + i % 640)
FROM generate_series($2::int, $3::int) AS i
"""
CHUNK = 200_000


async def seed(url: str, people: int, menu: str) -> float:
    """People at the main menu; returns the seconds it took, ANALYZE included."""
    began = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    kinds = list(enumerate(KINDS))
    data = [
        json.dumps(
            Conversation(
                state=menu, answers={"language": loc, "role": "released", "region": reg}
            ).dump()
        )
        for _, (loc, reg, _) in kinds
    ]
    columns = (
        [k for k, _ in kinds],
        [loc for _, (loc, _, _) in kinds],
        [reg for _, (_, reg, _) in kinds],
        [zone for _, (_, _, zone) in kinds],
        data,
    )
    conn = await asyncpg.connect(dsn(url))
    try:
        for first in range(1, people + 1, CHUNK):
            last = min(first + CHUNK - 1, people)
            async with conn.transaction():
                await conn.execute(PEOPLE, *columns, FIRST_ADDRESS, now, first, last, len(KINDS))
                await conn.execute(CONVERSATIONS, *columns, menu, now, first, last, len(KINDS))
                await conn.execute(CONSENTS, now, first, last)
        # The ids were given here: the sequence must go on after them, for newcomers.
        await conn.execute("SELECT setval(pg_get_serial_sequence('person', 'id'), $1)", people)
        await conn.execute("ANALYZE")
        # The load's dirty pages go to disk now, not during the turns measured (as in a
        # service running for a while, not one just bulk-loaded).
        with contextlib.suppress(asyncpg.InsufficientPrivilegeError):
            await conn.execute("CHECKPOINT")
    finally:
        await conn.close()
    return time.perf_counter() - began


class Players:
    """Who writes next, and what: a stored person's next tap, or a stranger's hello."""

    def __init__(self, engine: Engine, people: int, seed: int) -> None:
        self.engine, self.people = engine, people
        self.rng = random.Random(seed)
        self.menu = engine.flows.start_of("menu")
        settings = [flow for flow, _ in engine.flows.topics()].index("settings")
        self.to_settings = Press(f"{engine.flows.state_ids[self.menu]}:{settings}")
        self.last: dict[str, list[Reply]] = {}
        self.strangers = 0

    def next(self) -> tuple[Someone, Event, bool]:
        if self.rng.random() < 0.1:
            self.strangers += 1
            someone = Someone(TELEGRAM, str(STRANGERS_FROM + self.rng.randrange(10**8)))
            return someone, Text("hi"), False
        address = str(FIRST_ADDRESS + self.rng.randint(1, self.people))
        replies = self.last.get(address)
        if replies is None or replies[-1].menu:
            event: Event = self.to_settings
        else:
            event = Press(replies[-1].buttons[-1].data)  # "Back to the menu"
        return Someone(TELEGRAM, address), event, True

    def answered(self, someone: Someone, replies: list[Reply]) -> None:
        self.last[someone.address] = replies


async def turns(
    engine: Engine, url: str, people: int, count: int, warm: int
) -> dict[str, list[float]]:
    """`count` turns one after another, after `warm` not counted; milliseconds each,
    for people stored and for strangers."""
    database = create_engine(url)
    conversations = Conversations(engine, Store(database))
    players = Players(engine, people, seed=people)
    took: dict[str, list[float]] = {"stored": [], "stranger": []}
    for n in range(warm + count):
        someone, event, stored = players.next()
        began = time.perf_counter()
        replies = await conversations.handle(someone, "en", event)
        elapsed = (time.perf_counter() - began) * 1000
        players.answered(someone, replies)
        if n >= warm:
            took["stored" if stored else "stranger"].append(elapsed)
    await database.dispose()
    return took


async def concurrent(engine: Engine, url: str, people: int, seconds: float, at_once: int) -> float:
    """Turns a second with `at_once` people each writing again as soon as answered
    (each their own person, so one chat's turns stay in order)."""
    database = create_engine(url)
    conversations = Conversations(engine, Store(database))
    done = 0
    deadline = time.perf_counter() + seconds

    async def writer(k: int) -> None:
        nonlocal done
        players = Players(engine, people, seed=k)
        someone = Someone(TELEGRAM, str(FIRST_ADDRESS + 1 + (k * people) // at_once))
        while time.perf_counter() < deadline:
            replies = players.last.get(someone.address)
            event = (
                players.to_settings
                if replies is None or replies[-1].menu
                else Press(replies[-1].buttons[-1].data)
            )
            players.answered(someone, await conversations.handle(someone, "en", event))
            done += 1

    began = time.perf_counter()
    await asyncio.gather(*(writer(k) for k in range(at_once)))
    rate = done / (time.perf_counter() - began)
    await database.dispose()
    return rate


async def explain(url: str) -> None:
    """How PostgreSQL finds a person and saves their turn: the store's own load, and its
    save's statement (rolled back)."""
    database = create_engine(url)
    store = Store(database)
    someone = Someone(TELEGRAM, str(FIRST_ADDRESS + 4242))
    load = store._load.where(among([someone]))
    sql = str(load.compile(database.sync_engine, compile_kwargs={"literal_binds": True}))
    save = (
        "UPDATE conversation SET state = :s, data = CAST(:d AS json), updated_at = now() "
        "WHERE person_id = :p"
    )
    async with database.connect() as conn:
        for label, statement, params in (
            ("load", sql, {}),
            ("save", save, {"s": "menu", "d": "{}", "p": 4242}),
        ):
            rows = await conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {statement}"), params)
            print(f"  EXPLAIN ANALYZE {label}:")
            for (plan,) in rows:
                print(f"    {plan}")
        await conn.rollback()
    await database.dispose()


async def commits(url: str, count: int) -> list[float]:
    """Milliseconds of a transaction that writes one row and commits, nothing else: what
    waiting for the disk at commit costs here."""
    conn = await asyncpg.connect(dsn(url))
    took = []
    try:
        for n in range(count):
            began = time.perf_counter()
            async with conn.transaction():
                await conn.execute(
                    "UPDATE conversation SET updated_at = now() WHERE person_id = $1", n + 1
                )
            took.append((time.perf_counter() - began) * 1000)
    finally:
        await conn.close()
    return took


async def without_waiting_for_disk(url: str) -> None:
    """New sessions on this database commit without waiting for the disk to flush."""
    conn = await asyncpg.connect(dsn(url))
    try:
        name = await conn.fetchval("SELECT current_database()")
        await conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        await conn.close()


def line(label: str, took: list[float], what: str = "turns") -> str:
    return (
        f"{label:<34} p50 {statistics.median(took):6.2f} ms   p99 {quantile(took, 0.99):6.2f} ms"
        f"   mean {statistics.fmean(took):6.2f} ms   ({len(took)} {what})"
    )
