"""Case workers: invited by the operator (only a hash of the invitation kept), joining
once with it after accepting Onward's privacy notice, and suspended, resumed or removed
(what they scheduled cancelled or deleted with them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from core.casework import caseworkers, schema
from core.storage.models import as_utc
from core.storage.tables import person_t
from tests.helpers.world import World, link_id

CW, ANA, BEN, EVE = 400, 402, 403, 404


async def count(world: World, table) -> int:
    async with world.store.transaction() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def test_an_invitation_is_kept_as_a_hash_and_opens_once(world: World):
    ana, ben = await world.person(ANA), await world.person(BEN)
    now = world.clock.now
    async with world.store.transaction() as conn:
        token = await caseworkers.invite(conn, "Sam Taylor", "Reentry Project", now)
        kept = (await conn.execute(select(schema.caseworker_t))).one()
        assert kept.invite_hash == schema.token_hash(token)
        assert token not in [str(v) for v in kept]
        joined = await caseworkers.join(conn, token, ana, now)
        assert joined == {"id": kept.id, "name": "Sam Taylor", "organisation": "Reentry Project"}
        assert await caseworkers.join(conn, token, ben, now) is None  # used up
        mine = await caseworkers.caseworker_of(conn, ana)
        assert mine is not None
        assert (mine["person_id"], mine["invite_hash"]) == (ana, None)
        assert as_utc(mine["joined_at"]) == now
        assert await caseworkers.caseworker_of(conn, ben) is None
        assert await caseworkers.caseworker_of(conn, None) is None


async def test_an_invitation_needs_consent_and_expires(world: World):
    never = await world.person(EVE, consented=False)
    ana = await world.person(ANA)
    now = world.clock.now
    async with world.store.transaction() as conn:
        token = await caseworkers.invite(conn, "Sam Taylor", "Reentry Project", now)
        assert await caseworkers.join(conn, token, never, now) is None
        late = now + schema.INVITE_LIFETIME
        assert await caseworkers.join(conn, token, ana, late) is None
        assert await caseworkers.join(conn, "wrong" + token, ana, now) is None
        assert await caseworkers.join(conn, token, ana, now) is not None  # still unused


async def test_only_agreed_clients_who_can_be_reached_are_told_of_a_change(world: World):
    cw, _ = await world.new_caseworker(CW)
    ana, ben, eve = (
        await world.person(ANA, "ar"),
        await world.person(BEN, "ru"),
        await world.person(EVE),
    )
    await world.link(cw, ana)
    await world.link(cw, ben)
    await world.link(cw, None)
    stopped = await link_id(world, await world.link(cw, eve))
    async with world.store.transaction() as conn:
        await conn.execute(
            update(schema.link_t).where(schema.link_t.c.id == stopped).values(state="revoked")
        )
        await conn.execute(
            update(person_t).where(person_t.c.id == ben).values(unreachable_since=world.clock.now)
        )
        told = await caseworkers.agreed_clients(conn, cw)
    assert told == [{"channel": "telegram", "address": str(ANA), "locale": "ar"}]


async def test_suspending_cancels_what_is_still_to_go_and_resuming_brings_nothing_back(
    world: World,
):
    cw, _ = await world.new_caseworker(CW)
    ana = await world.person(ANA)
    link = await link_id(world, await world.link(cw, ana))
    first, second = await world.schedule(cw, link, dt.datetime(2026, 3, 25, 14, 30))
    async with world.store.transaction() as conn:
        await conn.execute(
            update(schema.reminder_t).where(schema.reminder_t.c.id == first).values(state="sent")
        )
        assert await caseworkers.suspend(conn, cw, world.clock.now) == 1
        assert await caseworkers.suspend(conn, cw, world.clock.now) is None  # already
        assert await caseworkers.suspend(conn, 999, world.clock.now) is None
        assert await caseworkers.resume(conn, cw)
        assert not await caseworkers.resume(conn, cw)  # not suspended now
        query = select(schema.reminder_t.c.id, schema.reminder_t.c.state)
        states = {row.id: row.state for row in await conn.execute(query)}
    assert states == {first: "sent", second: "cancelled"}


async def test_removing_a_case_worker_deletes_their_links_and_reminders_only(world: World):
    cw, _ = await world.new_caseworker(CW)
    other, _ = await world.new_caseworker(EVE, "Eve")
    ana = await world.person(ANA)
    await world.schedule(
        cw, await link_id(world, await world.link(cw, ana)), dt.datetime(2026, 3, 25, 14, 30)
    )
    await world.schedule(
        other, await link_id(world, await world.link(other, ana)), dt.datetime(2026, 3, 26, 14, 30)
    )
    async with world.store.transaction() as conn:
        assert await caseworkers.remove(conn, cw)
        assert not await caseworkers.remove(conn, cw)
        left = (await conn.execute(select(schema.link_t.c.caseworker_id))).scalars().all()
    assert left == [other]
    assert await count(world, schema.reminder_t) == 2
    assert await count(world, schema.caseworker_t) == 1
    assert await count(world, person_t) == 3  # the people themselves stay
