"""Case work asked through the core, as every channel asks it, on a real store."""

from __future__ import annotations

import datetime as dt

from core.casework.commands import Casework
from core.casework.requests import Request, What, Who
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from flows.engine import Engine


async def ask(store: Store, engine: Engine, now: dt.datetime, chat: int, what: What) -> list[str]:
    """The texts case work says to the Telegram user in `chat` (not to others) for one
    request at `now`."""
    casework = Casework(store, engine.catalogs, lambda: now, engine.crisis)
    someone = Someone(TELEGRAM, str(chat))
    said = await casework.handle(Request(Who(someone, "en"), what))
    assert said is not None, "case work did not take it"
    return [s.reply.text for s in said if s.to == someone]
