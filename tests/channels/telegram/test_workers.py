"""Several `onward run` on one PostgreSQL database (core/shared_work.py): each chat's
updates handled once and in order, whichever worker takes the chat; a worker killed
with -9 under load leaves nothing lost, and nothing sent twice beyond the one case the
README names (a message Telegram took whose sending was not yet noted)."""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import socket
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
import pytest
import sqlalchemy as sa
from aiohttp import web

from core.storage.engine import sync_url
from tests.helpers.process import polling, start_onward
from tests.helpers.telegram import Sandbox

# Commands whose answers do not depend on what came before: their order is the order of
# the answers.
COMMANDS = ("/help", "/privacy", "/links", "/appointments")
WAIT = 60.0


@dataclass
class Worker:
    process: asyncio.subprocess.Process
    handled: list[int] = field(default_factory=list)
    """update ids this worker's log says it handled, in order."""
    reader: asyncio.Task[None] | None = None

    async def read_log(self) -> None:
        # Read as it comes: a full pipe would stop the worker.
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("event") == "update handled":
                self.handled.append(int(entry["update_id"]))

    def kill(self) -> None:
        self.process.kill()

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), WAIT)
        if self.reader is not None:
            await self.reader


async def start_worker(sandbox: Sandbox, database: str, **more: str) -> Worker:
    process = await start_onward(
        sandbox, database, TELEGRAM_LIMITS="none", LOG_LEVEL="INFO", **more
    )
    worker = Worker(process)
    worker.reader = asyncio.create_task(worker.read_log())
    return worker


@asynccontextmanager
async def workers(sandbox: Sandbox, database: str, count: int) -> AsyncIterator[list[Worker]]:
    """`count` workers; the first one started is the one polling."""
    started = [await start_worker(sandbox, database)]
    await polling(sandbox)
    started += [await start_worker(sandbox, database) for _ in range(count - 1)]
    try:
        yield started
    finally:
        for worker in started:
            await worker.stop()


def waiting(database: str) -> tuple[int, int]:
    """Updates not yet handled, and messages not yet sent."""
    engine = sa.create_engine(sync_url(database))
    try:
        with engine.connect() as conn:
            inbox = conn.execute(sa.text("SELECT count(*) FROM inbox WHERE handled_at IS NULL"))
            outbox = conn.execute(sa.text("SELECT count(*) FROM outbox"))
            return int(inbox.scalar_one()), int(outbox.scalar_one())
    finally:
        engine.dispose()


async def quiet(sandbox: Sandbox, database: str) -> None:
    """Until every update the stand-in holds is taken, handled, and its answer sent."""
    deadline = asyncio.get_running_loop().time() + WAIT
    calm = 0
    while calm < 3:
        assert asyncio.get_running_loop().time() < deadline, "the workers never caught up"
        await asyncio.sleep(0.1)
        done = not sandbox.standin.updates and waiting(database) == (0, 0)
        calm = calm + 1 if done else 0


def texts(sandbox: Sandbox, chat: int) -> list[str]:
    chat_log = sandbox.standin.transcript(chat)["messages"]
    return [m["text"] for m in chat_log if m["from_bot"]]


async def onboarded(sandbox: Sandbox, database: str, chat: int) -> None:
    person = sandbox.person(chat)
    await person.say("/start")
    await person.tap("Yes, that's OK")
    await person.tap("England or Wales", expect=2)
    await quiet(sandbox, database)


async def answers(sandbox: Sandbox, database: str, chat: int) -> dict[str, list[str]]:
    """What each command is answered with, asked one at a time."""
    found = {}
    for command in COMMANDS:
        before = len(texts(sandbox, chat))
        await sandbox.standin.user_message(chat, {"text": command}, "en")
        await quiet(sandbox, database)
        found[command] = texts(sandbox, chat)[before:]
        assert found[command], command
    return found


def answered(sandbox: Sandbox, chat: int, expected: dict[str, list[str]]) -> list[str]:
    """The commands the chat's messages answer, in the order the answers came. (Only
    each answer's first message: a menu sent last may be taken away by the next one.)"""
    first = {answer[0]: command for command, answer in expected.items()}
    return [first[text] for text in texts(sandbox, chat) if text in first]


@pytest.fixture
def shared_database(postgres_url: str) -> str:
    """Several workers need PostgreSQL: this runs wherever pg_ctl is installed."""
    return postgres_url


