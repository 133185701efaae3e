"""bench/scale.py, workers: N `onward run` processes on one PostgreSQL database, against
the Bot API stand-in (channels/sandbox), as bench/e2e.py drives one.

Updates: people type the menu's words ("Settings", "Back to the menu"), each a real turn
answered by one message, and write again as soon as they are answered; Onward keeps no
sending limits (TELEGRAM_LIMITS=none: the stand-in sets none). Each person's messages
sent are set against the bot's messages they received: fewer is a reply lost, more a
reply sent twice.

Reminders: reminders due now for as many agreed clients (one each), written straight
into the tables as a case worker's /remind leaves them, sent by the workers' schedulers
with Telegram's limits kept (TELEGRAM_LIMITS=telegram, the default; the stand-in answers
429 past 30 messages a second, or one a second to a chat, as Telegram does). The rate is
what the stand-in accepted; each reminder must arrive exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import insert, select

from bench.e2e import BENCH, WatchedStandIn, onboard
from bench.reminders import Recording, highest_chat_rate, standin_message
from bench.scale_common import quantile
from channels.sandbox.faults import FLOOD_PER_SECOND
from channels.sandbox.model import BOT_USER
from channels.sandbox.server import start
from channels.sandbox.standin import StandIn
from core.casework.schema import AGREED, SCHEDULED, caseworker_t, link_t, reminder_t
from core.storage.engine import sync_url
from core.storage.tables import person_t

FIRST_CHAT = 700_001
CLIENT_CHATS = 20_000
CASEWORKER_CHAT = 19_999


@contextlib.asynccontextmanager
async def workers(
    standin: StandIn, base: str, url: str, count: int, limits: str
) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """`count` `onward run` processes on one database, polling the stand-in; stopped
    (SIGTERM, as systemd would) when the block ends."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_API_URL": base,
        "TELEGRAM_LIMITS": limits,
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
    }
    started: list[Any] = []
    logs = tempfile.TemporaryDirectory()

    async def spawn(n: int) -> None:
        log = _log_file(Path(logs.name) / f"{n}.log")
        command = [sys.executable, "-m", "cli", "run"]
        started.append(
            await asyncio.create_subprocess_exec(
                *command, cwd=BENCH.parent, env=env, stdout=subprocess.DEVNULL, stderr=log
            )
        )
        os.close(log)

    async def until(ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 60
        while not ready():
            if any(p.returncode is not None for p in started) or time.monotonic() > deadline:
                raise RuntimeError(_why_stopped(started, Path(logs.name)))
            await asyncio.sleep(0.05)

    try:
        # The first alone, until it polls: on an empty database it loads the bundled
        # directory, and several doing that at once deadlock (one worker exits).
        await spawn(0)
        await until(lambda: any(c["method"] == "getUpdates" for c in standin.calls))
        for n in range(1, count):
            await spawn(n)
        await until(lambda: sum(c["method"] == "getMe" for c in standin.calls) >= count)
        yield started
    finally:
        for process in started:
            if process.returncode is None:
                process.terminate()
        for process in started:
            await process.wait()
        if any(p.returncode not in (0, -signal.SIGTERM) for p in started):
            print(f"  (a worker failed: {_why_stopped(started, Path(logs.name))})")
        logs.cleanup()


def _log_file(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)


def _why_stopped(started: list[Any], logs: Path) -> str:
    """The last line each stopped worker wrote to stderr."""
    said = []
    for n, process in enumerate(started):
        if process.returncode in (None, 0, -signal.SIGTERM):
            continue
        lines = (logs / f"{n}.log").read_text(errors="replace").strip().splitlines()
        # The exception's own line, rather than the library's footnote under it.
        errors = [line for line in lines if "Error" in line.split(":", 1)[0]] or lines
        kept = Path(tempfile.gettempdir()) / f"onward-scale-worker-{os.getpid()}-{n + 1}.log"
        shutil.copyfile(logs / f"{n}.log", kept)  # the whole log, for whoever looks into it
        if errors:
            said.append(f"worker {n + 1} ({process.returncode}): {errors[-1][:300]} [{kept}]")
    return "; ".join(said) or "onward run did not poll the stand-in within 60 s"


def cpu_seconds(processes: list[Any]) -> float:
    """CPU time the processes have used so far (user and system), from /proc."""
    total = 0
    for process in processes:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def postgres_cpu(postmaster: int | None) -> float:
    """CPU time of the bench's own PostgreSQL: the server and the processes it started
    (backends that ended meanwhile are not counted)."""
    if postmaster is None:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(stat.parent.name) == postmaster or int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> float:
    """CPU time the whole machine has been busy (every process, PostgreSQL's too)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # not idle, iowait


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def bot_messages(standin: StandIn, chat: int) -> int:
    return sum(1 for m in standin.chats[chat] if m.sender.get("id") == BOT_USER["id"])


@dataclass
class UpdatesRun:
    workers: int
    rate: float
    latencies: list[float]
    sent: int
    lost: int
    duplicated: int
    timeouts: int
    cpu: tuple[float, ...]  # cores busy: workers, stand-in and people, PostgreSQL, machine

    @property
    def busy(self) -> str:
        workers, here, postgres, machine = self.cpu
        return (
            f"cores busy: {machine:.2f} in all, workers {workers:.2f}, PostgreSQL "
            f"{postgres:.2f}, stand-in and people {here:.2f}"
        )

    def line(self, one: float | None) -> str:
        ratio = f"{self.rate / one:4.2f}x one worker" if one else "              "
        p50, p99 = quantile(self.latencies, 0.5), quantile(self.latencies, 0.99)
        return (
            f"{self.workers} worker(s): {self.rate:7.1f} updates/s  {ratio}   p50 {p50:6.1f} ms"
            f"   p99 {p99:6.1f} ms   sent {self.sent}, lost {self.lost}, "
            f"duplicated {self.duplicated}; {self.busy}"
        )


async def updates(
    url: str, count: int, people: int, seconds: float, postmaster: int | None
) -> UpdatesRun:
    standin = WatchedStandIn()
    runner, base = await start(standin)
    chats = list(range(FIRST_CHAT, FIRST_CHAT + people))
    try:
        async with workers(standin, base, url, count, "none") as started:
            await asyncio.gather(*(onboard(standin, chat) for chat in chats))
            before = {chat: bot_messages(standin, chat) for chat in chats}
            sent: Counter[int] = Counter()
            latencies: list[float] = []
            timeouts = 0
            deadline = time.perf_counter() + seconds

            async def person(chat: int) -> None:
                nonlocal timeouts
                turn = 0
                while time.perf_counter() < deadline:
                    event = standin.answered[chat]
                    event.clear()
                    body = {"text": "Settings" if turn % 2 == 0 else "Back to the menu"}
                    began = time.perf_counter()
                    await standin.user_message(chat, body, "en")
                    sent[chat] += 1
                    turn += 1
                    try:
                        await asyncio.wait_for(event.wait(), 10)
                    except TimeoutError:
                        timeouts += 1  # lost, or very late: the counts below decide
                        continue
                    latencies.append((time.perf_counter() - began) * 1000)

            began = time.perf_counter()
            then = cpu_seconds(started), own_cpu(), postgres_cpu(postmaster), machine_cpu()
            await asyncio.gather(*(person(chat) for chat in chats))
            took = time.perf_counter() - began
            now = cpu_seconds(started), own_cpu(), postgres_cpu(postmaster), machine_cpu()
            used = tuple((b - a) / took for a, b in zip(then, now, strict=True))
            await _quiet(standin, 3.0)  # late and repeated answers have time to come
            got = {chat: bot_messages(standin, chat) - before[chat] for chat in chats}
    finally:
        await runner.cleanup()
    lost = sum(max(0, sent[c] - got[c]) for c in chats)
    duplicated = sum(max(0, got[c] - sent[c]) for c in chats)
    return UpdatesRun(
        count, sum(sent.values()) / took, latencies, sum(sent.values()), lost, duplicated,
        timeouts, used,
    )  # fmt: skip


async def _quiet(standin: StandIn, seconds: float) -> None:
    """Until the bot has changed nothing for `seconds`."""
    seen = -1
    while seen != sum(standin.bot_versions.values()):
        seen = sum(standin.bot_versions.values())
        await asyncio.sleep(seconds)


def seed_reminders(url: str, clients: int, due: dt.datetime) -> None:
    """An NGO's case worker with `clients` agreed clients, a reminder due now for each.
    The appointment is 20 minutes away, so quiet hours never hold one back (a reminder
    is held only if it still arrives well before the appointment): the bench runs at
    any hour."""
    engine = create_sync_engine(sync_url(url))
    event = due + dt.timedelta(minutes=20)
    with engine.begin() as conn:
        worker = conn.execute(
            insert(person_t).returning(person_t.c.id),
            {"channel": "telegram", "address": str(CASEWORKER_CHAT), "locale": "en",
             "first_seen": due, "last_seen": due},
        ).scalar_one()  # fmt: skip
        caseworker = conn.execute(
            insert(caseworker_t).returning(caseworker_t.c.id),
            {"name": "Sam", "organisation": "NGO", "invite_expires_at": due, "person_id": worker},
        ).scalar_one()
        people = [
            {"channel": "telegram", "address": str(CLIENT_CHATS + i), "locale": "en",
             "timezone": "Europe/London", "first_seen": due, "last_seen": due}
            for i in range(clients)
        ]  # fmt: skip
        ids = conn.execute(insert(person_t).returning(person_t.c.id), people).scalars().all()
        links = conn.execute(
            insert(link_t).returning(link_t.c.id, link_t.c.client_id),
            [
                {"caseworker_id": caseworker, "number": i + 1, "code": f"C{i:07d}",
                 "state": AGREED, "created_at": due, "expires_at": due, "client_id": person,
                 "decided_at": due}
                for i, person in enumerate(ids)
            ],
        ).all()  # fmt: skip
        conn.execute(
            insert(reminder_t),
            [
                {"link_id": link.id, "person_id": link.client_id, "kind": "appointment",
                 "event_local": event.strftime("%Y-%m-%dT%H:%M"), "zone": "UTC",
                 "event_at": event, "lead_minutes": 20, "leads": "20", "due_at": due,
                 "state": SCHEDULED, "attempts": 0, "created_at": due}
                for link in links
            ],
        )  # fmt: skip
        conn.execute(
            caseworker_t.update()
            .values(last_number=clients)
            .where(caseworker_t.c.id == caseworker)
        )
        assert conn.execute(select(reminder_t.c.id)).all()
    engine.dispose()


@dataclass
class RemindersRun:
    workers: int
    reminders: int
    rate: float
    took: float
    lost: int
    duplicated: int
    refused: int
    busiest_chat: float

    def lines(self) -> list[str]:
        share = self.rate / FLOOD_PER_SECOND
        verdict = "met" if share >= 0.9 and not self.lost and not self.duplicated else "MISSED"
        return [
            f"{self.workers} worker(s), {self.reminders} reminders due at once: sent in "
            f"{self.took:.1f} s, {self.rate:.2f} a second = {share:.1%} of Telegram's "
            f"{FLOOD_PER_SECOND}",
            f"  lost {self.lost}, duplicated {self.duplicated}, 429s met {self.refused}, "
            f"most to one chat in a second {self.busiest_chat:.0f}   "
            f"(>= 90% of the ceiling, 0 lost, 0 duplicated: {verdict})",
        ]


async def reminders(url: str, count: int, clients: int) -> RemindersRun:
    due = dt.datetime.now(dt.UTC).replace(microsecond=0)
    await asyncio.to_thread(seed_reminders, url, clients, due)
    standin = Recording()
    for chat in range(CLIENT_CHATS, CLIENT_CHATS + clients):
        standin.chats[chat].append(standin_message(standin, chat))
    runner, base = await start(standin)
    began = time.monotonic()
    try:
        async with workers(standin, base, url, count, "telegram"):
            stalled = time.monotonic()
            seen = 0
            while len(standin.accepted) < clients and time.monotonic() - stalled < 20:
                await asyncio.sleep(0.5)
                if len(standin.accepted) != seen:
                    seen, stalled = len(standin.accepted), time.monotonic()
            await asyncio.sleep(3)  # a reminder sent twice has time to show
    finally:
        await runner.cleanup()
    accepted = standin.accepted
    counts = Counter(rid for _, _, rid in accepted)
    first, last = (accepted[0][0], accepted[-1][0]) if accepted else (began, began)
    rate = (len(accepted) - 1) / (last - first) if len(accepted) > 1 else 0.0
    return RemindersRun(
        count, clients, rate, last - began, clients - len(counts),
        len(accepted) - len(counts), standin.refused, highest_chat_rate(accepted),
    )  # fmt: skip
