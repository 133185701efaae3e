"""Sending reminders that are due: rows, never jobs held in memory.

A pass claims due rows atomically (state `sending`, with the time of the claim), sends
each within Telegram's limits, and records what happened. A claim left by a worker that
died is taken up again once its lease runs out, so nothing is lost across restarts; a
reminder Telegram accepted just before such a crash, but that we could not mark sent,
goes out once more.

Before each send the row is read again: a link revoked, or a reminder cancelled, while
it waited for its turn is not sent. After downtime, a reminder whose appointment is
still ahead is sent late, saying so; one whose appointment has passed is marked missed.
Quiet hours in the client's zone hold back a reminder that can wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from channels.telegram.api import ApiError, BotApi, UnknownOutcome
from core.casework import service, texts
from core.casework.service import (
    AGREED,
    CANCELLED,
    FAILED,
    MISSED,
    SCHEDULED,
    SENDING,
    SENT,
    caseworker_t,
    link_t,
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
from core.limits import SendLimits
from core.outgoing import Outgoing
from core.storage.models import as_utc
from core.storage.queues import Outbox
from core.storage.store import Store
from flows.i18n import Catalogs, Translator

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=2)
LATE_AFTER = dt.timedelta(minutes=5)
CLAIM = 600  # about twenty seconds of sending at Telegram's pace
FLOOD_RETRIES = 5
IDLE = 1.0

caseworker_person = aliased(person_t)


Due = dict[str, Any]
"""A claimed reminder with what it takes to send it and report on it."""


_details = (
    select(
        reminder_t,
        person_t.c.telegram_id,
        person_t.c.locale,
        person_t.c.unreachable_since,
        link_t.c.label,
        link_t.c.state.label("link_state"),
        caseworker_t.c.name.label("caseworker"),
        caseworker_person.c.telegram_id.label("cw_chat"),
        caseworker_person.c.locale.label("cw_locale"),
    )
    .join(person_t, person_t.c.id == reminder_t.c.person_id)
    .outerjoin(link_t, link_t.c.id == reminder_t.c.link_id)  # none: their own appointment
    .outerjoin(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
    .outerjoin(caseworker_person, caseworker_person.c.id == caseworker_t.c.person_id)
)


def interleaved(items: list[Due]) -> list[Due]:
    """One chat's reminders spread among the others': a chat takes one a second, so
    sending them back to back would leave the rest of Telegram's allowance unused."""
    per_chat: dict[int, list[Due]] = defaultdict(list)
    for item in items:
        per_chat[item["telegram_id"]].append(item)
    queues = list(per_chat.values())
    ordered: list[Due] = []
    for rank in range(max((len(q) for q in queues), default=0)):
        ordered += [q[rank] for q in queues if rank < len(q)]
    return ordered


