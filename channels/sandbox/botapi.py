"""The Bot API methods the stand-in answers, with Telegram's checks and failure modes.

A mixin of StandIn: the methods read and change the chats StandIn keeps, and a subclass
(as the benchmarks make) can watch `call` and `_bot_changed`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

from channels.sandbox.checks import (
    MAX_CALLBACK_ANSWER,
    MAX_UPLOAD,
    ApiError,
    check_markup,
    check_text,
    visible_text,
)
from channels.sandbox.faults import AnswerLost, Failure, FloodLimit
from channels.sandbox.model import BOT_USER, Message
from channels.sandbox.webhook import Webhook


class BotApi:
    """`call(method, params)` as Telegram answers it; the state is StandIn's."""

    updates: list[dict[str, Any]]
    chats: dict[int, list[Message]]
    reply_keyboards: dict[int, dict[str, Any] | None]
    blocked: set[int]
    failures: list[Failure]
    holds: dict[str, asyncio.Event]
    commands: dict[str, list[dict[str, str]]]
    calls: list[dict[str, Any]]
    files: dict[int, bytes]
    flood_limits: bool
    changed: asyncio.Condition
    _message_ids: Iterator[int]
    _flood: FloodLimit

    webhook: Webhook | None

    async def _bot_changed(self, chat_id: int) -> None:
        """The bot sent or changed something in this chat; StandIn tells whoever waits."""
        raise NotImplementedError

    def start_webhook(self, hook: Webhook | None) -> None:
        """Deliver by webhook from now (None: stop; updates wait for getUpdates)."""
        raise NotImplementedError

    def find(self, chat_id: int, message_id: int) -> Message:
        for message in self.chats.get(chat_id, []):
            if message.message_id == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    async def call(
        self, method: str, params: dict[str, Any], gone: Callable[[], bool] = lambda: False
    ) -> Any:
        self.calls.append(
            {"method": method, "chat_id": params.get("chat_id"), "at": time.monotonic()}
        )
        failure = next((f for f in self.failures if f.applies(method)), None)
        if failure is not None and failure.mode == "refuse":
            raise ApiError(failure.code, failure.description, failure.retry_after)
        if failure is not None and failure.mode in {"page", "mangled"}:
            raise AnswerLost(failure.mode, failure.code)
        hold = self.holds.get(method)
        if hold is not None:
            await hold.wait()
            if gone():  # the bot died waiting: Telegram never got the request either
                raise ApiError(499, "Client Closed Request")
        if self.flood_limits and method == "sendMessage":
            self._flood.check(int(params.get("chat_id") or 0))
        handler = getattr(self, f"api_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        result = await handler(params)
        if failure is not None:  # done, and the bot never learns it
            raise AnswerLost(failure.mode, failure.code)
        return result

    async def api_getme(self, params: dict[str, Any]) -> Any:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def api_setwebhook(self, params: dict[str, Any]) -> Any:
        if not params.get("url"):  # an empty URL removes the webhook, as Telegram does
            return await self.api_deletewebhook(params)
        hook = Webhook.from_params(params)
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.start_webhook(hook)
        return True

    async def api_deletewebhook(self, params: dict[str, Any]) -> Any:
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.start_webhook(None)
        return True

    async def api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        if self.webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return self.webhook.info(len(self.updates))

    async def api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(int(params.get("limit") or 100), 100)
        timeout = min(float(params.get("timeout") or 0), 50)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while not self.updates and time.monotonic() < deadline:
            async with self.changed:
                try:
                    await asyncio.wait_for(self.changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return self.updates[:limit]

    def _target_chat(self, params: dict[str, Any]) -> int:
        chat_id = int(params["chat_id"])
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    async def api_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        text = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        chat = self.chats[chat_id][0].chat
        message = Message(
            next(self._message_ids),
            chat,
            BOT_USER,
            int(time.time()),
            {"text": visible_text(text, params.get("parse_mode"))},
            markup,
        )
        if markup and ("keyboard" in markup or "remove_keyboard" in markup):
            self.reply_keyboards[chat_id] = markup if "keyboard" in markup else None
        self.chats[chat_id].append(message)
        await self._bot_changed(chat_id)
        return message.dump()

    async def api_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        file = params.get("document")
        if not isinstance(file, dict) or not file.get("content"):
            raise ApiError(400, "Bad Request: there is no document in the request")
        content = file["content"]
        # Uploaded, the bytes as they came; in a JSON call (tests), a text as UTF-8.
        data = content if isinstance(content, bytes) else str(content).encode()
        if len(data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        message_id = next(self._message_ids)
        body: dict[str, Any] = {
            "document": {
                "file_id": f"sandbox-document-{message_id}",
                "file_unique_id": f"u-document-{message_id}",
                "file_name": str(file.get("filename") or "document"),
                "mime_type": str(file.get("mime") or "application/octet-stream"),
                "file_size": len(data),
            }
        }
        if params.get("caption"):
            body["caption"] = str(params["caption"])
        chat = self.chats[chat_id][0].chat
        message = Message(message_id, chat, BOT_USER, int(time.time()), body)
        self.files[message_id] = data
        self.chats[chat_id].append(message)
        await self._bot_changed(chat_id)
        return message.dump()

    async def api_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        message = self.find(chat_id, int(params["message_id"]))
        text = visible_text(
            check_text(params.get("text"), params.get("parse_mode")), params.get("parse_mode")
        )
        markup = check_markup(params.get("reply_markup"))
        if message.sender is not BOT_USER:
            raise ApiError(400, "Bad Request: message can't be edited")
        if text == message.body.get("text") and markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current content "
                "and reply markup of the message",
            )
        message.body["text"], message.reply_markup, message.edited = text, markup, True
        await self._bot_changed(chat_id)
        return message.dump()

    async def api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        chat_id = self._target_chat(params)
        message = self.find(chat_id, int(params["message_id"]))
        markup = check_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        await self._bot_changed(chat_id)
        return message.dump()

    async def api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def api_sendchataction(self, params: dict[str, Any]) -> Any:
        self._target_chat(params)
        return True

    async def api_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands") or []
        if not isinstance(commands, list) or not 1 <= len(commands) <= 100:
            raise ApiError(400, "Bad Request: commands must be a non-empty list")
        for command in commands:
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
        self.commands[str(params.get("language_code") or "")] = commands
        return True

    async def api_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(str(params.get("language_code") or ""), [])
