"""The Bot API client on each runtime's HTTP: the same answers, the same errors, and
never the token in what it raises."""

from __future__ import annotations

import logging

import pytest

from channels.telegram.aiohttp_transport import AiohttpTransport
from channels.telegram.api import ApiError, BotApi, Transport, UnknownOutcome
from channels.telegram.ptb_runtime import PtbLibrary
from core.logs import JsonFormatter
from tests.helpers.telegram import Sandbox

TOKEN = "123456:AAF-secret_secret-SECRET"


def transport(kind: str) -> Transport:
    if kind == "ptb":
        return PtbLibrary(TOKEN, None).api.transport
    return AiohttpTransport()


KINDS = ["aiogram", "ptb"]


@pytest.mark.parametrize("kind", KINDS)
async def test_answers_and_refusals_read_alike(sandbox: Sandbox, kind: str):
    api = BotApi(sandbox.standin.token, sandbox.base, transport(kind))
    try:
        me = await api.call("getMe", {})
        assert me["username"] == "onward_sandbox_bot"
        await sandbox.control("send", chat_id=42, text="hi", language_code="en")
        sent = await api.call(
            "sendMessage",
            {
                "chat_id": 42,
                "text": "123",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            },
        )
        assert sent["text"] == "123"  # a text that looks like JSON stays a text
        with pytest.raises(ApiError) as refused:
            await api.call("sendMessage", {"chat_id": 42, "text": ""})
        assert refused.value.code == 400
        await sandbox.control("fail", method="sendMessage", error_code=429, retry_after=3)
        with pytest.raises(ApiError) as flood:
            await api.call("sendMessage", {"chat_id": 42, "text": "x"})
        assert (flood.value.code, flood.value.retry_after) == (429, 3)
    finally:
        await api.close()


@pytest.mark.parametrize("kind", KINDS)
async def test_a_file_is_uploaded(sandbox: Sandbox, kind: str):
    api = BotApi(sandbox.standin.token, sandbox.base, transport(kind))
    await sandbox.control("send", chat_id=43, text="hi", language_code="en")
    document = {"filename": "notes.ics", "mime": "text/calendar", "content": "BEGIN:VCALENDAR"}
    try:
        await api.call("sendDocument", {"chat_id": 43, "caption": "Yours", "document": document})
    finally:
        await api.close()
    [message] = await sandbox.person(43).bot_messages()
    assert "notes.ics" in str(message)


@pytest.mark.parametrize("kind", KINDS)
async def test_no_error_or_log_line_carries_the_token(kind: str, caplog: pytest.LogCaptureFixture):
    for url in ("htp://nowhere", "http://localhost:99999", "http://[::1", "127.0.0.1:1"):
        api = BotApi(TOKEN, url, transport(kind))
        with pytest.raises(UnknownOutcome) as raised:
            await api.call("getMe", {})
        await api.close()
        assert TOKEN not in str(raised.value)
        with caplog.at_level(logging.WARNING):
            logging.getLogger("test").error("call failed", exc_info=raised.value)
    written = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert written
    assert TOKEN not in written
