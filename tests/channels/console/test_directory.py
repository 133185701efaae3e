"""Editing the directory in the console, over HTTP: the list, a service's page, a save the
bot's search sees at once, and a refused save that names the field and writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from directory import editing
from directory.editing_form import fields_of
from directory.geo import Point
from directory.hours import WEEKDAYS, window
from directory.search import Directory, Query
from directory.seed import seed_directory
from directory.store import DirectoryStore
from tests.channels.console.conftest import account, signed_in

FIRST_DAY = "c329fed7-9e42-533d-9da7-e219cf96141b"  # First Day Drop-in, in the demo area
OAKBRIDGE = Point(53.4794, -2.2321)
LONDON = ZoneInfo("Europe/London")
SUNDAY_NIGHT = dt.datetime(2026, 11, 29, 23, 30, tzinfo=LONDON)


async def open_at(database: AsyncEngine, moment: dt.datetime) -> bool:
    query = Query(
        now=moment, category="housing_tonight", near=OAKBRIDGE,
        window=window("now", moment, LONDON), limit=100,
    )  # fmt: skip
    return FIRST_DAY in {h.service_id for h in await Directory(database).search(query)}


def posted(fields: dict[str, str | list[str]], token: str) -> dict[str, str | list[str]]:
    return {"csrf": token, **fields}


@pytest.fixture
async def editor(client: httpx.AsyncClient, console_database: AsyncEngine) -> str:
    await seed_directory(console_database)
    await account(console_database, "ed", "editor")
    return await signed_in(client, "ed")


async def test_the_list_finds_a_service_by_name(client: httpx.AsyncClient, editor: str):
    page = await client.get("/directory", params={"q": "first day"})
    assert page.status_code == 200
    assert f'href="/directory/services/{FIRST_DAY}"' in page.text
    none = await client.get("/directory", params={"q": "no such service anywhere"})
    assert f"/directory/services/{FIRST_DAY}" not in none.text


async def test_new_hours_saved_in_the_console_are_what_the_bot_finds(
    client: httpx.AsyncClient, console_database: AsyncEngine, editor: str
):
    page = await client.get(f"/directory/services/{FIRST_DAY}")
    assert page.status_code == 200
    assert 'name="hours-0-opens_at"' in page.text
    assert not await open_at(console_database, SUNDAY_NIGHT)
    form = await editing.load_service(DirectoryStore(console_database), FIRST_DAY)
    assert form is not None
    fields = {k: v for k, v in fields_of(form).items() if not k.startswith("hours-")}
    for n, day in enumerate(WEEKDAYS):  # two periods a day, every day
        fields |= {f"hours-{2 * n}-byday": day, f"hours-{2 * n}-opens_at": "00:00",
                   f"hours-{2 * n}-closes_at": "12:00", f"hours-{2 * n + 1}-byday": day,
                   f"hours-{2 * n + 1}-opens_at": "12:00", f"hours-{2 * n + 1}-closes_at": "23:59"}  # fmt: skip
    answer = await client.post(
        f"/directory/services/{FIRST_DAY}",
        data=posted(fields, editor),
    )
    assert answer.status_code == 303, answer.text[-2000:]
    assert await open_at(console_database, SUNDAY_NIGHT)
    shown = await client.get(answer.headers["location"])
    assert "Saved. The bot shows the change now." in shown.text
    log = await client.get("/audit")
    assert log.status_code == 403  # an editor has no audit log; the operator's shows it


async def test_a_bad_latitude_is_named_beside_its_field_and_nothing_is_written(
    client: httpx.AsyncClient, console_database: AsyncEngine, editor: str
):
    store = DirectoryStore(console_database)
    form = await editing.load_service(store, FIRST_DAY)
    assert form is not None
    before = fields_of(form)
    fields = dict(before) | {"locations-0-latitude": "200", "name.es": "Centro nuevo"}
    answer = await client.post(
        f"/directory/services/{FIRST_DAY}",
        data=posted(fields, editor),
    )
    assert answer.status_code == 400
    assert "Nothing was saved." in answer.text
    field = re.search(r'<input[^>]*name="locations-0-latitude"[^>]*>', answer.text)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    error = re.search(r'<p class="error" id="err-locations-0-latitude">([^<]+)</p>', answer.text)
    assert error is not None
    assert "90" in error.group(1)  # the importer's own reason: -90 to 90
    assert 'value="Centro nuevo"' in answer.text  # the form comes back as it was sent
    after = await editing.load_service(store, FIRST_DAY)
    assert after is not None
    assert fields_of(after) == before


async def test_verify_marks_it_checked_today_by_the_editor(
    client: httpx.AsyncClient, console_database: AsyncEngine, editor: str
):
    answer = await client.post(f"/directory/services/{FIRST_DAY}/verify", data={"csrf": editor})
    assert answer.status_code == 400  # no email on the account yet
    assert "no email address" in answer.text
    await account(console_database, "eve", "editor")
    from sqlalchemy import update

    from core.staff.schema import user_t

    async with console_database.begin() as conn:
        await conn.execute(
            update(user_t).where(user_t.c.login == "eve").values(email="eve@ngo.example.org")
        )
    client.cookies.clear()
    token = await signed_in(client, "eve")
    done = await client.post(f"/directory/services/{FIRST_DAY}/verify", data={"csrf": token})
    assert done.status_code == 200
    assert escape("Last verified on 2026-12-01 by eve@ngo.example.org.") in done.text
