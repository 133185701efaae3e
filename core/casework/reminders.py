"""Reminders: the rows for an appointment, scheduling them, a person's own appointments,
and what a case worker lists and cancels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import texts
from core.casework.links import Client
from core.casework.schema import AGREED, CANCELLED, SCHEDULED, link_t, reminder_t
from core.casework.timing import DEFAULT_LEADS, due_times, to_utc
from flows.i18n import Translator


@dataclass(frozen=True)
class Appointment:
    """What a reminder is about: its kind, its local time, and maybe a repeat rule."""

    kind: str
    event_local: dt.datetime
    words: str | None = None
    rrule: str | None = None
    leads: tuple[int, ...] = DEFAULT_LEADS


def reminder_text(t: Translator, kind: str, name: str, when: str, words: str | None) -> str:
    """What the client reads: the kind's text in their language (`t`), from `name`."""
    return t.gettext(texts.REMINDER_TEXTS[kind]).format(name=name, when=when, words=words or "")


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


async def reminders_of(
    conn: AsyncConnection, caseworker_id: int, link_id: int | None = None
) -> list[dict[str, Any]]:
    """What a case worker scheduled for clients who still agree (or for the one client
    under `link_id`), newest appointment last."""
    query = _listed.where(link_t.c.caseworker_id == caseworker_id)
    if link_id is not None:
        query = query.where(link_t.c.id == link_id)
    rows = await conn.execute(query.order_by(reminder_t.c.event_at, reminder_t.c.due_at))
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
