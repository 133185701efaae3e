"""The case-work tables, codes and the two conditions every statement that acts for
someone includes: consent to Onward, not withdrawn; a case worker not suspended."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Connection, inspect, select, update

from core.casework import schema
from core.storage.store import Store
from tests.helpers.world import World

ANA, BEN, CW = 700, 701, 702


def test_a_code_is_eight_characters_none_of_them_easy_to_misread():
    codes = {schema.new_code() for _ in range(200)}
    assert len(codes) == 200  # random, not a sequence
    assert all(len(code) == schema.CODE_LENGTH == 8 for code in codes)
    assert set("".join(codes)) <= set(schema.CODE_ALPHABET)
    assert not set("01IO") & set(schema.CODE_ALPHABET)


def test_only_an_invitations_hash_is_kept():
    assert schema.token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert schema.token_hash("abc") != schema.token_hash("abd")


TABLES = (schema.caseworker_t, schema.link_t, schema.reminder_t, schema.attempt_t)


def described(sync: Connection) -> dict[str, tuple[set[str], set[tuple[str, ...]]]]:
    """Each case-work table in the database: its columns, and what must be unique in it."""
    found = inspect(sync)
    return {
        table.name: (
            {c["name"] for c in found.get_columns(table.name)},
            {tuple(u["column_names"]) for u in found.get_unique_constraints(table.name)}
            | {tuple(i["column_names"]) for i in found.get_indexes(table.name) if i["unique"]},
        )
        for table in TABLES
    }


async def test_the_tables_and_the_keys_safety_rests_on_are_in_the_database(store: Store):
    async with store.engine.connect() as conn:
        found = await conn.run_sync(described)
    for table in TABLES:
        assert found[table.name][0] == set(table.c.keys()), table.name
    assert ("invite_hash",) in found["caseworker"][1]  # an invitation is one case worker's
    assert ("code",) in found["client_link"][1]  # a code is one link's
    assert ("caseworker_id", "number") in found["client_link"][1]  # a number, one client's


async def holds(world: World, condition) -> bool:
    async with world.store.transaction() as conn:
        return bool((await conn.execute(select(condition))).scalar_one())


async def test_consent_counts_only_while_it_is_not_withdrawn(world: World):
    ana = await world.person(ANA)
    ben = await world.person(BEN, consented=False)
    assert await holds(world, schema.has_consented(ana))
    assert not await holds(world, schema.has_consented(ben))
    assert not await holds(world, schema.has_consented(999))
    async with world.store.transaction() as conn:
        await conn.execute(update(schema.consent_t).values(withdrawn_at=world.clock.now))
    assert not await holds(world, schema.has_consented(ana))


async def test_a_case_worker_is_active_until_suspended(world: World):
    caseworker, _ = await world.new_caseworker(CW)
    assert await holds(world, schema.active(caseworker))
    async with world.store.transaction() as conn:
        await conn.execute(
            update(schema.caseworker_t).values(suspended_at=world.clock.now - dt.timedelta(1))
        )
    assert not await holds(world, schema.active(caseworker))
