"""The in-process cost of one turn (load, fire, render, save) with 100,000 people stored.

Run: python bench/turns.py [--people 100000] [--turns 10000]
Prints p50/p99 for the whole turn on SQLite, and for the engine alone (no storage) as the
baseline in the same process, so the ratio shows what storage costs.
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
from pathlib import Path

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import insert

from core.app import build_engine
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.engine import create_engine, sync_url, upgrade
from core.storage.store import Store
from core.storage.tables import consent_t, conversation_t, person_t
from flows.conversation import Conversation
from flows.engine import Engine, TurnContext
from flows.events import Press
from flows.replies import Reply

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def seed(url: str, people: int, menu_state: str) -> None:
    """People who finished onboarding and rest at the main menu."""
    engine = create_sync_engine(sync_url(url))
    answers = {"language": "en", "role": "released", "region": "GB-EAW"}
    data = Conversation(state=menu_state, answers=answers).dump()
    with engine.begin() as conn:
        for start in range(0, people, 10_000):
            ids = range(start + 1, min(start + 10_001, people + 1))
            conn.execute(
                insert(person_t),
                [
                    {
                        "id": i,
                        "channel": "telegram",
                        "address": str(5_000_000 + i),
                        "locale": "en",
                        "role": "released",
                        "region": "GB-EAW",
                        "timezone": "Europe/London",
                        "first_seen": NOW,
                        "last_seen": NOW,
                    }
                    for i in ids
                ],
            )
            conn.execute(
                insert(conversation_t),
                [
                    {"person_id": i, "state": menu_state, "data": data, "updated_at": NOW}
                    for i in ids
                ],
            )
            conn.execute(
                insert(consent_t),
                [
                    {"person_id": i, "kind": "privacy_notice", "version": 1, "given_at": NOW}
                    for i in ids
                ],
            )
    engine.dispose()


def next_press(replies: list[Reply] | None, start: str, engine: Engine) -> Press:
    """Into Settings from the menu, and back to the menu from Settings: real transitions."""
    if replies is None:
        settings = [flow for flow, _ in engine.flows.topics()].index("settings")
        return Press(f"{engine.flows.state_ids[start]}:{settings}")
    last = replies[-1]
    if last.menu:
        labels = [b.label for b in last.buttons]
        return Press(last.buttons[labels.index("Settings")].data)
    return Press(last.buttons[-1].data)  # "Back to the menu"


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[int(len(ordered) * 0.99)]
    return f"p50 {p50:.3f} ms  p99 {p99:.3f} ms  mean {statistics.fmean(ordered):.3f} ms"


async def engine_alone(engine: Engine, turns: int) -> list[float]:
    menu = engine.flows.start_of("menu")
    from flows.conversation import Profile

    profile = Profile(locale="en", region="GB-EAW", consented_at=NOW)
    conversation, replies, samples = Conversation(state=menu), None, []
    for _ in range(turns):
        event = next_press(replies, menu, engine)
        began = time.perf_counter()
        conversation, outcome = await engine.handle(conversation, event, TurnContext(profile, NOW))
        samples.append((time.perf_counter() - began) * 1000)
        replies = outcome.replies
    return samples


async def full_turns(
    engine: Engine, url: str, people: int, turns: int, later: dt.timedelta
) -> list[float]:
    database = create_engine(url)
    conversations = Conversations(engine, Store(database), clock=lambda: NOW + later)
    menu = engine.flows.start_of("menu")
    last: dict[int, list[Reply]] = {}
    rng = random.Random(7)
    samples = []
    for _ in range(turns):
        person = 5_000_000 + rng.randint(1, people)
        event = next_press(last.get(person), menu, engine)
        began = time.perf_counter()
        last[person] = await conversations.handle(Someone(TELEGRAM, str(person)), "en", event)
        samples.append((time.perf_counter() - began) * 1000)
    assert not engine.flows.machine.models, "a model was left attached to the machine"
    await database.dispose()
    return samples


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--turns", type=int, default=10_000)
    args = parser.parse_args()
    engine = build_engine()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        began = time.perf_counter()
        seed(url, args.people, engine.flows.start_of("menu"))
        print(f"seeded {args.people} people in {time.perf_counter() - began:.1f} s")
        await engine_alone(engine, 500)  # warm up
        baseline = await engine_alone(engine, args.turns)
        # People back within the hour of their last turn; then people back a day later,
        # whose first turn also updates "last seen".
        full = await full_turns(engine, url, args.people, args.turns, dt.timedelta(minutes=5))
        returning = await full_turns(engine, url, args.people, args.turns, dt.timedelta(days=1))
    print(f"python {sys.version.split()[0]}, SQLite, {args.people} people, {args.turns} turns")
    print(f"engine alone (fire + render):          {percentiles(baseline)}")
    print(f"whole turn (load, fire, render, save): {percentiles(full)}")
    print(f"  same, first turn of a day:           {percentiles(returning)}")
    ratio = statistics.median(full) / statistics.median(baseline)
    print(f"whole turn / engine alone, p50:        {ratio:.1f}x")
    print(f"throughput, one worker:                {1000 / statistics.fmean(full):.0f} turns/s")


if __name__ == "__main__":
    asyncio.run(main())
