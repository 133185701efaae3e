"""What one case-work request works with: its transaction, the person asking, their
language, the time, and what has been said so far (to them and to others)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import links, texts
from core.casework.requests import Say
from core.casework.schema import person_t
from core.casework.strict import Refused
from core.casework.timing import local_of
from core.people import Someone
from core.settings import DEFAULT_CONSOLE_URL
from core.storage.models import as_utc
from core.storage.turn_effects import Loaded
from flows.i18n import Catalogs, Translator
from flows.replies import Button, Reply


@dataclass
class Ctx:
    conn: AsyncConnection
    me: Loaded
    someone: Someone
    """The person asking."""
    t: Translator
    now: dt.datetime
    catalogs: Catalogs
    console_url: str = DEFAULT_CONSOLE_URL
    said: list[Say] = field(default_factory=list)

    def say(self, text: str, buttons: tuple[Button, ...] = (), *, answer: bool = False) -> None:
        """To the person who asked; `answer`: they are asked to reply to this message."""
        self.said.append(Say(self.someone, Reply(text, buttons, wants_answer=answer)))

    def say_to(self, someone: Someone, text: str) -> None:
        """To someone else (a case worker told of an answer)."""
        self.said.append(Say(someone, Reply(text)))

    def say_text(self, template: str, **values: Any) -> None:
        self.say(self.t.gettext(template).format(**values))

    def refuse(self, refused: Refused) -> None:
        self.say_text(refused.template, **refused.values)

    async def tell(self, person_id: int | None, template: str, **values: Any) -> None:
        """A message to someone else, in their own language; a missing `label` is said
        as "(no note)" in it."""
        found = await self.reach(person_id)
        if found is None:
            return
        someone, t = found
        shown = {
            k: (t.gettext(texts.NO_LABEL) if k == "label" and not v else v)
            for k, v in values.items()
        }
        self.say_to(someone, t.gettext(template).format(**shown))

    async def reach(self, person_id: int | None) -> tuple[Someone, Translator] | None:
        """Who a person is, and their language: how to say something to them."""
        if person_id is None:
            return None
        row = (
            await self.conn.execute(
                select(person_t.c.channel, person_t.c.address, person_t.c.locale).where(
                    person_t.c.id == person_id
                )
            )
        ).first()
        if row is None:
            return None
        return Someone.of(row), self.catalogs.translator(str(row.locale))

    async def may_try_codes(self, person_id: int) -> None:
        """Refused while this person has had too many codes that found nothing."""
        wait = await links.wait_before_codes(self.conn, person_id, self.now)
        if wait is not None:
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise Refused(texts.TOO_MANY_TRIES, minutes=minutes)

    async def missed(self, person_id: int) -> None:
        await links.missed_code(self.conn, person_id, self.now)


def kind_of(t: Translator, kind: str) -> str:
    return t.gettext(texts.KINDS[kind])


def moment(t: Translator, at: dt.datetime, zone: str) -> str:
    """A stored UTC time as the wall-clock time in `zone`, in `t`'s words."""
    return t.moment(local_of(as_utc(at), zone))
