"""Webhook mode, and the operator's endpoints: an ASGI app served by uvicorn.

With WEBHOOK_URL set, Telegram posts each update to WEBHOOK_URL's path here, with the
secret token in a header. A post without the right token is answered 401, one that is
not an update 400, and nothing is stored for either. A good update is written to the
inbox (`Runtime.take`) before the 200 goes back, so once Telegram hears 200 a crash
loses nothing: the update is handled after restart like any other left in the inbox.
Telegram posts again whatever got no 2xx answer; the inbox drops a repeat by update_id.

Beside it, on the same server: /healthz (the process answers), /readyz (the database
answers at this version's schema, and the bot is set up) and /metrics (Prometheus,
core/metrics.py). When polling, the same three are served only if OPS_PORT is set.
Another ASGI app (the web console) can be mounted under a prefix with `mounts`.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import json
import logging
import socket
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp

from channels.telegram.api import ApiError, UnknownOutcome
from channels.telegram.runtime import ALLOWED_UPDATES, Runtime
from core.app import StartupError
from core.health import DatabaseHealth
from core.logs import keep_secret
from core.metrics import CONTENT_TYPE_LATEST, Depths
from core.settings import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a name, not a secret
WAIT_FOR_INTAKE = 30.0  # seconds a post made during start-up waits before 503
GRACE = 10.0  # seconds the server lets requests under way finish when stopping
SET_WEBHOOK_RETRY_MOST = 30.0
STARTING = "the bot is starting"


@dataclass(frozen=True)
class Hook:
    """Where Telegram posts updates, and what it must send to be believed."""

    url: str
    path: str
    secret: str
    max_connections: int

    @classmethod
    def of(cls, settings: Settings) -> Hook | None:
        if settings.webhook_url is None or settings.webhook_secret is None:
            return None
        secret = settings.webhook_secret.get_secret_value()
        keep_secret(secret)
        return cls(
            settings.webhook_url,
            settings.webhook_path,
            secret,
            settings.webhook_max_connections,
        )


class BotState:
    """Whether the bot is set up (the webhook set, or polling begun): /readyz asks."""

    def __init__(self) -> None:
        self.problem: str | None = STARTING

    def set_up(self) -> None:
        self.problem = None


def is_update(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("update_id"), int)
        and not isinstance(value["update_id"], bool)
    )


def ops_app(
    database: DatabaseHealth,
    depths: Depths,
    bot: BotState,
    mounts: Mapping[str, ASGIApp] | None = None,
) -> FastAPI:
    """/healthz, /readyz and /metrics, and any app mounted under its prefix."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    async def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok\n")

    async def readyz() -> JSONResponse:
        problem = await database.problem() or bot.problem
        if problem is not None:
            return JSONResponse({"ready": False, "reason": problem}, status_code=503)
        return JSONResponse({"ready": True})

    async def metrics() -> Response:
        return Response(await depths.exposition(), media_type=CONTENT_TYPE_LATEST)

    app.add_api_route("/healthz", healthz, methods=["GET"])
    app.add_api_route("/readyz", readyz, methods=["GET"])
    app.add_api_route("/metrics", metrics, methods=["GET"])
    for prefix, mounted in (mounts or {}).items():
        app.mount(prefix, mounted)
    return app


