"""A place kept for searches leaves the database a day after its last use even when the
person never comes back: core/forget_places.py, run by the scheduler's loop."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from channels.telegram.render import render
from core.app import all_actions, build_engine
from core.conversations import Conversations
from core.forget_places import forget_unused_places
from core.scheduler import Scheduler
from core.storage.store import Store
from core.storage.tables import conversation_t
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows.events import Location
from flows.places import PLACE_ANSWERS
from tests.conftest import NOW, Chat, onboard

DAY = dt.timedelta(days=1)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
async def conversations(store: Store) -> Conversations:
    await seed_directory(store.engine)
    engine = build_engine(actions=all_actions(DatabaseDirectory(store.engine)))
    return Conversations(engine, store, clock=Clock())


async def searched(conversations: Conversations, when: dt.datetime, chat: Chat) -> None:
    """Look for food near Manchester at `when`, and be done."""
    conversations.clock.now = when  # type: ignore[attr-defined]
    await chat.send("/menu")
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Any time")
    await chat.send(Location(53.4809, -2.2374))
    await chat.tap("Done")


@pytest.fixture
async def chat(conversations: Conversations) -> Chat:
    someone = Chat(conversations)
    await onboard(someone)
    return someone


async def conversations_held(store: Store) -> list[dict[str, Any]]:
    async with store.engine.connect() as conn:
        found = await conn.execute(
            select(conversation_t.c.data).order_by(conversation_t.c.person_id)
        )
        return [dict(data) for data in found.scalars()]


def holds_a_place(data: dict[str, Any]) -> bool:
    steps = [data["answers"], *(step.get("answers", {}) for step in data["history"])]
    return any(name in answers for answers in steps for name in PLACE_ANSWERS)


async def test_a_place_is_forgotten_a_day_after_its_last_use_and_not_before(
    conversations: Conversations, store: Store, chat: Chat
):
    await searched(conversations, NOW, chat)
    [data] = await conversations_held(store)
    assert holds_a_place(data)
    assert await forget_unused_places(store, NOW + DAY - dt.timedelta(minutes=1)) == 0
    assert await forget_unused_places(store, NOW + DAY) == 1
    [data] = await conversations_held(store)
    assert not holds_a_place(data)
    assert "53.48" not in str(data)
    assert data["state"] == "menu.main"  # the rest of the conversation is untouched
    assert await forget_unused_places(store, NOW + 2 * DAY) == 0
    await searched(conversations, NOW + 2 * DAY, chat)  # asked again, and kept again
    assert await forget_unused_places(store, NOW + 3 * DAY - dt.timedelta(hours=1)) == 0
    assert holds_a_place((await conversations_held(store))[0])


async def test_the_scheduler_forgets_them_without_anyone_writing(
    conversations: Conversations, store: Store, chat: Chat
):
    await searched(conversations, NOW, chat)
    clock = Clock()
    clock.now = NOW + DAY
    engine = conversations.engine
    scheduler = Scheduler(store, render, engine.catalogs, clock)
    stopping = asyncio.Event()
    running = asyncio.create_task(scheduler.run(stopping))
    for _ in range(200):
        if not holds_a_place((await conversations_held(store))[0]):
            break
        await asyncio.sleep(0.02)
    stopping.set()
    await running
    assert not holds_a_place((await conversations_held(store))[0])
