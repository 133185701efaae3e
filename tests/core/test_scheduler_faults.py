"""A reminder whose send has an unknown fate, or that Telegram refuses for a while, is
sent again later (maybe twice, never not at all) until its appointment has passed; it
is never burnt. Only a clear 400 fails it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from channels.sandbox.faults import Failure
from core.casework.schema import reminder_t
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


async def test_a_series_that_would_run_out_of_reach_ends_after_its_reminder_is_sent(
    world: World,
):
    caseworker, _ = await world.new_caseworker(WORKER)
    client = await world.person(CLIENT, "en", "America/Detroit")
    link = await link_id(world, await world.link(caseworker, client))
    world.clock.now = NOON
    rule = "FREQ=YEARLY;INTERVAL=366"  # next time: 366 years on
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 14, 0), rule=rule)
    world.clock.now = dt.datetime(2026, 3, 20, 16, 0, tzinfo=dt.UTC)  # the 2-hour one due
    assert await world.scheduler.tick() == 1
    async with world.store.transaction() as conn:
        found = [tuple(r) for r in await conn.execute(select(reminder_t.c.state))]
    assert found == [("sent",)]  # sent once, not left "sending" to go again
    world.clock.now += dt.timedelta(minutes=10)
    assert await world.scheduler.tick() == 0
    assert len(world.sent_to(CLIENT)) == 1
