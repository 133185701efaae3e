"""Webhook mode over the stand-in: Telegram's side posts each update to Onward's own
server on 127.0.0.1, with the secret token; the inbox holds it before the 200."""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import sqlalchemy as sa

from channels.telegram.runtime import ALLOWED_UPDATES, Runtime, library
from channels.telegram.webhook import SECRET_HEADER, run_runtime
from core.app import open_app
from core.settings import Settings
from core.storage.engine import sync_url
from flows.engine import Engine
from tests.helpers.process import start_onward
from tests.helpers.telegram import Sandbox

PATH = "/telegram/webhook"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(sandbox: Sandbox, database_url: str, port: int, secret: str) -> Settings:
    return Settings(
        database_url=database_url,
        telegram_bot_token=sandbox.standin.token,
        telegram_api_url=sandbox.base,
        webhook_url=f"http://127.0.0.1:{port}{PATH}",
        webhook_secret=secret,
        webhook_port=port,
        webhook_max_connections=7,
    )


async def until(condition: Any, timeout: float = 60, what: str = "it") -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{what} never happened")


@asynccontextmanager
async def on_webhook(
    sandbox: Sandbox, settings: Settings, engine: Engine
) -> AsyncIterator[Runtime]:
    """`onward run` in webhook mode, in this process, until the block ends."""
    app = await open_app(settings, engine)
    runtime = Runtime(app, library("aiogram", sandbox.standin.token, sandbox.base))
    task = asyncio.create_task(run_runtime(runtime, settings))
    await until(lambda: sandbox.standin.webhook is not None or task.done(), what="setWebhook")
    assert not task.done(), task.exception()
    sandbox.runtime = runtime
    try:
        yield runtime
    finally:
        sandbox.runtime = None
        runtime.stopping.set()
        await asyncio.wait_for(task, 30)
        await runtime.close()
        await app.close()


@pytest.fixture
def secret() -> str:
    return secrets.token_urlsafe(24)


@pytest.fixture
async def hooked(
    sandbox: Sandbox, database_url: str, engine: Engine, secret: str
) -> AsyncIterator[tuple[Runtime, str]]:
    port = free_port()
    async with on_webhook(
        sandbox, webhook_settings(sandbox, database_url, port, secret), engine
    ) as runtime:
        yield runtime, f"http://127.0.0.1:{port}"


def inbox_ids(database_url: str) -> list[tuple[int, bool]]:
    """Each update in the inbox, and whether it was handled."""
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT update_id, handled_at FROM inbox ORDER BY 1"))
            return [(int(r[0]), r[1] is not None) for r in rows]
    finally:
        engine.dispose()


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} ([0-9.e+-]+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def test_the_person_gets_their_answer_by_webhook(
    sandbox: Sandbox, hooked: tuple[Runtime, str]
):
    person = sandbox.person(4001, "es")
    answer = await person.say("/start")
    assert answer[0]["text"].startswith("Hola")
    hook = sandbox.standin.webhook
    assert hook is not None
    assert hook.max_connections == 7
    assert hook.allowed == frozenset(ALLOWED_UPDATES)
    methods = [c["method"] for c in sandbox.standin.calls]
    assert "getUpdates" not in methods  # no polling beside the webhook
    assert sandbox.standin.webhook_answers[-1][1] == 200


async def test_each_chat_is_answered_in_order_when_many_post_at_once(
    sandbox: Sandbox, hooked: tuple[Runtime, str]
):
    people = [sandbox.person(4100 + n, "en") for n in range(12)]
    chats: dict[int, int] = {}
    async with sandbox.standin.batch():
        for person in people:
            for text in ("/start", "/help"):
                sent = await sandbox.standin.user_message(person.chat_id, {"text": text}, "en")
                chats[sent["update_id"]] = person.chat_id
    await sandbox.settled(30)
    for person in people:
        messages = await person.bot_messages()
        assert len(messages) >= 2, messages  # each message answered
        assert messages[0]["text"].startswith("Hello, I'm Onward")
        # Posted one at a time, in order: the second only once the first had its 200.
        posts = [u for u, _ in sandbox.standin.webhook_answers if chats[u] == person.chat_id]
        assert posts == sorted(posts)
        assert len(posts) == 2
    assert all(status == 200 for _, status in sandbox.standin.webhook_answers)


@pytest.mark.parametrize("given", [None, "wrong", "", "é"])
async def test_a_missing_or_wrong_secret_gets_401_and_nothing_is_stored(
    sandbox: Sandbox, hooked: tuple[Runtime, str], database_url: str, given: str | None
):
    _, base = hooked
    headers = {} if given is None else {SECRET_HEADER: given}
    update = {"update_id": 91, "message": {"message_id": 1, "date": 0, "text": "hi"}}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{base}{PATH}", json=update, headers=headers) as answer,
    ):
        assert answer.status == 401
    assert inbox_ids(database_url) == []


