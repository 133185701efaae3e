"""Onward on Telegram, end to end: the real runtime and the stand-in, over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from channels.telegram.runtime import Runtime, library
from channels.telegram.texts import GROUP_NOTE
from core.app import open_app
from core.people import TELEGRAM, Someone
from core.settings import RUNTIMES, Settings
from core.storage.models import Person as PersonRow
from core.storage.store import Store
from flows import engine as said
from flows.engine import Engine
from flows.i18n import SHIPPED_LOCALES
from tests.helpers.telegram import Sandbox, onboard, running

CODES = {"en": "en", "ar": "ar", "zh_Hans": "zh-hans", "fr": "fr-FR", "ru": "ru", "es": "es-MX"}
person_t = PersonRow.__table__  # type: ignore[attr-defined]
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


@pytest.fixture(params=RUNTIMES)
def telegram_runtime(request: pytest.FixtureRequest) -> str:
    """Every test here runs on aiogram and on python-telegram-bot."""
    return str(request.param)


def unmarked(text: str) -> str:
    """The words without the invisible marks that keep Latin runs in order in Arabic."""
    return text.translate(ISOLATES)


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
async def test_onboarding_in_each_language(
    sandbox: Sandbox, onward: Runtime, engine: Engine, locale: str
):
    tr = engine.catalogs.translator(locale).gettext
    person = sandbox.person(1000 + SHIPPED_LOCALES.index(locale), CODES[locale])
    person.locale = locale
    welcome = await person.say("hello")
    expected = tr(engine.flows.specs["onboarding"].nodes["welcome"].text)
    # Latin runs (Onward, /privacy) are isolated in Arabic
    assert unmarked(welcome[0]["text"]) == unmarked(expected)
    last = await onboard(person, tr)
    assert last[-1]["text"] == tr("What would you like help with?")
    assert [b[0]["text"] for b in last[-1]["buttons"]] == [
        tr("Urgent help now"),
        tr("Somewhere to sleep tonight"),
        tr("Find help near me"),
        tr("Housing"),
        tr("Family and friends"),
        tr("Money and benefits"),
        tr("Work and training"),
        tr("My record"),
        tr("My supervision"),
        tr("My data and privacy"),
        tr("Settings"),
    ]


async def test_menus_are_edited_in_place(sandbox: Sandbox, onward: Runtime, engine: Engine):
    person = sandbox.person(2001)
    person.locale = "en"
    await person.say("hi")
    await onboard(person, lambda s: s)
    count = len(await person.bot_messages())
    changed = await person.tap("Settings")
    assert len(await person.bot_messages()) == count
    assert changed[0]["edited"]
    assert changed[0]["text"] == "What would you like to change?"


async def test_the_same_update_twice_is_answered_once(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(2002)
    update = await sandbox.control("send", chat_id=2002, text="hello", language_code="en")
    await person.settled(0)
    assert len(await person.bot_messages()) == 1
    await sandbox.control("redeliver", update_id=update["update_id"])
    await person.nothing_more()
    assert len(await person.bot_messages()) == 1


async def test_a_batch_from_one_chat_is_answered_in_order(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(2003)
    person.locale = "en"
    await person.say("hi")
    await onboard(person, lambda s: s)
    before = len(await person.bot_messages())
    version = (await person.transcript())["bot_version"]
    await sandbox.control(
        "batch", chat_id=2003, language_code="en", texts=["/help", "/privacy", "/cancel"]
    )
    await person.settled(version, expect=6)
    texts = [m["text"] for m in (await person.bot_messages())[before:]]
    assert texts[0] == said.HELP
    assert texts[2].startswith("This is everything I keep about you:")
    assert texts[-2:] == [said.STOPPED, "What would you like help with?"]


async def test_old_and_forged_buttons_get_a_kind_word(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(2004)
    first = await person.say("hi")
    await person.tap("Yes, that's OK")
    old = first[0]
    reply = await person.do(
        "press", message_id=old["message_id"], data=old["buttons"][0][0]["callback_data"], expect=2
    )
    assert reply[0]["text"] == said.OLD_BUTTON
    assert reply[1]["text"].startswith("Where do you live, or where will you live?")
    for forged in ("999999:0", "x", "0:" + "9" * 60):
        reply = await person.do("press", message_id=old["message_id"], data=forged, expect=2)
        assert [m["text"] for m in reply][:1] == [said.OLD_BUTTON]


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document"])
async def test_stickers_photos_and_voice(sandbox: Sandbox, onward: Runtime, kind: str):
    person = sandbox.person(2100 + len(kind), "fr")
    await person.say("bonjour")
    reply = await person.do("media", kind=kind)
    french = onward.app.engine.catalogs.translator("fr").gettext
    assert reply[0]["text"] == french(said.UNSUPPORTED)


async def test_an_edited_message_gets_a_note(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(2005)
    sent = await sandbox.control("send", chat_id=2005, text="hello", language_code="en")
    await person.settled(0)
    reply = await person.do("edit", message_id=sent["message"]["message_id"], text="hello again")
    assert "changed a message" in reply[0]["text"]


async def test_a_group_gets_a_note_and_nothing_is_stored(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    await sandbox.control(
        "group", chat_id=2006, group_id=-100500, text="/start", language_code="ru"
    )
    group = sandbox.person(-100500)
    await group.settled(0)
    messages = await group.bot_messages()
    assert [m["text"] for m in messages] == [engine.catalogs.translator("ru").gettext(GROUP_NOTE)]
    store: Store = onward.app.conversations.store
    assert (await store.load(Someone(TELEGRAM, "2006"), "en")).person_id is None


async def test_blocking_and_unblocking(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(2007)
    await person.say("hi")
    store: Store = onward.app.conversations.store

    async def unreachable() -> object:
        async with store.transaction() as conn:
            return (
                await conn.execute(
                    select(person_t.c.unreachable_since).where(
                        person_t.c.channel == "telegram", person_t.c.address == "2007"
                    )
                )
            ).scalar_one()

    await sandbox.control("block", chat_id=2007, blocked=True)
    await wait_for(unreachable, lambda value: value is not None)
    reply = await person.say("Yes, that's OK")  # writing again unblocks, as on Telegram
    assert reply[0]["text"].startswith("Where do you live, or where will you live?")
    assert await unreachable() is None


async def test_flood_limits_are_waited_out(sandbox: Sandbox, onward: Runtime):
    person = sandbox.person(2008)
    await sandbox.control("fail", method="sendMessage", error_code=429, retry_after=1, count=1)
    began = sandbox.standin.calls[-1]["at"]
    reply = await person.say("hello")
    assert len(reply) == 1
    sends = [c["at"] for c in sandbox.standin.calls if c["method"] == "sendMessage"]
    assert len(sends) == 2
    assert sends[1] - sends[0] >= 1.0
    assert sends[0] >= began


async def test_the_command_menu_is_set_in_every_language(sandbox: Sandbox, onward: Runtime):
    commands = await sandbox.control("commands")
    assert set(commands) == {"", "ar", "zh", "fr", "ru", "es"}
    assert [c["command"] for c in commands[""]][:2] == ["menu", "back"]
    assert commands["ar"][0]["description"] != commands[""][0]["description"]


async def wait_for(read, done, timeout: float = 5.0):
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await read()
        if done(value):
            return value
        assert loop.time() < deadline, f"still {value!r}"
        await asyncio.sleep(0.05)


async def test_a_slow_turn_shows_typing(sandbox: Sandbox, onward: Runtime, monkeypatch):
    import asyncio

    from flows.actions import ActionContext, ActionResult

    registry = onward.app.engine.actions
    urgent_help = registry.get("urgent_help")
    assert urgent_help is not None

    async def slow(ctx: ActionContext) -> ActionResult:
        await asyncio.sleep(0.8)  # a directory search on a busy database, say
        return await urgent_help(ctx)

    monkeypatch.setitem(registry._actions, "urgent_help", slow)
    person = sandbox.person(2009)
    await person.say("I want to die")
    typing = [c for c in sandbox.standin.calls if c["method"] == "sendChatAction"]
    assert [c["chat_id"] for c in typing] == [2009]
    quick = sandbox.person(2010)
    await quick.say("hello")
    assert len([c for c in sandbox.standin.calls if c["method"] == "sendChatAction"]) == 1


async def test_an_update_recorded_but_not_answered_before_a_crash_is_answered_after(
    sandbox: Sandbox, e2e_database: str, engine: Engine, telegram_runtime: str, monkeypatch
):
    """The process dies mid-turn, before the turn's transaction: at start-up the inbox
    still holds the update, and it is answered then."""
    import asyncio

    from core.settings import Settings
    from flows.actions import ActionContext, ActionResult

    urgent_help = engine.actions.get("urgent_help")
    assert urgent_help is not None
    entered = asyncio.Event()

    async def stuck(ctx: ActionContext) -> ActionResult:
        entered.set()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def runtime() -> tuple[Runtime, asyncio.Task[None]]:
        app = await open_app(Settings(database_url=e2e_database), engine)
        telegram = library(telegram_runtime, sandbox.standin.token, sandbox.base)
        onward = Runtime(app, telegram)
        return onward, asyncio.create_task(onward.run())

    monkeypatch.setitem(engine.actions._actions, "urgent_help", stuck)
    first, task = await runtime()
    await sandbox.control("send", chat_id=2011, text="I want to die", language_code="en")
    await asyncio.wait_for(entered.wait(), 10)
    workers = set(first.workers.tasks)
    task.cancel()  # a crash: nothing finishes, nothing more is written
    await asyncio.gather(task, *workers, return_exceptions=True)
    await first.close()
    await first.app.close()
    person = sandbox.person(2011)
    assert await person.bot_messages() == []

    monkeypatch.setitem(engine.actions._actions, "urgent_help", urgent_help)
    second, task = await runtime()
    try:
        await person.settled(0, expect=4)  # the numbers for the UK, for the US, and a word
        assert "999" in "\n".join(m["text"] for m in await person.bot_messages())
    finally:
        second.stopping.set()
        await asyncio.wait_for(task, 30)
        await second.close()
        await second.app.close()


@pytest.fixture
async def onward_with_directory(
    sandbox: Sandbox, e2e_database: str, telegram_runtime: str
) -> AsyncIterator[Runtime]:
    """As an operator starts it: the flows over this database, and the bundled directory
    (national services and the demo area) loaded into it at start-up."""
    settings = Settings(database_url=e2e_database, onward_runtime=telegram_runtime)
    async with running(sandbox, settings) as runtime:
        yield runtime


@pytest.mark.parametrize("locale", ["en", "ar", "es"])
async def test_find_help_with_a_shared_location_over_telegram(
    sandbox: Sandbox, onward_with_directory: Runtime, engine: Engine, locale: str
):
    tr = engine.catalogs.translator(locale).gettext
    person = sandbox.person(3000 + SHIPPED_LOCALES.index(locale), CODES[locale])
    person.locale = locale
    await person.say("/start")
    await onboard(person, tr)
    await person.tap(tr("Find help near me"))
    await person.tap(tr("Food"))
    await person.tap(tr("Any time"), expect=2)
    keyboard = (await person.transcript())["reply_keyboard"]
    assert keyboard[0][0] == {"text": tr("Share my location"), "request_location": True}
    assert keyboard[1][0] == {"text": tr("Anywhere: phone and online help")}
    found = await person.do("location", latitude=53.4809, longitude=-2.2374)
    listing = found[-1]
    heading = tr("Here is what I found for {what} near {where}:")
    assert listing["text"].startswith(heading.format(what=tr("food"), where=tr("you")))
    assert tr("DEMO: an example, not a real service") in listing["text"]
    first = listing["buttons"][0][0]["text"]
    assert unmarked(first).startswith("1. ")
    details = await person.tap(first, expect=2)
    assert "https://www.openstreetmap.org/?mlat=" in details[0]["text"]
    assert [b[0]["text"] for b in details[-1]["buttons"]][:2] == [
        tr("Back to the list"),
        tr("Report a problem with this"),
    ]


async def test_my_record_over_telegram(sandbox: Sandbox, onward: Runtime, engine: Engine):
    tr = engine.catalogs.translator("en").gettext
    person = sandbox.person(4000, "en")
    person.locale = "en"
    await person.say("/start")
    await onboard(person, tr)
    await person.tap("My record")
    await person.tap("Start")
    await person.say("10/01/2024")
    await person.say("30")
    await person.tap("A fine")
    answer = await person.tap("No, show me the answer", expect=2)
    assert "1. A fine, January 10, 2024: spent since January 10, 2025." in answer[0]["text"]
    assert "last reviewed December 4, 2026" in answer[0]["text"]
    assert [b[0]["text"] for b in answer[-1]["buttons"]] == [
        "Keep them for me",
        "Forget my answers",
    ]
