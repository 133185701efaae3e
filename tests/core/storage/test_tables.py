"""Finding people in the person table: by channel and address together, one or many at
once, never someone on another channel whose address reads the same."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from core.people import AT_THE_TERMINAL, TELEGRAM, TERMINAL, Someone
from core.storage.store import Store
from core.storage.tables import among, person_t

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
PEOPLE = [
    Someone(TELEGRAM, "5101"),
    Someone(TELEGRAM, "5102"),
    Someone(TELEGRAM, "5103"),
    Someone(TERMINAL, "5101"),  # reads like the first, on another channel
    AT_THE_TERMINAL,
]


@pytest.fixture
async def stored(store: Store) -> Store:
    async with store.transaction() as conn:
        rows = [
            {"channel": s.channel, "address": s.address, "locale": "en"}
            | {"first_seen": NOW, "last_seen": NOW}
            for s in PEOPLE
        ]
        await conn.execute(insert(person_t), rows)
    return store


async def found(store: Store, wanted: list[Someone]) -> set[Someone]:
    async with store.transaction() as conn:
        query = select(person_t.c.channel, person_t.c.address).where(among(wanted))
        return {Someone.of(row) for row in await conn.execute(query)}


async def test_one_person_is_found_by_channel_and_address(stored: Store):
    assert await found(stored, [Someone(TELEGRAM, "5101")]) == {Someone(TELEGRAM, "5101")}
    assert await found(stored, [Someone(TERMINAL, "5101")]) == {Someone(TERMINAL, "5101")}


async def test_many_on_several_channels_are_found_together(stored: Store):
    wanted = [Someone(TELEGRAM, "5102"), Someone(TELEGRAM, "5103"), AT_THE_TERMINAL]
    assert await found(stored, wanted) == set(wanted)


async def test_nobody_else_is_found(stored: Store):
    assert await found(stored, [Someone(TELEGRAM, "9999"), Someone(TERMINAL, "5102")]) == set()
