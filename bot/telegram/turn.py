"""One update's work: run the engine or say a note, and record the answer atomically."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import User
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.conversations import Conversations
from bot.db.store import Store
from bot.telegram.queues import Inbox, Outbox
from bot.telegram.render import Outgoing, render
from flows.events import Event
from flows.i18n import Catalogs, negotiate
from flows.replies import Reply

# A turn slower than this shows "typing…", as a person would see a friend typing.
TYPING_AFTER = 0.5


@dataclass
class TelegramTurn:
    bot: Bot
    update_id: int
    conversations: Conversations
    store: Store
    catalogs: Catalogs
    clock: Callable[[], dt.datetime]
    answered_chat: int | None = None

    async def converse(self, user: User, event: Event, tapped: int | None) -> None:
        chat_id = user.id

        async def keep(conn: AsyncConnection, replies: list[Reply]) -> None:
            await self._record(conn, chat_id, render(chat_id, replies, tapped))

        typing = asyncio.create_task(self._typing(chat_id))
        try:
            await self.conversations.handle(user.id, user.language_code, event, keep)
        finally:
            typing.cancel()

    async def note(self, chat_id: int, language_code: str | None, message: str) -> None:
        text = self.catalogs.translator(negotiate(language_code)).gettext(message)
        async with self.store.transaction() as conn:
            await self._record(
                conn, chat_id, [Outgoing("sendMessage", {"chat_id": chat_id, "text": text})]
            )

    async def set_reachable(self, chat_id: int, reachable: bool) -> None:
        async with self.store.transaction() as conn:
            await self.store.set_reachable(conn, chat_id, reachable, self.clock())
            await Inbox.mark_handled(conn, self.update_id, self.clock())

    async def _record(self, conn: AsyncConnection, chat_id: int, calls: list[Outgoing]) -> None:
        now = self.clock()
        await Outbox.add(conn, chat_id, calls, now)
        await Inbox.mark_handled(conn, self.update_id, now)
        self.answered_chat = chat_id

    async def _typing(self, chat_id: int) -> None:
        await asyncio.sleep(TYPING_AFTER)
        with contextlib.suppress(TelegramAPIError):
            await self.bot.send_chat_action(chat_id, "typing")
