"""Prometheus metrics: what an operator watches, with nothing about any person in it.

Counters and the turn histogram are kept in this process and moved where things happen
(core/batch.py, core/delivery.py, core/scheduler.py). The depths of the inbox and the
outbox and the reminders due are the database's, read with one cheap query when
/metrics is scraped (at most every few seconds, however often it is asked).

Each `onward run` process serves its own /metrics (prometheus_client's default
registry, with the process's memory and CPU beside ours): several workers on one
machine are several scrape targets, told apart by Prometheus's own `instance` label, so
no label here needs to say which worker counted. No label ever carries a chat id or
anything a person said: the only label is a turn's outcome.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.casework.schema import SCHEDULED, reminder_t
from core.storage.tables import inbox_t, outbox_t

log = logging.getLogger(__name__)
REFRESH_EVERY = 5.0  # seconds: the depths are read at most this often
QUERY_TIMEOUT = 3.0
# From 1 ms (a turn on a quiet SQLite) to 5 s (a turn held by a slow database).
TURN_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

TURNS = Counter(
    "onward_turns", "Turns the engine answered (outcome: answered or failed)", ["outcome"]
)
TURN_SECONDS = Histogram(
    "onward_turn_seconds",
    "Seconds from loading a person's conversation to their answer saved",
    buckets=TURN_BUCKETS,
)
FLOOD_LIMITS = Counter(
    "onward_telegram_429", "Answers 429 Too Many Requests (a flood limit) from Telegram"
)
REMINDERS_LATE = Counter(
    "onward_reminders_late",
    "Reminders handed to the outbox more than LATE_AFTER (5 minutes) after they were due",
)
INBOX_DEPTH = Gauge("onward_inbox_depth", "Updates recorded and not yet handled")
OUTBOX_DEPTH = Gauge("onward_outbox_depth", "Messages waiting in the outbox to be sent")
REMINDERS_DUE = Gauge(
    "onward_reminders_due", "Reminders scheduled and due now, not yet taken by a scheduler"
)
__all__ = ["CONTENT_TYPE_LATEST", "Depths", "timed_turn"]


@contextmanager
def timed_turn() -> Iterator[None]:
    """Count one turn, and its time when it was answered."""
    began = time.perf_counter()
    try:
        yield
    except BaseException:
        TURNS.labels("failed").inc()
        raise
    TURN_SECONDS.observe(time.perf_counter() - began)
    TURNS.labels("answered").inc()


class Depths:
    """The inbox, outbox and due reminders, counted in the database when scraped."""

    def __init__(
        self,
        database: AsyncEngine,
        clock: Callable[[], dt.datetime],
        every: float = REFRESH_EVERY,
    ) -> None:
        self.database, self.clock, self.every = database, clock, every
        self._read_at = float("-inf")
        self._lock = asyncio.Lock()

    async def refresh(self) -> None:
        """Read the depths unless they were read within `every` seconds; a database that
        does not answer leaves the last figures (readiness says why)."""
        async with self._lock:
            if time.monotonic() - self._read_at < self.every:
                return
            try:
                inbox, outbox, due = await asyncio.wait_for(self._count(), QUERY_TIMEOUT)
            except Exception as error:  # the scrape still answers, with the last figures
                log.warning("could not count the queues", extra={"error": type(error).__name__})
                return
            self._read_at = time.monotonic()
            INBOX_DEPTH.set(inbox)
            OUTBOX_DEPTH.set(outbox)
            REMINDERS_DUE.set(due)

    async def _count(self) -> tuple[int, int, int]:
        unhandled = select(func.count()).where(inbox_t.c.handled_at.is_(None))
        waiting = select(func.count()).select_from(outbox_t)
        due = select(func.count()).where(
            reminder_t.c.state == SCHEDULED, reminder_t.c.due_at <= self.clock()
        )
        query = select(
            unhandled.scalar_subquery(), waiting.scalar_subquery(), due.scalar_subquery()
        )
        async with self.database.connect() as conn:
            row = (await conn.execute(query)).one()
        return int(row[0]), int(row[1]), int(row[2])

    async def exposition(self) -> bytes:
        """The text /metrics answers with."""
        await self.refresh()
        return generate_latest()