class WebhookIntake:
    """The webhook route, and the intake `Runtime.run` runs: setWebhook, then wait."""

    def __init__(self, runtime: Runtime, hook: Hook, bot: BotState) -> None:
        self.runtime, self.hook, self.bot = runtime, hook, bot
        self.secret = hook.secret.encode()
        self.accepting = asyncio.Event()
        """Set once what a crash left is recovered: posts wait for it, in order."""
        self.refused: str | None = None
        """Telegram's reason, when it refused the webhook (start-up then stops)."""

    def route(self, app: FastAPI) -> None:
        app.add_api_route(self.hook.path, self.receive, methods=["POST"])

    async def receive(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            return Response(status_code=401)
        try:
            update = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400)
        if not is_update(update):
            return Response(status_code=400)
        try:
            await asyncio.wait_for(self.accepting.wait(), WAIT_FOR_INTAKE)
        except TimeoutError:
            return Response(status_code=503)  # Telegram posts it again later
        await self.runtime.take([update])  # in the inbox before Telegram hears 200
        return Response(status_code=200)

    async def intake(self) -> None:
        self.accepting.set()
        try:
            await self.set_webhook()
        except ApiError as error:
            self.refused = (
                f"Telegram refused WEBHOOK_URL ({error.code} {error.description}); "
                "check it is the https:// address of this server's reverse proxy."
            )
            log.error("webhook refused", extra={"code": error.code})
            self.runtime.stopping.set()
            return
        self.bot.set_up()
        log.info("webhook set", extra={"max_connections": self.hook.max_connections})
        await asyncio.Event().wait()  # posts come to `receive` until cancelled

    async def set_webhook(self) -> None:
        """setWebhook, tried again while Telegram cannot answer; ApiError if refused."""
        params = {
            "url": self.hook.url,
            "secret_token": self.hook.secret,
            "allowed_updates": ALLOWED_UPDATES,
            "max_connections": self.hook.max_connections,
        }
        failures = 0
        while True:
            try:
                await self.runtime.api.call("setWebhook", params)
                return
            except ApiError as error:
                if error.code != 429 and error.code < 500:
                    raise
                self.bot.problem = "Telegram has not taken the webhook yet"
            except UnknownOutcome:
                self.bot.problem = "Telegram has not answered setWebhook yet"
            failures += 1
            log.warning("setWebhook failed; trying again", extra={"failures": failures})
            await asyncio.sleep(min(2**failures, SET_WEBHOOK_RETRY_MOST))


def polling_intake(runtime: Runtime, bot: BotState) -> Callable[[], Coroutine[Any, Any, None]]:
    """Polling, marked as set up once it begins."""

    async def poll() -> None:
        bot.set_up()
        await runtime.poll_when_chosen()

    return poll


def listening(
    host: str, port: int, setting: str, host_setting: str = "WEBHOOK_HOST"
) -> socket.socket:
    """The server's socket, bound now, so that a port in use stops start-up in words."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as error:
        why = {
            errno.EADDRINUSE: "is already in use",
            errno.EACCES: "needs more permissions than Onward has",
            errno.EADDRNOTAVAIL: "is not an address of this machine",
        }.get(error.errno or 0, "could not be opened")
        raise StartupError(
            f"{setting} {host}:{port} {why}; set {host_setting} to an address of this machine "
            f"(127.0.0.1 behind a reverse proxy) and {setting} to a free port, like 8081."
        ) from None


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # `onward run` handles SIGTERM and Ctrl-C itself: it stops the intake


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, sock: socket.socket) -> AsyncIterator[None]:
    """Serve `app` on `sock` while the block runs; requests under way finish after it."""
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=int(GRACE),
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield
    finally:
        server.should_exit = True
        await task
        sock.close()


async def run_runtime(
    runtime: Runtime, settings: Settings, mounts: Mapping[str, ASGIApp] | None = None
) -> None:
    """`Runtime.run` with the intake the settings choose: the webhook server when
    WEBHOOK_URL is set; else polling, with the operator's endpoints if OPS_PORT is."""
    hook = Hook.of(settings)
    if hook is None and settings.ops_port is None:
        await runtime.run()
        return
    store = runtime.app.conversations.store
    bot = BotState()
    app = ops_app(DatabaseHealth(store.engine), Depths(store.engine, runtime.clock), bot, mounts)
    if hook is None:
        sock = listening(settings.webhook_host, settings.ops_port or 0, "OPS_PORT")
        async with serving(app, sock):
            await runtime.run(polling_intake(runtime, bot))
        return
    webhook = WebhookIntake(runtime, hook, bot)
    webhook.route(app)
    sock = listening(settings.webhook_host, settings.webhook_port, "WEBHOOK_PORT")
    async with serving(app, sock):
        await runtime.run(webhook.intake)
    if webhook.refused is not None:
        raise StartupError(webhook.refused)
