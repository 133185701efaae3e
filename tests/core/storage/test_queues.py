"""The inbox and the outbox. Each update is written down before it is handled, a repeat
is dropped, and what a crash interrupted is found again; once handled only its id stays,
for two days. Each chat's messages go out in the order written. What speaks outside a
person's turn (a reminder, a note to a case worker, the operator's command line) reaches
the outbox one way: `Outbox.say`, rendered by the outbox's channel."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from channels.telegram.render import render
from core.outgoing import Outgoing
from core.people import AT_THE_TERMINAL, TELEGRAM, Someone
from core.storage.queues import REMEMBER_UPDATES, Inbox, Outbox, Recorded
from core.storage.store import Store
from core.storage.tables import inbox_t, outbox_t
from flows.replies import Button, Reply

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


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


def update(update_id: int, chat: int = 5101) -> Recorded:
    return Recorded(update_id, chat, {"update_id": update_id, "message": {"text": "hi"}})


async def inbox_rows(store: Store) -> dict[int, tuple[int | None, object, bool]]:
    """Each update id kept: its chat, its payload, and whether it was handled."""
    async with store.transaction() as conn:
        rows = await conn.execute(select(inbox_t))
        return {r.update_id: (r.chat_id, r.payload, r.handled_at is not None) for r in rows}


async def test_an_update_is_recorded_once_and_repeats_are_dropped(store: Store):
    inbox = Inbox(store)
    assert await inbox.record([update(3), update(1), update(3)], NOW) == [update(3), update(1)]
    assert await inbox.record([update(1), update(2)], NOW) == [update(2)]
    assert await inbox.record([], NOW) == []
    assert sorted(await inbox_rows(store)) == [1, 2, 3]


async def test_what_a_crash_interrupted_is_found_again_oldest_first(store: Store):
    inbox = Inbox(store)
    await inbox.record([update(7), update(5), update(6, chat=5102)], NOW)
    await inbox.handled(6, NOW)
    assert await inbox.unhandled() == [update(5), update(7)]


async def test_a_handled_update_keeps_only_its_id_even_one_forget_removed(store: Store):
    inbox = Inbox(store)
    await inbox.record([update(1)], NOW)
    await inbox.handled(1, NOW)
    async with store.transaction() as conn:  # /forget in this turn took the row with it
        await Inbox.mark_handled(conn, 2, NOW)
    assert await inbox_rows(store) == {1: (None, None, True), 2: (None, None, True)}
    assert await inbox.record([update(2)], NOW) == []  # a repeat is still spotted


async def test_handled_ids_are_forgotten_after_two_days_and_unhandled_never(store: Store):
    inbox = Inbox(store)
    await inbox.record([update(1), update(2)], NOW)
    await inbox.record([update(3)], NOW + dt.timedelta(days=1))
    await inbox.handled(1, NOW)
    await inbox.handled(3, NOW)
    await inbox.forget_old(NOW + REMEMBER_UPDATES)
    assert sorted(await inbox_rows(store)) == [1, 2, 3]  # not older than two days yet
    await inbox.forget_old(NOW + REMEMBER_UPDATES + dt.timedelta(seconds=1))
    assert sorted(await inbox_rows(store)) == [2, 3]


def says(chat: int, *texts: str) -> list[Outgoing]:
    return [Outgoing("sendMessage", {"chat_id": chat, "text": t}) for t in texts]


async def test_each_chat_gets_its_messages_in_the_order_written(store: Store):
    outbox = Outbox(store)
    async with store.transaction() as conn:
        first = await Outbox.add(conn, 5101, says(5101, "a", "b"), NOW)
        await Outbox.add(conn, 5102, says(5102, "x"), NOW + dt.timedelta(minutes=1))
        await Outbox.add(conn, 5101, says(5101, "c"), NOW, reminder_id=9)
    waiting = await outbox.pending(5101)
    assert [p.outgoing.params["text"] for p in waiting] == ["a", "b", "c"]
    assert [p.reminder_id for p in waiting] == [None, None, 9]
    assert waiting[:2] == first
    assert sorted(await outbox.chats_waiting()) == [5101, 5102]
    assert await outbox.chats_waiting(before=NOW + dt.timedelta(seconds=1)) == [5101]
    await outbox.done([first[0].id])
    await outbox.done([])
    assert [p.outgoing.params["text"] for p in await outbox.pending(5101)] == ["b", "c"]
