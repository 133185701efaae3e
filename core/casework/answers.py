"""A client's answer to a reminder they received, and the reason they may give when they
cannot come: only a reply to the very question that asked for it."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core import usage
from core.casework.schema import (
    AGAIN_AFTER,
    AGREED,
    ANSWERED,
    MAX_WORDS,
    SCHEDULED,
    SENT,
    caseworker_t,
    link_t,
    reminder_t,
)
from core.storage.models import as_utc
from flows.usage import REMINDER_ANSWERED


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
    await usage.count(conn, REMINDER_ANSWERED, said, "", now)
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
