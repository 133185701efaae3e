"""The sandbox's control API: people (and a misbehaving Telegram) on demand."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from channels.sandbox.faults import Failure
from channels.sandbox.model import media

if TYPE_CHECKING:
    from channels.sandbox.standin import StandIn


class Controls:
    """What the page, tests and benchmarks can make happen: POST /sandbox/api/<action>."""

    def __init__(self, standin: StandIn) -> None:
        self.standin = standin

    async def run(self, action: str, body: dict[str, Any]) -> Any:
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise KeyError(action)
        return await handler(int(body.get("chat_id", 0)), body.get("language_code"), body)

    async def do_send(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        text: dict[str, Any] = {"text": str(body["text"])}
        if body.get("reply_to") is not None:  # a reply to one of the bot's messages
            text["reply_to_message"] = self.standin.find(user, int(body["reply_to"])).dump()
        return await self.standin.user_message(user, text, language)

    async def do_batch(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        """Several messages that reach the bot in one getUpdates answer."""
        async with self.standin.batch():
            return [await self.do_send(user, language, {"text": text}) for text in body["texts"]]

    async def do_press(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return await self.standin.press(user, int(body["message_id"]), str(body["data"]), language)

    async def do_location(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        place = {"latitude": float(body["latitude"]), "longitude": float(body["longitude"])}
        return await self.standin.user_message(user, {"location": place}, language)

    async def do_media(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return await self.standin.user_message(user, media(str(body["kind"])), language)

    async def do_edit(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return await self.standin.edit_by_user(user, int(body["message_id"]), str(body["text"]))

    async def do_group(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        group = {"id": int(body["group_id"]), "type": "group", "title": "A group"}
        text = {"text": str(body["text"])}
        return await self.standin.user_message(user, text, language, chat=group)

    async def do_block(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return await self.standin.set_blocked(user, bool(body["blocked"]))

    async def do_update(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return await self.standin.push(dict(body["update"]))

    async def do_redeliver(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        await self.standin.redeliver(int(body["update_id"]))
        return True

    async def do_fail(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        """The next `count` calls of `method` (or every call for `seconds`) fail, as
        Telegram's do under load: `mode` says how (see Failure)."""
        code = int(body.get("error_code", 429))
        retry = body.get("retry_after")
        description = body.get("description") or (
            f"Too Many Requests: retry after {retry}" if code == 429 else "Internal Server Error"
        )
        retry_after = int(retry) if retry is not None else None
        count = int(body.get("count", 1))
        mode = str(body.get("mode", "refuse"))
        if mode not in {"refuse", "page", "mangled", "garbled", "cut"}:
            raise ValueError(f"unknown mode {mode!r}")
        seconds = body.get("seconds")
        until = time.monotonic() + float(seconds) if seconds is not None else None
        self.standin.failures.append(
            Failure(str(body["method"]), code, description, retry_after, count, mode, until)
        )
        return True

    async def do_hold(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        """Hold every call of `method` unanswered until released, as a slow network would."""
        method = str(body["method"])
        if body.get("hold", True):
            self.standin.holds[method] = asyncio.Event()
        elif method in self.standin.holds:
            self.standin.holds.pop(method).set()
        return True

    async def do_calls(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return self.standin.calls

    async def do_commands(self, user: int, language: str | None, body: dict[str, Any]) -> Any:
        return self.standin.commands
