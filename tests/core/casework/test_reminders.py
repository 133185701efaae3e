"""Reminders: the rows for an appointment, a person's own appointments (listed and
cancelled only by them), and what a case worker lists and cancels (only their own,
under a link still agreed, by numbers never given again)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from core.casework import links, reminders, schema
from core.storage.tables import person_t
from tests.helpers.world import World, link_id

MALLORY, ALICE, BOB, EVE = 300, 301, 302, 303


async def forget(world: World, person_id: int) -> None:
    async with world.store.transaction() as conn:
        await conn.execute(delete(person_t).where(person_t.c.id == person_id))


async def test_a_case_worker_cancels_only_their_own_and_only_once(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    bob = await world.person(BOB)
    link = await link_id(world, await world.link(alice, bob))
    first, second = await world.schedule(alice, link, dt.datetime(2026, 3, 25, 14, 30))
    async with world.store.transaction() as conn:
        assert await reminders.cancel(conn, mallory, first, world.clock.now) is False
        assert await reminders.cancel(conn, alice, first, world.clock.now) is True
        assert await reminders.cancel(conn, alice, first, world.clock.now) is False  # once
        await conn.execute(
            schema.reminder_t.update().where(schema.reminder_t.c.id == second).values(state="sent")
        )
        assert await reminders.cancel(conn, alice, second, world.clock.now) is False  # gone
        states = (await conn.execute(schema.reminder_t.select())).all()
    assert sorted(r.state for r in states) == ["cancelled", "sent"]


async def test_a_reminder_number_is_never_reused_after_a_forget(world: World):
    cw, _ = await world.new_caseworker(ALICE)
    ana, ben = await world.person(BOB), await world.person(EVE)
    ana_link = await link_id(world, await world.link(cw, ana))
    ben_link = await link_id(world, await world.link(cw, ben))
    anas = await world.schedule(cw, ana_link, dt.datetime(2026, 3, 25, 14, 30))
    await forget(world, ana)
    bens = await world.schedule(cw, ben_link, dt.datetime(2026, 3, 26, 14, 30))
    assert min(bens) > max(anas)
    async with world.store.transaction() as conn:
        assert await reminders.cancel(conn, cw, max(anas), world.clock.now) is False


async def test_only_the_person_can_cancel_their_own_appointment(world: World):
    bob, eve = await world.person(BOB, zone="Europe/London"), await world.person(EVE)
    appointment = reminders.Appointment("self", dt.datetime(2026, 3, 25, 14, 30), "Probation")
    async with world.store.transaction() as conn:
        first, _ = await reminders.schedule(
            conn,
            reminders.reminder_rows(
                reminders.own(bob, "Europe/London"), appointment, world.clock.now
            ),
        )
        assert await reminders.cancel_own(conn, eve, first) is None
        assert len(await reminders.own_appointments(conn, bob, world.clock.now)) == 1
        assert await reminders.cancel_own(conn, bob, first) is not None
        assert await reminders.own_appointments(conn, bob, world.clock.now) == []


def test_an_appointment_gets_a_row_for_each_reminder_still_to_come():
    client = links.Client(4, 9, "J.S.", "Europe/London")
    appointment = reminders.Appointment("court", dt.datetime(2026, 3, 25, 14, 30))
    now = dt.datetime(2026, 3, 24, 15, 0, tzinfo=dt.UTC)  # the day-before one has passed
    (row,) = reminders.reminder_rows(client, appointment, now)
    assert row == {
        "link_id": 4,
        "person_id": 9,
        "kind": "court",
        "words": None,
        "event_local": "2026-03-25T14:30",
        "zone": "Europe/London",
        "event_at": dt.datetime(2026, 3, 25, 14, 30, tzinfo=dt.UTC),
        "lead_minutes": 120,
        "leads": "1440,120",
        "rrule": None,
        "due_at": dt.datetime(2026, 3, 25, 12, 30, tzinfo=dt.UTC),
        "state": schema.SCHEDULED,
        "attempts": 0,
        "created_at": now,
    }
    after = dt.datetime(2026, 3, 25, 14, 30, tzinfo=dt.UTC)
    assert reminders.reminder_rows(client, appointment, after) == []  # it has begun


async def test_a_case_worker_lists_what_they_scheduled_for_clients_who_still_agree(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    bob, eve = await world.person(BOB), await world.person(EVE)
    bobs = await link_id(world, await world.link(alice, bob, "B."))
    eves = await link_id(world, await world.link(alice, eve, "E."))
    await world.schedule(alice, bobs, dt.datetime(2026, 3, 27, 10, 0))
    await world.schedule(alice, eves, dt.datetime(2026, 3, 26, 10, 0))
    await world.schedule(mallory, await link_id(world, await world.link(mallory, bob)),
                         dt.datetime(2026, 3, 25, 10, 0))  # fmt: skip
    async with world.store.transaction() as conn:
        listed = await reminders.reminders_of(conn, alice)
        assert [(r["label"], r["lead_minutes"]) for r in listed] == [
            ("E.", 1440), ("E.", 120), ("B.", 1440), ("B.", 120)
        ]  # fmt: skip
        assert await links.revoke(conn, eves, eve, world.clock.now)
        assert [r["label"] for r in await reminders.reminders_of(conn, alice)] == ["B.", "B."]


async def test_a_persons_own_appointments_are_listed_one_row_each(world: World):
    bob = await world.person(BOB, zone="Europe/London")
    async with world.store.transaction() as conn:
        for what, day in (("Probation", 26), ("Doctor", 25)):
            appointment = reminders.Appointment("self", dt.datetime(2026, 3, day, 14, 30), what)
            rows = reminders.reminder_rows(
                reminders.own(bob, "Europe/London"), appointment, world.clock.now
            )
            await reminders.schedule(conn, rows)
        listed = await reminders.own_appointments(conn, bob, world.clock.now)
        after_the_doctor = dt.datetime(2026, 3, 25, 15, 0, tzinfo=dt.UTC)
        left = await reminders.own_appointments(conn, bob, after_the_doctor)
    assert [r["words"] for r in listed] == ["Doctor", "Probation"]  # soonest first
    assert all(r["zone"] == "Europe/London" for r in listed)
    assert [r["words"] for r in left] == ["Probation"]
