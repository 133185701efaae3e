"""Reminders that are due, handed to the outbox: rows, never jobs held in memory.

A pass claims the due rows and, in the same transaction, settles each: a link revoked
or a client who blocked the bot cancels or fails it; after downtime, one whose
appointment has passed is missed, and one still useful goes late, saying so; quiet
hours in the client's zone hold back one that can wait. The rest are written to the
outbox (state `sending`), rendered by the client's channel, and delivery, which sends
everything within Telegram's limits, is told which chats have new messages. How each
one's sending ends is recorded by core/reminder_receipts.py.

Every few minutes it also forgets the places kept for searches that have gone a day
unused (core/forget_places.py).

Nothing is lost across restarts: what was claimed is in the outbox in the same commit,
and the outbox is sent after a restart. A reminder left `sending` by an older version
(claimed, then the worker died before sending) is taken up again once its lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core import metrics
from core.casework import links, reminders, texts
from core.casework.schema import (
    AGREED,
    CANCELLED,
    FAILED,
    MISSED,
    SCHEDULED,
    SENDING,
    person_t,
    reminder_t,
)
from core.casework.timing import (
    QUIET_HOURS,
    Quiet,
    TimingError,
    check_within_reach,
    held_for_quiet,
    local_of,
    next_occurrence,
    to_utc,
)
from core.forget_places import TIDY_EVERY, forget_unused_places
from core.outgoing import Renderer
from core.people import Someone
from core.reminder_receipts import Due, dated, details
from core.storage.chats import QUEUED_CHANNEL
from core.storage.queues import Outbox
from core.storage.store import Store
from core.storage.tables import outbox_t
from flows.i18n import Catalogs
from flows.replies import Button, Reply

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=2)
LATE_AFTER = dt.timedelta(minutes=5)
CLAIM = 600  # about twenty seconds of sending at Telegram's pace
IDLE = 1.0


@dataclass
class Scheduler:
    store: Store
    render: Renderer
    """The clients' channel: how a reminder is said there."""
    catalogs: Catalogs
    clock: Callable[[], dt.datetime]
    notify: Callable[[int], Awaitable[None]] | None = None
    """Deliver what a pass wrote to a chat's outbox."""
    claim_size: int = CLAIM
    lease: dt.timedelta = LEASE
    quiet: Quiet | None = QUIET_HOURS
    """Hours in the client's zone when a reminder that can wait does (None: never)."""

    # -- claiming ------------------------------------------------------------------
    async def claim(self) -> list[Due]:
        """Take the due reminders (and any claim an older version left behind) as ours,
        and settle each or hand it to the outbox, in one transaction. Returns them, each
        with `chat` set when it was written to the outbox."""
        now = self.clock()
        in_outbox = exists().where(outbox_t.c.reminder_id == reminder_t.c.id)
        # Only people the outbox can reach: another channel's reminders wait for a
        # scheduler that writes to its queues (the terminal chat has none).
        reachable = exists().where(
            person_t.c.id == reminder_t.c.person_id, person_t.c.channel == QUEUED_CHANNEL
        )
        due = (
            select(reminder_t.c.id)
            .where(
                reachable,
                or_(
                    and_(reminder_t.c.state == SCHEDULED, reminder_t.c.due_at <= now),
                    and_(
                        reminder_t.c.state == SENDING,
                        reminder_t.c.claimed_at < now - self.lease,
                        ~in_outbox,
                    ),
                ),
            )
            .order_by(reminder_t.c.due_at, reminder_t.c.id)
            .limit(self.claim_size)
        )
        if self.store.engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        async with self.store.transaction() as conn:
            claimed = await conn.execute(
                update(reminder_t)
                .where(reminder_t.c.id.in_(due.scalar_subquery()))
                .values(state=SENDING, claimed_at=now, attempts=reminder_t.c.attempts + 1)
                .returning(reminder_t.c.id)
            )
            ids = [int(i) for i in claimed.scalars()]
            if not ids:
                return []
            rows = await conn.execute(details.where(reminder_t.c.id.in_(ids)))
            found = sorted((dated(dict(r._mapping)) for r in rows), key=lambda d: d["id"])
            for item in found:
                item["chat"] = await self.process(conn, item, now)
        return found

    # -- a pass --------------------------------------------------------------------
    async def tick(self) -> int:
        """One pass: claim what is due and hand it over. Returns how many."""
        items = await self.claim()
        chats = sorted({item["chat"] for item in items if item["chat"] is not None})
        if self.notify is not None:
            for chat in chats:
                await self.notify(chat)
        return len(items)

    async def run(self, stopping: asyncio.Event) -> None:
        tidy_at = self.clock()
        while not stopping.is_set():
            try:
                done = await self.tick()
            except Exception:  # the scheduler must outlive any one failure
                log.exception("reminder pass failed")
                done = 0
            if self.clock() >= tidy_at:
                tidy_at = self.clock() + TIDY_EVERY
                await self.tidy_places()
            if not done:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), IDLE)

    async def tidy_places(self) -> None:
        """Places kept for searches leave a day after their last use (core/forget_places)."""
        try:
            await forget_unused_places(self.store, self.clock())
        except Exception:  # tried again at the next tidy
            log.exception("forgetting unused places failed")

    async def process(self, conn: AsyncConnection, item: Due, now: dt.datetime) -> int | None:
        """Settle one claimed reminder, or write it to the outbox: then its chat."""
        if item["link_id"] is not None and item["link_state"] != AGREED:
            await self._finish_in(conn, item, CANCELLED)
        elif item["unreachable_since"] is not None:
            await self._finish_in(conn, item, FAILED, note="blocked")
        elif item["event_at"] <= now:
            await self._finish_in(conn, item, MISSED)
        elif (held := held_for_quiet(now, item["event_at"], item["zone"], self.quiet)) > now:
            await self._set(conn, item, state=SCHEDULED, due_at=held, claimed_at=None, attempts=0)
        else:
            client = Someone(item["channel"], item["address"])
            late = now - item["due_at"] > LATE_AFTER
            if late:
                metrics.REMINDERS_LATE.inc()
            said = [self.message(item, late)]
            chat = await Outbox.say(conn, self.render, client, said, now, reminder_id=item["id"])
            await self._next_occurrence(conn, item)  # the series goes on, however this ends
            return chat
        return None

    def message(self, item: Due, late: bool) -> Reply:
        t = self.catalogs.translator(item["locale"])
        when = t.moment(local_of(item["event_at"], item["zone"]))
        text = reminders.reminder_text(
            t, item["kind"], item["caseworker"] or "", when, item["words"]
        )
        if late:
            text += "\n" + t.gettext(texts.LATE)
        rid = item["id"]
        answers = (texts.ANSWER_YES, "y"), (texts.ANSWER_LATER, "l"), (texts.ANSWER_NO, "n")
        return Reply(
            text, tuple(Button(t.gettext(label), f"ra:{rid}:{a}") for label, a in answers)
        )

    # -- recording -----------------------------------------------------------------
    @staticmethod
    async def _set(conn: AsyncConnection, item: Due, **values: Any) -> None:
        await conn.execute(
            update(reminder_t)
            .where(reminder_t.c.id == item["id"], reminder_t.c.state == SENDING)
            .values(**values)
        )

    async def _finish_in(
        self, conn: AsyncConnection, item: Due, state: str, **values: Any
    ) -> None:
        """Record the end of this reminder and, for the last of an occurrence of a
        repeating appointment, write the next occurrence's."""
        result = await conn.execute(
            update(reminder_t)
            .where(reminder_t.c.id == item["id"], reminder_t.c.state == SENDING)
            .values(state=state, **values)
        )
        if result.rowcount == 1 and state != CANCELLED:
            await self._next_occurrence(conn, item)

    def _following(self, item: Due) -> dt.datetime | None:
        """The series' next occurrence still to come; None when it has ended or would
        fall beyond what a reminder may reach (a rule such as YEARLY;INTERVAL=366 would
        otherwise run off the calendar, after this reminder was sent)."""
        now = self.clock()
        following = next_occurrence(item["rrule"], dt.datetime.fromisoformat(item["event_local"]))
        try:
            while following is not None and to_utc(following, item["zone"]) <= now:
                following = next_occurrence(item["rrule"], following)  # what downtime passed
            if following is not None:
                check_within_reach(to_utc(following, item["zone"]), now)
        except TimingError:
            log.warning("repeat rule ends out of reach", extra={"reminder": item["id"]})
            return None
        return following

    async def _next_occurrence(self, conn: AsyncConnection, item: Due) -> None:
        leads = [int(x) for x in item["leads"].split(",")]
        if not item["rrule"] or item["lead_minutes"] != min(leads):
            return
        following = self._following(item)
        if following is None:
            return
        now = self.clock()
        client = links.Client(item["link_id"], item["person_id"], item["label"], item["zone"])
        appointment = reminders.Appointment(
            item["kind"], following, item["words"], item["rrule"], tuple(leads)
        )
        rows = reminders.reminder_rows(client, appointment, now)
        if rows:
            await conn.execute(insert(reminder_t), rows)
