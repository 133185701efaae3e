"""How a reminder's sending ended, as delivery finds out: its row says so.

A reminder the scheduler handed to the outbox is `sending`. Delivery asks, just before
it goes, whether it is still wanted (not if the link was revoked or the reminder
cancelled meanwhile, or once its appointment has passed: then it is `missed`), and
tells what happened: `sent`; `failed` when Telegram can never show it, or the client
blocked the bot (their case worker is told); and, each time it could not go, whether to
give it up (its appointment has passed) or keep trying. A reminder is never burnt by a
failure whose outcome is unknown.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from core import usage
from core.casework import texts
from core.casework.schema import (
    AGREED,
    FAILED,
    MISSED,
    SENDING,
    SENT,
    caseworker_t,
    link_t,
    person_t,
    reminder_t,
)
from core.outgoing import Renderer
from core.people import Someone
from core.storage.chats import someone_in
from core.storage.models import as_utc
from core.storage.queues import Outbox, Pending
from core.storage.store import Store
from flows.i18n import Catalogs
from flows.replies import Reply
from flows.usage import REMINDER_SENT

log = logging.getLogger(__name__)

Due = dict[str, Any]
"""A reminder with what it takes to send it and report on it."""

caseworker_person = aliased(person_t)
details = (
    select(
        reminder_t,
        person_t.c.channel,
        person_t.c.address,
        person_t.c.locale,
        person_t.c.unreachable_since,
        link_t.c.label,
        link_t.c.state.label("link_state"),
        caseworker_t.c.name.label("caseworker"),
        caseworker_person.c.channel.label("cw_channel"),
        caseworker_person.c.address.label("cw_address"),
        caseworker_person.c.locale.label("cw_locale"),
    )
    .join(person_t, person_t.c.id == reminder_t.c.person_id)
    .outerjoin(link_t, link_t.c.id == reminder_t.c.link_id)  # none: their own appointment
    .outerjoin(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
    .outerjoin(caseworker_person, caseworker_person.c.id == caseworker_t.c.person_id)
)


def dated(row: dict[str, Any]) -> Due:
    for key in ("event_at", "due_at", "claimed_at", "unreachable_since"):
        if row.get(key) is not None:
            row[key] = as_utc(row[key])
    return row


async def tell_blocked(
    conn: AsyncConnection, item: Due, catalogs: Catalogs, render: Renderer, now: dt.datetime
) -> int | None:
    """Their case worker hears that a reminder could not reach a client who blocked the
    bot; returns the case worker's chat (None for a person's own appointment, or a case
    worker on a channel the outbox does not serve)."""
    if item["cw_channel"] is None:
        return None
    caseworker = Someone(item["cw_channel"], item["cw_address"])
    t = catalogs.translator(item["cw_locale"])
    label = item["label"] or t.gettext(texts.NO_LABEL)
    reply = Reply(t.gettext(texts.HEARS_BLOCKED).format(label=label))
    return await Outbox.say(conn, render, caseworker, [reply], now)


class ReminderReceipts:
    """Delivery's `Receipts` for the outbox's reminders; other messages pass through."""

    def __init__(
        self,
        store: Store,
        catalogs: Catalogs,
        render: Renderer,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self.store, self.catalogs, self.render, self.clock = store, catalogs, render, clock

    async def wanted(self, item: Pending) -> bool:
        if item.reminder_id is None:
            return True
        async with self.store.transaction() as conn:
            row = (
                await conn.execute(
                    select(reminder_t.c.state, reminder_t.c.event_at, link_t.c.state.label("link"))
                    .outerjoin(link_t, link_t.c.id == reminder_t.c.link_id)
                    .where(reminder_t.c.id == item.reminder_id)
                )
            ).first()
            if row is None or row.state != SENDING:
                return False  # cancelled, or settled before a crash let it be marked sent
            if row.link is not None and row.link != AGREED:
                return False
            if as_utc(row.event_at) <= self.clock():
                await self._settle(conn, item, MISSED)
                return False
        return True

    async def sent(self, item: Pending) -> None:
        """Marked sent, and counted for the operator's report with it (once: a reminder
        already settled is neither marked nor counted again)."""
        if item.reminder_id is None:
            return
        now = self.clock()
        async with self.store.transaction() as conn:
            if await self._settle(conn, item, SENT, sent_at=now):
                await usage.count(conn, REMINDER_SENT, "", "", now)

    async def refused(self, item: Pending) -> None:
        await self._end(item, FAILED, note="refused")

    async def not_sent(self, item: Pending) -> bool:
        """Tried again later, never burnt: given up only once the appointment has passed,
        recorded as missed (the case worker sees it was never sent)."""
        if item.reminder_id is None:
            return False
        async with self.store.transaction() as conn:
            gone = await conn.execute(
                update(reminder_t)
                .where(
                    reminder_t.c.id == item.reminder_id,
                    reminder_t.c.state == SENDING,
                    reminder_t.c.event_at <= self.clock(),
                )
                .values(state=MISSED)
            )
        return gone.rowcount == 1

    async def unreachable(self, conn: AsyncConnection, chat_id: int) -> list[int]:
        """Every reminder on its way to them fails, and each case worker is told."""
        someone = someone_in(chat_id)
        rows = await conn.execute(
            details.where(
                person_t.c.channel == someone.channel,
                person_t.c.address == someone.address,
                reminder_t.c.state == SENDING,
            )
        )
        told = []
        for item in [dated(dict(r._mapping)) for r in rows]:
            await conn.execute(
                update(reminder_t)
                .where(reminder_t.c.id == item["id"], reminder_t.c.state == SENDING)
                .values(state=FAILED, note="blocked")
            )
            chat = await tell_blocked(conn, item, self.catalogs, self.render, self.clock())
            if chat is not None:
                told.append(chat)
        return sorted(set(told))

    async def _end(self, item: Pending, state: str, **values: Any) -> None:
        if item.reminder_id is not None:
            async with self.store.transaction() as conn:
                await self._settle(conn, item, state, **values)

    @staticmethod
    async def _settle(conn: AsyncConnection, item: Pending, state: str, **values: Any) -> bool:
        """True if it was still sending, and now is `state`."""
        settled = await conn.execute(
            update(reminder_t)
            .where(reminder_t.c.id == item.reminder_id, reminder_t.c.state == SENDING)
            .values(state=state, **values)
        )
        return settled.rowcount == 1
