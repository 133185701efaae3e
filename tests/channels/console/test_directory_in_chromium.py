"""A directory editor's jobs, by clicking in headless Chromium against the real bot on the
stand-in: new opening hours are what the bot's search finds at once; a reader's report is
handled; a file with an error is refused beside its field with nothing written. axe-core
checks each page on the way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from channels.console.app import console_app
from channels.telegram.runtime import Runtime
from core.settings import Settings
from core.storage.tables import person_t, report_t
from directory.hours import WEEKDAYS
from directory.tables import table_of
from flows.engine import Engine
from tests.channels.console.browser import (
    chromium,
    grave_violations,
    needs_chromium,
    serving,
    sign_in,
)
from tests.channels.console.conftest import PASSWORD, SECRET, account
from tests.helpers.telegram import Person, Sandbox, onboard

pytestmark = needs_chromium
FIRST_DAY = "c329fed7-9e42-533d-9da7-e219cf96141b"  # First Day Drop-in, Oakbridge
NAME = "First Day Drop-in"
LONDON = ZoneInfo("Europe/London")


async def finds_first_day_tonight(person: Person, engine: Engine) -> bool:
    """The bot's own search, as a person asks it: a bed tonight (places open tonight)
    near Oakbridge."""
    tr = engine.catalogs.translator("en").gettext
    await person.say("/menu")
    await person.tap(tr("Find help near me"))
    await person.tap(tr("Somewhere to sleep tonight"))
    found = await person.do("location", latitude=53.4794, longitude=-2.2321)
    listed = " ".join(m["text"] + json.dumps(m["buttons"]) for m in found)
    return NAME in listed


async def set_hours(page: Any, periods: list[tuple[str, str, str]]) -> None:
    """Fills the hours rows in order with `periods` and empties the rest."""
    rows = await page.locator("select[name$='-byday']").count()
    assert rows >= len(periods)
    for n in range(rows):
        day, opens, closes = periods[n] if n < len(periods) else ("", "", "")
        await page.select_option(f"select[name='hours-{n}-byday']", day)
        await page.fill(f"input[name='hours-{n}-opens_at']", opens)
        await page.fill(f"input[name='hours-{n}-closes_at']", closes)


async def test_an_editor_changes_hours_and_the_bot_finds_the_change(
    sandbox: Sandbox, bot: Runtime, engine: Engine
):
    database = bot.app.database
    await account(database, "ed", "editor")
    console = console_app(database, Settings(_env_file=None, console_secret=SECRET))  # type: ignore[call-arg]
    person = sandbox.person(7101, "en")
    await onboard(person, engine.catalogs.translator("en").gettext)
    async with serving(console) as base, chromium() as browser:
        page = await browser.new_page()
        await sign_in(page, base, "ed", PASSWORD)
        await page.goto(f"{base}/directory")
        await page.get_by_label("Search by name or description").fill("first day")
        await page.get_by_role("link", name=NAME).click()
        await page.wait_for_url(f"{base}/directory/services/{FIRST_DAY}")
        assert await grave_violations(page) == []
        # Open every day from 06:00 to 05:59 the next morning: open tonight, whatever day.
        await set_hours(page, [(day, "06:00", "05:59") for day in WEEKDAYS])
        await page.get_by_role("button", name="Save", exact=True).click()
        await page.wait_for_url(f"**/directory/services/{FIRST_DAY}?saved=1")
        assert await page.locator(".notice").inner_text() == (
            "Saved. The bot shows the change now."
        )
        assert await finds_first_day_tonight(person, engine)
        # One hour a week, on a day that is neither today nor tomorrow: closed tonight.
        today = dt.datetime.now(LONDON).weekday()
        other = WEEKDAYS[(today + 3) % 7]
        await set_hours(page, [(other, "03:00", "04:00")])
        await page.get_by_role("button", name="Save", exact=True).click()
        await page.wait_for_url(f"**/directory/services/{FIRST_DAY}?saved=1")
        assert not await finds_first_day_tonight(person, engine)
        closed = await page.locator("text=Closed on:").inner_text()
        assert "Monday" in closed or other == "MO"


async def test_an_editor_handles_a_report_and_refuses_a_broken_file(bot: Runtime, tmp_path: Path):
    database: AsyncEngine = bot.app.database
    await account(database, "ed", "editor")
    now = dt.datetime.now(dt.UTC)
    async with database.begin() as conn:
        who = await conn.execute(
            insert(person_t).returning(person_t.c.id),
            {"channel": "telegram", "address": "7102", "locale": "en", "first_seen": now,
             "last_seen": now},
        )  # fmt: skip
        await conn.execute(
            insert(report_t),
            {"person_id": who.scalar_one(), "service_id": FIRST_DAY, "problem": "closed",
             "note": "Mo told me it shut", "reported_at": now},
        )  # fmt: skip
    console = console_app(database, Settings(_env_file=None, console_secret=SECRET))  # type: ignore[call-arg]
    async with serving(console) as base, chromium() as browser:
        page = await browser.new_page()
        await sign_in(page, base, "ed", PASSWORD)
        await page.get_by_role("link", name="Work queues").first.click()
        row = page.locator("tr", has_text=NAME).filter(has_text="has closed")
        assert await grave_violations(page) == []
        assert "Mo told me" not in await page.content()
        await row.get_by_role("button", name="Mark handled").click()
        await page.locator("tr", has_text=NAME).get_by_role("status").wait_for()
        async with database.connect() as conn:
            handled = await conn.execute(select(report_t.c.handled_at))
            assert handled.scalar_one() is not None

        # A file whose place lies at latitude 200: refused, its field named beside it.
        export = await page.request.get(f"{base}/directory/export.json")
        document = json.loads(await export.body())
        place = None
        for service in document:
            for at in service.get("service_at_locations", []):
                if service["id"] == FIRST_DAY:
                    place = at["location"]["id"]
        for service in document:
            for at in service.get("service_at_locations", []):
                if at["location"]["id"] == place:
                    at["location"]["latitude"] = 200
        broken = tmp_path / "directory.json"
        broken.write_text(json.dumps(document))
        location = table_of("location")
        async with database.connect() as conn:
            before = (
                await conn.execute(select(location.c.latitude).where(location.c.id == place))
            ).scalar_one()
        await page.get_by_role("link", name="Import and export").first.click()
        await page.get_by_label("HSDS file").set_input_files(str(broken))
        await page.get_by_role("button", name="Check the file").click()
        problem = page.locator("tr.problem", has=page.locator("th", has_text="latitude"))
        await problem.first.wait_for()
        assert "90" in await problem.first.inner_text()
        assert await page.get_by_role("button", name="Import", exact=True).count() == 0
        assert await grave_violations(page) == []
        async with database.connect() as conn:
            after = (
                await conn.execute(select(location.c.latitude).where(location.c.id == place))
            ).scalar_one()
        assert after == before
