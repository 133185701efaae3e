"""The stand-in over HTTP: the Bot API under /bot<token>/<method>, the web page at /,
and the page's API under /sandbox/api/."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from channels.sandbox.checks import ApiError
from channels.sandbox.controls import Controls
from channels.sandbox.faults import AnswerLost

if TYPE_CHECKING:
    from channels.sandbox.standin import StandIn

PAGE = Path(__file__).resolve().parent / "page.html"
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
                "content": value.file.read(),  # the bytes as sent: a file need not be text
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


def _document(standin: StandIn, request: web.Request) -> web.Response:
    """A document the bot sent, as it sent it: opened in the browser, or with ?download
    saved under its own name."""
    try:
        chat_id, message_id = (
            int(request.match_info["chat_id"]),
            int(request.match_info["message_id"]),
        )
        data = standin.files[message_id]
        document = standin.find(chat_id, message_id).body["document"]
    except (KeyError, ValueError, ApiError):
        raise web.HTTPNotFound(text="no such document") from None
    how = "attachment" if "download" in request.query else "inline"
    headers = {
        "Content-Disposition": f"{how}; {_filename(document['file_name'])}",
        # Whatever the bot sent, it cannot act as the page: no scripts, no sniffing.
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
    }
    return web.Response(body=data, content_type=document["mime_type"], headers=headers)


def _filename(name: str) -> str:
    """Content-Disposition's file name: an ASCII stand-in, and the real one (RFC 6266)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


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

    async def document(request: web.Request) -> web.Response:
        return _document(standin, request)

    app.router.add_post("/bot{token}/{method}", bot_api)
    app.router.add_get("/bot{token}/{method}", bot_api)
    app.router.add_get("/", page)
    app.router.add_get("/sandbox/api/chat", chat)
    app.router.add_get("/sandbox/files/{chat_id}/{message_id}", document)
    app.router.add_post("/sandbox/api/{action}", control)

    async def stop_delivering(_: web.Application) -> None:
        standin.stop_webhook()

    app.on_cleanup.append(stop_delivering)
    return app


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
