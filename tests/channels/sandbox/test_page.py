"""A person completes onboarding on the sandbox page, by clicking, in headless Chromium."""

from __future__ import annotations

import asyncio
import itertools
import os
from pathlib import Path

import pytest

from channels.telegram.runtime import Runtime
from tests.helpers.telegram import Sandbox

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
        for label in ("Yes, that's OK", "England or Wales"):
            name = arabic(label)
            button = page.locator(".keys button", has_text=name).last
            await expect(button).to_be_visible()
            await button.click()
        menu = page.locator(".msg.bot", has_text=arabic("What would you like help with?"))
        await expect(menu.last).to_be_visible()
        settings = page.locator(".keys button", has_text=arabic("Settings")).last
        await expect(settings).to_be_visible()
        await page.screenshot(path=os.environ.get("ONWARD_SCREENSHOT", str(tmp_path / "page.png")))
        await browser.close()


# Where each part of a message is drawn: `parts` are found in the bubble's text in
# reading order, each measured by a Range over its characters.
SOURCE = "Help with Prison Visits — https://www.gov.uk/help-with-prison-visits"
MEASURE = """([marker, parts]) => {
  const bubble = [...document.querySelectorAll('.msg.bot')].find(b => b.textContent.includes(marker));
  const node = bubble.firstChild;
  let from = 0;
  return parts.map(part => {
    const start = node.data.indexOf(part, from);
    if (start < 0) throw new Error('not on the page: ' + part);
    from = start + part.length;
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, from);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const left = Math.min(...rects.map(r => r.left)), right = Math.max(...rects.map(r => r.right));
    return {part, left, right, top: rects[0].top, lines: new Set(rects.map(r => r.top)).size};
  });
}"""


def _reads(boxes: list[dict], order: str) -> list[str]:
    """What is out of order: each part of `boxes` should be drawn after the one before it,
    to its left ('rtl') or to its right ('ltr'), on the same line."""
    wrong = []
    for before, after in itertools.pairwise(boxes):
        assert before["lines"] == after["lines"] == 1
        assert before["top"] == after["top"]
        ahead = (
            after["left"] >= before["right"] - 1
            if order == "ltr"
            else after["right"] <= before["left"] + 1
        )
        if not ahead:
            wrong.append(f"{before['part']!r} then {after['part']!r} should read {order}")
    return wrong


