"""`onward run`: long polling into the inbox, one worker per chat, and a clean stop.

Each batch from getUpdates is written to the inbox before the next call confirms it to
Telegram. A chat's updates are handled one at a time, in order, by that chat's worker;
different chats run at once. SIGTERM stops polling and lets the turns under way finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import BotCommand, Update

from bot.app import App, StartupError
from bot.conversations import utc_now
from bot.reminders.scheduler import Scheduler
from bot.telegram.api import BotApi
from bot.telegram.batch import TurnBatcher
from bot.telegram.delivery import Delivery
from bot.telegram.handlers import routers
from bot.telegram.queues import Inbox, Outbox, Recorded
from bot.telegram.texts import COMMANDS
from bot.telegram.turn import TelegramTurn
from flows.i18n import SHIPPED_LOCALES, SOURCE_LOCALE

log = logging.getLogger(__name__)
POLL_TIMEOUT = 25
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
# How many chats may be mid-turn at once; more wait their turn, in order.
CONCURRENT_CHATS = 64
STOP_GRACE = 20.0
TIDY_EVERY = 3600.0  # seconds between forgetting the ids of long-handled updates


def make_bot(token: str, api_url: str | None) -> Bot:
    session = (
        AiohttpSession(api=TelegramAPIServer.from_base(api_url)) if api_url else AiohttpSession()
    )
    return Bot(token, session=session)


class PollingError(Exception):
    """Telegram refused getUpdates (a webhook set elsewhere, a revoked token)."""


def chat_of(update: dict[str, Any]) -> int | None:
    """Whose turn an update belongs to: the chat, so one chat's updates stay in order."""
    for kind in ("message", "edited_message", "my_chat_member"):
        if kind in update:
            return int(update[kind]["chat"]["id"])
    if "callback_query" in update:
        return int(update["callback_query"]["from"]["id"])
    return None


@dataclass
class ChatWorkers:
    """A queue per chat, drained by one task at a time; gone when empty."""

    handle: Callable[[int | None, Any], Awaitable[None]]
    limit: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(CONCURRENT_CHATS))
    queues: dict[int | None, deque[Any]] = field(default_factory=dict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def submit(self, chat: int | None, job: Any) -> None:
        queue = self.queues.get(chat)
        if queue is not None:
            queue.append(job)
            return
        self.queues[chat] = deque([job])
        task = asyncio.create_task(self._drain(chat))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _drain(self, chat: int | None) -> None:
        queue = self.queues[chat]
        while queue:
            job = queue[0]
            async with self.limit:
                try:
                    await self.handle(chat, job)
                except Exception:
                    log.exception("chat worker failed")
            queue.popleft()
        del self.queues[chat]

    async def finish(self, grace: float) -> None:
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=grace)


