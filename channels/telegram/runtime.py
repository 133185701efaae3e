"""`onward run`: long polling into the inbox, one worker per chat, and a clean stop.

Each batch from getUpdates is written to the inbox before the next call confirms it to
Telegram. A chat's updates are handled one at a time, in order, by that chat's worker;
different chats run at once. SIGTERM stops polling and lets the turns under way finish.

This loop is the same whichever Telegram library reads the updates: a `Library` brings
the HTTP for Bot API calls and hands each recorded update to its own handlers
(aiogram_runtime.py, the default; ptb_runtime.py for python-telegram-bot). This module
imports neither library.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

from channels.telegram.api import ApiError, BotApi, UnknownOutcome
from channels.telegram.render import render
from channels.telegram.sender import TelegramSender
from channels.telegram.texts import COMMANDS
from channels.telegram.turn import TelegramTurn
from core.app import App, StartupError
from core.batch import TurnBatcher
from core.conversations import utc_now
from core.delivery import SWEEP_EVERY, Backoff, Delivery
from core.limits import SendLimits
from core.reminder_receipts import ReminderReceipts
from core.scheduler import Scheduler
from core.shared_work import SharedWork
from core.storage.claims import POLLER, Claims, ClaimsLostError, OneProcess, claims_for
from core.storage.pace import shared_limits
from core.storage.queues import Inbox, Outbox, Recorded
from flows.i18n import SHIPPED_LOCALES, SOURCE_LOCALE

log = logging.getLogger(__name__)
POLL_TIMEOUT = 25
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
# How many chats may be mid-turn at once; more wait their turn, in order.
CONCURRENT_CHATS = 64
STOP_GRACE = 20.0
TIDY_EVERY = 3600.0  # seconds between forgetting the ids of long-handled updates
# Telegram's user ids have at most 52 significant bits: the sandbox's people are above
# them, so a sandbox on a Telegram bot's database never touches a real person's rows.
SANDBOX_PEOPLE = 2**52
RETRY_TICK = 0.5  # seconds between looks at the chats whose messages wait to be retried
POLLER_WANTED_EVERY = 2.0  # seconds between a worker's tries to become the one polling


class Library(Protocol):
    """What a Telegram library brings to the runtime."""

    name: str
    api: BotApi  # over the library's own HTTP client

    async def connected(self, me: dict[str, Any]) -> None:
        """Told getMe's answer before the first update."""

    async def dispatch(self, payload: dict[str, Any], turn: TelegramTurn) -> None:
        """Read one recorded update (Telegram's JSON) and run its handler in `turn`."""

    async def close(self) -> None: ...


def library(runtime: str, token: str, api_url: str | None) -> Library:
    """The chosen library, imported only when chosen: aiogram alone takes seconds."""
    if runtime == "ptb":
        from channels.telegram.ptb_runtime import PtbLibrary

        return PtbLibrary(token, api_url)
    from channels.telegram.aiogram_runtime import AiogramLibrary

    return AiogramLibrary(token, api_url)


class PollingError(Exception):
    """Telegram refused getUpdates (a webhook set elsewhere, a revoked token)."""


def _is_update(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("update_id"), int)


def chat_of(update: dict[str, Any]) -> int | None:
    """Whose turn an update belongs to: the chat, so one chat's updates stay in order.
    None for one without a chat we can read (handled on its own, never in anyone's)."""
    for kind, path in (
        ("message", ("chat", "id")),
        ("edited_message", ("chat", "id")),
        ("my_chat_member", ("chat", "id")),
        ("callback_query", ("from", "id")),
    ):
        if kind in update:
            found: Any = update[kind]
            for key in path:
                found = found.get(key) if isinstance(found, dict) else None
            return found if isinstance(found, int) and not isinstance(found, bool) else None
    return None