async def test_two_workers_keep_each_chats_order_whoever_serves_it(
    sandbox: Sandbox, shared_database: str
):
    chat = 7001
    async with workers(sandbox, shared_database, 2) as (first, second):
        await onboarded(sandbox, shared_database, chat)
        expected = await answers(sandbox, shared_database, chat)
        start = len(answered(sandbox, chat, expected))
        sent: list[str] = []
        shuffle = random.Random(15)
        # Bursts until both workers have served this chat (the chat is free between two
        # bursts, so whoever looks first takes it).
        for _ in range(40):
            burst = [shuffle.choice(COMMANDS) for _ in range(8)]
            async with sandbox.standin.batch():
                for command in burst:
                    await sandbox.standin.user_message(chat, {"text": command}, "en")
            sent += burst
            await quiet(sandbox, shared_database)
            if first.handled and second.handled and len(sent) > 8:
                break
        assert first.handled, "the second worker served every burst"
        assert second.handled, "the first worker served every burst"
        assert answered(sandbox, chat, expected)[start:] == sent
        every = first.handled + second.handled
        assert len(every) == len(set(every))


async def test_a_worker_killed_with_sigkill_under_load_loses_nothing(
    sandbox: Sandbox, shared_database: str
):
    people = list(range(7101, 7131))
    async with workers(sandbox, shared_database, 2) as (poller, other):
        for chat in people:
            await onboarded(sandbox, shared_database, chat)
        expected = await answers(sandbox, shared_database, people[0])
        before = {chat: len(answered(sandbox, chat, expected)) for chat in people}
        rounds = 12
        for index in range(rounds):
            async with sandbox.standin.batch():
                for chat in people:
                    await sandbox.standin.user_message(chat, {"text": COMMANDS[index % 4]}, "en")
            await asyncio.sleep(0.05)
            if index == rounds // 2:
                poller.kill()  # under load, and the one polling: the other takes over
        await quiet(sandbox, shared_database)
        assert poller.process.returncode is not None
        killed_chats = set()  # chats the killed worker may have sent to without noting it
        for chat in people:
            got = answered(sandbox, chat, expected)[before[chat] :]
            want = [COMMANDS[i % 4] for i in range(rounds)]
            extra = Counter(got) - Counter(want)
            assert not Counter(want) - Counter(got), f"chat {chat} lost an answer"
            if extra:
                killed_chats.add(chat)
                assert sum(extra.values()) == 1, f"chat {chat}: {extra}"
        # A turn commits with its update marked handled: one the killed worker had not
        # committed is handled again by the other, but it never logged it as handled.
        assert not set(poller.handled) & set(other.handled)
        assert other.handled, "the surviving worker handled nothing"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def round_robin(ports: list[int]) -> AsyncIterator[int]:
    """A reverse proxy on 127.0.0.1 (as deploy/nginx's): each post to the next worker."""
    turn = iter(range(1_000_000))

    async def forward(request: web.Request) -> web.Response:
        port = ports[next(turn) % len(ports)]
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        body = await request.read()
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{port}{request.path}", data=body, headers=headers
            ) as answer,
        ):
            return web.Response(status=answer.status, body=await answer.read())

    app = web.Application()
    app.router.add_post("/{path:.*}", forward)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield port
    finally:
        await runner.cleanup()


async def test_two_webhook_receivers_behind_a_proxy_share_the_chats(
    sandbox: Sandbox, shared_database: str
):
    ports = [free_port(), free_port()]
    people = list(range(7201, 7211))
    async with round_robin(ports) as proxy:
        hook = {
            "WEBHOOK_URL": f"http://127.0.0.1:{proxy}/telegram/webhook",
            "WEBHOOK_SECRET": secrets.token_urlsafe(24),
        }
        started = []
        try:
            for port in ports:
                started.append(
                    await start_worker(sandbox, shared_database, WEBHOOK_PORT=str(port), **hook)
                )
                await until_webhook_set(sandbox, len(started))
            for chat in people:
                await onboarded(sandbox, shared_database, chat)
            expected = await answers(sandbox, shared_database, people[0])
            before = {chat: len(answered(sandbox, chat, expected)) for chat in people}
            for index in range(8):
                for chat in people:
                    command = COMMANDS[(index + chat) % 4]
                    await sandbox.standin.user_message(chat, {"text": command}, "en")
            await quiet(sandbox, shared_database)
            for chat in people:
                want = [COMMANDS[(index + chat) % 4] for index in range(8)]
                assert answered(sandbox, chat, expected)[before[chat] :] == want
            first, second = started
            assert first.handled, "the first receiver's worker handled nothing"
            assert second.handled, "the second receiver's worker handled nothing"
            assert not set(first.handled) & set(second.handled)
        finally:
            for worker in started:
                await worker.stop()


async def until_webhook_set(sandbox: Sandbox, times: int) -> None:
    for _ in range(int(WAIT / 0.05)):
        if sum(c["method"] == "setWebhook" for c in sandbox.standin.calls) >= times:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no setWebhook")
