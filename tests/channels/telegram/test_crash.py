"""`onward run` killed with SIGKILL in the middle of a burst: nothing lost, and at most
one message a chat arrives twice (the one in flight), as the README promises."""

from __future__ import annotations

import asyncio

import pytest

from core.settings import RUNTIMES
from tests.helpers.databases import Databases
from tests.helpers.process import polling, start_onward
from tests.helpers.telegram import Sandbox

PEOPLE = 50
TEXTS = ["hello", "/help", "/privacy", "what is this", "/menu", "hi", "/help", "x", "/cancel"]


def sent(sandbox: Sandbox) -> int:
    return sum(c["method"] == "sendMessage" for c in sandbox.standin.calls)


async def quiet(sandbox: Sandbox, seconds: float = 3.0, timeout: float = 120) -> None:
    """Until the bot has sent nothing for `seconds`."""
    deadline = asyncio.get_running_loop().time() + timeout
    last, since = -1, asyncio.get_running_loop().time()
    while True:
        now = asyncio.get_running_loop().time()
        assert now < deadline, "the bot never fell quiet"
        count = len(sandbox.standin.calls)
        if count != last:
            last, since = count, now
        elif now - since >= seconds:
            return
        await asyncio.sleep(0.1)


async def burst(sandbox: Sandbox, chats: range) -> None:
    for chat in chats:
        await sandbox.control("batch", chat_id=chat, language_code="en", texts=TEXTS)


async def messages_in(sandbox: Sandbox, chat: int) -> int:
    return len(await sandbox.person(chat).bot_messages())


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_a_kill_during_a_burst_repeats_at_most_one_message_a_chat(
    sandbox: Sandbox, databases: Databases, runtime: str
):
    database = databases.url("burst")
    onward = await start_onward(sandbox, database, ONWARD_RUNTIME=runtime)
    await polling(sandbox)
    chats = range(5000, 5000 + PEOPLE)
    await burst(sandbox, chats)
    while sent(sandbox) < PEOPLE * 3:  # well into the burst
        assert onward.returncode is None
        await asyncio.sleep(0.01)
    onward.kill()
    await onward.wait()

    mark = len(sandbox.standin.calls)
    onward = await start_onward(sandbox, database, ONWARD_RUNTIME=runtime)
    await polling(sandbox, since=mark)
    await quiet(sandbox)
    # The same texts from someone else, with no crash: what each chat should have got.
    await burst(sandbox, range(6000, 6001))
    await quiet(sandbox)
    expected = await messages_in(sandbox, 6000)
    onward.terminate()
    assert await onward.wait() == 0

    got = [await messages_in(sandbox, chat) for chat in chats]
    assert expected >= len(TEXTS)
    assert min(got) >= expected, "a reply was lost"
    assert max(got) <= expected + 1, f"repeated: {[n - expected for n in got]}"
