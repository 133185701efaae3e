"""Every page an operator and an editor open, in headless Chromium: axe-core finds no
serious or critical WCAG 2.2 AA problem, in English, Spanish and Arabic (right to left)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.seed import seed_directory
from tests.channels.console.browser import (
    chromium,
    grave_violations,
    needs_chromium,
    serving,
    sign_in,
)
from tests.channels.console.conftest import PASSWORD, account

pytestmark = needs_chromium
OPERATOR_PAGES = ["/", "/account", "/users", "/audit", "/reports", "/directory/queues"]


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
async def test_every_operator_page_passes_axe(
    console: FastAPI, console_database: AsyncEngine, locale: str
):
    await seed_directory(console_database)
    await account(console_database, "ada")
    async with serving(console) as base, chromium() as browser:
        page = await browser.new_page()
        await page.goto(f"{base}/login")
        assert await grave_violations(page) == []
        await sign_in(page, base, "ada", PASSWORD)
        if locale != "en":
            await page.goto(f"{base}/account")
            await page.select_option("#locale", locale)
            await page.locator("form[action$='/account/language'] button").click()
            await page.wait_for_url(f"{base}/account")
        problems = {}
        for path in OPERATOR_PAGES:
            await page.goto(f"{base}{path}")
            assert await page.get_attribute("html", "lang") == locale
            found = await grave_violations(page)
            if found:
                problems[path] = found
        assert problems == {}
        if locale == "ar":
            assert await page.get_attribute("html", "dir") == "rtl"
            # Right to left on screen: the menu starts at the right edge.
            first = await page.locator("header.top nav li").first.bounding_box()
            last = await page.locator("header.top nav li").last.bounding_box()
            assert first is not None
            assert last is not None
            assert first["x"] > last["x"]


async def test_axe_does_find_a_grave_problem_when_there_is_one():
    """The check itself can fail: a field with no label and grey on grey text."""
    async with chromium() as browser:
        page = await browser.new_page()
        await page.set_content(
            '<html lang="en"><body><main><input type="text">'
            '<p style="color:#999;background:#aaa">faint</p></main></body></html>'
        )
        found = " ".join(await grave_violations(page))
        assert "label" in found
        assert "color-contrast" in found
