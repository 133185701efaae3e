"""`onward run` as a process: killed mid-turn, stopped with SIGTERM, started wrongly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from bot.db.engine import upgrade
from tests.bot.conftest import Sandbox


async def start_onward(
    sandbox: Sandbox | None,
    database: str,
    token: str | None = None,
    api_url: str | None = None,
    **more: str,
) -> asyncio.subprocess.Process:
    """`onward run` in a process of its own; on the stand-in unless `sandbox` is None."""
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
        "bot.cli",
        "run",
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
    for _ in range(int(timeout / 0.05)):
        if sum(c["method"] == method for c in sandbox.standin.calls) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {method}")


async def test_a_turn_killed_with_sigkill_completes_after_restart(
    sandbox: Sandbox, tmp_path: Path
):
    database = f"sqlite+aiosqlite:///{tmp_path / 'kill.db'}"
    onward = await start_onward(sandbox, database)
    await polling(sandbox)
    person = sandbox.person(3001)
    await sandbox.control("hold", method="sendMessage")
    await sandbox.control("send", chat_id=3001, text="hello", language_code="es")
    await calls_of(sandbox, "sendMessage", 1)  # mid-turn: the reply is on its way
    onward.kill()
    await onward.wait()
    await sandbox.control("hold", method="sendMessage", hold=False)
    assert await person.bot_messages() == []  # the dead process's reply never arrived

    mark = len(sandbox.standin.calls)
    onward = await start_onward(sandbox, database)
    await polling(sandbox, since=mark)
    await person.settled(0)
    messages = await person.bot_messages()
    assert len(messages) == 1
    assert messages[0]["text"].startswith("Hola")
    await person.nothing_more()
    onward.terminate()
    assert await onward.wait() == 0


async def test_sigterm_finishes_the_turn_under_way(sandbox: Sandbox, tmp_path: Path):
    onward = await start_onward(sandbox, f"sqlite+aiosqlite:///{tmp_path / 'term.db'}")
    await polling(sandbox)
    person = sandbox.person(3002)
    await sandbox.control("hold", method="sendMessage")
    await sandbox.control("send", chat_id=3002, text="hello", language_code="en")
    await calls_of(sandbox, "sendMessage", 1)
    onward.send_signal(signal.SIGTERM)
    await asyncio.sleep(0.5)
    assert onward.returncode is None  # still finishing the turn
    await sandbox.control("hold", method="sendMessage", hold=False)
    assert await asyncio.wait_for(onward.wait(), 30) == 0
    assert len(await person.bot_messages()) == 1
    _, stderr = await onward.communicate()
    assert b"hello" not in stderr  # logs never carry what people write


async def test_a_bad_token_stops_start_up_with_a_clear_message(sandbox: Sandbox, tmp_path: Path):
    onward = await start_onward(
        sandbox, f"sqlite+aiosqlite:///{tmp_path / 't.db'}", token="123:not-the-token"
    )
    _, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    assert b"Telegram refused the bot token" in stderr
    assert b"Traceback" not in stderr


async def test_an_unreachable_api_stops_start_up_with_a_clear_message(
    sandbox: Sandbox, tmp_path: Path
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    onward = await start_onward(
        sandbox,
        f"sqlite+aiosqlite:///{tmp_path / 't.db'}",
        api_url=f"http://127.0.0.1:{closed_port}",
    )
    _, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    assert b"Could not reach the Telegram Bot API" in stderr
    assert b"Traceback" not in stderr


async def test_an_unmigratable_database_stops_start_up(sandbox: Sandbox, tmp_path: Path):
    (tmp_path / "bad.db").write_text("not a database")
    onward = await start_onward(sandbox, f"sqlite+aiosqlite:///{tmp_path / 'bad.db'}")
    _, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    assert b"Could not prepare the database" in stderr


async def test_the_sandbox_prints_where_to_chat(tmp_path: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = f"sqlite+aiosqlite:///{tmp_path / 's.db'}"
    upgrade(database)
    onward = await start_onward(None, database, SANDBOX_PORT=str(port))
    line = await asyncio.wait_for(onward.stdout.readline(), 60)  # type: ignore[union-attr]
    assert f"http://127.0.0.1:{port}/".encode() in line
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/") as page:
        assert "Onward" in await page.text()
    onward.terminate()
    assert await asyncio.wait_for(onward.wait(), 30) == 0