class Runtime:
    def __init__(
        self,
        app: App,
        bot: Bot,
        clock: Callable[[], dt.datetime] = utc_now,
        stopping: asyncio.Event | None = None,
    ) -> None:
        self.app, self.bot, self.clock = app, bot, clock
        store = app.conversations.store
        self.inbox, self.outbox = Inbox(store), Outbox(store)
        self.api = BotApi(bot)
        self.delivery = Delivery(self.api, self.outbox, store, clock)
        self.dispatcher = Dispatcher(disable_fsm=True)  # conversation state is ours
        self.dispatcher.include_routers(*routers())
        self.workers = ChatWorkers(self._work)
        self.batcher = TurnBatcher(app.conversations, clock, self.delivery)
        self.stopping = stopping or asyncio.Event()
        self.scheduler = Scheduler(
            store, self.api, app.engine.catalogs, clock, notify=self._deliver_to
        )

    async def _deliver_to(self, chat: int) -> None:
        self.workers.submit(chat, None)

    async def check(self) -> None:
        """Fail fast, and say why, when the token or the API is wrong."""
        try:
            me = await self.bot.get_me()
        except TelegramUnauthorizedError as error:
            raise StartupError(
                "Telegram refused the bot token (401 Unauthorized). Check TELEGRAM_BOT_TOKEN."
            ) from error
        except TelegramNetworkError as error:
            raise StartupError(f"Could not reach the Telegram Bot API: {error.message}") from error
        log.info("connected to telegram", extra={"bot": me.username})
        self.dispatcher["bot_username"] = me.username or ""

    async def set_commands(self) -> None:
        """The command menu, in each shipped language."""
        for locale in SHIPPED_LOCALES:
            t = self.app.engine.catalogs.translator(locale)
            commands = [BotCommand(command=c, description=t.gettext(d)) for c, d in COMMANDS]
            code = None if locale == SOURCE_LOCALE else locale.split("_")[0]
            await self.bot.set_my_commands(commands, language_code=code)

    async def recover(self) -> None:
        """Send what a crash left in the outbox, then handle what it left in the inbox."""
        for chat in await self.outbox.chats_waiting():
            self.delivery.behind.add(chat)
            self.workers.submit(chat, None)
        for recorded in await self.inbox.unhandled():
            self.workers.submit(recorded.chat_id, recorded)
        await self.inbox.forget_old(self.clock())

    async def fetch(self, http: aiohttp.ClientSession, offset: int | None) -> list[dict[str, Any]]:
        """getUpdates, kept as Telegram's JSON: that is what the inbox stores, and parsing
        it into aiogram's objects happens once, when an update is handled."""
        url = self.bot.session.api.api_url(token=self.bot.token, method="getUpdates")
        params = {"timeout": str(POLL_TIMEOUT), "allowed_updates": json.dumps(ALLOWED_UPDATES)}
        if offset is not None:
            params["offset"] = str(offset)
        async with http.post(url, data=params) as response:
            body = await response.json()
        if not body.get("ok"):
            raise PollingError(f"{response.status}: {body.get('description')}")
        return list(body["result"])

    async def poll(self) -> None:
        offset: int | None = None
        failures = 0
        timeout = aiohttp.ClientTimeout(total=POLL_TIMEOUT + 15)
        tidied = asyncio.get_running_loop().time()
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while not self.stopping.is_set():
                try:
                    updates = await self.fetch(http, offset)
                    failures = 0
                except Exception as error:  # polling must outlive any one failure
                    failures += 1
                    # The URL holds the token: log what went wrong, never where.
                    reason = str(error) if isinstance(error, PollingError) else ""
                    log.warning(
                        "polling failed",
                        extra={"error": type(error).__name__, "reason": reason[:200]},
                    )
                    await asyncio.sleep(min(2**failures, 30))
                    continue
                if updates:
                    await self.take(updates)
                    offset = int(updates[-1]["update_id"]) + 1
                if asyncio.get_running_loop().time() - tidied > TIDY_EVERY:
                    tidied = asyncio.get_running_loop().time()
                    await self.inbox.forget_old(self.clock())

    async def take(self, updates: list[dict[str, Any]]) -> None:
        """Record a batch, then hand each new update to its chat's worker."""
        batch = [Recorded(int(u["update_id"]), chat_of(u), u) for u in updates]
        while True:
            try:
                # Written down before the next getUpdates confirms the batch to Telegram.
                fresh = await asyncio.shield(self.inbox.record(batch, self.clock()))
                break
            except Exception:
                log.exception("could not record updates; trying again")
                await asyncio.sleep(1)
        for recorded in fresh:
            self.workers.submit(recorded.chat_id, recorded)

    async def _work(self, chat: int | None, recorded: Recorded | None) -> None:
        """Handle one update (None: only deliver), then send the chat's replies."""
        turn = await self._handle(recorded) if recorded is not None else None
        target = (turn.answered_chat if turn is not None else None) or chat
        if target is not None:
            try:
                await self.delivery.deliver(target, turn.written if turn is not None else None)
            except Exception:
                log.exception("delivery failed")
        for other in turn.others if turn is not None else ():
            self.workers.submit(other, None)  # in that chat's own order

    async def _handle(self, recorded: Recorded) -> TelegramTurn:
        began = asyncio.get_running_loop().time()
        turn = TelegramTurn(
            self.api,
            recorded.update_id,
            self.batcher,
            self.app.conversations.store,
            self.app.engine.catalogs,
            self.clock,
        )
        try:
            update = Update.model_validate(recorded.payload, context={"bot": self.bot})
            await self.dispatcher.feed_update(self.bot, update, turn=turn)
        except Exception:
            # A bug must not stop this chat, nor be retried for ever after a restart.
            log.exception("update failed", extra={"update_id": recorded.update_id})
        if turn.answered_chat is None:
            await self.inbox.handled(recorded.update_id, self.clock())
        elapsed = (asyncio.get_running_loop().time() - began) * 1000
        log.info(
            "update handled", extra={"update_id": recorded.update_id, "ms": round(elapsed, 1)}
        )
        return turn

    async def run(self) -> None:
        """Poll until `stopping` is set, then let the turns under way finish."""
        await self.check()
        await self.set_commands()
        await self.recover()
        polling = asyncio.create_task(self.poll())
        reminders = asyncio.create_task(self.scheduler.run(self.stopping))
        try:
            await self.stopping.wait()
        except asyncio.CancelledError:
            # Torn down, not stopped: leave nothing running; the inbox and the outbox
            # hold what was under way for the next start.
            for task in (polling, reminders, *self.workers.tasks, self.batcher.running):
                if task is not None:
                    task.cancel()
            raise
        log.info("stopping: finishing the turns under way")
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await reminders
        await self.workers.finish(STOP_GRACE)
        await self.delivery.flush()

    async def close(self) -> None:
        await self.api.close()
        await self.bot.session.close()
