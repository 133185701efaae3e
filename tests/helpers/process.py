"""`onward run` in a process of its own, against the stand-in, as an operator starts it."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.helpers.telegram import Sandbox


async def start_onward(
    sandbox: Sandbox | None,
    database: str,
    token: str | None = None,
    api_url: str | None = None,
    flags: tuple[str, ...] = (),
    **more: str,
) -> asyncio.subprocess.Process:
    """`onward run` in a process of its own; on the stand-in unless `sandbox` is None.
    ONWARD_RUNTIME (in `more`, or this process's) picks the runtime."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATABASE_URL=database, **more)
    if sandbox is not None:
        env.update(
            TELEGRAM_BOT_TOKEN=token or sandbox.standin.token,
            TELEGRAM_API_URL=api_url or sandbox.base,
        )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli",
        "run",
        *flags,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def polling(sandbox: Sandbox, since: int = 0, timeout: float = 60) -> None:
    """Until the bot has asked the stand-in for updates."""
    for _ in range(int(timeout / 0.05)):
        if any(c["method"] == "getUpdates" for c in sandbox.standin.calls[since:]):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("onward never polled")


async def calls_of(sandbox: Sandbox, method: str, count: int, timeout: float = 20) -> None:
    """Until the bot has made `count` calls of `method`."""
    for _ in range(int(timeout / 0.05)):
        if sum(c["method"] == method for c in sandbox.standin.calls) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {method}")
