"""Case work asked through the core, as every channel asks it, on a real store; and case
workers and clients on Telegram, over the stand-in."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from channels.telegram.runtime import Runtime
from core.casework import caseworkers
from core.casework.commands import Casework
from core.casework.requests import Request, Say, What, Who
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from flows.engine import Engine
from tests.helpers.telegram import Person, Sandbox, onboard


async def said(
    store: Store, engine: Engine, now: dt.datetime, chat: int, what: What, start_link: str = ""
) -> list[Say]:
    """Everything case work says, to anyone, for one request at `now` from the Telegram
    user in `chat` (on a channel whose links start with `start_link`, if any)."""
    casework = Casework(store, engine.catalogs, lambda: now, engine.crisis)
    who = Who(Someone(TELEGRAM, str(chat)), "en")
    answer = await casework.handle(Request(who, what, start_link))
    assert answer is not None, "case work did not take it"
    return answer


async def ask(store: Store, engine: Engine, now: dt.datetime, chat: int, what: What) -> list[str]:
    """The texts case work says to the Telegram user in `chat` (not to others) for one
    request at `now`."""
    someone = Someone(TELEGRAM, str(chat))
    return [s.reply.text for s in await said(store, engine, now, chat, what) if s.to == someone]


async def invite(onward: Runtime) -> str:
    """An invitation for the case worker Sam Taylor, as the operator makes one."""
    store = onward.app.conversations.store
    async with store.transaction() as conn:
        return await caseworkers.invite(
            conn, "Sam Taylor", "Reentry Project", dt.datetime.now(dt.UTC)
        )


async def person(sandbox: Sandbox, engine: Engine, chat: int, locale: str, code: str) -> Person:
    """Someone on Telegram whose app speaks `code`, onboarded in `locale`."""
    someone = sandbox.person(chat, code)
    someone.locale = locale
    await onboard(someone, engine.catalogs.translator(locale).gettext)
    return someone


async def until_message(someone: Person, needle: str, timeout: float = 10) -> dict[str, Any]:
    """The newest message from the bot to `someone` with `needle` in it, waiting for it
    to come (it may come from another chat's turn, or from the scheduler)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for message in reversed(await someone.bot_messages()):
            if needle in message["text"]:
                return message
        await asyncio.sleep(0.1)
    raise AssertionError(f"no message with {needle!r}")
