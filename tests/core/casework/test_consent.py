"""A case worker can never message, schedule for, or see anything of a person who has not
agreed, or who stopped the link; tried as an attacker would, with other people's ids,
codes used up or expired, and forged buttons over Telegram."""

from __future__ import annotations

import datetime as dt

import pytest

from core.casework import answers, links, reminders, schema
from tests.helpers.telegram import onboard
from tests.helpers.world import World, link_id, link_number

MALLORY, ALICE, BOB, EVE = 300, 301, 302, 303


async def test_only_an_agreed_link_of_ones_own_lets_a_case_worker_schedule(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    bob = await world.person(BOB)
    agreed = await link_number(world, await world.link(alice, bob))
    offered = await link_number(world, await world.link(alice, None))
    declined_code = await world.link(alice, None)
    declined = await link_number(world, declined_code)
    async with world.store.transaction() as conn:
        assert await links.decide(conn, declined_code, bob, False, world.clock.now)
        assert await links.agreed_client(conn, alice, agreed, None) is not None
        assert await links.agreed_client(conn, mallory, agreed, None) is None  # not hers
        assert await links.agreed_client(conn, alice, offered, None) is None
        assert await links.agreed_client(conn, alice, declined, None) is None
        assert await links.agreed_client(conn, alice, 999_999, None) is None
        assert await links.clients(conn, mallory) == []


async def test_a_code_works_once_and_not_after_it_expires(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob, eve = await world.person(BOB), await world.person(EVE)
    code = await world.link(alice, None)
    late = await world.link(alice, None)
    async with world.store.transaction() as conn:
        assert await links.decide(conn, code, bob, True, world.clock.now)
        assert await links.decide(conn, code, eve, True, world.clock.now) is None
        later = world.clock.now + schema.LINK_LIFETIME + dt.timedelta(seconds=1)
        assert await links.decide(conn, late, bob, True, later) is None
        assert await links.offer(conn, late, bob, later) is None


async def test_a_case_worker_cannot_link_with_themselves(world: World):
    alice, alice_person = await world.new_caseworker(ALICE, "Alice")
    code = await world.link(alice, None)
    async with world.store.transaction() as conn:
        assert await links.decide(conn, code, alice_person, True, world.clock.now) is None


async def test_nobody_but_the_client_can_stop_a_link_or_answer_their_reminders(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    bob, eve = await world.person(BOB), await world.person(EVE)
    link = await link_id(world, await world.link(alice, bob))
    (first, _second) = await world.schedule(alice, link, dt.datetime(2026, 3, 25, 14, 30))
    async with world.store.transaction() as conn:
        assert await links.revoke(conn, link, eve, world.clock.now) is None
        assert await reminders.cancel(conn, mallory, first, world.clock.now) is False
        await conn.execute(
            schema.reminder_t.update().where(schema.reminder_t.c.id == first).values(state="sent")
        )
        assert await answers.answer(conn, first, eve, "no", world.clock.now) is None
        assert await answers.answer(conn, first, bob, "yes", world.clock.now) is not None
        assert await answers.answer(conn, first, bob, "no", world.clock.now) is None  # once


async def test_after_the_client_stops_the_case_worker_sees_nothing_and_schedules_nothing(
    world: World,
):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob = await world.person(BOB)
    code = await world.link(alice, bob)
    link, number = await link_id(world, code), await link_number(world, code)
    await world.schedule(alice, link, dt.datetime(2026, 3, 25, 14, 30))
    async with world.store.transaction() as conn:
        assert len(await reminders.reminders_of(conn, alice)) == 2
        assert await links.revoke(conn, link, bob, world.clock.now)
        assert await reminders.reminders_of(conn, alice) == []
        assert await links.agreed_client(conn, alice, number, None) is None
        assert await links.revoke(conn, link, bob, world.clock.now) is None


@pytest.mark.parametrize(
    "data", ["ra:1:y", "ra:1:n", "lr:1", "lk:AAAAAAAA:y", "lk::y", "ra:x:y", "ap:1", "ap:"]
)
async def test_forged_buttons_over_telegram_change_nothing(data: str, sandbox, onward, engine):
    someone = sandbox.person(EVE)
    someone.locale = "en"
    await onboard(someone, engine.catalogs.translator("en").gettext)
    message = (await someone.bot_messages())[-1]
    reply = await someone.do("press", message_id=message["message_id"], data=data)
    assert reply[-1]["text"] in {
        "This reminder is closed. It was answered or cancelled.",
        "That button is no longer valid.",
        "This link has expired or has already been used. Ask your case worker for a new one.",
    }
    store = onward.app.conversations.store
    async with store.transaction() as conn:
        assert (await conn.execute(schema.link_t.select())).first() is None


async def test_a_case_worker_cancels_their_own_and_remind_me_later_comes_an_hour_on(
    world: World,
):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob = await world.person(BOB)
    link = await link_id(world, await world.link(alice, bob))
    first, second = await world.schedule(alice, link, dt.datetime(2026, 3, 25, 14, 30))
    async with world.store.transaction() as conn:
        assert await reminders.cancel(conn, alice, first, world.clock.now) is True
        assert await reminders.cancel(conn, alice, first, world.clock.now) is False  # once
        await conn.execute(
            schema.reminder_t.update().where(schema.reminder_t.c.id == second).values(state="sent")
        )
        later = world.clock.now
        assert await answers.answer(conn, second, bob, "later", later) is not None
        rows = (
            await conn.execute(schema.reminder_t.select().order_by(schema.reminder_t.c.id))
        ).all()
    assert [(r.state, r.answer) for r in rows] == [
        ("cancelled", None),
        ("answered", "later"),
        ("scheduled", None),
    ]
    assert rows[2].due_at.replace(tzinfo=dt.UTC) == later + schema.AGAIN_AFTER


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
