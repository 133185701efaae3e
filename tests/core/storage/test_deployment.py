"""Which Telegram bots a database has served: written at each start, read by the sandbox
before it acts, and never holding the Bot API's path (it would hold the token)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.deployment import ServedBot, api_host, record, served
from core.storage.engine import create_engine
from core.storage.store import Store

T0 = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
TOKEN = "123456:AAFakeTokenFakeToken"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        (None, "api.telegram.org"),
        ("", "api.telegram.org"),
        ("https://api.telegram.org", "api.telegram.org"),
        (f"http://127.0.0.1:8081/bot{TOKEN}/", "127.0.0.1:8081"),
        (f"https://bots.example.org/{TOKEN}", "bots.example.org"),
    ],
)
def test_the_api_host_is_host_and_port_only(url: str | None, host: str):
    assert api_host(url) == host


def test_a_bot_is_named_by_its_username_or_else_its_id():
    assert ServedBot(42, "onward_bot").name == "@onward_bot"
    assert ServedBot(42, None).name == "with id 42"


async def test_a_new_database_has_served_no_bot(store: Store):
    assert await served(store.engine) == []


async def test_each_bot_is_written_down_once_and_the_latest_comes_first(store: Store):
    database: AsyncEngine = store.engine
    await record(database, ServedBot(1, "first_bot"), None, T0)
    await record(database, ServedBot(2, None), f"http://127.0.0.1:8081/bot{TOKEN}", T0)
    await record(database, ServedBot(1, "renamed_bot"), None, T0 + dt.timedelta(days=1))
    assert await served(database) == [ServedBot(1, "renamed_bot"), ServedBot(2, None)]
    async with database.connect() as conn:
        rows = (await conn.exec_driver_sql("SELECT bot_id, api_host FROM deployment")).all()
    assert sorted(rows) == [(1, "api.telegram.org"), (2, "127.0.0.1:8081")]


async def test_serving_another_bot_is_warned_of_without_the_token(
    store: Store, caplog: pytest.LogCaptureFixture
):
    await record(store.engine, ServedBot(1, "first_bot"), None, T0)
    assert not caplog.records  # the first bot, or the same one again: nothing to say
    await record(store.engine, ServedBot(1, "first_bot"), None, T0)
    assert not caplog.records
    await record(store.engine, ServedBot(2, "second_bot"), f"https://h/bot{TOKEN}", T0)
    (warning,) = caplog.records
    assert warning.levelno == logging.WARNING
    assert warning.earlier_bots == ["first_bot"]  # type: ignore[attr-defined]
    assert TOKEN not in caplog.text


async def test_workers_starting_together_write_the_bot_down_once(database_url: str):
    """Several `onward run` connect at the same moment: none fails on the others' row."""
    engines = [create_engine(database_url) for _ in range(4)]
    try:
        bot = ServedBot(77, "onward_bot")
        await asyncio.gather(*(record(e, bot, None, T0) for e in engines))
        assert [b.bot_id for b in await served(engines[0])] == [77]
    finally:
        for engine in engines:
            await engine.dispose()
