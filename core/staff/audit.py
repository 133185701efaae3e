"""The audit log: who changed what, and when. Callers name the thing changed (a
service's id, a client link's number, a reminder's id); never what a client said."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.staff.schema import audit_t


async def record(
    conn: AsyncConnection,
    user: dict[str, Any],
    action: str,
    target: str,
    *,
    now: dt.datetime,
    detail: str = "",
) -> None:
    await conn.execute(
        insert(audit_t).values(
            at=now,
            user_id=user["id"],
            login=user["login"],
            action=action[:48],
            target=target[:120],
            detail=detail[:500],
        )
    )


async def entries(
    conn: AsyncConnection, *, offset: int = 0, limit: int = 100
) -> tuple[list[dict[str, Any]], int]:
    """The newest first, a page at a time, with how many there are."""
    rows = await conn.execute(
        select(audit_t)
        .order_by(audit_t.c.at.desc(), audit_t.c.id.desc())
        .offset(offset)
        .limit(limit)
    )
    total = (await conn.execute(select(func.count()).select_from(audit_t))).scalar_one()
    return [dict(r._mapping) for r in rows], int(total)
