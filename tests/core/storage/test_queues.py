"""What speaks outside a person's turn (a reminder, a note to a case worker, the operator's
command line) reaches the outbox one way: `Outbox.say`, rendered by the outbox's channel."""

from __future__ import annotations

from sqlalchemy import func, select

from channels.telegram.render import render
from core.people import AT_THE_TERMINAL, TELEGRAM, Someone
from core.storage.queues import Outbox
from core.storage.store import Store
from core.storage.tables import outbox_t
from flows.replies import Button, Reply
from tests.conftest import NOW


async def test_replies_are_rendered_by_the_channel_and_kept_in_order(store: Store):
    replies = [Reply("First"), Reply("Coming?", (Button("Yes", "ra:7:y"),))]
    async with store.transaction() as conn:
        chat = await Outbox.say(
            conn, render, Someone(TELEGRAM, "5101"), replies, NOW, reminder_id=7
        )
    assert chat == 5101
    pending = await Outbox(store).pending(5101)
    assert [p.outgoing for p in pending] == render(5101, replies, None)
    assert {p.reminder_id for p in pending} == {7}


async def test_a_person_on_a_channel_without_an_outbox_gets_nothing_written(store: Store):
    async with store.transaction() as conn:
        chat = await Outbox.say(conn, render, AT_THE_TERMINAL, [Reply("Hello")], NOW)
        written = await conn.execute(select(func.count()).select_from(outbox_t))
    assert chat is None
    assert written.scalar_one() == 0
