"""Case work as commands that return replies, for every channel.

A channel decodes an update into a `requests.Request`; if `requests.takes` says case
work answers it, `Casework.handle` does the database work and returns what to say,
handing it first to the channel's `write` inside the same transaction (so the replies
are kept in the outbox with the work, or neither is). `None` from `handle` means the
request was not case work's after all (a reply to a message that is no question of
ours): the channel gives it to the conversation, as it does whatever `takes` refuses.

Crisis words come before anything else, here as anywhere: when `converse_first` says
so, the channel lets the conversation answer (urgent help) before calling `handle`,
and the reason still goes where it was meant to (nothing typed is lost).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import for_clients
from core.casework.context import Ctx
from core.casework.for_caseworkers import caseworker_command
from core.casework.requests import Command, ReplyText, Request, Say, Tap
from core.casework.strict import Refused
from core.conversations import Conversations
from core.settings import DEFAULT_CONSOLE_URL
from core.storage.store import Store
from flows.crisis import CrisisDetector
from flows.i18n import Catalogs, negotiate

Write = Callable[[AsyncConnection, list[Say]], Awaitable[None]]


@dataclass(frozen=True)
class Casework:
    store: Store
    catalogs: Catalogs
    clock: Callable[[], dt.datetime]
    crisis: CrisisDetector
    console_url: str = DEFAULT_CONSOLE_URL
    """Where case workers open the web console (CONSOLE_URL), for /console's link."""

    @classmethod
    def beside(
        cls, conversations: Conversations, console_url: str = DEFAULT_CONSOLE_URL
    ) -> Casework:
        """Case work on the same store, catalogs, clock and crisis words as the
        conversations it stands beside."""
        engine = conversations.engine
        return cls(
            conversations.store, engine.catalogs, conversations.clock, engine.crisis, console_url
        )

    def converse_first(self, request: Request) -> bool:
        """A reply with crisis words: the conversation answers it first."""
        what = request.what
        return isinstance(what, ReplyText) and self.crisis.detect(what.text) is not None

    async def handle(self, request: Request, write: Write | None = None) -> list[Say] | None:
        """What case work says to `request`, written with `write` in the transaction of
        its database work; None when it is not case work's (nothing is written)."""
        async with self.store.transaction() as conn:
            who = request.who
            me = await self.store.load(who.someone, negotiate(who.language_code), conn)
            t = self.catalogs.translator(me.profile.locale)
            ctx = Ctx(conn, me, who.someone, t, self.clock(), self.catalogs, self.console_url)
            if not await answer(ctx, request):
                return None
            if write is not None:
                await write(conn, ctx.said)
        return ctx.said


async def answer(ctx: Ctx, request: Request) -> bool:
    """One request; whatever it refuses is answered kindly, and what it wrote before
    refusing (a code that missed) is kept."""
    what = request.what
    try:
        if isinstance(what, ReplyText):
            return await for_clients.reason(ctx, what.text, what.replied_to)
        if isinstance(what, Tap):
            await for_clients.button(ctx, what.data)
        else:
            await command(ctx, what, request.start_link)
    except Refused as refused:
        ctx.refuse(refused)
    return True


async def command(ctx: Ctx, command: Command, start_link: str) -> None:
    name, argument = command.name, command.argument
    if name == "start" and argument.startswith("cw_"):
        await for_clients.join(ctx, argument.removeprefix("cw_"))
    elif name in {"start", "link"}:
        await for_clients.open_link(ctx, argument.removeprefix("c_"))
    elif name == "links":
        await for_clients.list_links(ctx)
    elif name == "appointments":
        await for_clients.list_appointments(ctx)
    else:
        await caseworker_command(ctx, command, start_link)
