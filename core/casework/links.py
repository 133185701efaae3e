"""Client links: a case worker's numbered offer, a code the client opens and agrees to
or declines (each statement checks consent), codes that miss counted, and the client
stopping a link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework.schema import (
    AGREED,
    CANCELLED,
    DECLINED,
    LINK_LIFETIME,
    MAX_MISSES,
    MAX_OPENS,
    MISS_WINDOW,
    OFFERED,
    OPEN_STATES,
    REVOKED,
    active,
    attempt_t,
    caseworker_t,
    has_consented,
    link_t,
    new_code,
    person_t,
    reminder_t,
)
from core.storage.models import as_utc


async def new_link(
    conn: AsyncConnection, caseworker_id: int, label: str | None, now: dt.datetime
) -> tuple[str, dt.datetime]:
    code, expires = new_code(), now + LINK_LIFETIME
    counted = await conn.execute(
        update(caseworker_t)
        .where(caseworker_t.c.id == caseworker_id)
        .values(last_number=caseworker_t.c.last_number + 1)
        .returning(caseworker_t.c.last_number)
    )
    await conn.execute(
        insert(link_t).values(
            caseworker_id=caseworker_id,
            number=int(counted.scalar_one()),
            code=code,
            label=label,
            state=OFFERED,
            created_at=now,
            expires_at=expires,
        )
    )
    return code, expires


_offer = select(
    link_t.c.id,
    link_t.c.caseworker_id,
    link_t.c.label,
    caseworker_t.c.name,
    caseworker_t.c.organisation,
    caseworker_t.c.person_id.label("caseworker_person"),
    caseworker_t.c.suspended_at,
).join(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)


def _open(code: str, now: dt.datetime) -> ColumnElement[bool]:
    """An offer that can still be answered: offered, not expired, not passed around, from
    a case worker who is not suspended."""
    return (
        (link_t.c.code == code)
        & (link_t.c.state == OFFERED)
        & (link_t.c.expires_at > now)
        & (link_t.c.opened < MAX_OPENS)
        & active(link_t.c.caseworker_id)
    )


async def _details(conn: AsyncConnection, link_id: int) -> dict[str, Any]:
    row = (await conn.execute(_offer.where(link_t.c.id == link_id))).one()
    return dict(row._mapping)


async def offer(
    conn: AsyncConnection, code: str, person_id: int, now: dt.datetime
) -> dict[str, Any] | None:
    """The offer behind a code, for a person who consented to Onward; each opening
    counts towards the code's limit, in the same statement that finds it."""
    opened = await conn.execute(
        update(link_t)
        .where(_open(code, now), has_consented(person_id))
        .values(opened=link_t.c.opened + 1)
        .returning(link_t.c.id)
    )
    found = opened.scalar_one_or_none()
    return await _details(conn, int(found)) if found is not None else None


async def decide(
    conn: AsyncConnection, code: str, person_id: int, agree: bool, now: dt.datetime
) -> dict[str, Any] | None:
    """Agree or decline, once, in one statement that also checks the person consented to
    Onward and is not the case worker. Declining records nothing about who declined."""
    values: dict[str, Any] = {
        "state": AGREED if agree else DECLINED,
        "decided_at": now,
        "opened": link_t.c.opened + 1,
    }
    if agree:
        values["client_id"] = person_id
    not_theirs = ~exists().where(
        caseworker_t.c.id == link_t.c.caseworker_id, caseworker_t.c.person_id == person_id
    )
    result = await conn.execute(
        update(link_t)
        .where(_open(code, now), has_consented(person_id), not_theirs)
        .values(**values)
        .returning(link_t.c.id)
    )
    found = result.scalar_one_or_none()
    return await _details(conn, int(found)) if found is not None else None


async def missed_code(conn: AsyncConnection, person_id: int, now: dt.datetime) -> None:
    """A code that found nothing; old misses (everyone's) are dropped as we go."""
    await conn.execute(delete(attempt_t).where(attempt_t.c.at <= now - MISS_WINDOW))
    await conn.execute(insert(attempt_t).values(person_id=person_id, at=now))