@dataclass
class Scheduler:
    store: Store
    api: BotApi
    catalogs: Catalogs
    clock: Callable[[], dt.datetime]
    limits: SendLimits = field(default_factory=SendLimits)
    notify: Callable[[int], Awaitable[None]] | None = None
    """Deliver what was written to a chat's outbox (a case worker told of a failure)."""
    claim_size: int = CLAIM
    lease: dt.timedelta = LEASE
    quiet: Quiet | None = QUIET_HOURS
    """Hours in the client's zone when a reminder that can wait does (None: never)."""

    # -- claiming ------------------------------------------------------------------
    async def claim(self) -> list[Due]:
        """Take the due reminders (and any whose claim outlived its lease) as ours."""
        now = self.clock()
        due = (
            select(reminder_t.c.id)
            .where(
                or_(
                    and_(reminder_t.c.state == SCHEDULED, reminder_t.c.due_at <= now),
                    and_(
                        reminder_t.c.state == SENDING, reminder_t.c.claimed_at < now - self.lease
                    ),
                )
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
            rows = await conn.execute(_details.where(reminder_t.c.id.in_(ids)))
            found = [self._dated(dict(r._mapping)) for r in rows]
        return interleaved(sorted(found, key=lambda d: (d["due_at"], d["id"])))

    @staticmethod
    def _dated(row: dict[str, Any]) -> dict[str, Any]:
        for key in ("event_at", "due_at", "claimed_at", "unreachable_since"):
            if row.get(key) is not None:
                row[key] = as_utc(row[key])
        return row

    # -- a pass --------------------------------------------------------------------
    async def tick(self) -> int:
        """One pass: claim what is due and see each through. Returns how many."""
        items = await self.claim()
        if items:
            await asyncio.gather(*(self._guarded(item) for item in items))
        return len(items)

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                done = await self.tick()
            except Exception:  # the scheduler must outlive any one failure
                log.exception("reminder pass failed")
                done = 0
            if not done:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), IDLE)

    async def _guarded(self, item: Due) -> None:
        try:
            await self.process(item)
        except Exception:
            # Left `sending`: its lease runs out and a later pass takes it up again.
            log.exception("reminder failed", extra={"reminder": item["id"]})

    async def process(self, item: Due) -> None:
        now = self.clock()
        if item["link_id"] is not None and item["link_state"] != AGREED:
            await self._finish(item, CANCELLED)
            return
        if item["unreachable_since"] is not None:
            await self._finish(item, FAILED, note="blocked")
            return
        if item["event_at"] <= now:
            await self._finish(item, MISSED)
            return
        held = held_for_quiet(now, item["event_at"], item["zone"], self.quiet)
        if held > now:
            await self._set(item, state=SCHEDULED, due_at=held, claimed_at=None, attempts=0)
            return
        await self._send(item, late=now - item["due_at"] > LATE_AFTER)

    # -- sending -------------------------------------------------------------------
    def message(self, item: Due, late: bool) -> Outgoing:
        t = self.catalogs.translator(item["locale"])
        when = t.moment(local_of(item["event_at"], item["zone"]))
        template = texts.REMINDER_TEXTS[item["kind"]]
        text = t.gettext(template).format(
            name=item["caseworker"] or "", when=when, words=item["words"] or ""
        )
        if late:
            text += "\n" + t.gettext(texts.LATE)
        rid = item["id"]
        buttons = [
            [{"text": t.gettext(texts.ANSWER_YES), "callback_data": f"ra:{rid}:y"}],
            [{"text": t.gettext(texts.ANSWER_LATER), "callback_data": f"ra:{rid}:l"}],
            [{"text": t.gettext(texts.ANSWER_NO), "callback_data": f"ra:{rid}:n"}],
        ]
        return Outgoing(
            "sendMessage",
            {
                "chat_id": item["telegram_id"],
                "text": text,
                "reply_markup": {"inline_keyboard": buttons},
            },
        )

    async def _send(self, item: Due, late: bool) -> None:
        outgoing = self.message(item, late)
        for _ in range(FLOOD_RETRIES):
            await self.limits.wait(item["telegram_id"])
            if not await self._still_ours(item):
                return  # revoked or cancelled while it waited its turn
            try:
                await self.api.call(outgoing.method, outgoing.params)
            except ApiError as error:
                if error.code == 429:
                    self.limits.pause(error.retry_after or 1)
                    continue
                if error.code == 403:
                    await self._blocked(item)
                elif error.code == 400:  # Telegram cannot show it: sending again won't help
                    log.error("telegram refused a reminder", extra={"code": error.code})
                    await self._finish(item, FAILED, note="refused")
                else:
                    await self._later(item)
                return
            except UnknownOutcome:
                # It may have arrived: sent again, as the README promises, never lost.
                await self._later(item)
                return
            await self._finish(item, SENT, sent_at=self.clock())
            return
        await self._later(item)

    async def _still_ours(self, item: Due) -> bool:
        async with self.store.transaction() as conn:
            row = (
                await conn.execute(
                    select(reminder_t.c.state, link_t.c.state.label("link_state"))
                    .outerjoin(link_t, link_t.c.id == reminder_t.c.link_id)
                    .where(
                        reminder_t.c.id == item["id"],
                        reminder_t.c.claimed_at == item["claimed_at"],
                    )
                )
            ).first()
        if row is None or row.state != SENDING:
            return False
        return item["link_id"] is None or row.link_state == AGREED

    async def _later(self, item: Due) -> None:
        """Telegram could not be reached, or its answer read: try again after a pause that
        grows. Never given up on: once the appointment has passed it is recorded missed."""
        pause = dt.timedelta(seconds=min(2 ** item["attempts"], 300))
        await self._set(item, state=SCHEDULED, due_at=self.clock() + pause, claimed_at=None)

    async def _blocked(self, item: Due) -> None:
        async with self.store.transaction() as conn:
            await self.store.set_reachable(conn, item["telegram_id"], False, self.clock())
            await self._finish_in(conn, item, FAILED, note="blocked")
            chat = await self._tell_caseworker(conn, item)
        if chat is not None and self.notify is not None:
            await self.notify(chat)

    async def _tell_caseworker(self, conn: AsyncConnection, item: Due) -> int | None:
        chat = item["cw_chat"]
        if chat is None:
            return None
        t: Translator = self.catalogs.translator(item["cw_locale"])
        label = item["label"] or t.gettext(texts.NO_LABEL)
        text = t.gettext(texts.HEARS_BLOCKED).format(label=label)
        await Outbox.add(
            conn, chat, [Outgoing("sendMessage", {"chat_id": chat, "text": text})], self.clock()
        )
        return int(chat)

    # -- recording -----------------------------------------------------------------
    async def _set(self, item: Due, **values: Any) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                update(reminder_t)
                .where(reminder_t.c.id == item["id"], reminder_t.c.state == SENDING)
                .values(**values)
            )

    async def _finish(self, item: Due, state: str, **values: Any) -> None:
        async with self.store.transaction() as conn:
            await self._finish_in(conn, item, state, **values)

    async def _finish_in(
        self, conn: AsyncConnection, item: Due, state: str, **values: Any
    ) -> None:
        """Record the end of this reminder and, for the last of an occurrence of a
        repeating appointment, write the next occurrence's, in one transaction."""
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
        client = service.Client(item["link_id"], item["person_id"], item["label"], item["zone"])
        appointment = service.Appointment(
            item["kind"], following, item["words"], item["rrule"], tuple(leads)
        )
        rows = service.reminder_rows(client, appointment, now)
        if rows:
            await conn.execute(insert(reminder_t), rows)