async def test_the_stand_in_with_another_secret_is_refused_and_tries_again(
    sandbox: Sandbox, hooked: tuple[Runtime, str], database_url: str, secret: str
):
    _, base = hooked
    await sandbox.standin.call(
        "setWebhook", {"url": f"{base}{PATH}", "secret_token": "not-" + secret[:20]}
    )
    await sandbox.standin.user_message(4002, {"text": "/start"}, "en")
    await until(lambda: len(sandbox.standin.webhook_answers) >= 2, what="two tries")
    assert {status for _, status in sandbox.standin.webhook_answers} == {401}
    info = await sandbox.standin.call("getWebhookInfo", {})
    assert info["pending_update_count"] == 1
    assert info["last_error_message"] == "Wrong response from the webhook: 401"
    assert inbox_ids(database_url) == []
    # With the right secret again, the update that waited is delivered and answered.
    await sandbox.standin.call("setWebhook", {"url": f"{base}{PATH}", "secret_token": secret})
    await sandbox.settled(30)
    assert len(await sandbox.person(4002).bot_messages()) == 1


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"update_id": "7"}', b"{}"])
async def test_a_body_that_is_not_an_update_gets_400_and_nothing_is_stored(
    hooked: tuple[Runtime, str], database_url: str, secret: str, body: bytes
):
    _, base = hooked
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{base}{PATH}", data=body, headers=headers) as answer,
    ):
        assert answer.status == 400
    assert inbox_ids(database_url) == []


async def test_health_readiness_and_metrics(
    sandbox: Sandbox, hooked: tuple[Runtime, str], secret: str
):
    _, base = hooked
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as answer:
            assert answer.status == 200
        async with http.get(f"{base}/readyz") as answer:
            assert answer.status == 200
            assert (await answer.json())["ready"] is True
        async with http.get(f"{base}/metrics") as answer:
            before = await answer.text()
        # A 429 on the way: waited out, counted.
        await sandbox.control("fail", method="sendMessage", error_code=429, retry_after=1)
        await sandbox.person(4003, "en").say("/start")
        async with http.get(f"{base}/metrics") as answer:
            assert answer.status == 200
            after = await answer.text()
    turns = 'onward_turns_total{outcome="answered"}'
    assert metric(after, turns) == metric(before, turns) + 1
    assert (
        metric(after, "onward_turn_seconds_count")
        == metric(before, "onward_turn_seconds_count") + 1
    )
    assert (
        metric(after, "onward_telegram_429_total")
        == metric(before, "onward_telegram_429_total") + 1
    )
    assert "onward_inbox_depth" in after
    assert "onward_outbox_depth" in after
    assert "onward_reminders_due" in after
    assert secret not in after  # no secret
    assert "4003" not in after  # and no chat id


async def test_when_polling_ops_port_serves_health_readiness_and_metrics(
    sandbox: Sandbox, database_url: str, engine: Engine
):
    port = free_port()
    settings = Settings(
        database_url=database_url,
        telegram_bot_token=sandbox.standin.token,
        telegram_api_url=sandbox.base,
        ops_port=port,
    )
    app = await open_app(settings, engine)
    runtime = Runtime(app, library("aiogram", sandbox.standin.token, sandbox.base))
    task = asyncio.create_task(run_runtime(runtime, settings))
    try:
        await until(lambda: any(c["method"] == "getUpdates" for c in sandbox.standin.calls))
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/readyz") as answer:
                assert answer.status == 200
            async with http.get(f"{base}/metrics") as answer:
                assert "onward_outbox_depth" in await answer.text()
            async with http.post(f"{base}{PATH}", json={"update_id": 1}) as answer:
                assert answer.status in {404, 405}  # no webhook when polling
    finally:
        runtime.stopping.set()
        await asyncio.wait_for(task, 30)
        await runtime.close()
        await app.close()


async def test_getupdates_is_refused_while_a_webhook_is_set(
    sandbox: Sandbox, hooked: tuple[Runtime, str]
):
    async with sandbox.http.post(
        f"{sandbox.base}/bot{sandbox.standin.token}/getUpdates", json={}
    ) as answer:
        assert answer.status == 409
        assert "webhook is active" in (await answer.json())["description"]


async def test_a_crash_after_the_200_loses_nothing(
    sandbox: Sandbox, database_url: str, tmp_path: Path, secret: str
):
    """The update Telegram heard 200 for is in the inbox only when Onward is killed
    (its chat's worker is still sending the answer to the one before, held by the
    stand-in); after restart it is answered once, and so is the one before."""
    port = free_port()
    env = {
        "WEBHOOK_URL": f"http://127.0.0.1:{port}{PATH}",
        "WEBHOOK_SECRET": secret,
        "WEBHOOK_PORT": str(port),
    }
    onward = await start_onward(sandbox, database_url, **env)
    await until(lambda: sandbox.standin.webhook is not None, what="setWebhook")
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/readyz") as ready,
    ):
        assert ready.status == 200
    person = sandbox.person(4004, "es")
    await sandbox.control("hold", method="sendMessage")
    first = await sandbox.control("send", chat_id=4004, text="/start", language_code="es")
    await until(lambda: any(c["method"] == "sendMessage" for c in sandbox.standin.calls))
    second = await sandbox.control("send", chat_id=4004, text="/start", language_code="es")
    answered = (second["update_id"], 200)
    await until(lambda: answered in sandbox.standin.webhook_answers, what="the 200")
    onward.kill()
    await onward.wait()
    assert inbox_ids(database_url) == [(first["update_id"], True), (second["update_id"], False)]
    await sandbox.control("hold", method="sendMessage", hold=False)
    assert await person.bot_messages() == []

    onward = await start_onward(sandbox, database_url, **env)
    for _ in range(600):
        if len(await person.bot_messages()) >= 2:
            break
        await asyncio.sleep(0.1)
    await person.nothing_more(1.0)
    messages = await person.bot_messages()
    assert len(messages) == 2
    assert all(m["text"].startswith("Hola") for m in messages)
    assert inbox_ids(database_url) == [(first["update_id"], True), (second["update_id"], True)]
    onward.terminate()
    assert await asyncio.wait_for(onward.wait(), 30) == 0
