"""Case workers: invited by the operator, joining with their invitation, and suspended,
resumed or removed by the operator (what they scheduled is cancelled with them)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework.schema import (
    AGREED,
    CANCELLED,
    INVITE_LIFETIME,
    OPEN_STATES,
    caseworker_t,
    has_consented,
    link_t,
    person_t,
    reminder_t,
    token_hash,
)


async def invite(conn: AsyncConnection, name: str, organisation: str, now: dt.datetime) -> str:
    """A one-time invitation; only its hash is kept."""
    token = secrets.token_urlsafe(18)
    await conn.execute(
        insert(caseworker_t).values(
            name=name,
            organisation=organisation,
            invite_hash=token_hash(token),
            invite_expires_at=now + INVITE_LIFETIME,
        )
    )
    return token


async def join(
    conn: AsyncConnection, token: str, person_id: int, now: dt.datetime
) -> dict[str, Any] | None:
    """The invited case worker opens their invitation: it is used up at once."""
    result = await conn.execute(
        update(caseworker_t)
        .where(
            caseworker_t.c.invite_hash == token_hash(token),
            caseworker_t.c.invite_expires_at > now,
            caseworker_t.c.person_id.is_(None),
            has_consented(person_id),
        )
        .values(person_id=person_id, joined_at=now, invite_hash=None)
        .returning(caseworker_t.c.id, caseworker_t.c.name, caseworker_t.c.organisation)
    )
    row = result.first()
    return dict(row._mapping) if row is not None else None


async def caseworker_of(conn: AsyncConnection, person_id: int | None) -> dict[str, Any] | None:
    if person_id is None:
        return None
    row = (
        await conn.execute(select(caseworker_t).where(caseworker_t.c.person_id == person_id))
    ).first()
    return dict(row._mapping) if row is not None else None


async def agreed_clients(conn: AsyncConnection, caseworker_id: int) -> list[dict[str, Any]]:
    """Each client who agreed to this case worker's reminders: whom to tell of a change
    (their `channel`, `address` and `locale`)."""
    rows = await conn.execute(
        select(person_t.c.channel, person_t.c.address, person_t.c.locale)
        .join(link_t, link_t.c.client_id == person_t.c.id)
        .where(
            link_t.c.caseworker_id == caseworker_id,
            link_t.c.state == AGREED,
            person_t.c.unreachable_since.is_(None),
        )
        .order_by(link_t.c.number)
    )
    return [dict(r._mapping) for r in rows]


async def suspend(conn: AsyncConnection, caseworker_id: int, now: dt.datetime) -> int | None:
    """Stop a case worker: what they scheduled is cancelled in the same transaction (the
    scheduler then has nothing of theirs to claim, and a claimed one is not sent, see
    `Scheduler._still_ours`). Returns how many reminders were cancelled, or None when
    there is no such case worker or they are already suspended."""
    result = await conn.execute(
        update(caseworker_t)
        .where(caseworker_t.c.id == caseworker_id, caseworker_t.c.suspended_at.is_(None))
        .values(suspended_at=now)
    )
    if result.rowcount != 1:
        return None
    return await _cancel_all(conn, caseworker_id)


async def _cancel_all(conn: AsyncConnection, caseworker_id: int) -> int:
    theirs = select(link_t.c.id).where(link_t.c.caseworker_id == caseworker_id)
    cancelled = await conn.execute(
        update(reminder_t)
        .where(
            reminder_t.c.link_id.in_(theirs.scalar_subquery()),
            reminder_t.c.state.in_(OPEN_STATES),
        )
        .values(state=CANCELLED)
    )
    return int(cancelled.rowcount)


async def resume(conn: AsyncConnection, caseworker_id: int) -> bool:
    result = await conn.execute(
        update(caseworker_t)
        .where(caseworker_t.c.id == caseworker_id, caseworker_t.c.suspended_at.is_not(None))
        .values(suspended_at=None)
    )
    return result.rowcount == 1


async def remove(conn: AsyncConnection, caseworker_id: int) -> bool:
    """Delete a case worker, their links and every reminder under them."""
    await _cancel_all(conn, caseworker_id)
    theirs = select(link_t.c.id).where(link_t.c.caseworker_id == caseworker_id)
    await conn.execute(
        delete(reminder_t).where(reminder_t.c.link_id.in_(theirs.scalar_subquery()))
    )
    await conn.execute(delete(link_t).where(link_t.c.caseworker_id == caseworker_id))
    result = await conn.execute(delete(caseworker_t).where(caseworker_t.c.id == caseworker_id))
    return result.rowcount == 1
