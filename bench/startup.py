"""How long `onward run` takes to start, and how much memory it holds then, per runtime.

Run: python bench/startup.py [--runs 3] [--profile FOLDER]
For each runtime (aiogram, python-telegram-bot), starts `python -m cli run` against the
Bot API stand-in, in a process of its own, and prints the seconds from starting the
process to its first getUpdates reaching the stand-in, and its resident memory (VmRSS,
from /proc) at that moment. The database is prepared by one start first (migrations,
the bundled directory), so the figures are those of a restart, the median of the runs.
The goal (issue 13) is 3 s. The gazetteer is read at the first place lookup rather than at
start, so that lookup's time (a town, then a postcode, each in a fresh process) is
printed too. With --profile, each start also runs under cProfile (slower)
and the last one's profile is written to FOLDER/<runtime>.prof, for `python -m pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, installed or not

from channels.sandbox.standin import StandIn, start  # noqa: E402
from core.settings import RUNTIMES  # noqa: E402


class TimedStandIn(StandIn):
    """The stand-in, noting when the first getUpdates comes and the bot's memory then."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.pid = 0
        self.first_poll: float | None = None
        self.rss_kib = 0
        self.polled = asyncio.Event()

    async def api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.first_poll is None:
            self.first_poll = time.perf_counter()
            self.rss_kib = resident_kib(self.pid)  # the bot waits for this very answer
            self.polled.set()
        return await super().api_getupdates(params)


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def one_start(
    runtime: str, database: str, profile: Path | None = None
) -> tuple[float, float]:
    """Seconds to the first poll, and megabytes resident then."""
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    standin = TimedStandIn()
    runner, base = await start(standin)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=standin.token,
        TELEGRAM_API_URL=base,
        DATABASE_URL=database,
        ONWARD_RUNTIME=runtime,
        LOG_LEVEL="WARNING",
    )
    began = time.perf_counter()
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        *profiler,
        "-m",
        "cli",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    standin.pid = bot.pid
    try:
        await asyncio.wait_for(standin.polled.wait(), 120)
    finally:
        bot.terminate()
        await bot.wait()
        await runner.cleanup()
    assert standin.first_poll is not None
    return standin.first_poll - began, standin.rss_kib / 1024


FIRST_LOOKUP = """
import sys, time
from directory.geo import gazetteer
began = time.perf_counter()
gazetteer().find(sys.argv[1], "GB")
print(time.perf_counter() - began)
"""


def first_lookup_ms(typed: str) -> float:
    """Milliseconds for a fresh process's first lookup, which reads the gazetteer."""
    run = [sys.executable, "-c", FIRST_LOOKUP, typed]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout) * 1000


async def main(runs: int, profiles: Path | None) -> None:
    print(f"python {sys.version.split()[0]}; median of {runs} restarts, database prepared")
    with tempfile.TemporaryDirectory() as folder:
        for runtime in RUNTIMES:
            database = f"sqlite+aiosqlite:///{Path(folder) / f'{runtime}.db'}"
            first, _ = await one_start(runtime, database)  # migrates and loads the directory
            profile = profiles / f"{runtime}.prof" if profiles else None
            timed = [await one_start(runtime, database, profile) for _ in range(runs)]
            seconds = statistics.median(t for t, _ in timed)
            megabytes = statistics.median(m for _, m in timed)
            print(
                f"{runtime:<8} {seconds:5.2f} s to the first poll   {megabytes:6.1f} MB resident"
                f"   (first start, on a new database: {first:.2f} s)"
            )
    town, postcode = (
        statistics.median(first_lookup_ms(typed) for _ in range(runs))
        for typed in ("Leeds", "LS1 4AP")
    )
    print(
        f"first place lookup (reads the gazetteer): {town:.0f} ms a town, {postcode:.0f} ms a postcode"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="folder for a cProfile of each runtime")
    args = parser.parse_args()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(args.runs, args.profile))
