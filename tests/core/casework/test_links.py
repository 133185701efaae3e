"""Client links: a case worker's numbered offer, a code the client opens and agrees to or
declines (each statement checking consent), codes that miss counted, and the client
stopping a link. Tried as an attacker would: other people's ids, codes used up, expired
or passed around, a case worker suspended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from core.casework import links, reminders, schema
from core.storage.tables import person_t
from tests.helpers.world import World, link_id, link_number

MALLORY, ALICE, BOB, EVE = 300, 301, 302, 303


async def forget(world: World, person_id: int) -> None:
    async with world.store.transaction() as conn:
        await conn.execute(delete(person_t).where(person_t.c.id == person_id))


async def test_agreeing_needs_consent_to_onward_in_the_same_statement(world: World):
    cw, _ = await world.new_caseworker(ALICE)
    never = await world.person(EVE, consented=False)
    code = await world.link(cw, None)
    async with world.store.transaction() as conn:
        assert await links.offer(conn, code, never, world.clock.now) is None
        assert await links.decide(conn, code, never, True, world.clock.now) is None
        state = (
            await conn.execute(select(schema.link_t.c.state, schema.link_t.c.client_id))
        ).one()
    assert tuple(state) == (schema.OFFERED, None)


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


async def test_nobody_but_the_client_can_stop_a_link(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob, eve = await world.person(BOB), await world.person(EVE)
    link = await link_id(world, await world.link(alice, bob))
    async with world.store.transaction() as conn:
        assert await links.revoke(conn, link, eve, world.clock.now) is None
        assert await links.revoke(conn, link, bob, world.clock.now) is not None


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


async def test_a_client_number_is_never_given_to_another_client_after_a_forget(world: World):
    cw, _ = await world.new_caseworker(ALICE)
    other, _ = await world.new_caseworker(MALLORY)
    ana, ben = await world.person(BOB), await world.person(EVE)
    first = await link_number(world, await world.link(cw, ana))
    await forget(world, ana)
    second = await link_number(world, await world.link(cw, ben))
    assert (first, second) == (1, 2)
    assert await link_number(world, await world.link(other, None)) == 1  # each their own
    async with world.store.transaction() as conn:
        assert await links.agreed_client(conn, cw, first, None) is None  # not Ben
        found = await links.agreed_client(conn, cw, second, None)
        assert found is not None
        assert found.person_id == ben


async def test_a_new_link_is_numbered_in_the_case_workers_own_count(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    async with world.store.transaction() as conn:
        code, expires = await links.new_link(conn, alice, "J.S.", world.clock.now)
        await links.new_link(conn, alice, None, world.clock.now)
        await links.new_link(conn, mallory, None, world.clock.now)
        listed = await links.clients(conn, alice)
    assert expires == world.clock.now + schema.LINK_LIFETIME
    assert [(c["number"], c["label"], c["state"]) for c in listed] == [
        (1, "J.S.", schema.OFFERED),
        (2, None, schema.OFFERED),
    ]
    # Nothing about a client but the case worker's own note and the link's state.
    assert set(listed[0]) == {
        "id", "number", "label", "state", "created_at", "expires_at", "decided_at", "opened"
    }  # fmt: skip
    assert await link_number(world, code) == 1


async def test_each_opening_counts_and_a_code_passed_around_locks(world: World):
    alice, alice_person = await world.new_caseworker(ALICE, "Alice")
    bob = await world.person(BOB)
    code = await world.link(alice, None)
    async with world.store.transaction() as conn:
        found = await links.offer(conn, code, bob, world.clock.now)
        assert found is not None
        assert (found["name"], found["organisation"]) == ("Alice", "Reentry Project")
        assert found["caseworker_person"] == alice_person
        for _ in range(schema.MAX_OPENS - 1):
            assert await links.offer(conn, code, bob, world.clock.now) is not None
        assert await links.offer(conn, code, bob, world.clock.now) is None
        assert await links.decide(conn, code, bob, True, world.clock.now) is None
        opened = (await conn.execute(select(schema.link_t.c.opened))).scalar_one()
    assert opened == schema.MAX_OPENS


async def test_a_suspended_case_workers_codes_and_clients_do_nothing(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob, eve = await world.person(BOB), await world.person(EVE)
    agreed = await link_number(world, await world.link(alice, bob))
    code = await world.link(alice, None)
    async with world.store.transaction() as conn:
        await conn.execute(update(schema.caseworker_t).values(suspended_at=world.clock.now))
        assert await links.offer(conn, code, eve, world.clock.now) is None
        assert await links.decide(conn, code, eve, True, world.clock.now) is None
        assert await links.agreed_client(conn, alice, agreed, None) is None


async def test_five_misses_in_fifteen_minutes_make_a_person_wait(world: World):
    bob, eve = await world.person(BOB), await world.person(EVE)
    start = world.clock.now
    now = start + dt.timedelta(minutes=5)
    async with world.store.transaction() as conn:
        for minute in range(schema.MAX_MISSES - 1):
            await links.missed_code(conn, bob, start + dt.timedelta(minutes=minute))
        assert await links.wait_before_codes(conn, bob, now) is None
        await links.missed_code(conn, bob, now)
        # Until the oldest of the five has left the window.
        assert await links.wait_before_codes(conn, bob, now) == schema.MISS_WINDOW - (now - start)
        assert await links.wait_before_codes(conn, eve, now) is None  # each their own
        later = start + schema.MISS_WINDOW
        assert await links.wait_before_codes(conn, bob, later) is None
        await links.missed_code(conn, eve, later)  # old misses, anyone's, dropped as we go
        left = (await conn.execute(select(schema.attempt_t.c.person_id))).scalars().all()
    assert sorted(left) == [bob] * 4 + [eve]


async def test_a_client_sees_only_the_links_they_agreed_to(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    bob, eve = await world.person(BOB), await world.person(EVE)
    await world.link(alice, bob)
    await world.link(mallory, eve)
    stopped = await link_id(world, await world.link(mallory, bob))
    declined = await world.link(mallory, None)
    async with world.store.transaction() as conn:
        assert await links.revoke(conn, stopped, bob, world.clock.now)
        assert await links.decide(conn, declined, bob, False, world.clock.now)
        found = await links.client_links(conn, bob)
    assert [(f["name"], f["organisation"]) for f in found] == [("Alice", "Reentry Project")]


async def test_a_clients_zone_is_theirs_or_else_the_case_workers_or_else_utc(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob = await world.person(BOB, zone="America/Detroit")
    eve = await world.person(EVE)
    bobs = await link_number(world, await world.link(alice, bob, "B."))
    eves = await link_number(world, await world.link(alice, eve))
    async with world.store.transaction() as conn:
        found = await links.agreed_client(conn, alice, bobs, "Europe/London")
        assert found is not None
        assert (found.person_id, found.label, found.zone) == (bob, "B.", "America/Detroit")
        found = await links.agreed_client(conn, alice, eves, "Europe/London")
        assert found is not None
        assert found.zone == "Europe/London"
        found = await links.agreed_client(conn, alice, eves, None)
        assert found is not None
        assert found.zone == "UTC"


async def test_a_client_who_withdrew_consent_cannot_be_scheduled_for(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob = await world.person(BOB)
    number = await link_number(world, await world.link(alice, bob))
    async with world.store.transaction() as conn:
        await conn.execute(
            update(schema.consent_t)
            .where(schema.consent_t.c.person_id == bob)
            .values(withdrawn_at=world.clock.now)
        )
        assert await links.agreed_client(conn, alice, number, None) is None
