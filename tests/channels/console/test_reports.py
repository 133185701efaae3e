"""The operator's report: counts by week, and never a count under 5."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from core.usage import count
from flows.usage import NO_RESULT, REMINDER_SENT, TOPIC
from tests.channels.console.conftest import NOW, account, signed_in


async def test_the_report_shows_counts_and_hides_small_ones(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    async with console_database.begin() as conn:
        await count(conn, TOPIC, "housing", "", NOW, times=7)
        await count(conn, TOPIC, "money", "", NOW, times=3)
        await count(conn, NO_RESULT, "food", "Leeds, GB-EAW", NOW, times=9)
        await count(conn, REMINDER_SENT, "", "", NOW, times=12)
    await account(console_database, "ada")
    await signed_in(client, "ada")
    page = await client.get("/reports")
    assert page.status_code == 200
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page.text)
    assert "7" in cells
    assert "9" in cells
    assert "12" in cells
    assert "fewer than 5" in cells
    assert "3" not in cells  # money's 3 people
    assert "10" not in cells  # nor the total that would give it away
    assert "Leeds, GB-EAW" in page.text
    assert "Housing" in page.text


async def test_the_report_is_for_operators_only(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    await account(console_database, "ed", "editor")
    await signed_in(client, "ed")
    assert (await client.get("/reports")).status_code == 403


async def test_the_report_in_spanish_words_the_small_counts_in_spanish(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    async with console_database.begin() as conn:
        await count(conn, TOPIC, "housing", "", NOW, times=2)
    await account(console_database, "ada")
    token = await signed_in(client, "ada")
    await client.post("/account/language", data={"csrf": token, "locale": "es"})
    page = await client.get("/reports")
    assert 'lang="es"' in page.text
    assert "fewer than 5" not in page.text