async def test_arabic_dates_times_addresses_and_phone_numbers_read_in_order_on_screen(
    sandbox: Sandbox, onward: Runtime
):
    """Measured on screen: in Arabic, a date and a time read from the right like the words
    around them; a Latin address and a phone number read left to right, each as a whole,
    where the Arabic sentence puts it."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from playwright.async_api import async_playwright, expect

    from channels.telegram.render import render
    from flows.guidance import load_guidance
    from flows.replies import Reply
    from flows.sources import shown
    from flows.supervision import ADDED

    person = 2**52 + 12
    arabic = onward.app.engine.catalogs.translator("ar")
    when = dt.datetime(2030, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    what = "12 Oak Street, London"  # typed by the person, as the question's example
    appointment = arabic.gettext(ADDED).format(what=what, when=arabic.moment(when))
    wellbeing = arabic.gettext(load_guidance()["family"].entry("GB-EAW", "wellbeing").text)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = await browser.new_page(viewport={"width": 480, "height": 900})
        await page.add_init_script(f"localStorage.setItem('onward-person', '{person}')")
        await page.goto(f"{sandbox.base}/")
        await sandbox.standin.user_message(person, {"text": "مرحبا"}, language_code="ar")
        # Sent as the bot sends everything: rendered, then through its Bot API client.
        replies = [Reply(appointment), Reply(wellbeing), Reply(shown(SOURCE, arabic))]
        for call in render(person, replies, None):
            await onward.api.call(call.method, call.params)
        await expect(page.locator(".msg.bot", has_text="Samaritans")).to_be_visible()
        # Measured one line a paragraph: the bidi order of a line does not depend on
        # where it wraps, and a part cut across two lines cannot be compared.
        await page.add_style_tag(
            content=".msg { white-space: pre !important; max-width: none !important; }"
        )
        date = await page.evaluate(MEASURE, ["ديسمبر", ["الأحد", "1", "ديسمبر", "2030"]])
        time = await page.evaluate(MEASURE, ["ديسمبر", ["2030", "10:00", "ص"]])
        address = await page.evaluate(
            MEASURE, ["ديسمبر", ["بهذا", "12", "Oak", "Street", "London", "الأحد"]]
        )
        phone = await page.evaluate(MEASURE, ["Samaritans", ["مجانًا", "116", "123", "في أي وقت"]])
        pact = await page.evaluate(
            MEASURE, ["Samaritans", ["Pact", "الرقم", "0808", "808", "3444"]]
        )
        source = await page.evaluate(
            MEASURE, ["Prison Visits", ["المتحدة", "(", "Help", "Visits", ")", "https"]]
        )
        await browser.close()
    wrong = [
        # The publisher in Arabic, then its English title in brackets, then the link.
        *_reads([source[0], source[1], source[2]], "rtl"),
        *_reads(source[2:4], "ltr"),
        *_reads([source[2], source[4]], "rtl"),  # the closing bracket after the title
        *_reads([source[1], source[4], source[5]], "rtl"),
        *_reads(date, "rtl"),
        *_reads(time[:2], "rtl"),  # the time comes after the date, to its left
        *_reads(time[1:], "rtl"),  # "10:00 ص": the hour first, at the right
        *_reads(address[:2], "rtl"),
        *_reads(address[1:-1], "ltr"),  # the address itself, left to right
        *_reads([address[1], address[-1]], "rtl"),  # and the sentence goes on to its left
        *_reads([phone[0], phone[1]], "rtl"),
        *_reads(phone[1:3], "ltr"),
        *_reads([phone[1], phone[3]], "rtl"),
        *_reads([pact[1], pact[2]], "rtl"),
        *_reads(pact[2:], "ltr"),
    ]
    assert not wrong, wrong


async def test_an_empty_chat_says_to_type_start(sandbox: Sandbox, onward: Runtime):
    from playwright.async_api import async_playwright, expect

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = await browser.new_page(viewport={"width": 360, "height": 640})
        await page.goto(f"{sandbox.base}/")
        hint = page.locator("#log .hint")
        await expect(hint).to_contain_text("Type /start")
        await hint.locator("button", has_text="/start").click()
        await expect(page.locator(".msg.me", has_text="/start")).to_be_visible()
        await expect(page.locator(".msg.bot").first).to_be_visible()
        await expect(hint).to_have_count(0)
        await page.click("#newperson")  # a new person starts on an empty chat again
        await expect(hint).to_be_visible()
        await browser.close()


# True once the newest message is whole inside the list, the list ends above the reply
# keyboard, and the keyboard is on the screen.
NEWEST_ABOVE_KEYBOARD = """() => {
  const log = document.getElementById('log'), keyboard = document.getElementById('replykb');
  const bubbles = log.querySelectorAll('.msg');
  const last = bubbles[bubbles.length - 1];
  if (!last || getComputedStyle(keyboard).display === 'none') return false;
  const box = last.getBoundingClientRect(), view = log.getBoundingClientRect();
  const keys = keyboard.getBoundingClientRect();
  return box.top >= view.top - 1 && box.bottom <= view.bottom + 1
    && view.bottom <= keys.top + 1 && keys.bottom <= window.innerHeight + 1;
}"""


async def test_a_reply_keyboard_never_hides_the_newest_message_on_a_small_phone(
    sandbox: Sandbox, onward: Runtime
):
    from playwright.async_api import async_playwright, expect

    from channels.telegram.render import render
    from flows.replies import Button, Reply

    person = 2**52 + 13
    arabic = onward.app.engine.catalogs.translator("ar").gettext
    long = arabic("What would you like help with?") + "\n" + "سطر من النص. " * 30
    ask = arabic("Share my location")
    keyboard = Reply(
        "شارك مكانك، أو اختر من القائمة.",
        tuple(Button(label, str(i)) for i, label in enumerate([ask, "1", "2", "3", "4"])),
        request_location=True,
    )
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = await browser.new_page(viewport={"width": 360, "height": 640})
        await page.add_init_script(f"localStorage.setItem('onward-person', '{person}')")
        await page.goto(f"{sandbox.base}/")
        await sandbox.standin.user_message(person, {"text": "مرحبا"}, language_code="ar")
        await sandbox.settled()  # Onward's own answer first: the keyboard comes last
        for call in render(person, [Reply(long)] * 4 + [keyboard], None):
            await onward.api.call(call.method, call.params)
        await expect(page.locator("#replykb button").first).to_be_visible()
        await page.wait_for_function(NEWEST_ABOVE_KEYBOARD)
        newest = page.locator(".msg").last
        assert await newest.evaluate("b => getComputedStyle(b).direction") == "rtl"
        await page.click("#toggle")  # the 📎 panel takes room too
        await expect(page.locator("#more")).to_be_visible()
        await page.wait_for_function(NEWEST_ABOVE_KEYBOARD)
        await browser.close()


async def test_documents_the_bot_sends_open_and_download_with_their_own_bytes(
    sandbox: Sandbox, onward: Runtime
):
    """The calendar file, sent as the bot sends it, and a binary file (as the letter a
    person can edit may be) with an Arabic name: each shows as a file, opens from its
    name and downloads, byte for byte what the bot sent."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import aiohttp
    from playwright.async_api import async_playwright, expect

    from channels.telegram.render import render
    from flows.calendar_file import Appointment, calendar_file
    from flows.replies import Attachment, Reply

    person = 2**52 + 14
    zone = ZoneInfo("Europe/London")
    moment = dt.datetime(2030, 12, 1, 10, 0, tzinfo=zone)
    what = "موعد مع ضابط المراقبة، 12 شارع أوك"
    event = calendar_file(Appointment(what, moment, zone, (120,), "ar", "k"), moment)
    caption = onward.app.engine.catalogs.translator("ar").gettext(
        "Open this file to add it to your phone's calendar."
    )
    letter, letter_name = bytes(range(256)) * 3, "رسالة إلى صاحب العمل.docx"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = await browser.new_page(viewport={"width": 360, "height": 640})
        await page.add_init_script(f"localStorage.setItem('onward-person', '{person}')")
        await page.goto(f"{sandbox.base}/")
        await sandbox.standin.user_message(person, {"text": "مرحبا"}, language_code="ar")
        await sandbox.settled()
        reply = Reply(caption, attachment=Attachment("appointment.ics", "text/calendar", event))
        for call in render(person, [reply], None):
            await onward.api.call(call.method, call.params)
        # The name as UTF-8, as Telegram takes it (aiohttp's default %-escapes it, and
        # Telegram then shows the escapes).
        form = aiohttp.FormData({"chat_id": str(person)}, quote_fields=False)
        form.add_field("document", letter, filename=letter_name, content_type=docx)
        url = f"{sandbox.base}/bot{sandbox.standin.token}/sendDocument"
        async with sandbox.http.post(url, data=form) as response:
            assert response.status == 200, await response.text()
        cards = page.locator(".msg.bot .file")
        await expect(cards).to_have_count(2)
        for card, name, sent, mime in [
            (cards.first, "appointment.ics", event.encode(), "text/calendar"),
            (cards.last, letter_name, letter, docx),
        ]:
            await expect(card.locator(".name")).to_have_text(name)
            kept = [v for v in sandbox.standin.files.values() if v == sent]
            assert kept == [sent]
            async with page.expect_download() as info:
                await card.locator("a.save").click()
            download = await info.value
            assert download.suggested_filename == name
            assert await asyncio.to_thread(Path(await download.path()).read_bytes) == sent
            opened = await page.request.get(
                sandbox.base + await card.locator("a.name").get_attribute("href")
            )
            assert (await opened.body(), opened.headers["content-type"].split(";")[0]) == (
                sent,
                mime,
            )
            assert opened.headers["content-disposition"].startswith("inline")
        caption_shown = page.locator(".msg.bot .caption", has_text=caption)
        assert await caption_shown.evaluate("c => getComputedStyle(c).direction") == "rtl"
        name_shown = cards.last.locator(".name")
        assert await name_shown.evaluate("n => getComputedStyle(n).direction") == "rtl"
        await browser.close()
