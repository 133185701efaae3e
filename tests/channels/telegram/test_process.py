"""`onward run` as a process: killed mid-turn, stopped with SIGTERM, started wrongly."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import signal
import socket
from typing import Any

import aiohttp
import pytest
import sqlalchemy as sa

from channels.sandbox.standin import BOT_USER
from channels.telegram.runtime import SANDBOX_PEOPLE
from core.settings import RUNTIMES
from core.storage.models import Deployment, OutboxMessage, Person, Reminder
from tests.helpers.databases import Databases, sync_engine
from tests.helpers.process import calls_of, polling, start_onward
from tests.helpers.telegram import Sandbox


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_a_turn_killed_with_sigkill_completes_after_restart(
    sandbox: Sandbox, databases: Databases, runtime: str
):
    database = databases.url("kill")
    onward = await start_onward(sandbox, database, ONWARD_RUNTIME=runtime)
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
    onward = await start_onward(sandbox, database, ONWARD_RUNTIME=runtime)
    await polling(sandbox, since=mark)
    await person.settled(0)
    messages = await person.bot_messages()
    assert len(messages) == 1
    assert messages[0]["text"].startswith("Hola")
    await person.nothing_more()
    onward.terminate()
    assert await onward.wait() == 0


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_sigterm_finishes_the_turn_under_way(
    sandbox: Sandbox, databases: Databases, runtime: str
):
    database = databases.url("term")
    onward = await start_onward(sandbox, database, ONWARD_RUNTIME=runtime)
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


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_a_bad_token_stops_start_up_with_a_clear_message(
    sandbox: Sandbox, databases: Databases, runtime: str
):
    onward = await start_onward(
        sandbox,
        databases.url(),
        token="123:not-the-token",
        ONWARD_RUNTIME=runtime,
    )
    _, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    assert b"Telegram refused the bot token" in stderr
    assert b"Traceback" not in stderr


async def test_an_unreachable_api_stops_start_up_with_a_clear_message(
    sandbox: Sandbox, databases: Databases
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    onward = await start_onward(
        sandbox,
        databases.url(),
        api_url=f"http://127.0.0.1:{closed_port}",
    )
    _, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    assert b"Could not reach the Telegram Bot API" in stderr
    assert b"Traceback" not in stderr


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("where", ["closed port", "not the Bot API", "no such host"])
async def test_a_wrong_api_url_never_prints_the_token(
    sandbox: Sandbox, databases: Databases, where: str, runtime: str
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = {
        "closed port": f"http://127.0.0.1:{closed_port}",
        "not the Bot API": f"{sandbox.base}/sandbox/somewhere",  # answers 404, in HTML
        "no such host": "http://telegram-api.invalid:8081",
    }[where]
    onward = await start_onward(sandbox, databases.url(), api_url=url, ONWARD_RUNTIME=runtime)
    stdout, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    secret = sandbox.standin.token.split(":", 1)[1].encode()
    assert secret not in stdout + stderr
    assert b"Traceback" not in stderr
    assert b"Telegram" in stderr


async def test_an_unmigratable_database_stops_start_up(sandbox: Sandbox, databases: Databases):
    onward = await start_onward(sandbox, databases.unusable())
    _, stderr = await asyncio.wait_for(onward.communicate(), 60)
    assert onward.returncode == 1
    assert b"Could not prepare the database" in stderr


async def test_the_sandbox_prints_where_to_chat(databases: Databases):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = databases.url("s", migrated=True)
    onward = await start_onward(None, database, SANDBOX_PORT=str(port))
    line = await asyncio.wait_for(onward.stdout.readline(), 60)  # type: ignore[union-attr]
    assert f"http://127.0.0.1:{port}/".encode() in line
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/") as page:
        assert "Onward" in await page.text()
    onward.terminate()
    assert await asyncio.wait_for(onward.wait(), 30) == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rows(url: str, model: Any) -> list[tuple[Any, ...]]:
    engine = sync_engine(url)
    try:
        with engine.connect() as conn:
            table = model.__table__
            return [tuple(r) for r in conn.execute(sa.select(table).order_by(table.c.id))]
    finally:
        engine.dispose()


async def served_on_telegram(sandbox: Sandbox, url: str) -> None:
    """`onward run` on "Telegram" (the stand-in, given as TELEGRAM_API_URL), stopped."""
    onward = await start_onward(sandbox, url)
    await polling(sandbox)
    onward.terminate()
    assert await asyncio.wait_for(onward.wait(), 30) == 0


def a_telegram_persons_due_rows(url: str) -> None:
    """A reminder due an hour ago for an appointment tomorrow, and a reply waiting."""
    now = dt.datetime.now(dt.UTC)
    engine = sync_engine(url)
    with engine.begin() as conn:
        person = conn.execute(
            sa.insert(Person.__table__).returning(Person.__table__.c.id),
            {
                "channel": "telegram",
                "address": "555001",
                "locale": "en",
                "first_seen": now,
                "last_seen": now,
            },
        ).scalar_one()
        tomorrow = now + dt.timedelta(days=1)
        conn.execute(
            sa.insert(Reminder.__table__),
            {
                "person_id": person,
                "kind": "self",
                "words": "see the housing officer",
                "event_local": tomorrow.strftime("%Y-%m-%dT%H:%M:%S"),
                "zone": "UTC",
                "event_at": tomorrow,
                "lead_minutes": 1440,
                "leads": "1440",
                "due_at": now - dt.timedelta(hours=1),
                "state": "scheduled",
                "attempts": 0,
                "created_at": now,
            },
        )
        conn.execute(
            sa.insert(OutboxMessage.__table__),
            {
                "chat_id": 555001,
                "method": "sendMessage",
                "params": {"chat_id": 555001, "text": "Your answer is saved."},
                "created_at": now,
            },
        )
    engine.dispose()


async def test_running_on_telegram_records_which_bot_the_database_serves(
    sandbox: Sandbox, databases: Databases
):
    await served_on_telegram(sandbox, databases.url("live"))
    [recorded] = rows(databases.url("live"), Deployment)
    _, bot_id, username, api_host, first_seen, last_seen = recorded
    assert (bot_id, username) == (BOT_USER["id"], BOT_USER["username"])
    assert api_host == sandbox.base.removeprefix("http://")  # host and port, no token
    assert first_seen == last_seen


async def test_the_sandbox_refuses_a_database_that_served_telegram(
    sandbox: Sandbox, databases: Databases
):
    url = databases.url("live")
    await served_on_telegram(sandbox, url)
    a_telegram_persons_due_rows(url)
    before = rows(url, Reminder), rows(url, OutboxMessage)
    onward = await start_onward(None, url, SANDBOX_PORT=str(free_port()))
    try:
        stdout, stderr = await asyncio.wait_for(onward.communicate(), 60)
    finally:
        if onward.returncode is None:  # it started: the very thing that must not happen
            onward.kill()
            await onward.wait()
    assert onward.returncode == 1
    said = (stdout + stderr).decode()
    assert "Traceback" not in said
    [sentence] = [line for line in said.splitlines() if not line.startswith("{")]
    assert f"@{BOT_USER['username']}" in sentence
    assert "reminders" in sentence
    assert "TELEGRAM_BOT_TOKEN" in sentence
    assert "sqlite+aiosqlite:///sandbox.db" in sentence
    assert (rows(url, Reminder), rows(url, OutboxMessage)) == before


async def test_the_sandbox_anyway_answers_its_own_chats_and_leaves_the_bots_rows_alone(
    sandbox: Sandbox, databases: Databases
):
    url = databases.url("live")
    await served_on_telegram(sandbox, url)
    a_telegram_persons_due_rows(url)
    before = rows(url, Reminder), rows(url, OutboxMessage)
    port = free_port()
    onward = await start_onward(None, url, flags=("--sandbox-anyway",), SANDBOX_PORT=str(port))
    try:
        assert onward.stdout is not None
        said = b"".join([await asyncio.wait_for(onward.stdout.readline(), 60) for _ in range(3)])
        assert f"@{BOT_USER['username']}".encode() in said
        async with aiohttp.ClientSession() as http:
            mine = Sandbox(sandbox.standin, f"http://127.0.0.1:{port}", http)
            answer = await mine.person(SANDBOX_PEOPLE + 1).say("hello")  # polled and sent
            assert answer
            # The Telegram bot's own person, typing on the sandbox page: not answered.
            await mine.control("send", chat_id=555001, text="hello", language_code="en")
            await mine.person(SANDBOX_PEOPLE + 2).say("hello")  # after that one
            assert await mine.person(555001).bot_messages() == []
    finally:
        onward.terminate()
        assert await asyncio.wait_for(onward.wait(), 30) == 0
    assert (rows(url, Reminder), rows(url, OutboxMessage)) == before


async def test_another_bot_on_a_recorded_database_starts_with_a_warning(
    sandbox: Sandbox, databases: Databases
):
    url = databases.url("live")
    await served_on_telegram(sandbox, url)
    engine = sync_engine(url)
    with engine.begin() as conn:  # as if an earlier bot, since replaced, had served it
        conn.execute(sa.update(Deployment.__table__).values(bot_id=42, bot_username="old_bot"))
    engine.dispose()
    mark = len(sandbox.standin.calls)
    onward = await start_onward(sandbox, url)
    await polling(sandbox, since=mark)
    onward.terminate()
    _, stderr = await asyncio.wait_for(onward.communicate(), 30)
    assert onward.returncode == 0
    warnings = [json.loads(line) for line in stderr.decode().splitlines() if '"warning"' in line]
    assert any(w["event"] == "this database served another telegram bot before" for w in warnings)
    assert {r[1] for r in rows(url, Deployment)} == {42, BOT_USER["id"]}
