"""The scheduler on a controlled clock, against the stand-in over HTTP: each due reminder
once, in the client's zone across clock changes, repeating, held through quiet hours,
late or missed after downtime, nothing lost to a crash, 429s waited out, and a client
who blocked the bot marked failed with the case worker told."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select, update

from channels.sandbox.faults import Failure
from core.casework import answers, links, reminders, schema, texts
from core.casework.schema import reminder_t
from core.casework.timing import to_utc
from core.storage.tables import outbox_t
from tests.helpers.world import World, link_id

WORKER, CLIENT = 100, 200


async def set_up(world: World, zone: str = "Europe/London", locale: str = "en") -> tuple[int, int]:
    caseworker, _ = await world.new_caseworker(WORKER)
    client = await world.person(CLIENT, locale, zone)
    code = await world.link(caseworker, client)
    return caseworker, await link_id(world, code)


async def rows(world: World) -> list[dict]:
    async with world.store.transaction() as conn:
        found = await conn.execute(select(reminder_t).order_by(reminder_t.c.due_at))
        return [dict(r._mapping) for r in found]


def utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


async def test_each_due_reminder_is_sent_once_and_only_when_due(world: World):
    caseworker, link = await set_up(world)
    event = dt.datetime(2026, 3, 25, 14, 30)  # London, GMT in March before the change
    await world.schedule(caseworker, link, event)
    first, second = await rows(world)
    assert utc(first["due_at"]) == dt.datetime(2026, 3, 24, 14, 30, tzinfo=dt.UTC)
    assert utc(second["due_at"]) == dt.datetime(2026, 3, 25, 12, 30, tzinfo=dt.UTC)

    world.clock.now = utc(first["due_at"]) - dt.timedelta(seconds=1)
    assert await world.scheduler.tick() == 0
    world.clock.now = utc(first["due_at"])
    assert await world.scheduler.tick() == 1
    assert await world.scheduler.tick() == 0  # sent: never claimed again
    world.clock.now = utc(second["due_at"]) + dt.timedelta(seconds=30)
    assert await world.scheduler.tick() == 1
    assert await world.scheduler.tick() == 0
    sent = world.sent_to(CLIENT)
    assert len(sent) == 2
    assert (
        sent[0]
        == "Reminder from Sam Taylor: you have an appointment on Wednesday, March 25, 2026, 2:30\u202fPM."
    )
    assert [r["state"] for r in await rows(world)] == ["sent", "sent"]


async def run_until_done(world: World) -> list[dt.datetime]:
    """Move the clock to each next due reminder and run a pass, until none is left;
    returns every appointment time the series produced."""
    events: set[dt.datetime] = set()
    for _ in range(50):
        pending = [r for r in await rows(world) if r["state"] == "scheduled"]
        if not pending:
            break
        world.clock.now = max(world.clock.now, utc(pending[0]["due_at"]))
        await world.scheduler.tick()
        events |= {utc(r["event_at"]) for r in await rows(world)}
    return sorted(events)


async def test_times_follow_the_clients_zone_across_daylight_saving(world: World):
    caseworker, link = await set_up(world)
    # Weekly at 10:00 in London from Sunday 22 March; the clocks go forward on the 29th.
    await world.schedule(
        caseworker, link, dt.datetime(2026, 3, 22, 10, 0), rule="FREQ=WEEKLY;COUNT=3"
    )
    assert await run_until_done(world) == [
        dt.datetime(2026, 3, 22, 10, 0, tzinfo=dt.UTC),  # GMT
        dt.datetime(2026, 3, 29, 9, 0, tzinfo=dt.UTC),  # BST: still 10:00 in London
        dt.datetime(2026, 4, 5, 9, 0, tzinfo=dt.UTC),
    ]
    assert len(world.sent_to(CLIENT)) == 6  # the day before and two hours before, three times
    assert all("10:00\u202fAM" in text for text in world.sent_to(CLIENT))


async def test_a_detroit_client_across_the_autumn_change(world: World):
    caseworker, link = await set_up(world, "America/Detroit")
    world.clock.now = dt.datetime(2026, 10, 25, 12, 0, tzinfo=dt.UTC)
    await world.schedule(
        caseworker, link, dt.datetime(2026, 10, 30, 9, 0), rule="FREQ=DAILY;COUNT=4"
    )
    assert await run_until_done(world) == [
        dt.datetime(2026, 10, 30, 13, 0, tzinfo=dt.UTC),  # EDT
        dt.datetime(2026, 10, 31, 13, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 1, 14, 0, tzinfo=dt.UTC),  # EST from 1 November
        dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC),
    ]


def test_times_the_clocks_skip_or_repeat_are_read_one_way():
    assert to_utc(dt.datetime(2026, 3, 8, 2, 30), "America/Detroit") == dt.datetime(
        2026, 3, 8, 7, 30, tzinfo=dt.UTC
    )  # 02:30 does not exist that night: the moment is 03:30 EDT
    assert to_utc(dt.datetime(2026, 11, 1, 1, 30), "America/Detroit") == dt.datetime(
        2026, 11, 1, 5, 30, tzinfo=dt.UTC
    )  # 01:30 happens twice: the first, in EDT


async def test_a_crash_between_claim_and_send_loses_nothing(world: World):
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 13, 0))  # one, due now
    claimed = await world.scheduler.claim()  # ...and the process dies before sending
    assert len(claimed) == 1
    assert await world.scheduler.tick() == 0  # claimed once: in the outbox, not again
    world.clock.now += world.scheduler.lease + dt.timedelta(seconds=1)
    assert await world.scheduler.tick() == 0
    assert world.sent_to(CLIENT) == []
    assert await world.delivery.left_behind() == [CLIENT]  # found by the next start
    await world.delivery.deliver(CLIENT)
    assert await world.scheduler.tick() == 0
    assert len(world.sent_to(CLIENT)) == 1
    assert [r["state"] for r in await rows(world)] == ["sent"]


async def test_a_claim_an_older_version_left_sending_is_taken_up_after_its_lease(
    world: World,
):
    """Before the outbox carried reminders, a claimed row was sent by the scheduler
    itself: one left `sending` by a worker that died is taken up again."""
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    (rid,) = await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 13, 0))
    async with world.store.transaction() as conn:
        await conn.execute(
            update(reminder_t)
            .where(reminder_t.c.id == rid)
            .values(state="sending", claimed_at=world.clock.now)
        )
    assert await world.scheduler.tick() == 0  # a live claim is left alone
    world.clock.now += world.scheduler.lease + dt.timedelta(seconds=1)
    assert await world.scheduler.tick() == 1
    assert await world.scheduler.tick() == 0
    assert len(world.sent_to(CLIENT)) == 1


async def test_a_flood_limit_is_waited_out_and_the_reminder_sent_once(world: World):
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 13, 0))
    world.standin.failures.append(Failure("sendMessage", 429, "Too Many Requests", 1, 1))
    began = time.monotonic()
    assert await world.scheduler.tick() == 1
    assert time.monotonic() - began >= 1.0
    assert len(world.sent_to(CLIENT)) == 1
    assert [r["state"] for r in await rows(world)] == ["sent"]


async def test_a_client_who_blocked_the_bot_is_marked_and_the_case_worker_told(world: World):
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 13, 0))
    await world.standin.set_blocked(CLIENT, True)
    await world.scheduler.tick()
    (row,) = await rows(world)
    assert (row["state"], row["note"]) == ("failed", "blocked")
    async with world.store.transaction() as conn:
        told = (
            (await conn.execute(select(outbox_t.c.params).where(outbox_t.c.chat_id == WORKER)))
            .scalars()
            .all()
        )
        unreachable = (
            await conn.execute(
                select(schema.person_t.c.unreachable_since).where(
                    schema.person_t.c.address == str(CLIENT)
                )
            )
        ).scalar_one()
    assert unreachable is not None
    told = [t["text"] for t in told] or world.sent_to(WORKER)  # delivered, or still to go
    assert told == [texts.HEARS_BLOCKED.format(label="J.S.")]


async def test_quiet_hours_hold_back_only_what_can_wait(world: World):
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    # 10:00 appointment: the day-before reminder would go at 22:00, in quiet hours.
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 22, 10, 0), rule=None)
    # 06:30 court date: two hours before is 04:30, and cannot wait until 08:00.
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 23, 6, 30), kind="court")
    world.clock.now = dt.datetime(2026, 3, 21, 22, 0, tzinfo=dt.UTC)
    await world.scheduler.tick()
    held = [
        r for r in await rows(world) if utc(r["event_at"]).day == 22 and r["lead_minutes"] == 1440
    ]
    assert held[0]["state"] == "scheduled"
    assert utc(held[0]["due_at"]) == dt.datetime(2026, 3, 22, 8, 0, tzinfo=dt.UTC)
    assert world.sent_to(CLIENT) == []
    world.clock.now = dt.datetime(2026, 3, 23, 4, 30, tzinfo=dt.UTC)
    await world.scheduler.tick()
    court = [r for r in await rows(world) if r["kind"] == "court" and r["lead_minutes"] == 120]
    assert court[0]["state"] == "sent"


async def test_after_downtime_a_reminder_still_useful_goes_late_and_one_too_late_does_not(
    world: World,
):
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 21, 15, 0))  # two reminders
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 11, 0))  # one, at 09:00
    world.clock.now = dt.datetime(2026, 3, 21, 14, 0, tzinfo=dt.UTC)  # Onward was down
    await world.scheduler.tick()
    states = {(utc(r["event_at"]).day, r["lead_minutes"]): r["state"] for r in await rows(world)}
    assert states[(20, 120)] == "missed"  # its appointment passed: not sent
    assert states[(21, 1440)] == "sent"
    assert states[(21, 120)] == "sent"
    assert len(world.sent_to(CLIENT)) == 2
    assert all(texts.LATE in text for text in world.sent_to(CLIENT))


async def test_revoking_cancels_what_was_scheduled_at_once(world: World):
    caseworker, link = await set_up(world)
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 25, 14, 30))
    async with world.store.transaction() as conn:
        client = (
            await conn.execute(select(schema.link_t.c.client_id).where(schema.link_t.c.id == link))
        ).scalar_one()
        assert await links.revoke(conn, link, client, world.clock.now)
    world.clock.now = dt.datetime(2026, 3, 26, tzinfo=dt.UTC)
    await world.scheduler.tick()
    assert world.sent_to(CLIENT) == []
    assert {r["state"] for r in await rows(world)} == {"cancelled"}


async def test_a_link_revoked_while_its_reminder_waits_its_turn_sends_nothing(world: World):
    caseworker, link = await set_up(world)
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    await world.schedule(caseworker, link, dt.datetime(2026, 3, 20, 13, 0))
    (claimed,) = await world.scheduler.claim()  # in the outbox, waiting its turn
    async with world.store.transaction() as conn:
        await links.revoke(conn, link, claimed["person_id"], world.clock.now)
    await world.delivery.deliver(CLIENT)
    assert world.sent_to(CLIENT) == []
    assert [r["state"] for r in await rows(world)] == ["cancelled"]


async def test_a_persons_own_appointment_reminds_them_and_tells_nobody(world: World):
    person = await world.person(CLIENT, "en", "Europe/London")
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
    appointment = reminders.Appointment(
        "self", dt.datetime(2026, 3, 20, 13, 0), "Probation, 12 Oak Street"
    )
    async with world.store.transaction() as conn:
        (rid,) = await reminders.schedule(
            conn,
            reminders.reminder_rows(
                reminders.own(person, "Europe/London"), appointment, world.clock.now
            ),
        )
    assert await world.scheduler.tick() == 1
    assert world.sent_to(CLIENT) == [
        "Reminder: Probation, 12 Oak Street, on Friday, March 20, 2026, 1:00\u202fPM."
    ]
    async with world.store.transaction() as conn:
        found = await answers.answer(conn, rid, person, "no", world.clock.now)
        assert found is not None
        assert found["link_id"] is None
        assert await answers.awaiting_reason(conn, person, "", world.clock.now) is None


async def test_a_series_that_would_run_out_of_reach_ends_after_its_reminder_is_sent(
    world: World,
):
    caseworker, _ = await world.new_caseworker(WORKER)
    client = await world.person(CLIENT, "en", "America/Detroit")
    link = await link_id(world, await world.link(caseworker, client))
    world.clock.now = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
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
