"""Telegram's limit of about 30 messages a second is the bot's, not a worker's: workers
sharing one PostgreSQL database take each message's moment from one row there.

Each send moves `send_pace.next_at` on by one interval (or to now, when it has passed)
and waits until the moment it took: one short UPDATE a message, which at 30 a second
is nothing to the database. A chat's own pace (about one a second) is still kept in
the worker, as only the worker holding a chat sends to it. A 429 moves the row past
its `retry_after`, so every worker waits it out. Alone (SQLite, one process) the
worker's own SendLimits is enough, and nothing here runs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.limits import NoLimits, SendLimits

log = logging.getLogger(__name__)
_TAKE = text(
    "UPDATE send_pace SET next_at = GREATEST(next_at + make_interval(secs => :gap), "
    "clock_timestamp()) WHERE id = 1 "
    "RETURNING next_at, EXTRACT(EPOCH FROM next_at - clock_timestamp()) AS delay"
).bindparams(bindparam("gap"))
_PAUSE = text(
    "UPDATE send_pace SET next_at = GREATEST(next_at, "
    "clock_timestamp() + make_interval(secs => :seconds)) WHERE id = 1"
)


class SharedPace(SendLimits):
    """SendLimits whose overall pace is kept in the database, for all workers."""

    def __init__(self, engine: AsyncEngine, **limits: Any) -> None:
        super().__init__(**limits)
        self.engine = engine
        self._pausing: set[asyncio.Task[None]] = set()

    async def wait(self, chat_id: int, burst: int = 1) -> None:
        await super().wait(chat_id, burst)  # the chat's own pace, kept here
        try:
            _moment, delay = await self.take_moment()
        except Exception:
            # The database will fail the send's marking too; pace on our own meanwhile.
            log.exception("could not take a moment to send from the database")
            return
        if delay > 0:
            await self.sleep(delay)

    async def take_moment(self) -> tuple[dt.datetime, float]:
        """The next moment free for every worker, taken: it, and how long until it."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(_TAKE, {"gap": self.interval})).one()
            await conn.commit()
        return row.next_at, float(row.delay)

    def pause(self, seconds: float) -> None:
        super().pause(seconds)
        task = asyncio.get_running_loop().create_task(self._pause_everyone(seconds))
        self._pausing.add(task)
        task.add_done_callback(self._pausing.discard)

    async def _pause_everyone(self, seconds: float) -> None:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(_PAUSE, {"seconds": seconds})
                await conn.commit()
        except Exception:
            log.exception("could not pause the other workers' sending")


def shared_limits(limits: SendLimits, engine: AsyncEngine) -> SendLimits:
    """Telegram's limits kept across every worker on a shared database; as given else."""
    if isinstance(limits, NoLimits) or engine.dialect.name != "postgresql":
        return limits
    return SharedPace(engine)
