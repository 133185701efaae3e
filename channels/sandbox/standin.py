"""A stand-in for the Telegram Bot API, on 127.0.0.1, with a web chat page.

It answers the methods Onward (and a plain aiogram bot) uses, with Telegram's own checks
on text length, callback data, HTML and edits, so the real bot runs against it unchanged
over real HTTP. A control API lets the web page, the tests and the benchmarks play the
people: send messages, tap buttons, share places, block the bot, and make Telegram
misbehave (flood limits, slow answers, repeated updates).

This module keeps the state and what people do; botapi.py answers the bot, checks.py
holds Telegram's checks, faults.py the failure modes, server.py the HTTP routes and
controls.py the page's API.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from channels.sandbox.botapi import BotApi
from channels.sandbox.faults import Failure, FloodLimit
from channels.sandbox.model import BOT_USER, Message

# Kept importable from here for callers in tests/helpers and tests/channels/telegram.
from channels.sandbox.server import start
from channels.sandbox.webhook import Webhook, WebhookDelivery

__all__ = ["BOT_USER", "StandIn", "start"]


@dataclass
class StandIn(BotApi):
    """Telegram's side of the conversation, in memory."""

    token: str = field(
        default_factory=lambda: f"{secrets.randbelow(10**9)}:sandbox-{secrets.token_hex(8)}"
    )
    updates: list[dict[str, Any]] = field(default_factory=list)
    history: dict[int, dict[str, Any]] = field(default_factory=dict)
    chats: dict[int, list[Message]] = field(default_factory=lambda: defaultdict(list))
    reply_keyboards: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    failures: list[Failure] = field(default_factory=list)
    holds: dict[str, asyncio.Event] = field(default_factory=dict)
    commands: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)
    files: dict[int, bytes] = field(default_factory=dict)
    """The bytes of each document the bot sent, by message id; the page serves them."""
    flood_limits: bool = False
    """Answer 429 as Telegram does past 30 messages a second, or one a second to a chat."""
    version: int = 0
    bot_versions: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    webhook: Webhook | None = None
    """Set by setWebhook: updates are then posted to the bot, not fetched by it."""
    webhook_answers: list[tuple[int, int | None]] = field(default_factory=list)
    """Each webhook post's update_id and the bot's HTTP status (None: no answer)."""

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._batching = False
        self._flood = FloodLimit()
        self.changed = asyncio.Condition()
        self._delivery: WebhookDelivery | None = None
        self._delivering: asyncio.Task[None] | None = None

    # -- delivering by webhook -------------------------------------------------------
    def start_webhook(self, hook: Webhook | None) -> None:
        self.stop_webhook()
        self.webhook = hook
        if hook is not None:
            self._delivery = WebhookDelivery(hook, self.updates, self._webhook_answered)
            self._delivering = asyncio.create_task(self._delivery.run())

    def stop_webhook(self) -> None:
        if self._delivering is not None:
            self._delivering.cancel()
        self._delivery = self._delivering = self.webhook = None

    def _webhook_answered(self, update_id: int, status: int | None) -> None:
        self.webhook_answers.append((update_id, status))
        self.version += 1

    # -- what people do ------------------------------------------------------------
    async def _notify(self) -> None:
        self.version += 1
        if self._batching:
            return
        if self._delivery is not None:
            self._delivery.wake.set()
        async with self.changed:
            self.changed.notify_all()

    @contextlib.asynccontextmanager
    async def batch(self) -> AsyncIterator[None]:
        """Updates pushed inside reach a waiting getUpdates together."""
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            await self._notify()

    async def _bot_changed(self, chat_id: int) -> None:
        """The bot sent or changed something in this chat."""
        self.bot_versions[chat_id] += 1
        await self._notify()

    async def push(self, update: dict[str, Any]) -> dict[str, Any]:
        update.setdefault("update_id", next(self._update_ids))
        self.history[update["update_id"]] = update
        self.updates.append(update)
        await self._notify()
        return update

    async def redeliver(self, update_id: int) -> None:
        """Telegram delivers at least once: the same update may come again."""
        self.updates.append(self.history[update_id])
        await self._notify()

    def user(self, user_id: int, language_code: str | None = None) -> dict[str, Any]:
        user = self.users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"Person {user_id}"}
        )
        if language_code:
            user["language_code"] = language_code
        elif language_code == "":
            user.pop("language_code", None)
        return user

    def private_chat(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "type": "private", "first_name": self.users[user_id]["first_name"]}

    async def user_message(
        self,
        user_id: int,
        body: dict[str, Any],
        language_code: str | None = None,
        chat: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        sender = self.user(user_id, language_code)
        if chat is None and user_id in self.blocked:
            await self.set_blocked(user_id, False)  # writing to a blocked bot unblocks it
        chat = chat or self.private_chat(user_id)
        message = Message(next(self._message_ids), chat, sender, int(time.time()), body)
        self.chats[chat["id"]].append(message)
        keyboard = self.reply_keyboards.get(chat["id"])
        if keyboard and keyboard.get("one_time_keyboard"):
            self.reply_keyboards[chat["id"]] = None  # used once, Telegram folds it away
        if "text" in body and body["text"].startswith("/"):
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(body["text"].split()[0])}
            ]
        return await self.push({"message": message.dump()})

    async def press(
        self, user_id: int, message_id: int, data: str, language_code: str | None = None
    ) -> dict[str, Any]:
        sender = self.user(user_id, language_code)
        message = self.find(user_id, message_id)
        return await self.push(
            {
                "callback_query": {
                    "id": str(next(self._callback_ids)),
                    "from": sender,
                    "chat_instance": str(user_id),
                    "message": message.dump(),
                    "data": data,
                }
            }
        )

    async def edit_by_user(self, user_id: int, message_id: int, text: str) -> dict[str, Any]:
        message = self.find(user_id, message_id)
        message.body["text"], message.edited = text, True
        return await self.push(
            {"edited_message": {**message.dump(), "edit_date": int(time.time())}}
        )

    async def set_blocked(self, user_id: int, blocked: bool) -> dict[str, Any]:
        sender = self.user(user_id)
        member = {"user": BOT_USER, "status": "member"}
        kicked = {"user": BOT_USER, "status": "kicked", "until_date": 0}
        old, new = (member, kicked) if blocked else (kicked, member)
        (self.blocked.add if blocked else self.blocked.discard)(user_id)
        return await self.push(
            {
                "my_chat_member": {
                    "chat": self.private_chat(user_id),
                    "from": sender,
                    "date": int(time.time()),
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        )

    # -- for the page, tests and benchmarks ---------------------------------------------
    def transcript(self, chat_id: int) -> dict[str, Any]:
        messages = [
            {
                "message_id": m.message_id,
                "from_bot": m.sender is BOT_USER,
                "edited": m.edited,
                **{k: v for k, v in m.body.items() if k != "entities"},
                **({"text": m.body.get("caption", "")} if "document" in m.body else {}),
                **(
                    {"file_url": f"/sandbox/files/{chat_id}/{m.message_id}"}
                    if m.message_id in self.files and m.sender is BOT_USER
                    else {}
                ),
                "buttons": (m.reply_markup or {}).get("inline_keyboard", []),
            }
            for m in self.chats.get(chat_id, [])
        ]
        keyboard = self.reply_keyboards.get(chat_id)
        return {
            "version": self.version,
            "bot_version": self.bot_versions[chat_id],
            "messages": messages,
            "reply_keyboard": keyboard["keyboard"] if keyboard else None,
            "blocked": chat_id in self.blocked,
        }
