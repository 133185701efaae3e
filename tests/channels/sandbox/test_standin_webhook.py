"""The stand-in's webhook: set and checked as Telegram checks it, and updates posted
with the secret, a few at a time, each chat's in order, again after a failure."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from channels.sandbox.checks import ApiError
from channels.sandbox.standin import StandIn
from channels.sandbox.webhook import SECRET_HEADER


@dataclass
class Bot:
    """A webhook receiver on 127.0.0.1 that notes what came, and how many at once."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    secrets: set[str | None] = field(default_factory=set)
    failing: int = 0
    failing_text: str | None = None
    """Only posts of this text fail (while `failing` lasts); None: any."""
    slow: float = 0.0
    now: int = 0
    most: int = 0

    async def receive(self, request: web.Request) -> web.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await asyncio.sleep(self.slow)
            update = json.loads(await request.read())
            text = update.get("message", {}).get("text")
            if self.failing and self.failing_text in (None, text):
                self.failing -= 1
                return web.Response(status=500)
            self.secrets.add(request.headers.get(SECRET_HEADER))
            self.posts.append(update)
            return web.Response(status=200)
        finally:
            self.now -= 1


@pytest.fixture
async def bot() -> AsyncIterator[tuple[Bot, str]]:
    receiver = Bot()
    app = web.Application()
    app.router.add_post("/hook", receiver.receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield receiver, f"http://127.0.0.1:{port}/hook"
    await runner.cleanup()


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    standin = StandIn()
    yield standin
    standin.stop_webhook()


async def until(condition: Any, timeout: float = 20) -> None:
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never")


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"url": "ftp://127.0.0.1/x"}, "invalid webhook URL"),
        ({"url": "https://example.org/hook"}, "delivers to 127.0.0.1 only"),
        ({"url": "http://127.0.0.1/x", "secret_token": "a b"}, "unallowed characters"),
        ({"url": "http://127.0.0.1/x", "secret_token": "x" * 257}, "1-256 characters"),
        ({"url": "http://127.0.0.1/x", "max_connections": 0}, "between 1 and 100"),
        ({"url": "http://127.0.0.1/x", "max_connections": 101}, "between 1 and 100"),
        ({"url": "http://127.0.0.1/x", "allowed_updates": ["mesage"]}, "unknown update type"),
    ],
)
async def test_set_webhook_is_checked_as_telegram_checks_it(
    standin: StandIn, params: dict[str, Any], reason: str
):
    with pytest.raises(ApiError) as error:
        await standin.call("setWebhook", params)
    assert error.value.code == 400
    assert reason in error.value.description
    assert standin.webhook is None


async def test_info_conflict_and_delete(standin: StandIn, bot: tuple[Bot, str]):
    _, url = bot
    info = await standin.call("getWebhookInfo", {})
    assert info == {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
    await standin.call("setWebhook", {"url": url, "max_connections": 3})
    info = await standin.call("getWebhookInfo", {})
    assert (info["url"], info["max_connections"]) == (url, 3)
    with pytest.raises(ApiError) as error:
        await standin.call("getUpdates", {})
    assert error.value.code == 409
    await standin.call("deleteWebhook", {"drop_pending_updates": True})
    assert await standin.call("getUpdates", {}) == []


async def test_updates_wait_for_get_updates_after_delete_unless_dropped(standin: StandIn):
    await standin.user_message(1, {"text": "kept"})
    await standin.call("deleteWebhook", {})
    assert len(await standin.call("getUpdates", {})) == 1
    await standin.call("setWebhook", {"url": "http://127.0.0.1:9/x", "drop_pending_updates": True})
    assert standin.updates == []


async def test_posts_carry_the_secret_a_few_at_once_each_chat_in_order(
    standin: StandIn, bot: tuple[Bot, str]
):
    receiver, url = bot
    receiver.slow = 0.05
    await standin.call(
        "setWebhook",
        {"url": url, "secret_token": "abc_DEF-1", "max_connections": 2,
         "allowed_updates": ["message"]},
    )  # fmt: skip
    async with standin.batch():
        for n in range(3):
            for chat in (11, 12, 13):
                await standin.user_message(chat, {"text": f"{chat}:{n}"})
        await standin.set_blocked(11, True)  # my_chat_member: not allowed, dropped
    await until(lambda: len(receiver.posts) == 9 and not standin.updates)
    assert receiver.secrets == {"abc_DEF-1"}
    assert receiver.most == 2
    for chat in (11, 12, 13):
        texts = [
            p["message"]["text"] for p in receiver.posts if p["message"]["chat"]["id"] == chat
        ]
        assert texts == [f"{chat}:{n}" for n in range(3)]
    assert [a[1] for a in standin.webhook_answers] == [200] * 9


async def test_a_failed_post_is_tried_again_and_noted(standin: StandIn, bot: tuple[Bot, str]):
    receiver, url = bot
    receiver.failing, receiver.failing_text = 2, "first"
    await standin.call("setWebhook", {"url": url})
    await standin.user_message(21, {"text": "first"})
    await standin.user_message(21, {"text": "second"})
    await until(lambda: len(receiver.posts) == 2)
    assert [p["message"]["text"] for p in receiver.posts] == ["first", "second"]
    assert [a[1] for a in standin.webhook_answers] == [500, 500, 200, 200]
    info = await standin.call("getWebhookInfo", {})
    assert info["last_error_message"] == "Wrong response from the webhook: 500"
    assert info["pending_update_count"] == 0


async def test_no_answer_is_a_failure_too(standin: StandIn, bot: tuple[Bot, str]):
    receiver, url = bot
    await standin.call("setWebhook", {"url": "http://127.0.0.1:9/nobody"})
    await standin.user_message(31, {"text": "hello"})
    await until(lambda: len(standin.webhook_answers) >= 2)
    assert {a[1] for a in standin.webhook_answers} == {None}
    info = await standin.call("getWebhookInfo", {})
    assert info["last_error_message"].startswith("Connection failed")
    await standin.call("setWebhook", {"url": url})  # the bot is back: delivered
    await until(lambda: len(receiver.posts) == 1)
