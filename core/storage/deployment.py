"""Which Telegram bots a database has served, so the sandbox never acts for one of them.

Each time `onward run` connects to Telegram it writes down the bot (its id and username,
from getMe) and the Bot API's host. The sandbox reads this before it starts: a database
with such a record holds real people's reminders and messages, which the sandbox must
neither send nor give up on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.models import Deployment

log = logging.getLogger(__name__)
deployment_t = Deployment.__table__  # type: ignore[attr-defined]
TELEGRAM_HOST = "api.telegram.org"


@dataclass(frozen=True)
class ServedBot:
    bot_id: int
    username: str | None

    @property
    def name(self) -> str:
        return f"@{self.username}" if self.username else f"with id {self.bot_id}"


def api_host(api_url: str | None) -> str:
    """Host and port only: a path could hold the token."""
    if not api_url:
        return TELEGRAM_HOST
    parts = urlsplit(api_url)
    host = parts.hostname or TELEGRAM_HOST
    return f"{host}:{parts.port}" if parts.port else host


async def served(database: AsyncEngine) -> list[ServedBot]:
    """The bots this database has served on Telegram, most recently seen first."""
    query = select(deployment_t.c.bot_id, deployment_t.c.bot_username).order_by(
        deployment_t.c.last_seen.desc()
    )
    async with database.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [ServedBot(int(row.bot_id), row.bot_username) for row in rows]


async def record(
    database: AsyncEngine, bot: ServedBot, api_url: str | None, now: dt.datetime
) -> None:
    """Write down that this database serves `bot`; warn when it served another before."""
    others = [b for b in await served(database) if b.bot_id != bot.bot_id]
    if others:
        # Not a reason to stop (a bot can be replaced), but its people are in here too.
        log.warning(
            "this database served another telegram bot before",
            extra={"bot": bot.username, "earlier_bots": [b.username for b in others]},
        )
    values = {"bot_username": bot.username, "api_host": api_host(api_url), "last_seen": now}
    seen = update(deployment_t).where(deployment_t.c.bot_id == bot.bot_id).values(**values)
    try:
        async with database.begin() as conn:
            if not (await conn.execute(seen)).rowcount:
                await conn.execute(
                    insert(deployment_t).values(bot_id=bot.bot_id, first_seen=now, **values)
                )
    except IntegrityError:
        # Another worker, started at the same moment, wrote it first: ours is an update.
        async with database.begin() as conn:
            await conn.execute(seen)
