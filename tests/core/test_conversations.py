"""A turn in three steps: people loaded together (a stranger in their app's language),
answered by the engine, and stored only once saved; after a turn that forgets, the WAL
is emptied. (Turns loaded, answered and saved in groups: tests/core/test_batch.py.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.app import build_engine
from core.conversations import Conversations, TurnRequest
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from flows.events import Press, Text
from tests.conftest import NOW, Chat, onboard
from tests.helpers.databases import only_sqlite


def on_telegram(chat_id: int) -> Someone:
    return Someone(TELEGRAM, str(chat_id))


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


async def test_people_are_loaded_together_each_stranger_in_their_apps_language(
    conversations: Conversations,
):
    await onboard(Chat(conversations, on_telegram(1004)))
    requests = [
        TurnRequest(on_telegram(1005), "zh-hans", Text("hi")),
        TurnRequest(on_telegram(1004), "ar", Text("hi")),
        TurnRequest(on_telegram(1006), None, Text("hi")),
    ]
    stranger, known, unsaid = await conversations.load(requests)
    assert (stranger.person_id, stranger.profile.locale) == (None, "zh_Hans")
    assert known.person_id is not None
    assert known.profile.locale == "en"  # theirs, not what their app says today
    assert unsaid.profile.locale == "en"


@only_sqlite
async def test_after_a_turn_that_forgets_the_wal_is_emptied(
    conversations: Conversations, store: Store, tmp_path: Path
):
    chat = Chat(conversations, on_telegram(1007))
    await onboard(chat)
    await chat.send("/forget")
    assert store.tidying is None  # a turn that forgets nothing leaves the WAL be
    replies = await conversations.handle(
        chat.someone, "en", Press(next(b for b in chat.buttons if "delete" in b.label).data)
    )
    assert replies[-1].text.startswith("Done. I have deleted everything")
    if store.tidying is not None:
        await asyncio.wait_for(store.tidying, 30)
    assert (tmp_path / "onward.db-wal").stat().st_size == 0
