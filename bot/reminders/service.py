"""Case workers, client links and reminders in the database, and who may do what.

Every function that acts for a case worker or a client checks, in its own statement,
that the row is theirs and that the client has agreed: an id or code from a forged
button or command finds nothing, and the caller says so kindly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import Caseworker, ClientLink, Person, Reminder, as_utc
from bot.reminders.timing import DEFAULT_LEADS, due_times, to_utc

caseworker_t: Table = Caseworker.__table__  # type: ignore[attr-defined]
link_t: Table = ClientLink.__table__  # type: ignore[attr-defined]
reminder_t: Table = Reminder.__table__  # type: ignore[attr-defined]
person_t: Table = Person.__table__  # type: ignore[attr-defined]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
LINK_LIFETIME = dt.timedelta(days=7)
INVITE_LIFETIME = dt.timedelta(days=7)
OFFERED, AGREED, DECLINED, REVOKED = "offered", "agreed", "declined", "revoked"
SCHEDULED, SENDING, SENT, ANSWERED = "scheduled", "sending", "sent", "answered"
FAILED, CANCELLED, MISSED = "failed", "cancelled", "missed"
OPEN_STATES = (SCHEDULED, SENDING)
KINDS = ("appointment", "court", "checkin", "documents", "own")
ANSWERS = {"y": "yes", "l": "later", "n": "no"}
AGAIN_AFTER = dt.timedelta(hours=1)
MAX_WORDS = 500
MAX_LABEL = 40


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


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


async def new_link(
    conn: AsyncConnection, caseworker_id: int, label: str | None, now: dt.datetime
) -> tuple[str, dt.datetime]:
    code, expires = new_code(), now + LINK_LIFETIME
    await conn.execute(
        insert(link_t).values(
            caseworker_id=caseworker_id,
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
).join(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)


async def offer(conn: AsyncConnection, code: str, now: dt.datetime) -> dict[str, Any] | None:
    """The offer behind a code, while it can still be answered."""
    row = (
        await conn.execute(
            _offer.where(
                link_t.c.code == code.strip().upper(),
                link_t.c.state == OFFERED,
                link_t.c.expires_at > now,
            )
        )
    ).first()
    return dict(row._mapping) if row is not None else None


async def decide(
    conn: AsyncConnection, code: str, person_id: int, agree: bool, now: dt.datetime
) -> dict[str, Any] | None:
    """Agree or decline, once. Declining records nothing about who declined."""
    found = await offer(conn, code, now)
    if found is None or found["caseworker_person"] == person_id:
        return None
    values: dict[str, Any] = {"state": AGREED if agree else DECLINED, "decided_at": now}
    if agree:
        values["client_id"] = person_id
    result = await conn.execute(
        update(link_t)
        .where(link_t.c.id == found["id"], link_t.c.state == OFFERED)
        .values(**values)
    )
    return found if result.rowcount == 1 else None


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
            link_t.c.label,
            link_t.c.state,
            link_t.c.expires_at,
            link_t.c.decided_at,
        )
        .where(link_t.c.caseworker_id == caseworker_id)
        .order_by(link_t.c.id)
    )
    return [dict(r._mapping) for r in rows]


@dataclass(frozen=True)
class Client:
    link_id: int | None
    """None: the person's own appointment, with no case worker."""
    person_id: int
    label: str | None
    zone: str


async def agreed_client(
    conn: AsyncConnection, caseworker_id: int, link_id: int, fallback_zone: str | None
) -> Client | None:
    """The client behind one of this case worker's links, only while they agree."""
    row = (
        await conn.execute(
            select(link_t.c.id, link_t.c.client_id, link_t.c.label, person_t.c.timezone)
            .join(person_t, person_t.c.id == link_t.c.client_id)
            .where(
                link_t.c.id == link_id,
                link_t.c.caseworker_id == caseworker_id,
                link_t.c.state == AGREED,
            )
        )
    ).first()
    if row is None:
        return None
    return Client(row.id, row.client_id, row.label, row.timezone or fallback_zone or "UTC")


@dataclass(frozen=True)
class Appointment:
    """What a reminder is about: its kind, its local time, and maybe a repeat rule."""

    kind: str
    event_local: dt.datetime
    words: str | None = None
    rrule: str | None = None
    leads: tuple[int, ...] = DEFAULT_LEADS


def reminder_rows(
    client: Client, appointment: Appointment, now: dt.datetime
) -> list[dict[str, Any]]:
    """The rows for one occurrence of an appointment: one per reminder still to come."""
    event_at = to_utc(appointment.event_local, client.zone)
    return [
        {
            "link_id": client.link_id,
            "person_id": client.person_id,
            "kind": appointment.kind,
            "words": appointment.words,
            "event_local": appointment.event_local.isoformat(timespec="minutes"),
            "zone": client.zone,
            "event_at": event_at,
            "lead_minutes": lead,
            "leads": ",".join(map(str, appointment.leads)),
            "rrule": appointment.rrule,
            "due_at": due,
            "state": SCHEDULED,
            "attempts": 0,
            "created_at": now,
        }
        for lead, due in due_times(event_at, appointment.leads, now)
    ]


async def schedule(conn: AsyncConnection, rows: list[dict[str, Any]]) -> list[int]:
    ids = []
    for row in rows:
        result = await conn.execute(insert(reminder_t).returning(reminder_t.c.id), row)
        ids.append(int(result.scalar_one()))
    return ids


def own(person_id: int, zone: str) -> Client:
    """A person reminding themselves: no case worker, nobody else told anything."""
    return Client(None, person_id, None, zone)


