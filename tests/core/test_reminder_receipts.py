"""How a reminder's sending ends, as delivery finds out. Just before it goes, it is sent
only if still wanted (not cancelled, its link still agreed, its appointment still to
come: else missed). A send whose fate is unknown, or that Telegram refuses for a while,
is tried again (maybe twice, never not at all) until its appointment has passed: it is
never burnt. Only a clear refusal fails it; a client who blocked the bot fails every
reminder on its way to them, and their case worker is told."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from channels.sandbox.faults import Failure
from channels.telegram.render import render
from core.casework import reminders, texts
from core.casework.schema import link_t, person_t, reminder_t
from core.outgoing import Outgoing
from core.reminder_receipts import ReminderReceipts
from core.storage.queues import Pending
from flows.engine import Engine
from tests.helpers.world import World, link_id

WORKER, CLIENT = 110, 210
NOON = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)


async def one_due(world: World) -> None:
    caseworker, _ = await world.new_caseworker(WORKER)
    client = await world.person(CLIENT, "en", "Europe/London")
    link = await link_id(world, await world.link(caseworker, client))
    world.clock.now = NOON
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 14, 0))  # due now


async def state(world: World) -> str:
    async with world.store.transaction() as conn:
        return str((await conn.execute(select(reminder_t.c.state))).scalar_one())


async def until_sent(world: World, minutes: int = 90) -> None:
    """Passes of the scheduler, the clock moving a minute at a time."""
    for _ in range(minutes):
        await world.scheduler.tick()
        await world.retry()
        if await state(world) == "sent":
            return
        world.clock.now += dt.timedelta(minutes=1)
    raise AssertionError(f"still {await state(world)}")


@pytest.mark.parametrize(
    ("mode", "code", "times", "arrived"),
    [
        ("mangled", 200, 1, 1),  # a 200 nobody can read; not sent: sent later
        ("garbled", 200, 1, 2),  # taken, but the answer was broken: sent again
        ("cut", 200, 1, 2),  # taken, and the connection cut: sent again
        ("page", 502, 3, 1),  # a proxy's error page, three times
        ("refuse", 500, 12, 1),  # more failures than the old eight tries
        ("refuse", 404, 2, 1),  # not the message's fault: tried again
    ],
)
async def test_an_unclear_or_passing_failure_is_sent_again(
    world: World, mode: str, code: int, times: int, arrived: int
):
    await one_due(world)
    world.standin.failures.append(Failure("sendMessage", code, "no", None, times, mode))
    await until_sent(world)
    assert len(world.sent_to(CLIENT)) == arrived


async def test_a_reminder_that_never_gets_through_is_missed_not_failed(world: World):
    await one_due(world)
    world.standin.failures.append(Failure("sendMessage", 500, "down", None, 10_000))
    for _ in range(130):  # two hours and more of Telegram failing
        await world.scheduler.tick()
        await world.retry()
        world.clock.now += dt.timedelta(minutes=1)
    assert await state(world) == "missed"  # the case worker sees it was never sent


async def test_a_clear_refusal_fails_the_reminder(world: World):
    await one_due(world)
    world.standin.failures.append(Failure("sendMessage", 400, "Bad Request", None, 1))
    await world.scheduler.tick()
    assert await state(world) == "failed"
    assert world.sent_to(CLIENT) == []
    await world.retry()  # dropped: not sent again
    assert world.sent_to(CLIENT) == []


async def sending(world: World, own: bool = False) -> Pending:
    """One reminder on its way to the client, as the outbox holds it."""
    if own:
        client = await world.person(CLIENT, "en", "Europe/London")
        appointment = reminders.Appointment("self", dt.datetime(2026, 3, 20, 14, 0), "Doctor")
        async with world.store.transaction() as conn:
            rows = reminders.reminder_rows(
                reminders.own(client, "Europe/London"), appointment, NOON
            )
            await reminders.schedule(conn, rows)
    else:
        await one_due(world)
    async with world.store.transaction() as conn:
        first = (await conn.execute(select(reminder_t.c.id).order_by(reminder_t.c.id))).scalar()
        await conn.execute(update(reminder_t).values(state="sending"))
    assert first is not None
    world.clock.now = NOON
    return Pending(1, CLIENT, Outgoing("sendMessage", {"chat_id": CLIENT, "text": "x"}), first)


def receipts(world: World, engine: Engine) -> ReminderReceipts:
    return ReminderReceipts(world.store, engine.catalogs, render, world.clock)


async def test_a_message_that_is_no_reminder_passes_through(world: World, engine: Engine):
    other = Pending(1, CLIENT, Outgoing("sendMessage", {"chat_id": CLIENT, "text": "x"}))
    assert await receipts(world, engine).wanted(other)
    assert not await receipts(world, engine).not_sent(other)


async def test_a_reminder_is_wanted_only_while_it_still_can_be(world: World, engine: Engine):
    item = await sending(world)
    mine = receipts(world, engine)
    assert await mine.wanted(item)
    async with world.store.transaction() as conn:
        await conn.execute(update(link_t).values(state="revoked"))
    assert not await mine.wanted(item)
    async with world.store.transaction() as conn:
        await conn.execute(update(link_t).values(state="agreed"))
    world.clock.now = dt.datetime(2026, 3, 20, 14, 0, tzinfo=dt.UTC)  # the appointment
    assert not await mine.wanted(item)
    assert await state(world) == "missed"
    assert not await mine.wanted(item)  # settled: not sending any more


async def test_what_became_of_a_send_is_written_on_the_reminder(world: World, engine: Engine):
    item = await sending(world)
    mine = receipts(world, engine)
    assert not await mine.not_sent(item)  # still time: tried again
    assert await state(world) == "sending"
    await mine.sent(item)
    async with world.store.transaction() as conn:
        row = (await conn.execute(select(reminder_t.c.state, reminder_t.c.sent_at))).first()
    assert row is not None
    assert (row.state, row.sent_at.replace(tzinfo=dt.UTC)) == ("sent", NOON)
    await mine.refused(item)  # too late: it was sent
    assert await state(world) == "sent"


async def test_a_refusal_fails_it_and_a_send_never_made_is_missed_once_too_late(
    world: World, engine: Engine
):
    item = await sending(world)
    mine = receipts(world, engine)
    await mine.refused(item)
    async with world.store.transaction() as conn:
        assert (await conn.execute(select(reminder_t.c.note))).scalar() == "refused"
    async with world.store.transaction() as conn:
        await conn.execute(update(reminder_t).values(state="sending"))
    world.clock.now = dt.datetime(2026, 3, 20, 14, 0, tzinfo=dt.UTC)
    assert await mine.not_sent(item)  # given up
    assert await state(world) == "missed"


async def test_a_client_who_blocked_the_bot_fails_and_their_case_worker_is_told(
    world: World, engine: Engine
):
    await sending(world)
    async with world.store.transaction() as conn:
        told = await receipts(world, engine).unreachable(conn, CLIENT)
        notes = (await conn.execute(select(reminder_t.c.state, reminder_t.c.note))).all()
    assert told == [WORKER]
    assert {tuple(n) for n in notes} == {("failed", "blocked")}
    waiting = await world.delivery.outbox.pending(WORKER)
    assert [p.outgoing.params["text"] for p in waiting] == [
        texts.HEARS_BLOCKED.format(label="J.S.")
    ]


async def test_nobody_is_told_when_ones_own_reminder_cannot_reach_one(
    world: World, engine: Engine
):
    await sending(world, own=True)
    async with world.store.transaction() as conn:
        assert await receipts(world, engine).unreachable(conn, CLIENT) == []
    assert await state(world) == "failed"
    assert await world.delivery.outbox.chats_waiting() == []


async def test_a_case_worker_on_a_channel_without_an_outbox_is_not_told(
    world: World, engine: Engine
):
    await sending(world)
    async with world.store.transaction() as conn:
        await conn.execute(
            update(person_t).where(person_t.c.address == str(WORKER)).values(channel="terminal")
        )
        assert await receipts(world, engine).unreachable(conn, CLIENT) == []
    assert await state(world) == "failed"
