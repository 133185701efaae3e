"""A person completes onboarding on the sandbox page, by clicking, in headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.telegram.runtime import Runtime
from tests.bot.conftest import Sandbox

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# CI installs Chromium and sets this, so there the test can never quietly skip.
REQUIRED = os.environ.get("ONWARD_BROWSER_TESTS") == "required"

pytestmark = pytest.mark.skipif(
    not REQUIRED and not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; CI always runs this)",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def test_onboarding_by_clicking_on_the_page(
    sandbox: Sandbox, onward: Runtime, tmp_path: Path
):
    from playwright.async_api import async_playwright, expect

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = await browser.new_page()
        await page.goto(f"{sandbox.base}/")
        await page.select_option("#lang", "ar")
        await page.fill("#text", "مرحبا")
        await page.click("form button[type=submit]")
        arabic = onward.app.engine.catalogs.translator("ar").gettext
        for label in (
            "Let's start",
            None,
            "I'm family or a friend",
            "England or Wales",
            "Yes, that's OK",
        ):
            name = arabic(label) if label else "العربية"
            button = page.locator(".keys button", has_text=name).last
            await expect(button).to_be_visible()
            await button.click()
        menu = page.locator(".msg.bot", has_text=arabic("What would you like help with?"))
        await expect(menu.last).to_be_visible()
        settings = page.locator(".keys button", has_text=arabic("Settings")).last
        await expect(settings).to_be_visible()
        await page.screenshot(path=os.environ.get("ONWARD_SCREENSHOT", str(tmp_path / "page.png")))
        await browser.close()
