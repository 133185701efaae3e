"""Sending what the outbox holds, within what Telegram allows."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

import aiohttp

from bot.db.store import Store
from bot.telegram.api import ApiError, BotApi
from bot.telegram.queues import Outbox, Pending
from bot.telegram.render import Outgoing

log = logging.getLogger(__name__)
ATTEMPTS = 5


# Sent messages leave the outbox in batches: with the next batch of turns, or after this
# long if none comes. A crash in between may send a message once more, which is the
# at-least-once promise anyway.
FORGET_SENT_AFTER = 0.2


class Delivery:
    def __init__(
        self, api: BotApi, outbox: Outbox, store: Store, clock: Callable[[], dt.datetime]
    ) -> None:
        self.api, self.outbox, self.store, self.clock = api, outbox, store, clock
        self.behind: set[int] = set()  # chats with messages left in the outbox
        self._sent: list[int] = []
        self._forgetting: asyncio.Task[None] | None = None

    async def deliver(self, chat_id: int, written: list[Pending] | None = None) -> None:
        """Send a chat's messages in order: those just written, or (after a failure or a
        restart) all the outbox holds for it. Stops at one that cannot go yet."""
        if written is None or chat_id in self.behind:
            written = await self.outbox.pending(chat_id)
        self.behind.discard(chat_id)
        for item in written:
            if not await self.send(item):
                self.behind.add(chat_id)
                break
            self._sent.append(item.id)
        if self._sent and self._forgetting is None:
            self._forgetting = asyncio.create_task(self._forget_sent())

    def take_sent(self) -> list[int]:
        """The ids sent since last asked, for a transaction that is writing anyway."""
        sent, self._sent = self._sent, []
        return sent

    def give_back(self, sent: list[int]) -> None:
        """That transaction failed: these still have to leave the outbox."""
        self._sent.extend(sent)
        if self._forgetting is None:
            self._forgetting = asyncio.create_task(self._forget_sent())

    async def _forget_sent(self) -> None:
        await asyncio.sleep(FORGET_SENT_AFTER)
        self._forgetting = None
        await self.outbox.done(self.take_sent())

    async def flush(self) -> None:
        """Before stopping: note everything sent so far."""
        if self._forgetting is not None:
            self._forgetting.cancel()
            self._forgetting = None
        await self.outbox.done(self.take_sent())

    async def send(self, item: Pending) -> bool:
        """True once the message is sent or can never be; False to try again later."""
        outgoing: Outgoing | None = item.outgoing
        for attempt in range(ATTEMPTS):
            if outgoing is None:
                return True
            try:
                await self.api.call(outgoing.method, outgoing.params)
                return True
            except ApiError as error:
                if error.code == 429:
                    log.warning("telegram flood limit", extra={"retry_after": error.retry_after})
                    await asyncio.sleep(error.retry_after or 1)
                elif error.code == 403:
                    await self.unreachable(item.chat_id)
                    return True
                elif error.code >= 500:
                    await self.pause(attempt, error)
                else:
                    outgoing = self.instead(outgoing, error)
            except (aiohttp.ClientError, TimeoutError) as error:
                await self.pause(attempt, error)
        return False

    @staticmethod
    async def pause(attempt: int, error: Exception) -> None:
        log.warning("telegram unavailable", extra={"error": type(error).__name__})
        await asyncio.sleep(min(2**attempt, 30))

    @staticmethod
    def instead(outgoing: Outgoing, error: ApiError) -> Outgoing | None:
        """A refused edit becomes a new message; an unchanged one needs nothing."""
        if outgoing.method == "editMessageText":
            if "not modified" in error.description:
                return None
            params = {k: v for k, v in outgoing.params.items() if k != "message_id"}
            return Outgoing("sendMessage", params)
        log.error("telegram refused a message", extra={"reason": error.description[:120]})
        return None

    async def unreachable(self, chat_id: int) -> None:
        """They blocked the bot: note it, and drop what was waiting for them."""
        async with self.store.transaction() as conn:
            await self.store.set_reachable(conn, chat_id, False, self.clock())
