"""Onward past one machine, on PostgreSQL: the figures issue 15 asks for, in one run.

Run: python bench/scale.py [--people 1000000] [--services 1000000] [--workers 1,2,4]
     [--database-url postgresql+asyncpg://user@host/db] [--only turns,search,updates,reminders]

1. turns: p50/p99 of a whole turn with --people stored, and with 10,000 stored (the
   baseline, same run); turns a second one at a time and with 16 people at once.
   Target: p99 <= 10 ms.
2. search: directory search p95 with --services stored (UK and Michigan), for category
   + distance + open now, and free text. Target: p95 <= 50 ms.
3. updates: updates answered a second by 1, 2 and 4 `onward run` workers on one
   database against the Bot API stand-in (TELEGRAM_LIMITS=none), as ratios to one
   worker; replies lost and duplicated.
4. reminders: reminders a second across the workers, keeping Telegram's limits (the
   stand-in answers 429 past them), against the 30 a second ceiling; lost and
   duplicated. Target: >= 90% of the ceiling, 0 lost, 0 duplicated.

PostgreSQL is a throwaway cluster of the bench's own (Debian's binaries), with fsync and
synchronous commits on as PostgreSQL ships (--fast for the tests' settings without
them), or the server of --database-url, on which the bench makes databases of its own
beside the one named and drops them after. Scale down for a quick check, e.g.
--people 20000 --services 20000 --seconds 5.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from bench import scale_search, scale_turns, scale_workers
from bench.scale_common import Server, heading, quantile
from core.app import build_engine

SECTIONS = ("turns", "search", "updates", "reminders")
BASELINE_PEOPLE = 10_000
AT_ONCE = 16


async def turns_section(server: Server, people: int, count: int) -> None:
    heading(f"1. turns with {people:,} people stored (baseline: {BASELINE_PEOPLE:,})")
    engine = build_engine()
    menu = engine.flows.start_of("menu")
    every: dict[int, list[float]] = {}
    for stored in (BASELINE_PEOPLE, people):
        url = server.database(f"people{stored}")
        took = await scale_turns.seed(url, stored, menu)
        print(f"-- {stored:,} people stored (written, analysed, checkpointed in {took:.1f} s)")
        turns = await scale_turns.turns(engine, url, stored, count, warm=200)
        print(scale_turns.line("  a stored person's turn", turns["stored"]))
        print(scale_turns.line("  a stranger's first turn", turns["stranger"]))
        every[stored] = turns["stored"] + turns["stranger"]
        print(scale_turns.line("  every turn", every[stored]))
        rate = await scale_turns.concurrent(engine, url, stored, 5.0, AT_ONCE)
        print(f"  one at a time: {1000 / statistics.fmean(every[stored]):.0f} turns/s; "
              f"{AT_ONCE} people at once: {rate:.0f} turns/s", flush=True)  # fmt: skip
        if stored != people:
            continue
        # Where a turn's time goes: the commit waiting for the disk, or the rest.
        commits = await scale_turns.commits(url, count)
        print(scale_turns.line("  a bare commit of one write", commits, "commits"))
        await scale_turns.without_waiting_for_disk(url)
        quick = await scale_turns.turns(engine, url, stored, count, warm=200)
        quick_all = quick["stored"] + quick["stranger"]
        print(scale_turns.line("  every turn, no wait at commit", quick_all), flush=True)
        await scale_turns.explain(url)
    big, small = every[people], every[BASELINE_PEOPLE]
    p99 = quantile(big, 0.99)
    print(
        f"{people:,} / {BASELINE_PEOPLE:,} people: p50 "
        f"{quantile(big, 0.5) / quantile(small, 0.5):.2f}x, p99 "
        f"{p99 / quantile(small, 0.99):.2f}x"
    )
    print(f"target p99 <= 10 ms: {'met' if p99 <= 10 else 'MISSED'} ({p99:.2f} ms)")


async def search_section(server: Server, services: int, count: int) -> None:
    heading(f"2. directory search with {services:,} services stored")
    url = server.database(f"services{services}")
    took, problem = await scale_search.fill(url, services)
    print(f"wrote {services:,} services (service, directory_search, text index) in {took:.0f} s")
    if problem:
        print(f"the text index could not be written: {problem}")
    await scale_search.measure(url, count)


async def updates_section(server: Server, counts: list[int], people: int, seconds: float) -> None:
    heading(
        f"3. updates a second, {people} people writing at once, {seconds:.0f} s a run, "
        "TELEGRAM_LIMITS=none"
    )
    runs = []
    for count in counts:
        url = server.database(f"updates{count}")
        runs.append(await scale_workers.updates(url, count, people, seconds, server.postmaster))
        print(runs[-1].line(runs[0].rate if count != counts[0] else None), flush=True)


async def reminders_section(server: Server, count: int, reminders: int) -> None:
    heading(f"4. reminders across {count} worker(s), Telegram's limits kept")
    url = server.database(f"reminders{count}")
    run = await scale_workers.reminders(url, count, reminders)
    for line in run.lines():
        print(line, flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--turns", type=int, default=2_000)
    parser.add_argument("--services", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300, help="of each kind")
    parser.add_argument("--workers", default="1,2,4", help="worker counts for updates")
    parser.add_argument("--seconds", type=float, default=15, help="each updates run")
    parser.add_argument("--senders", type=int, default=100, help="people writing at once")
    parser.add_argument("--reminders", type=int, default=3_000)
    parser.add_argument("--reminder-workers", type=int, default=2)
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--database-url", help="an existing PostgreSQL server, by a database")
    parser.add_argument("--fast", action="store_true", help="own cluster without fsync")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",")]
    print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}; {platform.platform()}")
    server = Server(args.database_url) if args.database_url else Server.own(durable=not args.fast)
    began = time.perf_counter()
    try:
        print(server.settings())
        if "turns" in chosen:
            await turns_section(server, args.people, args.turns)
        if "search" in chosen:
            await search_section(server, args.services, args.queries)
        if "updates" in chosen:
            counts = [int(n) for n in args.workers.split(",")]
            await updates_section(server, counts, args.senders, args.seconds)
        if "reminders" in chosen:
            await reminders_section(server, args.reminder_workers, args.reminders)
    finally:
        server.close()
    print(f"\nbench took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    asyncio.run(main())
