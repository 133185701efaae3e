"""One-time sign-in links, which the bot sends a case worker who asks for the console.

Only the token's hash is stored; a link works once, within ten minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.staff.schema import login_link_t

LINK_LIFE = dt.timedelta(minutes=10)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_login_link(conn: AsyncConnection, user_id: int, now: dt.datetime) -> str:
    """A new token for this account (the caller builds the URL)."""
    await conn.execute(delete(login_link_t).where(login_link_t.c.expires_at < now))
    token = secrets.token_urlsafe(32)
    await conn.execute(
        insert(login_link_t).values(
            token_hash=_hash(token), user_id=user_id, expires_at=now + LINK_LIFE
        )
    )
    return token


async def use_login_link(conn: AsyncConnection, token: str, now: dt.datetime) -> int | None:
    """The account the token signs in, once; None if it is unknown, used or too old."""
    result = await conn.execute(
        update(login_link_t)
        .where(
            login_link_t.c.token_hash == _hash(token[:100]),
            login_link_t.c.used_at.is_(None),
            login_link_t.c.expires_at > now,
        )
        .values(used_at=now)
        .returning(login_link_t.c.user_id)
    )
    found = result.scalar_one_or_none()
    return None if found is None else int(found)
