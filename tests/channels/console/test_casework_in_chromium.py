"""A case worker's day, by clicking in headless Chromium against the real bot on the
stand-in: a sign-in link from the bot's /console, a client invited by the console's link,
a reminder scheduled with the date and time pickers, and the client's "I can't make it",
with their reason, arriving on the client's page. Another case worker's client is 403 by
URL, with nothing shown; no page shows what a client wrote to the bot. axe-core on each."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from channels.console.app import console_app
from channels.sandbox.standin import BOT_USER
from channels.telegram.runtime import Runtime
from core.casework import texts
from core.casework.schema import link_t
from core.settings import Settings
from flows.engine import Engine
from tests.channels.console.browser import chromium, grave_violations, needs_chromium, serving
from tests.channels.console.conftest import SECRET
from tests.helpers.casework import invite, person, until_message
from tests.helpers.telegram import Sandbox

pytestmark = needs_chromium
WORKER, CLIENT = 9101, 9102
SECRET_WORDS = "my brother Dave lives at 4 Elm Road"


async def test_a_case_worker_invites_reminds_and_hears_cant_make_it(
    sandbox: Sandbox, bot: Runtime, engine: Engine
):
    bot.scheduler.quiet = None  # quiet hours are tried on a controlled clock elsewhere
    ar = engine.catalogs.translator("ar").gettext
    worker = await person(sandbox, engine, WORKER, "en", "en")
    client = await person(sandbox, engine, CLIENT, "ar", "ar")
    await worker.say(f"/start cw_{await invite(bot)}")
    # What a client writes to the bot in a conversation: never on a console page.
    await client.say(SECRET_WORDS)

    settings = Settings(_env_file=None, console_secret=SECRET)  # type: ignore[call-arg]
    console = console_app(bot.app.database, settings, bot_username=BOT_USER["username"])
    async with serving(console) as base, chromium() as browser:
        sent = await worker.say("/console")
        token = re.search(r"/login/link/([A-Za-z0-9_-]+)", sent[0]["text"])
        assert token is not None, sent[0]["text"]
        page = await browser.new_page()
        await page.goto(f"{base}/login/link/{token.group(1)}")
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(f"{base}/")

        await page.get_by_role("link", name="My clients").first.click()
        await page.get_by_label("Your note, to tell clients apart (optional)").fill("J.S.")
        await page.get_by_role("button", name="Make an invitation").click()
        assert await page.locator(".qr svg").count() == 1
        assert await grave_violations(page) == []
        link = await page.locator("#invite-link").inner_text()
        code = re.search(r"start=c_([A-Z0-9]+)", link)
        assert code is not None, link
        await client.say(f"/start c_{code.group(1)}")
        await client.tap(ar(texts.AGREE), expect=1)

        await page.goto(f"{base}/clients")
        await page.get_by_role("link", name=re.compile("Client 1")).click()
        assert await grave_violations(page) == []
        # An hour from now on the client's clock: one reminder, sent at once.
        soon = dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(hours=1)
        await page.get_by_label("Date", exact=True).fill(soon.strftime("%Y-%m-%d"))
        await page.get_by_label("Time", exact=True).fill(soon.strftime("%H:%M"))
        await page.get_by_label("What it is").select_option("court")
        await page.get_by_role("button", name="Schedule", exact=True).click()
        await page.get_by_text("Reminder scheduled.").wait_for()

        await until_message(client, ar(texts.REMINDER_TEXTS["court"]).split("{")[0])
        told = await client.tap(ar(texts.ANSWER_NO))
        await client.do("send", text="الحافلة لا تعمل", reply_to=told[0]["message_id"])
        await until_message(worker, "says why")

        await page.reload()
        status = page.locator("td.status", has_text="I can't make it")
        await status.wait_for()
        assert "الحافلة لا تعمل" in await status.inner_text()
        timeline = await page.locator("ol.timeline").inner_text()
        assert "I can't make it" in timeline
        assert "Agreed to reminders" in timeline

        # Another case worker's client, by changing the id in the address: 403, nothing.
        other = await person(sandbox, engine, WORKER + 10, "en", "en")
        await other.say(f"/start cw_{await invite(bot)}")
        await other.say("/newclient Their client")
        async with bot.app.database.connect() as conn:
            theirs = (await conn.execute(select(func.max(link_t.c.id)))).scalar_one()
        link_id = int(page.url.split("?")[0].rsplit("/", 1)[-1])
        assert theirs != link_id
        refused = await page.goto(f"{base}/clients/{theirs}")
        assert refused is not None
        assert refused.status == 403
        assert "Their client" not in await page.content()

        for path in ("/", "/clients", f"/clients/{link_id}", "/account"):
            await page.goto(f"{base}{path}")
            assert SECRET_WORDS not in await page.content()
