"""Faults in the Bot API: every reply arrives without the person writing again, a reply
whose fate is unknown is sent again, and the token never shows."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest
from sqlalchemy import func, insert, select

from channels.telegram.api import BotApi, UnknownOutcome
from channels.telegram.runtime import Runtime
from core import delivery
from core.logs import JsonFormatter
from core.storage.queues import outbox_t
from tests.helpers.telegram import Sandbox


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same rule as in production, on a faster clock."""
    monkeypatch.setattr(delivery, "RETRY_FIRST", 0.2)
    monkeypatch.setattr(delivery, "RETRY_MOST", 1.0)
    monkeypatch.setattr(delivery, "SWEEP_EVERY", 0.5)
    monkeypatch.setattr(delivery, "LEFT_AFTER", dt.timedelta(seconds=1))


async def replies(sandbox: Sandbox, chat: int, count: int, timeout: float = 25) -> list[str]:
    """The bot's messages in a chat once there are `count` of them (the person does
    nothing meanwhile)."""
    person = sandbox.person(chat)
    deadline = asyncio.get_running_loop().time() + timeout
    while len(found := await person.bot_messages()) < count:
        assert asyncio.get_running_loop().time() < deadline, f"only {len(found)} arrived"
        await asyncio.sleep(0.1)
    return [m["text"] for m in found]


async def outbox_rows(onward: Runtime) -> int:
    async with onward.app.conversations.store.transaction() as conn:
        return int((await conn.execute(select(func.count()).select_from(outbox_t))).scalar_one())


@pytest.mark.parametrize(
    "failure",
    [
        {"error_code": 500, "count": 7},  # more than the old five tries in a row
        {"error_code": 502, "mode": "page", "count": 7},  # a proxy's HTML page
        {"error_code": 429, "retry_after": 1, "seconds": 7},  # a storm of flood limits
        {"error_code": 200, "mode": "mangled", "count": 2},  # 200, broken JSON, not sent
    ],
    ids=["500", "html-502", "429-storm", "mangled-200"],
)
async def test_a_reply_arrives_after_telegram_fails_for_a_while(
    sandbox: Sandbox, onward: Runtime, failure: dict[str, object]
):
    await sandbox.control("fail", method="sendMessage", **failure)
    await sandbox.control("send", chat_id=4101, text="hello", language_code="en")
    await replies(sandbox, 4101, 1)
    await sandbox.person(4101).nothing_more(1.0)
    assert len(await sandbox.person(4101).bot_messages()) == 1
    for _ in range(50):  # marked sent soon after
        if await outbox_rows(onward) == 0:
            break
        await asyncio.sleep(0.1)
    assert await outbox_rows(onward) == 0


@pytest.mark.parametrize("mode", ["garbled", "cut"])
async def test_a_reply_whose_fate_is_unknown_is_sent_again(
    sandbox: Sandbox, onward: Runtime, mode: str
):
    """Telegram took it, but its answer was lost: the rule is to send again, so it
    arrives twice, never not at all."""
    await sandbox.control("fail", method="sendMessage", mode=mode, count=1)
    await sandbox.control("send", chat_id=4102, text="hello", language_code="en")
    texts = await replies(sandbox, 4102, 2)
    assert texts[0] == texts[1]
    await sandbox.person(4102).nothing_more(1.0)
    assert len(await sandbox.person(4102).bot_messages()) == 2


async def test_a_clear_refusal_is_not_sent_again(sandbox: Sandbox, onward: Runtime):
    await sandbox.control(
        "fail", method="sendMessage", error_code=400, description="Bad Request: no", count=1
    )
    await sandbox.control("send", chat_id=4103, text="hello", language_code="en")
    await asyncio.sleep(3)
    assert await sandbox.person(4103).bot_messages() == []
    assert await outbox_rows(onward) == 0


async def test_messages_written_by_another_process_are_sent(sandbox: Sandbox, onward: Runtime):
    """The command line (a case worker suspended, say) writes to the outbox; the
    running bot sends it without anyone writing to it."""
    person = sandbox.person(4104)
    await person.say("hello")
    async with onward.app.conversations.store.transaction() as conn:
        await conn.execute(
            insert(outbox_t).values(
                chat_id=4104,
                method="sendMessage",
                params={"chat_id": 4104, "text": "A note from the operator"},
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    texts = await replies(sandbox, 4104, 2, timeout=15)
    assert texts[-1] == "A note from the operator"


async def test_no_error_or_log_line_carries_the_token(caplog: pytest.LogCaptureFixture):
    token = "123456:AAF-secret_secret-SECRET"
    for url in ("htp://nowhere", "http://localhost:99999", "http://[::1", "127.0.0.1:1"):
        api = BotApi(token, url)
        with pytest.raises(UnknownOutcome) as raised:
            await api.call("getMe", {})
        await api.close()
        assert token not in str(raised.value)
        with caplog.at_level(logging.WARNING):
            logging.getLogger("test").error("call failed", exc_info=raised.value)
    written = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert written
    assert token not in written
    assert "secret" not in written


async def test_updates_telegram_should_never_send_do_not_stop_polling(
    sandbox: Sandbox, onward: Runtime
):
    for odd in (
        {"message": {"text": "no chat"}},
        {"message": {"chat": {"id": "4105"}, "text": "an id as text"}},
        {"callback_query": {"from": None, "data": "x"}},
        {"edited_message": []},
    ):
        await sandbox.control("update", update=odd)
    await sandbox.control("send", chat_id=4105, text="hello", language_code="en")
    assert len(await replies(sandbox, 4105, 1, timeout=10)) == 1
