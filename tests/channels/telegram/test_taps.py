"""Every tapped button is answered, so none is left spinning: a tap whose message
Telegram no longer shows us (inaccessible, or an inline message: none at all) is still
heard in the private chat of whoever tapped, and a tap nobody handles is answered too."""

from __future__ import annotations

import asyncio
from typing import Any

from channels.telegram.runtime import Runtime
from tests.helpers.telegram import Sandbox

CHAT = 4301


def answered(sandbox: Sandbox) -> int:
    return sum(c["method"] == "answerCallbackQuery" for c in sandbox.standin.calls)


async def until_answered(sandbox: Sandbox, count: int, timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while answered(sandbox) < count:
        assert asyncio.get_running_loop().time() < deadline, "a tap was left spinning"
        await asyncio.sleep(0.02)


def tap(sandbox: Sandbox, query_id: str, data: str, message: Any) -> dict[str, Any]:
    query = {
        "id": query_id,
        "from": sandbox.standin.user(CHAT, "en"),
        "chat_instance": str(CHAT),
        "data": data,
    }
    if message is not None:
        query["message"] = message
    return {"callback_query": query}


async def test_a_tap_whose_message_is_gone_is_answered_and_heard(
    sandbox: Sandbox, onward: Runtime
):
    person = sandbox.person(CHAT)
    (first,) = await person.say("hello")
    data = first["buttons"][0][0]["callback_data"]
    gone = {"chat": {"id": CHAT, "type": "private"}, "message_id": 1, "date": 0}
    for n, message in enumerate([None, gone]):
        before = answered(sandbox)
        heard = await person.do("update", update=tap(sandbox, f"gone-{n}", data, message))
        await until_answered(sandbox, before + 1)
        assert heard, "the tap was not heard in the private chat"
        assert all(m["message_id"] != first["message_id"] for m in heard)  # a new message


async def test_a_tap_in_a_group_is_answered_and_nothing_said(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(CHAT)
    await person.say("hello")
    group = {"chat": {"id": -100, "type": "group", "title": "g"}, "message_id": 5, "date": 1}
    before, said = answered(sandbox), len(await person.bot_messages())
    await sandbox.control("update", update=tap(sandbox, "in-group", "x", group))
    await until_answered(sandbox, before + 1)
    assert len(await person.bot_messages()) == said
