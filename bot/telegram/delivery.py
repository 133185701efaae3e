"""Sending what the outbox holds, within what Telegram allows."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod

from bot.db.store import Store
from bot.telegram.queues import Outbox, Pending
from bot.telegram.render import Outgoing

log = logging.getLogger(__name__)
ATTEMPTS = 5
METHODS: dict[str, type[TelegramMethod[object]]] = {
    "sendMessage": SendMessage,  # type: ignore[dict-item]
    "editMessageText": EditMessageText,  # type: ignore[dict-item]
}


class Delivery:
    def __init__(
        self, bot: Bot, outbox: Outbox, store: Store, clock: Callable[[], dt.datetime]
    ) -> None:
        self.bot, self.outbox, self.store, self.clock = bot, outbox, store, clock

    async def deliver(self, chat_id: int) -> None:
        """Send a chat's waiting messages in order; stop at one that cannot go yet."""
        pending = await self.outbox.pending(chat_id)
        finished = []
        for item in pending:
            if not await self.send(item):
                break
            finished.append(item.id)
        await self.outbox.done(finished)

    async def send(self, item: Pending) -> bool:
        """True once the message is sent or can never be; False to try again later."""
        outgoing: Outgoing | None = item.outgoing
        for attempt in range(ATTEMPTS):
            if outgoing is None:
                return True
            try:
                await self.bot(METHODS[outgoing.method](**outgoing.params))
                return True
            except TelegramRetryAfter as error:
                log.warning("telegram flood limit", extra={"retry_after": error.retry_after})
                await asyncio.sleep(error.retry_after)
            except TelegramForbiddenError:
                await self.unreachable(item.chat_id)
                return True
            except TelegramBadRequest as error:
                outgoing = self.instead(outgoing, error)
            except (TelegramNetworkError, TelegramServerError) as error:
                log.warning("telegram unavailable", extra={"error": type(error).__name__})
                await asyncio.sleep(min(2**attempt, 30))
        return False

    @staticmethod
    def instead(outgoing: Outgoing, error: TelegramBadRequest) -> Outgoing | None:
        """A refused edit becomes a new message; an unchanged one needs nothing."""
        if outgoing.method == "editMessageText":
            if "not modified" in error.message:
                return None
            params = {k: v for k, v in outgoing.params.items() if k != "message_id"}
            return Outgoing("sendMessage", params)
        log.error("telegram refused a message", extra={"reason": error.message[:120]})
        return None

    async def unreachable(self, chat_id: int) -> None:
        """They blocked the bot: note it, and drop what was waiting for them."""
        async with self.store.transaction() as conn:
            await self.store.set_reachable(conn, chat_id, False, self.clock())