async def wait_before_codes(
    conn: AsyncConnection, person_id: int, now: dt.datetime
) -> dt.timedelta | None:
    """How long this person must wait before trying another code, if they must."""
    rows = await conn.execute(
        select(attempt_t.c.at)
        .where(attempt_t.c.person_id == person_id, attempt_t.c.at > now - MISS_WINDOW)
        .order_by(attempt_t.c.at.desc())
        .limit(MAX_MISSES)
    )
    recent = [as_utc(at) for at in rows.scalars()]
    if len(recent) < MAX_MISSES:
        return None
    return recent[-1] + MISS_WINDOW - now


async def client_links(conn: AsyncConnection, person_id: int) -> list[dict[str, Any]]:
    rows = await conn.execute(
        select(link_t.c.id, link_t.c.decided_at, caseworker_t.c.name, caseworker_t.c.organisation)
        .join(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
        .where(link_t.c.client_id == person_id, link_t.c.state == AGREED)
        .order_by(link_t.c.id)
    )
    return [dict(r._mapping) for r in rows]


async def revoke(
    conn: AsyncConnection, link_id: int, person_id: int, now: dt.datetime
) -> dict[str, Any] | None:
    """The client stops a link; what was scheduled under it is cancelled in the same
    transaction, so nothing more can go out."""
    found = (
        await conn.execute(
            _offer.where(
                link_t.c.id == link_id,
                link_t.c.client_id == person_id,
                link_t.c.state == AGREED,
            )
        )
    ).first()
    if found is None:
        return None
    await conn.execute(
        update(link_t).where(link_t.c.id == link_id).values(state=REVOKED, decided_at=now)
    )
    await conn.execute(
        update(reminder_t)
        .where(reminder_t.c.link_id == link_id, reminder_t.c.state.in_(OPEN_STATES))
        .values(state=CANCELLED)
    )
    return dict(found._mapping)


async def clients(conn: AsyncConnection, caseworker_id: int) -> list[dict[str, Any]]:
    """A case worker's links: never who declined, nor anything about a client but the
    case worker's own note and when they agreed."""
    rows = await conn.execute(
        select(
            link_t.c.id,
            link_t.c.number,
            link_t.c.label,
            link_t.c.state,
            link_t.c.created_at,
            link_t.c.expires_at,
            link_t.c.decided_at,
            link_t.c.opened,
        )
        .where(link_t.c.caseworker_id == caseworker_id)
        .order_by(link_t.c.number)
    )
    return [dict(r._mapping) for r in rows]


@dataclass(frozen=True)
class Client:
    link_id: int | None
    """None: the person's own appointment, with no case worker."""
    person_id: int
    label: str | None
    zone: str


def agreed_to(caseworker_id: int) -> ColumnElement[bool]:
    """A link of this case worker's that they may act under: the client agrees, has not
    withdrawn their consent to Onward, and the case worker is not suspended."""
    return (
        (link_t.c.caseworker_id == caseworker_id)
        & (link_t.c.state == AGREED)
        & has_consented(link_t.c.client_id)
        & active(caseworker_id)
    )


async def agreed_client(
    conn: AsyncConnection, caseworker_id: int, number: int, fallback_zone: str | None
) -> Client | None:
    """The client behind this case worker's link `number` (as /clients shows it), only
    while `agreed_to` holds."""
    return await _agreed(conn, caseworker_id, link_t.c.number == number, fallback_zone)


async def agreed_client_by_id(
    conn: AsyncConnection, caseworker_id: int, link_id: int
) -> Client | None:
    """The same, by the link's id (as the web console names it)."""
    return await _agreed(conn, caseworker_id, link_t.c.id == link_id, None)


async def _agreed(
    conn: AsyncConnection,
    caseworker_id: int,
    which: ColumnElement[bool],
    fallback_zone: str | None,
) -> Client | None:
    row = (
        await conn.execute(
            select(link_t.c.id, link_t.c.client_id, link_t.c.label, person_t.c.timezone)
            .join(person_t, person_t.c.id == link_t.c.client_id)
            .where(which, agreed_to(caseworker_id))
        )
    ).first()
    if row is None:
        return None
    return Client(row.id, row.client_id, row.label, row.timezone or fallback_zone or "UTC")


LOCKED, EXPIRED = "locked", "expired"


def link_state(link: dict[str, Any], now: dt.datetime) -> str:
    """What became of a link: offered, locked (opened too often), expired, agreed,
    declined or revoked (the client stopped it)."""
    state = str(link["state"])
    if state == OFFERED and link["opened"] >= MAX_OPENS:
        return LOCKED
    if state == OFFERED and as_utc(link["expires_at"]) <= now:
        return EXPIRED
    return state
