"""The console mounted at /console beside the webhook server's own endpoints: links,
forms and redirects keep the prefix, and the operator's endpoints still answer."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from channels.telegram.webhook import BotState, ops_app
from core.health import DatabaseHealth
from core.metrics import Depths
from tests.channels.console.conftest import PASSWORD, account, form_token


async def test_the_console_works_under_a_prefix_beside_healthz(
    console: FastAPI, console_database: AsyncEngine
):
    clock = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
    parent = ops_app(
        DatabaseHealth(console_database), Depths(console_database, clock), BotState(),
        {"/console": console},
    )  # fmt: skip
    await account(console_database, "ada")
    transport = httpx.ASGITransport(app=parent, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as web:
        assert (await web.get("/healthz")).text == "ok\n"
        page = await web.get("/console/login")
        assert page.status_code == 200
        assert 'action="/console/login"' in page.text
        assert 'href="/console/static/console.css"' in page.text
        assert (await web.get("/console/static/console.css")).status_code == 200
        data = {"csrf": form_token(page.text), "login": "ada", "password": PASSWORD, "code": ""}
        signed = await web.post("/console/login", data=data)
        assert signed.status_code == 303
        assert signed.headers["location"] == "/console/"
        home = await web.get("/console/")
        assert home.status_code == 200
        assert 'href="/console/users"' in home.text
        assert (await web.get("/console/users")).status_code == 200