@dataclass
class ChatWorkers:
    """A queue per chat, drained by one task at a time; gone when empty."""

    handle: Callable[[int | None, Any], Awaitable[None]]
    limit: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(CONCURRENT_CHATS))
    queues: dict[int | None, deque[Any]] = field(default_factory=dict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    idle: asyncio.Event = field(default_factory=asyncio.Event)
    """Set while no chat has work."""

    def __post_init__(self) -> None:
        self.idle.set()

    def submit(self, chat: int | None, job: Any) -> None:
        queue = self.queues.get(chat)
        if queue is not None:
            queue.append(job)
            return
        self.idle.clear()
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
        if not self.queues:
            self.idle.set()

    async def finish(self, grace: float) -> None:
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=grace)


class Runtime:
    def __init__(
        self,
        app: App,
        telegram: Library,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        stopping: asyncio.Event | None = None,
        own_data_only: bool = False,
        on_connected: Callable[[dict[str, Any]], Awaitable[None]] | None = None,
        limits: SendLimits | None = None,
    ) -> None:
        """`own_data_only`: the sandbox on a database a Telegram bot has served (run
        --sandbox-anyway) answers its own chats only; that bot's reminders and waiting
        messages are not its to send. `on_connected` is given getMe's answer. `limits`:
        Telegram's, unless the settings say the server has none."""
        self.app, self.telegram, self.clock = app, telegram, clock
        self.own_data_only, self.on_connected = own_data_only, on_connected
        store = app.conversations.store
        self.inbox, self.outbox = Inbox(store), Outbox(store)
        self.api = telegram.api
        catalogs = app.engine.catalogs
        receipts = ReminderReceipts(store, catalogs, render, clock)
        # Several workers on one PostgreSQL database share the chats through locks, and
        # Telegram's limits through one row; alone (SQLite), a worker per chat in memory
        # is all it takes.
        self.claims: Claims = OneProcess() if own_data_only else claims_for(store.engine)
        self.claims_lost = asyncio.Event()
        limits = limits or SendLimits()
        if self.claims.shared:
            limits = shared_limits(limits, store.engine)
        self.delivery = Delivery(
            TelegramSender(self.api), self.outbox, store, clock,
            limits=limits, receipts=receipts, wake=self._deliver_to,
        )  # fmt: skip
        self.workers = ChatWorkers(self._work)
        self.shared = SharedWork(
            self.claims, self.inbox, self.outbox, self._work,
            self.delivery.marks.settled, self.claims_lost,
            elsewhere=self._served_elsewhere,
        )  # fmt: skip
        self.batcher = TurnBatcher(app.conversations, clock, self.delivery, render)
        self.stopping = stopping or asyncio.Event()
        self.scheduler = Scheduler(store, render, catalogs, clock, notify=self._deliver_to)

    def _served_elsewhere(self, chat: int) -> None:
        """Another worker holds this chat: sending again what it holds is its own job."""
        self.delivery.behind.pop(chat, None)

    async def _deliver_to(self, chat: int) -> None:
        self.submit(chat, None)

    def submit(self, chat: int | None, job: Recorded | None) -> None:
        """Work for a chat: an update to handle, or (None) messages to send. Shared, the
        chat's session reads what to handle from the inbox once its lock is held."""
        if self.claims.shared:
            self.shared.serve(chat)
        else:
            self.workers.submit(chat, job)

    @property
    def busy_chats(self) -> set[int | None]:
        """Chats being served by this worker now."""
        return set(self.shared.sessions) if self.claims.shared else set(self.workers.queues)

    async def check(self) -> None:
        """Fail fast, and say why, when the token or the API is wrong. No message here
        carries the token: BotApi keeps it out of what it raises."""
        try:
            me = await self.api.call("getMe", {})
        except ApiError as error:
            if error.code in {401, 404}:  # Telegram answers 404 to a token it never issued
                raise StartupError(
                    f"Telegram refused the bot token ({error.code} {error.description}). "
                    "Check TELEGRAM_BOT_TOKEN."
                ) from None
            raise StartupError(
                f"The Telegram Bot API refused to start: {error.code} {error.description}"
            ) from None
        except UnknownOutcome as error:
            raise StartupError(f"Could not reach the Telegram Bot API: {error}") from None
        username = str(me.get("username") or "") if isinstance(me, dict) else ""
        log.info("connected to telegram", extra={"bot": username})
        if isinstance(me, dict):
            await self.telegram.connected(me)
            if self.on_connected is not None:
                await self.on_connected(me)

    async def set_commands(self) -> None:
        """The command menu, in each shipped language."""
        for locale in SHIPPED_LOCALES:
            t = self.app.engine.catalogs.translator(locale)
            params: dict[str, Any] = {
                "commands": [{"command": c, "description": t.gettext(d)} for c, d in COMMANDS]
            }
            if locale != SOURCE_LOCALE:
                params["language_code"] = locale.split("_")[0]
            await self.api.call("setMyCommands", params)

    async def recover(self) -> None:
        """Send what a crash left in the outbox, then handle what it left in the inbox."""
        for chat in await self.outbox.chats_waiting():
            self.delivery.behind.setdefault(chat, Backoff())
            self.submit(chat, None)
        if self.claims.shared:
            self.shared.look()  # the inbox is scanned, by every worker
            return
        for recorded in await self.inbox.unhandled():
            self.workers.submit(recorded.chat_id, recorded)
        await self.inbox.forget_old(self.clock())

    async def fetch(self, offset: int | None) -> list[dict[str, Any]]:
        """getUpdates, kept as Telegram's JSON: that is what the inbox stores, and parsing
        it into the library's objects happens once, when an update is handled."""
        params: dict[str, Any] = {"timeout": POLL_TIMEOUT, "allowed_updates": ALLOWED_UPDATES}
        if offset is not None:
            params["offset"] = offset
        try:
            result = await self.api.call("getUpdates", params, wait=POLL_TIMEOUT + 15)
        except ApiError as error:
            raise PollingError(f"{error.code}: {error.description}") from None
        if not isinstance(result, list) or not all(_is_update(u) for u in result):
            raise UnknownOutcome("getUpdates answered with something that is not updates")
        return result

    async def poll(self) -> None:
        offset: int | None = None
        failures = 0
        tidied = asyncio.get_running_loop().time()
        while not self.stopping.is_set():
            try:
                updates = await self.fetch(offset)
                failures = 0
            except Exception as error:  # polling must outlive any one failure
                failures += 1
                reason = str(error) if isinstance(error, PollingError | UnknownOutcome) else ""
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

    async def retry_outbox(self) -> None:
        """Messages that could not go are tried again without anyone writing: a chat
        after its pause, and what nobody is sending (the command line wrote it, or a
        failure left it) once it has waited a while."""
        loop = asyncio.get_running_loop()
        swept = loop.time()
        while not self.stopping.is_set():
            try:
                for chat in self.delivery.due():
                    self._resubmit(chat)
                if loop.time() - swept >= SWEEP_EVERY:
                    swept = loop.time()
                    for chat in await self.delivery.left_behind():
                        self._resubmit(chat)
            except Exception:  # must outlive any one failure, like polling
                log.exception("outbox retry failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), RETRY_TICK)

    def _resubmit(self, chat: int) -> None:
        if chat not in self.busy_chats:  # a chat being served is retried by its worker
            backoff = self.delivery.behind.get(chat)
            if backoff is not None:
                backoff.next_try = float("inf")  # until this attempt says otherwise
            self.submit(chat, None)

    async def take(self, updates: list[dict[str, Any]]) -> None:
        """Record a batch, then hand each new update to its chat's worker."""
        batch = [Recorded(int(u["update_id"]), chat_of(u), u) for u in updates]
        if self.own_data_only:  # a real Telegram user's chat is that bot's, never ours
            batch = [r for r in batch if r.chat_id is None or r.chat_id >= SANDBOX_PEOPLE]
        while True:
            try:
                # Written down before the next getUpdates confirms the batch to Telegram.
                fresh = await asyncio.shield(self.inbox.record(batch, self.clock()))
                break
            except Exception:
                log.exception("could not record updates; trying again")
                await asyncio.sleep(1)
        if self.claims.shared:  # whichever worker takes the chat first serves it
            self.shared.look()
            return
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
            self.submit(other, None)  # in that chat's own order

    async def _handle(self, recorded: Recorded) -> TelegramTurn:
        began = asyncio.get_running_loop().time()
        turn = TelegramTurn(
            self.api,
            recorded.update_id,
            self.batcher,
            self.app.conversations.store,
            self.app.engine.catalogs,
            self.clock,
            console_url=self.app.console_url,
        )
        try:
            await self.telegram.dispatch(recorded.payload, turn)
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

    async def run(self, intake: Callable[[], Coroutine[Any, Any, None]] | None = None) -> None:
        """Take updates until `stopping` is set, then let the turns under way finish.

        `intake` brings the updates, handing them to `take`: polling unless given (the
        webhook server's, channels/telegram/webhook.py). It starts once what a crash left
        is recovered, so nothing new overtakes it, and is cancelled when stopping."""
        await self.check()
        await self.set_commands()
        if not self.own_data_only:
            await self.recover()
        polling = asyncio.create_task((intake or self.poll_when_chosen)())
        reminders = asyncio.create_task(
            self._unless_own_data_only(lambda: self.scheduler.run(self.stopping))
        )
        retrying = asyncio.create_task(self._unless_own_data_only(self.retry_outbox))
        sharing = asyncio.create_task(self._shared_work())
        background = (polling, reminders, retrying, sharing)
        try:
            await self._until_stopped()
        except (asyncio.CancelledError, ClaimsLostError):
            # Torn down, or our chats may be another worker's now: leave nothing running;
            # the inbox and the outbox hold what was under way for the next start.
            for task in (*background, *self.workers.tasks, *self.shared.sessions.values(),
                         self.batcher.running):  # fmt: skip
                if task is not None:
                    task.cancel()
            await self.claims.close()
            raise
        log.info("stopping: finishing the turns under way")
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await reminders
        await retrying
        await sharing
        await self.workers.finish(STOP_GRACE)
        await self.shared.finish(STOP_GRACE)
        await self.delivery.flush()
        # Only now: freeing the chats while their turns run would let another worker in.
        await self.claims.close()

    async def _until_stopped(self) -> None:
        lost = asyncio.create_task(self.claims_lost.wait())
        stopped = asyncio.create_task(self.stopping.wait())
        try:
            await asyncio.wait({lost, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
            stopped.cancel()
        if self.claims_lost.is_set():
            raise ClaimsLostError("the connection holding this worker's chat locks broke")

    async def _shared_work(self) -> None:
        if self.claims.shared:
            await self.shared.run(self.stopping)

    async def poll_when_chosen(self) -> None:
        """Alone, poll. Sharing a database, one worker polls (whoever holds the poller's
        lock); the others try now and then, so one takes over when it dies."""
        if self.claims.shared:
            while not await self._chosen_to_poll():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stopping.wait(), POLLER_WANTED_EVERY)
                if self.stopping.is_set():
                    return
            log.info("this worker polls")
        await self.poll()

    async def _chosen_to_poll(self) -> bool:
        try:
            return POLLER in await self.claims.take([POLLER])
        except ClaimsLostError:
            self.claims_lost.set()
            return False

    async def settled(self) -> None:
        """Until every update taken so far is answered and sent: no chat has work, and
        none waits to be sent again (after a flood limit). For tests and benchmarks."""
        while True:
            await (self.shared if self.claims.shared else self.workers).idle.wait()
            if not self.delivery.behind or self.stopping.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), RETRY_TICK)

    async def _unless_own_data_only(self, work: Callable[[], Awaitable[None]]) -> None:
        """Background work over every chat's rows: only when they are this bot's own."""
        if self.own_data_only:
            await self.stopping.wait()
        else:
            await work()

    async def close(self) -> None:
        await self.telegram.close()
