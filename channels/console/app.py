"""The console as one ASGI app: `onward console` serves it, and the webhook server can
mount it beside itself (channels/telegram/webhook.py, `mounts`)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.ext.asyncio import AsyncEngine

from channels.console import (
    account,
    casework,
    directory,
    home,
    queues,
    reports,
    transfer,
    users,
)
from channels.console.sessions import Cookies
from channels.console.web import Console, NotSignedIn, Refused, render
from core.settings import Settings

STATIC = Path(__file__).parent / "static"
# One router a module.
PAGES = (account, casework, home, directory, queues, reports, transfer, users)
log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def console_app(
    database: AsyncEngine,
    settings: Settings,
    clock: Callable[[], dt.datetime] = _now,
    bot_username: str | None = None,
) -> FastAPI:
    secret = settings.console_secret
    if secret is None:
        log.warning("CONSOLE_SECRET is not set: sign-ins last until the console restarts")
    key = secret.get_secret_value() if secret else secrets.token_urlsafe(32)
    secure = (settings.webhook_url or "").startswith("https://")
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    username = bot_username or settings.bot_username
    app.state.console = Console(database, Cookies(key, secure=secure), clock, username)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in PAGES:
        app.include_router(module.router)
    _handlers(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def sign_in_first(request: Request, _: Exception) -> Response:
        root = request.scope.get("root_path", "")
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": f"{root}/login"})
        return RedirectResponse(f"{root}/login", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, _: Exception) -> Response:
        return render(request, "refused.html", None, status_code=403)

    @app.exception_handler(HTTPException)
    async def problem(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return render(
            request, "problem.html", None, status_code=error.status_code, reason=error.detail
        )
