"""`onward run`: on Telegram with a token; without one, the sandbox on 127.0.0.1.

With WEBHOOK_URL, Telegram posts updates to Onward's own web server instead of being
polled (channels/telegram/webhook.py).

On Telegram, the database is marked as serving that bot. The sandbox will not start on
a database so marked (it would send that bot's reminders and messages through the
stand-in, where they fail for good) unless told `--sandbox-anyway`; then it answers its
own chats only.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from channels.telegram.runtime import Runtime, library
from core.app import App, StartupError, open_app
from core.conversations import utc_now
from core.limits import limits_for
from core.settings import Settings
from core.storage import deployment
from core.storage.deployment import ServedBot

if TYPE_CHECKING:  # the sandbox's web server is imported only when the sandbox runs
    from aiohttp import web

    from channels.sandbox.standin import StandIn


def stop_on_signals() -> asyncio.Event:
    """SIGTERM or Ctrl-C: stop taking updates and finish the turns under way."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopping.set)
    return stopping


def refusal(bots: list[ServedBot]) -> str:
    return (
        f"This database belongs to the Telegram bot {bots[0].name}, so the sandbox will not "
        "start on it: it would send that bot's reminders and messages to nobody and mark "
        "them failed; set TELEGRAM_BOT_TOKEN to run on Telegram, or point DATABASE_URL at "
        "another database, e.g. sqlite+aiosqlite:///sandbox.db."
    )


async def start_sandbox(port: int) -> tuple[StandIn, web.AppRunner, str]:
    from channels.sandbox.server import start
    from channels.sandbox.standin import StandIn

    standin = StandIn()
    try:
        runner, base = await start(standin, port=port)
    except OSError as error:
        why = {
            errno.EADDRINUSE: "is already in use",
            errno.EACCES: "needs more permissions than Onward has",
        }.get(error.errno or 0, f"could not be opened ({error.strerror})")
        raise StartupError(
            f"SANDBOX_PORT {port} {why}; set SANDBOX_PORT to a free port above 1023, like 8081."
        ) from None
    return standin, runner, base


async def run(settings: Settings, sandbox_anyway: bool = False) -> None:
    stopping = stop_on_signals()
    app = await open_app(settings)  # migrates first: a bad database stops us here
    limits = limits_for(settings.keeps_telegram_limits)
    sandbox: web.AppRunner | None = None
    try:
        if settings.telegram_bot_token is None:
            bots = await deployment.served(app.database)
            if bots and not sandbox_anyway:
                raise StartupError(refusal(bots))
            standin, sandbox, base = await start_sandbox(settings.sandbox_port)
            print(
                f"Onward is running in the sandbox. Chat with it at {base}/\n"
                "(No Telegram account needed. Set TELEGRAM_BOT_TOKEN to run on Telegram.)",
                flush=True,
            )
            if bots:
                print(
                    f"This database belongs to the Telegram bot {bots[0].name}: the sandbox "
                    "answers its own chats only, and sends none of that bot's reminders or "
                    "waiting messages.",
                    flush=True,
                )
            telegram = library(settings.onward_runtime, standin.token, base)
            runtime = Runtime(
                app, telegram, stopping=stopping, own_data_only=bool(bots), limits=limits
            )
        else:
            api_url = settings.telegram_api_url
            token = settings.telegram_bot_token.get_secret_value()
            telegram = library(settings.onward_runtime, token, api_url)
            runtime = Runtime(
                app,
                telegram,
                stopping=stopping,
                on_connected=recorder(app, api_url),
                limits=limits,
            )
        try:
            await run_runtime(runtime, settings)
        finally:
            await runtime.close()
    finally:
        await app.close()
        if sandbox is not None:
            await sandbox.cleanup()


async def run_runtime(runtime: Runtime, settings: Settings) -> None:
    """Polling, or the webhook server when WEBHOOK_URL is set (with /healthz, /readyz and
    /metrics, served when polling too if OPS_PORT is set; the web console beside them,
    under /console): the web server's libraries are imported only then, sparing a plain
    start their time."""
    if settings.webhook_url is None and settings.ops_port is None:
        await runtime.run()
        return
    from channels.console.app import console_app
    from channels.telegram import webhook

    console = console_app(runtime.app.database, settings)
    await webhook.run_runtime(runtime, settings, {"/console": console})


def recorder(app: App, api_url: str | None) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """After getMe: write down that this database serves the bot."""

    async def connected(me: dict[str, Any]) -> None:
        bot = ServedBot(int(me["id"]), str(me.get("username") or "") or None)
        await deployment.record(app.database, bot, api_url, utc_now())

    return connected
