"""Onward on the Bot API stand-in, over real HTTP, and people who talk to it.

`onward` runs on the runtime the `telegram_runtime` fixture names: ONWARD_RUNTIME, or
aiogram; a test module that overrides that fixture with `params=RUNTIMES` runs on each.
A step is complete when Onward has taken every update the stand-in holds and its
runtime is idle (`Runtime.settled`); Onward in another process is waited for by the
messages a step must bring.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest

from channels.sandbox.standin import StandIn, start
from channels.telegram.runtime import Runtime, library
from core.app import open_app
from core.settings import RUNTIMES, Settings
from flows.engine import Engine
from flows.i18n import language_name
from flows.welcome import app_locale
from tests.helpers.databases import Databases

LOOK = 0.01  # seconds between looks at the stand-in's queue of updates


class Sandbox:
    def __init__(self, standin: StandIn, base: str, http: aiohttp.ClientSession) -> None:
        self.standin, self.base, self.http = standin, base, http
        self.runtime: Runtime | None = None
        """Onward in this process, when it runs here: what `settled` waits for."""

    async def settled(self, timeout: float = 10) -> None:
        """Until Onward has taken every update waiting at the stand-in (the next
        getUpdates confirmed them) and has handled them and sent every reply."""
        assert self.runtime is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while self.standin.updates:
            assert asyncio.get_running_loop().time() < deadline, "onward took no updates"
            await asyncio.sleep(LOOK)
        await asyncio.wait_for(self.runtime.settled(), timeout)

    async def control(self, action: str, **body: Any) -> Any:
        async with self.http.post(f"{self.base}/sandbox/api/{action}", json=body) as response:
            data = await response.json()
            assert data["ok"], data
            return data["result"]

    async def chat(self, chat_id: int, version: int = -1, wait: float = 0) -> dict[str, Any]:
        url = f"{self.base}/sandbox/api/chat?chat_id={chat_id}&version={version}&wait={wait}"
        async with self.http.get(url) as response:
            return await response.json()

    def person(self, chat_id: int, language_code: str | None = "en") -> Person:
        return Person(self, chat_id, language_code)


class Person:
    """Someone on Telegram: everything they do goes over HTTP to the stand-in."""

    def __init__(self, sandbox: Sandbox, chat_id: int, language_code: str | None) -> None:
        self.sandbox, self.chat_id, self.language_code = sandbox, chat_id, language_code
        self.locale = "en"  # the language a test expects Onward to speak

    async def transcript(self) -> dict[str, Any]:
        return await self.sandbox.chat(self.chat_id)

    async def bot_messages(self) -> list[dict[str, Any]]:
        return [m for m in (await self.transcript())["messages"] if m["from_bot"]]

    async def do(
        self, action: str, timeout: float = 10, expect: int = 1, **body: Any
    ) -> list[dict[str, Any]]:
        """Act, then return the bot's messages that are new or changed: at least `expect`
        of them, and whatever else comes before the bot falls quiet."""
        before = await self.transcript()
        old = {m["message_id"]: m for m in before["messages"] if m["from_bot"]}
        await self.sandbox.control(
            action, chat_id=self.chat_id, language_code=self.language_code, **body
        )
        await self.settled(before["bot_version"], timeout, expect)
        now = await self.bot_messages()
        return [m for m in now if old.get(m["message_id"]) != m]

    async def settled(self, bot_version: int, timeout: float = 10, expect: int = 1) -> None:
        """Until the bot has sent or changed `expect` messages since `bot_version`; then,
        when Onward runs in this process, until it has nothing more to do."""
        deadline = asyncio.get_running_loop().time() + timeout
        chat = await self.transcript()
        while chat["bot_version"] < bot_version + expect:
            assert asyncio.get_running_loop().time() < deadline, "the bot did not answer"
            chat = await self.sandbox.chat(self.chat_id, chat["version"], wait=1)
        if self.sandbox.runtime is not None:
            await self.sandbox.settled(timeout)

    async def say(self, text: str, expect: int = 1) -> list[dict[str, Any]]:
        return await self.do("send", text=text, expect=expect)

    async def tap(self, label: str, expect: int = 1) -> list[dict[str, Any]]:
        for message in reversed(await self.bot_messages()):
            for row in message["buttons"]:
                for button in row:
                    if button["text"] == label:
                        return await self.do(
                            "press",
                            message_id=message["message_id"],
                            data=button["callback_data"],
                            expect=expect,
                        )
        raise AssertionError(f"no button {label!r}")

    async def nothing_more(self, seconds: float = 0.6) -> None:
        """Check the bot said nothing new: once Onward is idle, or (in another process)
        after `seconds`."""
        before = (await self.transcript())["bot_version"]
        if self.sandbox.runtime is not None:
            await self.sandbox.settled()
        else:
            await asyncio.sleep(seconds)
        assert (await self.transcript())["bot_version"] == before


async def onboard(person: Person, tr: Callable[[str], str]) -> list[dict[str, Any]]:
    """From /start to the main menu, in `person.locale`, in England: the language is the
    one the app's language code names, or, when Onward does not speak that, chosen."""
    app = app_locale(person.language_code)
    assert app in (None, person.locale), "onboard() does not change the app's language"
    await person.say("/start")
    if app is None:
        await person.tap(language_name(person.locale), expect=2)
    await person.tap(tr("Yes, that's OK"))
    return await person.tap(tr("England or Wales"), expect=2)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    standin = StandIn()
    runner, base = await start(standin)
    async with aiohttp.ClientSession() as http:
        yield Sandbox(standin, base, http)
    await runner.cleanup()


@pytest.fixture
def e2e_database(databases: Databases) -> str:
    """Onward's database: on the one the suite runs on (migrated already, as a copy of
    the template is quicker than migrating on PostgreSQL; `open_app` finds it at head)."""
    return databases.url("e2e", migrated=True)


@pytest.fixture
def telegram_runtime() -> str:
    """Which runtime `onward` runs on."""
    return os.environ.get("ONWARD_RUNTIME", RUNTIMES[0])


@pytest.fixture
async def onward(
    sandbox: Sandbox, e2e_database: str, engine: Engine, telegram_runtime: str
) -> AsyncIterator[Runtime]:
    """The real runtime, in this process, polling the stand-in over HTTP."""
    settings = Settings(database_url=e2e_database, onward_runtime=telegram_runtime)
    async with running(sandbox, settings, engine) as runtime:
        yield runtime


@asynccontextmanager
async def running(
    sandbox: Sandbox,
    settings: Settings,
    engine: Engine | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> AsyncIterator[Runtime]:
    """Onward started as `onward run` starts it (without an engine: its own, over its
    database, with the bundled directory), until the block ends; on `clock`'s time when
    given."""
    app = await open_app(settings, engine)
    telegram = library(settings.onward_runtime, sandbox.standin.token, sandbox.base)
    if clock is None:
        runtime = Runtime(app, telegram)
    else:
        app.conversations.clock = clock
        runtime = Runtime(app, telegram, clock=clock)
    task = asyncio.create_task(runtime.run())
    while not any(c["method"] == "getUpdates" for c in sandbox.standin.calls):
        assert not task.done(), task.exception()
        await asyncio.sleep(0.02)
    sandbox.runtime = runtime
    yield runtime
    sandbox.runtime = None
    runtime.stopping.set()
    await asyncio.wait_for(task, 30)
    await runtime.close()
    await app.close()
