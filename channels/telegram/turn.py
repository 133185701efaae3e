"""One update's work: run the engine or say a note, and record the answer atomically."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from channels.telegram.api import ApiError, BotApi, UnknownOutcome
from channels.telegram.render import render
from core.batch import TurnBatcher
from core.conversations import TurnRequest
from core.outgoing import Outgoing
from core.settings import DEFAULT_CONSOLE_URL
from core.storage.chats import someone_in
from core.storage.queues import Inbox, Outbox, Pending
from core.storage.store import Store
from flows.events import Event
from flows.i18n import Catalogs, negotiate
from flows.replies import Reply

# A turn slower than this shows "typing…", as a person would see a friend typing.
TYPING_AFTER = 0.5
_BESIDE: set[asyncio.Task[None]] = set()


class User(Protocol):
    """Who sent an update, as either library reads it (aiogram's or telegram's User)."""

    @property
    def id(self) -> int: ...

    @property
    def language_code(self) -> str | None: ...


@dataclass
class TelegramTurn:
    api: BotApi
    update_id: int
    batcher: TurnBatcher
    store: Store
    catalogs: Catalogs
    clock: Callable[[], dt.datetime]
    console_url: str = DEFAULT_CONSOLE_URL
    """Where case work's /console sends a case worker to sign in."""
    answered_chat: int | None = None
    written: list[Pending] = field(default_factory=list)
    """The replies recorded in the outbox this turn, to send straight after it."""
    others: set[int] = field(default_factory=set)
    """Other chats written to this turn (a case worker told of an answer)."""

    async def converse(self, user: User, event: Event, tapped: int | None) -> None:
        typing = asyncio.get_running_loop().call_later(
            TYPING_AFTER, lambda: self.beside(self._typing(user.id))
        )
        try:
            request = TurnRequest(someone_in(user.id), user.language_code, event)
            self.written = await self.batcher.turn(request, self.update_id, tapped)
            self.answered_chat = user.id
        finally:
            typing.cancel()

    async def note(self, chat_id: int, language_code: str | None, message: str) -> None:
        text = self.catalogs.translator(negotiate(language_code)).gettext(message)
        async with self.store.transaction() as conn:
            await self._record(conn, chat_id, render(chat_id, [Reply(text)], None))

    async def set_reachable(self, chat_id: int, reachable: bool) -> None:
        async with self.store.transaction() as conn:
            await self.store.set_reachable(conn, someone_in(chat_id), reachable, self.clock())
            await Inbox.mark_handled(conn, self.update_id, self.clock())

    async def write(self, conn: AsyncConnection, chat_id: int, calls: list[Outgoing]) -> None:
        """Replies to this chat, and messages to others, recorded in the caller's
        transaction with the update marked handled."""
        now = self.clock()
        for other in sorted({int(c.params["chat_id"]) for c in calls} - {chat_id}):
            theirs = [c for c in calls if int(c.params["chat_id"]) == other]
            await Outbox.add(conn, other, theirs, now)
            self.others.add(other)
        await self._record(
            conn, chat_id, [c for c in calls if int(c.params["chat_id"]) == chat_id]
        )

    async def _record(self, conn: AsyncConnection, chat_id: int, calls: list[Outgoing]) -> None:
        now = self.clock()
        self.written = await Outbox.add(conn, chat_id, calls, now)
        await Inbox.mark_handled(conn, self.update_id, now)
        self.answered_chat = chat_id

    async def answer_query(self, query_id: str) -> None:
        """Telegram shows a spinner on a tapped button until the tap is answered."""
        with contextlib.suppress(ApiError, UnknownOutcome):
            await self.api.call("answerCallbackQuery", {"callback_query_id": query_id})

    def beside(self, work: Coroutine[Any, Any, None]) -> None:
        """Run alongside the turn (nothing waits for it); kept until done."""
        task = asyncio.create_task(work)
        _BESIDE.add(task)
        task.add_done_callback(_BESIDE.discard)

    async def _typing(self, chat_id: int) -> None:
        with contextlib.suppress(ApiError, UnknownOutcome):
            await self.api.call("sendChatAction", {"chat_id": chat_id, "action": "typing"})
