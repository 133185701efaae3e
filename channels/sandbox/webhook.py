"""The stand-in delivering updates by webhook, as Telegram does once setWebhook is called.

Each update is POSTed as JSON to the webhook's URL, with the secret token in the
`X-Telegram-Bot-Api-Secret-Token` header; at most `max_connections` posts at once; one
chat's updates one at a time, in update_id order. A post answered with anything but 2xx,
or that gets no answer, is tried again after a short pause that grows, and the failure
is kept for getWebhookInfo. An update of a kind not in `allowed_updates` is dropped.
It delivers to this machine only (127.0.0.1, ::1 or localhost): a test never reaches
the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from channels.sandbox.checks import ApiError

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name
SECRET_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
UPDATE_KINDS = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
DEFAULT_KINDS = UPDATE_KINDS - {"chat_member", "message_reaction", "message_reaction_count"}
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
RETRY_FIRST, RETRY_MOST = 0.05, 2.0  # seconds: short, for tests
POST_TIMEOUT = 30.0


@dataclass
class Webhook:
    """What setWebhook set, checked as Telegram checks it."""

    url: str
    secret: str | None
    max_connections: int
    allowed: frozenset[str]
    last_error_date: int | None = None
    last_error_message: str | None = None

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Webhook:
        url = str(params.get("url") or "")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ApiError(400, "Bad Request: bad webhook: invalid webhook URL specified")
        if parts.hostname not in LOOPBACK:
            raise ApiError(
                400, "Bad Request: bad webhook: the stand-in delivers to 127.0.0.1 only"
            )
        secret = params.get("secret_token")
        if secret is not None:
            secret = str(secret)
            if not 1 <= len(secret) <= 256:
                raise ApiError(400, "Bad Request: secret token must be 1-256 characters long")
            if not set(secret) <= SECRET_CHARACTERS:
                raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        connections = params.get("max_connections", 40)
        if isinstance(connections, bool) or not isinstance(connections, int):
            raise ApiError(400, "Bad Request: max_connections must be a number")
        if not 1 <= connections <= 100:
            raise ApiError(400, "Bad Request: max_connections must be between 1 and 100")
        return cls(url, secret, connections, allowed_kinds(params.get("allowed_updates")))

    def failed(self, message: str) -> None:
        self.last_error_date, self.last_error_message = int(time.time()), message

    def info(self, pending: int) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": self.max_connections,
            "allowed_updates": sorted(self.allowed),
        }
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info


def allowed_kinds(value: Any) -> frozenset[str]:
    if value is None or value == []:
        return DEFAULT_KINDS
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ApiError(400, "Bad Request: can't parse allowed updates")
    unknown = set(value) - UPDATE_KINDS
    if unknown:
        raise ApiError(400, f"Bad Request: unknown update type {sorted(unknown)[0]}")
    return frozenset(value)


def chat_of(update: dict[str, Any]) -> int | None:
    """The chat an update belongs to (None: one of its own, ordered with nothing)."""
    for kind in ("message", "edited_message", "my_chat_member"):
        if kind in update:
            return int(update[kind]["chat"]["id"])
    if "callback_query" in update:
        return int(update["callback_query"]["from"]["id"])
    return None


def kind_of(update: dict[str, Any]) -> str | None:
    return next((k for k in update if k in UPDATE_KINDS), None)


@dataclass
class Backoff:
    failures: int = 0
    until: float = 0.0


@dataclass
class WebhookDelivery:
    """Posts `updates` (the stand-in's queue, taken from as they are delivered)."""

    hook: Webhook
    updates: list[dict[str, Any]]
    answered: Callable[[int, int | None], None]
    """Told each post's update_id and status (None: no answer came)."""
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    posting: dict[int | None, asyncio.Task[None]] = field(default_factory=dict)
    backoff: dict[int | None, Backoff] = field(default_factory=dict)

    async def run(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(POST_TIMEOUT)) as http:
            try:
                while True:
                    self.wake.clear()
                    pause = self._start_posts(http)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.wake.wait(), pause)
            finally:
                for task in self.posting.values():
                    task.cancel()

    def _start_posts(self, http: aiohttp.ClientSession) -> float:
        """Post each chat's first update, where the chat is free and connections are
        left; returns how long until a paused chat may be tried again."""
        now = time.monotonic()
        seen: set[int | None] = set()
        pause = 1.0
        for update in list(self.updates):
            if kind_of(update) not in self.hook.allowed:
                self._remove(update)
                continue
            chat = chat_of(update)
            if chat is not None and chat in seen:
                continue
            seen.add(chat)
            waiting = self.backoff.get(chat, Backoff()).until - now
            if chat in self.posting or waiting > 0 or self._full():
                pause = min(pause, waiting) if waiting > 0 else pause
                continue
            # A post without a chat is alone in its own (keyed by itself).
            key = chat if chat is not None else -id(update)
            self.posting[key] = asyncio.create_task(self._post(http, key, update))
        return max(pause, 0.01)

    def _full(self) -> bool:
        return len(self.posting) >= self.hook.max_connections

    async def _post(self, http: aiohttp.ClientSession, key: int, update: dict[str, Any]) -> None:
        headers = {SECRET_HEADER: self.hook.secret} if self.hook.secret else {}
        status: int | None = None
        try:
            async with http.post(self.hook.url, json=update, headers=headers) as answer:
                status = answer.status
                await answer.read()
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            self.hook.failed(f"Connection failed: {type(error).__name__}")
        finally:
            self.posting.pop(key, None)
            self.wake.set()
        self.answered(int(update["update_id"]), status)
        if status is not None and 200 <= status < 300:
            self.backoff.pop(key, None)
            self._remove(update)
            return
        if status is not None:
            self.hook.failed(f"Wrong response from the webhook: {status}")
        backoff = self.backoff.setdefault(key, Backoff())
        backoff.until = time.monotonic() + min(RETRY_FIRST * 2**backoff.failures, RETRY_MOST)
        backoff.failures += 1

    def _remove(self, update: dict[str, Any]) -> None:
        for index, waiting in enumerate(self.updates):
            if waiting is update:
                del self.updates[index]
                return
