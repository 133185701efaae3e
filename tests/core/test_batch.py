"""Many chats' turns when many people talk at once. Calls that arrive while a group runs
wait and go together in the next, and one that fails does not fail the others. A turn
is loaded and answered outside the write transaction (a directory search held as long
as the test likes keeps only its own chat waiting), and saved in groups: conversations,
replies into the outbox, updates marked handled and sent messages taken out, together."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

import pytest
from sqlalchemy import select

from core.app import all_actions, build_engine
from core.batch import Grouped, TurnBatcher
from core.conversations import Conversations, TurnRequest
from core.outgoing import Outgoing
from core.people import TELEGRAM, Someone
from core.storage.queues import Inbox, Outbox, Pending, Recorded
from core.storage.store import Store
from core.storage.tables import inbox_t, outbox_t
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


# -- grouping ------------------------------------------------------------------------
class Runs:
    """A group runner that holds its first group until let go, and fails any group with
    a "bad" item in it."""

    def __init__(self) -> None:
        self.groups: list[list[str]] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, items: list[str]) -> list[str]:
        self.groups.append(items)
        self.started.set()
        await self.release.wait()
        if "bad" in items:
            raise ValueError("one bad item")
        return [item.upper() for item in items]


async def test_calls_that_arrive_while_a_group_runs_go_together_in_the_next():
    runs = Runs()
    grouped = Grouped(runs)
    first = asyncio.create_task(grouped("a"))
    await runs.started.wait()
    later = [asyncio.create_task(grouped(item)) for item in ("b", "c", "d")]
    await asyncio.sleep(0)  # they are waiting now
    assert grouped.running is not None
    runs.release.set()
    assert [await first, *[await task for task in later]] == ["A", "B", "C", "D"]
    assert runs.groups == [["a"], ["b", "c", "d"]]
    assert grouped.running is None


async def test_no_group_is_larger_than_the_largest():
    runs = Runs()
    grouped = Grouped(runs, largest=2)
    first = asyncio.create_task(grouped("a"))
    await runs.started.wait()
    later = [asyncio.create_task(grouped(item)) for item in "bcdef"]
    await asyncio.sleep(0)
    runs.release.set()
    await asyncio.gather(first, *later)
    assert runs.groups == [["a"], ["b", "c"], ["d", "e"], ["f"]]


async def test_one_failing_item_fails_alone_and_the_others_are_answered(caplog):
    runs = Runs()
    runs.release.set()
    grouped = Grouped(runs)
    first = asyncio.create_task(grouped("a"))
    await runs.started.wait()
    later = [asyncio.create_task(grouped(item)) for item in ("b", "bad", "c")]
    results = await asyncio.gather(first, *later, return_exceptions=True)
    assert results[:2] == ["A", "B"]
    assert isinstance(results[2], RuntimeError)
    assert str(results[2]) == "the turn failed"  # the item's own error stays in the log
    assert results[3] == "C"
    assert runs.groups == [["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]
    assert "turn failed" in caplog.text
    with pytest.raises(RuntimeError):  # alone in its group, too
        await grouped("bad")
    assert await grouped("e") == "E"  # and the next group goes on


# -- saving a group ------------------------------------------------------------------
class Marks:
    """Sent messages waiting to leave the outbox, as delivery notes them."""

    def __init__(self, *waiting: int) -> None:
        self.waiting: list[int] = list(waiting)
        self.durable: list[int] = []

    def take_sent(self) -> list[int]:
        taken, self.waiting = self.waiting, []
        return taken

    def written(self, ids: list[int]) -> None:
        self.durable += ids

    def give_back(self, sent: list[int]) -> None:
        self.waiting += sent


async def sent_message(store: Store, chat_id: int) -> int:
    """A message delivered to `chat_id` but still in the outbox."""
    async with store.transaction() as conn:
        call = Outgoing("sendMessage", {"chat_id": chat_id, "text": "sent"})
        (written,) = await Outbox.add(conn, chat_id, [call], NOW)
    return written.id


async def test_a_saved_turn_writes_its_replies_marks_its_update_and_takes_out_the_sent(
    conversations: Conversations, store: Store
):
    sent = await sent_message(store, 1009)
    marks = Marks(sent)
    batcher = TurnBatcher(conversations, lambda: NOW, marks, as_messages)
    await Inbox(store).record([Recorded(7, 1001, {"update_id": 7})], NOW)
    written = await batcher.turn(TurnRequest(on_telegram(1001), "en", Text("/start")), 7, None)
    assert written
    assert all(p.chat_id == 1001 for p in written)
    assert written == await Outbox(store).pending(1001)
    assert await Outbox(store).pending(1009) == []  # the sent message left with the batch
    assert marks.durable == [sent]
    async with store.transaction() as conn:
        row = (await conn.execute(select(inbox_t))).one()
    assert (row.update_id, row.payload, row.chat_id) == (7, None, None)
    assert row.handled_at is not None
    assert (await store.load(on_telegram(1001), "en")).person_id is not None


async def test_a_batch_that_fails_gives_back_what_it_took_and_saves_nothing(
    conversations: Conversations, store: Store, monkeypatch
):
    sent = await sent_message(store, 1009)
    marks = Marks(sent)
    batcher = TurnBatcher(conversations, lambda: NOW, marks, as_messages)

    def broken_dump(self):
        raise OSError("disk on fire")

    monkeypatch.setattr("flows.conversation.Conversation.dump", broken_dump)
    with pytest.raises(RuntimeError):
        await batcher.turn(TurnRequest(on_telegram(1001), "en", Text("/start")), 7, None)
    monkeypatch.undo()
    assert (marks.waiting, marks.durable) == ([sent], [])
    assert len(await Outbox(store).pending(1009)) == 1
    assert await Outbox(store).pending(1001) == []
    assert (await store.load(on_telegram(1001), "en")).person_id is None
    await batcher.turn(TurnRequest(on_telegram(1001), "en", Text("/start")), 8, None)
    assert marks.durable == [sent]


async def test_a_turn_that_forgets_keeps_its_update_id_to_spot_a_repeat(
    conversations: Conversations, store: Store
):
    chat = Chat(conversations, on_telegram(1001))
    await onboard(chat)
    await chat.send("/forget")
    yes = next(b for b in chat.buttons if b.label == "Yes, delete everything")
    await Inbox(store).record([Recorded(9, 1001, {"update_id": 9})], NOW)
    batcher = TurnBatcher(conversations, lambda: NOW, Marks(), as_messages)
    await batcher.turn(TurnRequest(on_telegram(1001), "en", Press(yes.data)), 9, None)
    assert (await store.load(on_telegram(1001), "en")).person_id is None
    assert await Inbox(store).record([Recorded(9, 1001, {"update_id": 9})], NOW) == []
    async with store.transaction() as conn:
        assert (await conn.execute(select(inbox_t.c.chat_id, inbox_t.c.payload))).all() == [
            (None, None)
        ]
