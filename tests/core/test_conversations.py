"""Turns are loaded and answered outside the write transaction, and saved in groups: a
directory search held as long as the test likes keeps only its own chat waiting."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from core.app import all_actions, build_engine
from core.batch import TurnBatcher
from core.conversations import Conversations, TurnRequest
from core.outgoing import Outgoing
from core.people import TELEGRAM, Someone
from core.storage.queues import Pending
from core.storage.store import Store
from core.storage.tables import outbox_t
from directory.found import Details, Hit, Query
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows.events import Event, Press, Text
from flows.replies import Reply
from tests.conftest import NOW, Chat, onboard


class HeldDirectory:
    """The real directory, whose searches wait until the test lets them go."""

    def __init__(self, real: DatabaseDirectory) -> None:
        self.real = real
        self.searching = asyncio.Event()
        self.release = asyncio.Event()

    async def search(self, query: Query) -> list[Hit]:
        self.searching.set()
        await self.release.wait()
        return await self.real.search(query)

    async def details(
        self, ids: Sequence[tuple[str, str | None]], locale: str
    ) -> dict[str, Details]:
        return await self.real.details(ids, locale)

    async def hours_of(
        self, service_id: str, location_id: str | None, now: dt.datetime
    ) -> Hit | None:
        return await self.real.hours_of(service_id, location_id, now)


class NothingSent:
    """No messages are being sent in these tests, so none are marked as sent."""

    def take_sent(self) -> list[int]:
        return []

    def written(self, ids: list[int]) -> None:
        pass

    def give_back(self, sent: list[int]) -> None:
        pass


def on_telegram(chat_id: int) -> Someone:
    return Someone(TELEGRAM, str(chat_id))


def as_messages(chat_id: int, replies: list[Reply], tapped: int | None) -> list[Outgoing]:
    return [Outgoing("sendMessage", {"chat_id": chat_id, "text": r.text}) for r in replies]


class Updates:
    """Each event a new update id, as a channel would number them."""

    def __init__(self, batcher: TurnBatcher) -> None:
        self.batcher, self.last = batcher, 0

    async def turn(self, chat_id: int, event: Event) -> list[Pending]:
        self.last += 1
        return await self.batcher.turn(
            TurnRequest(on_telegram(chat_id), "en", event), self.last, None
        )


async def outbox_texts(store: Store, chat_id: int) -> list[str]:
    async with store.engine.connect() as conn:
        rows = await conn.execute(
            select(outbox_t.c.params).where(outbox_t.c.chat_id == chat_id).order_by(outbox_t.c.id)
        )
        return [str(params["text"]) for (params,) in rows]


async def other_turns(updates: Updates, other: Chat) -> None:
    """Help, then the first topic of the menu: each answered only to this chat."""
    assert [p.outgoing.params["text"] for p in await updates.turn(1002, Text("/help"))]
    written = await updates.turn(1002, Press(other.buttons[0].data))
    assert written
    assert all(p.chat_id == 1002 for p in written)


async def test_a_held_search_keeps_only_its_own_chat_waiting(store: Store):
    await seed_directory(store.engine)
    held = HeldDirectory(DatabaseDirectory(store.engine))
    conversations = Conversations(build_engine(actions=all_actions(held)), store, lambda: NOW)
    searcher, other = (
        Chat(conversations, on_telegram(1001)),
        Chat(conversations, on_telegram(1002)),
    )
    for chat in (searcher, other):
        await onboard(chat)
    await searcher.tap("Find help near me")
    await searcher.tap("Mental health")
    await searcher.tap("Any time")
    anywhere = next(b for b in searcher.buttons if b.label == "Anywhere: phone and online help")
    updates = Updates(TurnBatcher(conversations, lambda: NOW, NothingSent(), as_messages))
    at_menu = (await store.load(on_telegram(1002), "en")).conversation.state

    searching = asyncio.create_task(updates.turn(1001, Press(anywhere.data)))
    await held.searching.wait()
    # While that search is held, the other person's turns are answered and saved. (Were
    # the search inside the write transaction, they would wait for ever: the bound only
    # turns that into a failure.)
    async with asyncio.timeout(60):
        await other_turns(updates, other)
    assert len(await outbox_texts(store, 1002)) >= 2
    assert (await store.load(on_telegram(1002), "en")).conversation.state != at_menu
    assert not searching.done()
    assert await outbox_texts(store, 1001) == []

    held.release.set()
    found = [p.outgoing.params["text"] for p in await searching]
    assert any("Here is what I found for mental health" in text for text in found)
    assert await outbox_texts(store, 1001) == found
    listed = (await store.load(on_telegram(1001), "en")).conversation.answers
    assert listed["_listed"], "the list shown was saved with the conversation"


async def test_a_turn_is_stored_only_when_saved_and_the_next_load_sees_it(store: Store):
    conversations = Conversations(build_engine(), store, lambda: NOW)
    chat = Chat(conversations, on_telegram(1003))
    await onboard(chat)
    request = TurnRequest(on_telegram(1003), "en", Press(chat.buttons[0].data))
    [loaded] = await conversations.load([request])
    assert loaded.person_id is not None
    assert loaded.profile.consented
    before = loaded.conversation.dump()
    turn = await conversations.answer(request, loaded)
    assert turn.outcome.replies
    assert not turn.forgets
    assert turn.conversation.dump() != before
    [unsaved] = await conversations.load([request])
    assert unsaved.conversation.dump() == before
    async with store.transaction() as conn:
        await conversations.save(conn, [turn])
    [saved] = await conversations.load([request])
    assert saved.conversation.dump() == turn.conversation.dump()
