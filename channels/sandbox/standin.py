"""A stand-in for the Telegram Bot API, on 127.0.0.1, with a web chat page.

It answers the methods Onward (and a plain aiogram bot) uses, with Telegram's own checks
on text length, callback data, HTML and edits, so the real bot runs against it unchanged
over real HTTP. A control API lets the web page, the tests and the benchmarks play the
people: send messages, tap buttons, share places, block the bot, and make Telegram
misbehave (flood limits, slow answers, repeated updates).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from aiohttp import web

PAGE = Path(__file__).resolve().parent / "page.html"
MAX_UPLOAD = 50 * 1024 * 1024  # what a bot may upload
FLOOD_PER_SECOND = 30  # Telegram's broadcast limit, as its FAQ gives it
BOT_USER = {
    "id": 7_000_000_001,
    "is_bot": True,
    "first_name": "Onward",
    "username": "onward_sandbox_bot",
}
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200
# Telegram's tags for parse_mode=HTML.
HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
# Fields whose values stay strings even when they look like JSON (a text "123").
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "action",
        "language_code",
        "inline_message_id",
        "url",
        "business_connection_id",
        "message_effect_id",
    }
)


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class _HtmlCheck(HTMLParser):
    """Telegram's HTML: only its tags, every tag closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS and self.error is None:
            self.error = f'Unsupported start tag "{tag}"'
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if (not self.open or self.open[-1] != tag) and self.error is None:
            self.error = f'Unexpected end tag "{tag}"'
        elif self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text as a person sees it; raises ApiError where Telegram would refuse it."""
    if parse_mode is None or parse_mode == "":
        return text
    if parse_mode.upper() != "HTML":
        return text
    check = _HtmlCheck()
    check.feed(text)
    check.close()
    if check.error is None and check.open:
        check.error = f'Can\'t find end tag corresponding to start tag "{check.open[-1]}"'
    if check.error:
        raise ApiError(400, f"Bad Request: can't parse entities: {check.error}")
    return "".join(check.text)


def check_text(text: Any, parse_mode: str | None) -> str:
    if not isinstance(text, str) or not visible_text(text, parse_mode).strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(visible_text(text, parse_mode).encode("utf-16-le")) // 2 > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def check_markup(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


@dataclass
class Message:
    message_id: int
    chat: dict[str, Any]
    sender: dict[str, Any]
    date: int
    body: dict[str, Any]
    reply_markup: dict[str, Any] | None = None
    edited: bool = False

    def dump(self) -> dict[str, Any]:
        result = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat,
            "from": self.sender,
            **self.body,
        }
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            result["reply_markup"] = self.reply_markup
        return result


@dataclass
class Failure:
    """Calls of `method` that go wrong, as Telegram's (or a proxy's in front) sometimes do."""

    method: str
    code: int
    description: str
    retry_after: int | None
    remaining: int
    mode: str = "refuse"
    """`refuse`: a Bot API error; `page`: an HTML error page, not JSON, nothing done;
    `mangled`: nothing done, and the answer is broken JSON; `garbled`: done, but the
    answer is broken JSON; `cut`: done, but the connection closes with no answer. The
    last three leave the bot not knowing what happened."""
    until: float | None = None
    """Every call fails until this moment (time.monotonic()), however many."""

    def applies(self, method: str) -> bool:
        if method != self.method:
            return False
        if self.until is not None:
            return time.monotonic() < self.until
        if self.remaining > 0:
            self.remaining -= 1
            return True
        return False


class AnswerLost(Exception):  # noqa: N818 - what the bot sees, not an error of ours
    """The call was made, but its answer never reaches the bot intact."""

    def __init__(self, mode: str, code: int) -> None:
        super().__init__(mode)
        self.mode, self.code = mode, code


@dataclass
class StandIn:
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
    files: dict[int, str] = field(default_factory=dict)
    """What each document the bot sent held, by message id."""
    flood_limits: bool = False
    """Answer 429 as Telegram does past 30 messages a second, or one a second to a chat."""
    version: int = 0
    bot_versions: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._batching = False
        self._sent_at: deque[float] = deque()
        self._chat_sent_at: dict[int, float] = {}
        self.changed = asyncio.Condition()

    # -- what people do ------------------------------------------------------------
    async def _notify(self) -> None:
        self.version += 1
        if self._batching:
            return
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

    def find(self, chat_id: int, message_id: int) -> Message:
        for message in self.chats.get(chat_id, []):
            if message.message_id == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    # -- the Bot API ---------------------------------------------------------------
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
            self._flood_check(int(params.get("chat_id") or 0))
        handler = getattr(self, f"api_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        result = await handler(params)
        if failure is not None:  # done, and the bot never learns it
            raise AnswerLost(failure.mode, failure.code)
        return result

    def _flood_check(self, chat_id: int) -> None:
        now = time.monotonic()
        while self._sent_at and now - self._sent_at[0] >= 1.0:
            self._sent_at.popleft()
        if len(self._sent_at) >= FLOOD_PER_SECOND:
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        if now - self._chat_sent_at.get(chat_id, -10.0) < 1.0:
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        self._sent_at.append(now)
        self._chat_sent_at[chat_id] = now

    async def api_getme(self, params: dict[str, Any]) -> Any:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def api_deletewebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def api_getupdates(self, params: dict[str, Any]) -> Any:
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
        if len(file["content"].encode()) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        body: dict[str, Any] = {
            "document": {
                "file_name": file["filename"],
                "mime_type": file["mime"],
                "file_size": len(file["content"].encode()),
            }
        }
        if params.get("caption"):
            body["caption"] = str(params["caption"])
        chat = self.chats[chat_id][0].chat
        message = Message(next(self._message_ids), chat, BOT_USER, int(time.time()), body)
        self.files[message.message_id] = file["content"]
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

    # -- for the page, tests and benchmarks ---------------------------------------------
    def transcript(self, chat_id: int) -> dict[str, Any]:
        messages = [
            {
                "message_id": m.message_id,
                "from_bot": m.sender is BOT_USER,
                "edited": m.edited,
                **{k: v for k, v in m.body.items() if k != "entities"},
                **({"text": m.body.get("caption", "")} if "document" in m.body else {}),
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


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    form = await request.post()
    params: dict[str, Any] = dict(request.query)
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = {
                "filename": value.filename,
                "mime": value.content_type,
                "content": value.file.read().decode("utf-8", "replace"),
            }
            continue
        if not isinstance(value, str):
            continue
        if key in STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _lost_answer(request: web.Request, lost: AnswerLost) -> web.Response:
    if lost.mode == "page":
        page = f"<html><body><h1>{lost.code} Bad Gateway</h1></body></html>"
        return web.Response(status=lost.code, text=page, content_type="text/html")
    if lost.mode == "cut" and request.transport is not None:
        request.transport.close()
    return web.Response(
        status=200, text='{"ok": true, "result": {"mess', content_type="application/json"
    )


def create_app(standin: StandIn) -> web.Application:
    """The Bot API under /bot<token>/<method>, the page at /, its API under /sandbox/api/."""
    app = web.Application()
    controls = Controls(standin)

    async def bot_api(request: web.Request) -> web.Response:
        if request.match_info["token"] != standin.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        try:
            transport = request.transport
            result = await standin.call(
                request.match_info["method"],
                await _params(request),
                gone=lambda: transport is None or transport.is_closing(),
            )
        except ApiError as error:
            return web.json_response(error.payload(), status=error.code)
        except AnswerLost as lost:
            return _lost_answer(request, lost)
        except (KeyError, ValueError, TypeError) as error:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"},
                status=400,
            )
        return web.json_response({"ok": True, "result": result})

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=PAGE.read_text(encoding="utf-8"), content_type="text/html")

    async def control(request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else {}
        try:
            result = await controls.run(request.match_info["action"], body)
        except ApiError as error:
            return web.json_response(error.payload(), status=400)
        except (KeyError, ValueError, TypeError) as error:
            return web.json_response(
                {"ok": False, "description": f"bad request: {error}"}, status=400
            )
        return web.json_response({"ok": True, "result": result})

    async def chat(request: web.Request) -> web.Response:
        chat_id = int(request.query["chat_id"])
        seen = int(request.query.get("version", "-1"))
        wait = min(float(request.query.get("wait", "0")), 25)
        deadline = time.monotonic() + wait
        while standin.version <= seen and time.monotonic() < deadline:
            async with standin.changed:
                try:
                    await asyncio.wait_for(standin.changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return web.json_response(standin.transcript(chat_id))

    app.router.add_post("/bot{token}/{method}", bot_api)
    app.router.add_get("/bot{token}/{method}", bot_api)
    app.router.add_get("/", page)
    app.router.add_get("/sandbox/api/chat", chat)
    app.router.add_post("/sandbox/api/{action}", control)
    return app


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


def media(kind: str) -> dict[str, Any]:
    """A message body carrying a sticker, photo, voice note, video, document or contact."""
    file = {"file_id": f"sandbox-{kind}", "file_unique_id": f"u-{kind}"}
    bodies: dict[str, dict[str, Any]] = {
        "sticker": {
            "sticker": {
                **file,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "🙂",
            }
        },
        "photo": {"photo": [{**file, "width": 640, "height": 480}]},
        "voice": {"voice": {**file, "duration": 3}},
        "video": {"video": {**file, "width": 640, "height": 480, "duration": 3}},
        "document": {"document": {**file, "file_name": "letter.pdf"}},
        "contact": {"contact": {"phone_number": "+447700900123", "first_name": "A friend"}},
    }
    return bodies[kind]


async def start(
    standin: StandIn, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, str]:
    """Serve the stand-in; returns the runner (to stop it) and its base URL."""
    runner = web.AppRunner(create_app(standin), access_log=None, shutdown_timeout=1)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server  # the only way aiohttp tells which port 0 became
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    return runner, f"http://{host}:{bound}"
