"""For the web console: each reminder of one client and what became of it, cancelling
one, and a client's timeline. The same reading as Telegram's /reminders and /drop
(`reminders.reminders_of`, `for_caseworkers.reminder_status`, `reminders.cancel`),
for one client found through `desk.client_of`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import reminders
from core.casework.desk import client_of
from core.casework.for_caseworkers import reminder_status, shown_reason
from core.casework.schema import AGREED, CANCELLED, DECLINED, REVOKED, link_t
from core.storage.models import as_utc


@dataclass(frozen=True)
class ReminderRow:
    id: int
    kind: str
    words: str | None
    event_at: dt.datetime
    """The appointment, UTC; `event_local` is it on the client's clock, in `zone`."""
    event_local: str
    zone: str
    due_at: dt.datetime
    lead_minutes: int
    repeat: str | None
    """The RRULE kept with it (with its DTSTART), or None."""
    status: str
    """scheduled, sending, sent (delivered, buttons not answered yet), yes ("I'll be
    there"), later ("remind me later"), no ("I can't make it"), blocked, failed,
    cancelled or missed (`for_caseworkers.reminder_status`)."""
    sent_at: dt.datetime | None
    answered_at: dt.datetime | None
    reason: str | None
    """With `no`: why, in the client's words (the one text a client writes for the case
    worker), cut as Telegram shows it."""
    cancellable: bool


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return as_utc(value) if value is not None else None


def _row(row: dict[str, Any]) -> ReminderRow:
    status = reminder_status(row)
    return ReminderRow(
        id=row["id"],
        kind=row["kind"],
        words=row["words"],
        event_at=as_utc(row["event_at"]),
        event_local=row["event_local"],
        zone=row["zone"],
        due_at=as_utc(row["due_at"]),
        lead_minutes=row["lead_minutes"],
        repeat=row["rrule"],
        status=status,
        sent_at=_utc(row["sent_at"]),
        answered_at=_utc(row["answered_at"]),
        reason=shown_reason(row),
        cancellable=status == "scheduled",
    )


async def reminders_of_client(
    conn: AsyncConnection, caseworker_id: int, link_id: int
) -> list[ReminderRow] | None:
    """The client's reminders, by appointment then send time; None: not this case
    worker's client (or they do not agree)."""
    if await client_of(conn, caseworker_id, link_id) is None:
        return None
    return [_row(r) for r in await reminders.reminders_of(conn, caseworker_id, link_id)]


async def cancel_reminder(
    conn: AsyncConnection, caseworker_id: int, reminder_id: int, now: dt.datetime
) -> bool:
    """As /drop: only a reminder still to be sent, under this case worker's agreed link."""
    return await reminders.cancel(conn, caseworker_id, reminder_id, now)


@dataclass(frozen=True)
class Event:
    at: dt.datetime | None
    """UTC. None for a cancellation, whose moment is not kept: it is placed after what
    is known of that reminder."""
    kind: str
    """invited, agreed, declined, revoked (the client stopped the link), scheduled,
    sent, answered or cancelled."""
    reminder_id: int | None = None
    answer: str | None = None
    """With answered: yes, later or no."""
    reason: str | None = None
    """With answered no: the reason the client gave, as in ReminderRow."""


async def timeline(conn: AsyncConnection, caseworker_id: int, link_id: int) -> list[Event] | None:
    """What happened under this case worker's link, in time order. A client who does
    not agree (declined, stopped the link, withdrew their consent to Onward) shows only
    the link's own events, nothing of their reminders; another case worker's link: None."""
    link = (
        await conn.execute(
            select(link_t.c.state, link_t.c.created_at, link_t.c.decided_at).where(
                link_t.c.id == link_id, link_t.c.caseworker_id == caseworker_id
            )
        )
    ).first()
    if link is None:
        return None
    events = [Event(as_utc(link.created_at), "invited")]
    if link.state in (AGREED, DECLINED, REVOKED) and link.decided_at is not None:
        events.append(Event(as_utc(link.decided_at), link.state))
    if await client_of(conn, caseworker_id, link_id) is not None:
        for row in await reminders.reminders_of(conn, caseworker_id, link_id):
            events += _reminder_events(row)
    return _in_order(events)


def _reminder_events(row: dict[str, Any]) -> list[Event]:
    rid = row["id"]
    events = [Event(as_utc(row["created_at"]), "scheduled", rid)]
    if row["sent_at"] is not None:
        events.append(Event(as_utc(row["sent_at"]), "sent", rid))
    if row["answered_at"] is not None:
        reason = shown_reason(row)
        events.append(Event(as_utc(row["answered_at"]), "answered", rid, row["answer"], reason))
    if row["state"] == CANCELLED:
        events.append(Event(None, "cancelled", rid))
    return events


def _in_order(events: list[Event]) -> list[Event]:
    """By time; an event without one (a cancellation) just after the one before it."""
    keyed, last = [], dt.datetime.min.replace(tzinfo=dt.UTC)
    for number, event in enumerate(events):
        last = event.at if event.at is not None else last
        keyed.append((last, number, event))
    return [event for _, _, event in sorted(keyed, key=lambda k: (k[0], k[1]))]