async def own_appointments(
    conn: AsyncConnection, person_id: int, now: dt.datetime
) -> list[dict[str, Any]]:
    """A person's own appointments still to come that have reminders waiting: one row each."""
    rows = await conn.execute(
        select(
            func.min(reminder_t.c.id).label("id"),
            reminder_t.c.words,
            reminder_t.c.event_at,
            reminder_t.c.zone,
        )
        .where(
            reminder_t.c.person_id == person_id,
            reminder_t.c.link_id.is_(None),
            reminder_t.c.state == SCHEDULED,
            reminder_t.c.event_at > now,
        )
        .group_by(reminder_t.c.words, reminder_t.c.event_at, reminder_t.c.zone)
        .order_by(reminder_t.c.event_at)
    )
    return [dict(r._mapping) for r in rows]


async def cancel_own(
    conn: AsyncConnection, person_id: int, reminder_id: int
) -> dict[str, Any] | None:
    """Cancel every reminder still waiting for the person's own appointment that this
    reminder belongs to; someone else's id finds nothing."""
    row = (
        await conn.execute(
            select(reminder_t.c.words, reminder_t.c.event_at, reminder_t.c.zone).where(
                reminder_t.c.id == reminder_id,
                reminder_t.c.person_id == person_id,
                reminder_t.c.link_id.is_(None),
                reminder_t.c.state == SCHEDULED,
            )
        )
    ).first()
    if row is None:
        return None
    await conn.execute(
        update(reminder_t)
        .where(
            reminder_t.c.person_id == person_id,
            reminder_t.c.link_id.is_(None),
            reminder_t.c.state == SCHEDULED,
            reminder_t.c.words == row.words,
            reminder_t.c.event_at == row.event_at,
        )
        .values(state=CANCELLED)
    )
    return dict(row._mapping)


_listed = (
    select(reminder_t, link_t.c.label)
    .join(link_t, link_t.c.id == reminder_t.c.link_id)
    .where(link_t.c.state == AGREED)
)


async def reminders_of(conn: AsyncConnection, caseworker_id: int) -> list[dict[str, Any]]:
    """What a case worker scheduled for clients who still agree, newest appointment last."""
    rows = await conn.execute(
        _listed.where(link_t.c.caseworker_id == caseworker_id).order_by(
            reminder_t.c.event_at, reminder_t.c.due_at
        )
    )
    return [dict(r._mapping) for r in rows]


async def cancel(
    conn: AsyncConnection, caseworker_id: int, reminder_id: int, now: dt.datetime
) -> bool:
    mine = select(link_t.c.id).where(
        link_t.c.caseworker_id == caseworker_id, link_t.c.state == AGREED
    )
    result = await conn.execute(
        update(reminder_t)
        .where(
            reminder_t.c.id == reminder_id,
            reminder_t.c.state == SCHEDULED,
            reminder_t.c.link_id.in_(mine.scalar_subquery()),
        )
        .values(state=CANCELLED)
    )
    return result.rowcount == 1


async def answer(
    conn: AsyncConnection, reminder_id: int, person_id: int, said: str, now: dt.datetime
) -> dict[str, Any] | None:
    """The client's answer to a reminder they received, under a link still agreed."""
    row = (
        await conn.execute(
            select(
                reminder_t,
                link_t.c.label,
                caseworker_t.c.name,
                caseworker_t.c.person_id.label("cw_person"),
            )
            .outerjoin(link_t, link_t.c.id == reminder_t.c.link_id)
            .outerjoin(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
            .where(
                reminder_t.c.id == reminder_id,
                reminder_t.c.person_id == person_id,
                reminder_t.c.state == SENT,
                or_(reminder_t.c.link_id.is_(None), link_t.c.state == AGREED),
            )
        )
    ).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["event_at"] = as_utc(found["event_at"])
    values: dict[str, Any] = {"state": ANSWERED, "answer": said, "answered_at": now}
    if said == "no" and found["link_id"] is not None:
        values["reason_until"] = now + dt.timedelta(minutes=15)
    await conn.execute(update(reminder_t).where(reminder_t.c.id == reminder_id).values(**values))
    if said == "later" and found["event_at"] > now + AGAIN_AFTER:
        again = {
            k: found[k]
            for k in (
                "link_id", "person_id", "kind", "words", "event_local", "zone",
                "event_at", "leads", "rrule",
            )
        }  # fmt: skip
        await conn.execute(
            insert(reminder_t).values(
                **again,
                lead_minutes=-1,  # not one of the series' own: writes no next occurrence
                due_at=now + AGAIN_AFTER,
                state=SCHEDULED,
                attempts=0,
                created_at=now,
            )
        )
    return found


async def awaiting_reason(
    conn: AsyncConnection, person_id: int, now: dt.datetime
) -> dict[str, Any] | None:
    """The reminder a client just said "I can't make it" to, if they may still say why."""
    row = (
        await conn.execute(
            select(
                reminder_t.c.id,
                reminder_t.c.kind,
                reminder_t.c.event_at,
                reminder_t.c.zone,
                link_t.c.label,
                caseworker_t.c.name,
                caseworker_t.c.person_id.label("cw_person"),
            )
            .join(link_t, link_t.c.id == reminder_t.c.link_id)
            .join(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
            .where(
                reminder_t.c.person_id == person_id,
                reminder_t.c.reason_until > now,
                and_(link_t.c.state == AGREED),
            )
            .order_by(reminder_t.c.answered_at.desc())
            .limit(1)
        )
    ).first()
    return dict(row._mapping) if row is not None else None


async def give_reason(
    conn: AsyncConnection, reminder_id: int, person_id: int, reason: str | None
) -> None:
    await conn.execute(
        update(reminder_t)
        .where(reminder_t.c.id == reminder_id, reminder_t.c.person_id == person_id)
        .values(reason=reason[:MAX_WORDS] if reason else None, reason_until=None)
    )
