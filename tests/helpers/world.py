"""A world for case work and reminders: people, a case worker and their links, written
straight to a migrated database; the stand-in over HTTP as Telegram; delivery and the
scheduler on a clock the test moves.

The `world` fixture is registered by the conftest.py of each test folder that uses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import insert, select

from channels.sandbox.server import start
from channels.sandbox.standin import StandIn
from channels.telegram.api import BotApi
from channels.telegram.render import render
from channels.telegram.sender import TelegramSender
from core.casework import caseworkers, links, reminders, schema
from core.casework.timing import series_rule
from core.delivery import Delivery
from core.limits import SendLimits
from core.reminder_receipts import ReminderReceipts
from core.scheduler import Scheduler
from core.storage.queues import Outbox
from core.storage.store import Store
from core.storage.tables import consent_t, person_t
from flows.actions import CONSENT_KIND, CONSENT_VERSION
from flows.engine import Engine

START = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


@dataclass
class Clock:
    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class World:
    store: Store
    standin: StandIn
    clock: Clock
    scheduler: Scheduler
    delivery: Delivery
    caseworker: int = 0
    caseworker_person: int = 0

    async def person(
        self, chat: int, locale: str = "en", zone: str | None = None, consented: bool = True
    ) -> int:
        """Someone on Telegram (in the stand-in's `chat`) who, unless `consented` is
        False, accepted Onward's privacy notice."""
        async with self.store.transaction() as conn:
            result = await conn.execute(
                insert(person_t).returning(person_t.c.id),
                {
                    "channel": "telegram",
                    "address": str(chat),
                    "locale": locale,
                    "timezone": zone,
                    "first_seen": self.clock.now,
                    "last_seen": self.clock.now,
                },
            )
            person_id = int(result.scalar_one())
            if consented:
                await conn.execute(
                    insert(consent_t).values(
                        person_id=person_id,
                        kind=CONSENT_KIND,
                        version=CONSENT_VERSION,
                        given_at=self.clock.now,
                    )
                )
        await self.standin.user_message(chat, {"text": "hello"})  # the chat exists
        return person_id

    async def new_caseworker(self, chat: int, name: str = "Sam Taylor") -> tuple[int, int]:
        person_id = await self.person(chat)
        async with self.store.transaction() as conn:
            token = await caseworkers.invite(conn, name, "Reentry Project", self.clock.now)
            joined = await caseworkers.join(conn, token, person_id, self.clock.now)
        assert joined is not None
        return int(joined["id"]), person_id

    async def link(self, caseworker: int, client: int | None, label: str = "J.S.") -> str:
        """A link offered by `caseworker`, and agreed by `client` unless None."""
        async with self.store.transaction() as conn:
            code, _ = await links.new_link(conn, caseworker, label, self.clock.now)
            if client is not None:
                assert await links.decide(conn, code, client, True, self.clock.now)
        return code

    async def schedule(
        self, caseworker: int, link_id: int, local: dt.datetime, kind: str = "appointment",
        rule: str | None = None,
    ) -> list[int]:  # fmt: skip
        """Reminders under the link with id `link_id` (found by the number /clients shows)."""
        async with self.store.transaction() as conn:
            number = (
                await conn.execute(
                    select(schema.link_t.c.number).where(schema.link_t.c.id == link_id)
                )
            ).scalar_one()
            client = await links.agreed_client(conn, caseworker, number, None)
            assert client is not None
            kept = series_rule(rule, local) if rule else None
            appointment = reminders.Appointment(
                kind, local, "Bring payslips" if kind == "own" else None, kept
            )
            return await reminders.schedule(
                conn, reminders.reminder_rows(client, appointment, self.clock.now)
            )

    async def retry(self) -> None:
        """Delivery's background retries, at once: every chat the outbox holds messages for."""
        for chat in await self.delivery.outbox.chats_waiting():
            await self.delivery.deliver(chat)

    def sent_to(self, chat: int) -> list[str]:
        return [
            m.body.get("text", "")
            for m in self.standin.chats.get(chat, [])
            if m.sender.get("is_bot")
        ]


@pytest.fixture
async def world(store: Store, engine: Engine) -> AsyncIterator[World]:
    standin = StandIn()
    runner, base = await start(standin)
    clock = Clock()
    api = BotApi(standin.token, base)
    delivery = Delivery(
        TelegramSender(api),
        Outbox(store),
        store,
        clock,
        limits=SendLimits(per_second=500, chat_gap=0.0),
        receipts=ReminderReceipts(store, engine.catalogs, render, clock),
    )
    delivery.wake = delivery.deliver  # a case worker told of a block hears at once
    # The scheduler hands each pass to delivery and waits for it, as if at once.
    scheduler = Scheduler(store, render, engine.catalogs, clock, notify=delivery.deliver)
    try:
        yield World(store, standin, clock, scheduler, delivery)
    finally:
        await delivery.flush()
        await api.close()
        await runner.cleanup()


async def link_id(world: World, code: str) -> int:
    async with world.store.transaction() as conn:
        return int(
            (
                await conn.execute(select(schema.link_t.c.id).where(schema.link_t.c.code == code))
            ).scalar_one()
        )


async def link_number(world: World, code: str) -> int:
    """The number the case worker types for the link with this code."""
    async with world.store.transaction() as conn:
        return int(
            (
                await conn.execute(
                    select(schema.link_t.c.number).where(schema.link_t.c.code == code)
                )
            ).scalar_one()
        )
