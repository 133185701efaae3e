"""The console in-process over the suite's database (SQLite, or PostgreSQL when chosen),
driven by an HTTP client through its real ASGI app."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from channels.console.app import console_app
from channels.telegram.runtime import Runtime
from core.settings import Settings
from core.staff.accounts import add_user
from core.storage.engine import create_engine
from tests.helpers.telegram import Sandbox, running

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
SECRET = "s" * 40


@dataclass
class Clock:
    now: dt.datetime = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
async def console_database(database_url: str) -> AsyncIterator[AsyncEngine]:
    database = create_engine(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def console(console_database: AsyncEngine, clock: Clock) -> FastAPI:
    settings = Settings(_env_file=None, console_secret=SECRET)  # type: ignore[call-arg]
    return console_app(console_database, settings, clock)


@pytest.fixture
async def client(console: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=console, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as web:
        yield web


async def account(
    database: AsyncEngine,
    login: str,
    role: str = "operator",
    *,
    organization_id: str | None = None,
    caseworker_id: int | None = None,
) -> int:
    async with database.begin() as conn:
        return await add_user(
            conn, login=login, name=login.title(), role=role, password=PASSWORD, now=NOW,
            organization_id=organization_id, caseworker_id=caseworker_id,
        )  # fmt: skip


def form_token(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF token"
    return found.group(1)


async def sign_in(web: httpx.AsyncClient, login: str, password: str = PASSWORD) -> httpx.Response:
    page = await web.get("/login")
    data = {"csrf": form_token(page.text), "login": login, "password": password, "code": ""}
    return await web.post("/login", data=data)


async def signed_in(web: httpx.AsyncClient, login: str) -> str:
    """Signs in; the CSRF token of the session, read from the home page."""
    answer = await sign_in(web, login)
    assert answer.status_code == 303, answer.text
    home = await web.get("/")
    assert home.status_code == 200
    return form_token(home.text)


@pytest.fixture
async def bot(
    sandbox: Sandbox, e2e_database: str, telegram_runtime: str
) -> AsyncIterator[Runtime]:
    """Onward as an operator starts it, on the stand-in: its own flows over its database,
    with the bundled directory (national services and the demo area)."""
    settings = Settings(database_url=e2e_database, onward_runtime=telegram_runtime)
    async with running(sandbox, settings) as runtime:
        yield runtime
