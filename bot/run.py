"""`onward run`: on Telegram with a token; without one, the sandbox on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from aiohttp import web

from bot.app import open_app
from bot.sandbox.standin import StandIn, start
from bot.settings import Settings
from bot.telegram.runtime import Runtime, make_bot


def stop_on_signals() -> asyncio.Event:
    """SIGTERM or Ctrl-C: stop taking updates and finish the turns under way."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopping.set)
    return stopping


async def run(settings: Settings) -> None:
    stopping = stop_on_signals()
    app = await open_app(settings)  # migrates first: a bad database stops us here
    sandbox: web.AppRunner | None = None
    api_url: str | None
    if settings.telegram_bot_token is None:
        standin = StandIn()
        sandbox, base = await start(standin, port=settings.sandbox_port)
        token, api_url = standin.token, base
        print(
            f"Onward is running in the sandbox. Chat with it at {base}/\n"
            "(No Telegram account needed. Set TELEGRAM_BOT_TOKEN to run on Telegram.)",
            flush=True,
        )
    else:
        token, api_url = settings.telegram_bot_token.get_secret_value(), settings.telegram_api_url
    runtime = Runtime(app, make_bot(token, api_url), stopping=stopping)
    try:
        await runtime.run()
    finally:
        await runtime.close()
        await app.close()
        if sandbox is not None:
            await sandbox.cleanup()
