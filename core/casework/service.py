"""Case workers, client links and reminders in the database, and who may do what.

Every function that acts for a case worker or a client checks, in its own statement,
that the row is theirs and that the client has agreed: an id or code from a forged
button or command finds nothing, and the caller says so kindly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework.timing import DEFAULT_LEADS, due_times, to_utc
from core.storage.models import (
    Caseworker,
    ClientLink,
    CodeAttempt,
    Consent,
    Person,
    Reminder,
    as_utc,
)
from flows.actions import CONSENT_KIND

caseworker_t: Table = Caseworker.__table__  # type: ignore[attr-defined]
link_t: Table = ClientLink.__table__  # type: ignore[attr-defined]
reminder_t: Table = Reminder.__table__  # type: ignore[attr-defined]
person_t: Table = Person.__table__  # type: ignore[attr-defined]
consent_t: Table = Consent.__table__  # type: ignore[attr-defined]
attempt_t: Table = CodeAttempt.__table__  # type: ignore[attr-defined]

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
# Codes that find nothing: this many in this long, then a person waits. A code is for one
# client, so one opened (or answered) this often has been passed around, and is locked.
MAX_MISSES = 5
MISS_WINDOW = dt.timedelta(minutes=15)
MAX_OPENS = 10


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def has_consented(person_id: Any) -> ColumnElement[bool]:
    """The person accepted Onward's privacy notice and has not withdrawn it: part of the
    very statement that acts for them, so nobody is linked or reached without it."""
    return exists().where(
        consent_t.c.person_id == person_id,
        consent_t.c.kind == CONSENT_KIND,
        consent_t.c.withdrawn_at.is_(None),
    )


def _active(caseworker_id: Any) -> ColumnElement[bool]:
    """The case worker has not been suspended by the operator."""
    return exists().where(
        caseworker_t.c.id == caseworker_id, caseworker_t.c.suspended_at.is_(None)
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
        & _active(link_t.c.caseworker_id)
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
            link_t.c.number,
            link_t.c.label,
            link_t.c.state,
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


async def agreed_client(
    conn: AsyncConnection, caseworker_id: int, number: int, fallback_zone: str | None
) -> Client | None:
    """The client behind this case worker's link `number` (as /clients shows it), only
    while they agree, have not withdrawn their consent to Onward, and the case worker
    is not suspended."""
    row = (
        await conn.execute(
            select(link_t.c.id, link_t.c.client_id, link_t.c.label, person_t.c.timezone)
            .join(person_t, person_t.c.id == link_t.c.client_id)
            .where(
                link_t.c.number == number,
                link_t.c.caseworker_id == caseworker_id,
                link_t.c.state == AGREED,
                has_consented(link_t.c.client_id),
                _active(caseworker_id),
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
                or_(
                    reminder_t.c.link_id.is_(None),
                    (link_t.c.state == AGREED) & caseworker_t.c.suspended_at.is_(None),
                ),
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


def question_digest(text: str) -> str:
    """The question as Telegram hands it back in a reply: it trims a message and may
    change its spaces (a narrow no-break space in a time), so spaces do not count; nor
    do the invisible direction marks added on the way out (render.readable_params)."""
    shown = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return hashlib.sha256(" ".join(shown.split()).encode()).hexdigest()


def _digest_before_marks(text: str) -> str:
    """How a question asked before direction marks were left out was kept."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


async def asked_reason(conn: AsyncConnection, reminder_id: int, question: str) -> None:
    """Note the question that asks why they cannot come: only a reply to it is a reason."""
    await conn.execute(
        update(reminder_t)
        .where(reminder_t.c.id == reminder_id)
        .values(reason_asked=question_digest(question))
    )


async def awaiting_reason(
    conn: AsyncConnection, person_id: int, replied_to: str, now: dt.datetime
) -> dict[str, Any] | None:
    """The reminder whose "why?" question `replied_to` is (the text of the message the
    client replied to), if they may still say why. A reply to any other message of ours
    (an address, a menu) finds nothing."""
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
                reminder_t.c.reason_asked.in_(
                    [question_digest(replied_to), _digest_before_marks(replied_to)]
                ),
                link_t.c.state == AGREED,
                caseworker_t.c.suspended_at.is_(None),
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
        .values(
            reason=reason[:MAX_WORDS] if reason else None, reason_until=None, reason_asked=None
        )
    )


# -- the operator ----------------------------------------------------------------------
async def agreed_clients(conn: AsyncConnection, caseworker_id: int) -> list[dict[str, Any]]:
    """Each client who agreed to this case worker's reminders: whom to tell of a change."""
    rows = await conn.execute(
        select(person_t.c.telegram_id, person_t.c.locale)
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
