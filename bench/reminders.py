"""10,000 reminders due at once for 2,000 clients, sent through the Bot API stand-in with
Telegram's limits enforced (it answers 429 past 30 messages a second overall, or a second
message to a chat within a second), by the real scheduler and delivery over HTTP: the
scheduler writes them to the outbox, and delivery sends them, one task a chat.

Run: python bench/reminders.py [--clients 2000] [--reminders 10000]
Prints the send rate against the 30-a-second ceiling, the highest rate to any one chat,
reminders lost and duplicated, 429s met, and lateness (p50, p99) from when they were due.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from channels.sandbox.faults import FLOOD_PER_SECOND
from channels.sandbox.server import start
from channels.sandbox.standin import StandIn
from channels.telegram.api import BotApi
from channels.telegram.render import render
from channels.telegram.sender import TelegramSender
from core.app import build_engine
from core.casework.schema import AGREED, SCHEDULED, caseworker_t, link_t, reminder_t
from core.delivery import Delivery
from core.reminder_receipts import ReminderReceipts
from core.scheduler import Scheduler
from core.storage.engine import create_engine, sync_url, upgrade
from core.storage.queues import Outbox
from core.storage.store import Store
from core.storage.tables import person_t

CASEWORKER_CHAT = 1


def seed(url: str, clients: int, reminders: int, due: dt.datetime) -> None:
    engine = create_sync_engine(sync_url(url))
    event = due + dt.timedelta(hours=3)
    with engine.begin() as conn:
        people = [
            {"channel": "telegram", "address": str(10_000 + i), "locale": "en",
             "timezone": "Europe/London", "first_seen": due, "last_seen": due}
            for i in range(clients)
        ]  # fmt: skip
        conn.execute(insert(person_t), people)
        worker = conn.execute(
            insert(person_t).returning(person_t.c.id),
            {
                "channel": "telegram",
                "address": str(CASEWORKER_CHAT),
                "locale": "en",
                "first_seen": due,
                "last_seen": due,
            },
        ).scalar_one()
        caseworker = conn.execute(
            insert(caseworker_t).returning(caseworker_t.c.id),
            {"name": "Sam", "organisation": "NGO", "invite_expires_at": due, "person_id": worker},
        ).scalar_one()
        ids = conn.execute(select(person_t.c.id).where(person_t.c.id != worker)).scalars()
        links = [
            {"caseworker_id": caseworker, "number": i + 1, "code": f"C{i:07d}", "state": AGREED,
             "created_at": due, "expires_at": due, "client_id": person, "decided_at": due}
            for i, person in enumerate(ids)
        ]  # fmt: skip
        conn.execute(insert(link_t), links)
        pairs = conn.execute(select(link_t.c.id, link_t.c.client_id).order_by(link_t.c.id)).all()
        rows = [
            {"link_id": pairs[i % clients].id, "person_id": pairs[i % clients].client_id,
             "kind": "appointment", "event_local": "2026-01-01T00:00", "zone": "Europe/London",
             "event_at": event, "lead_minutes": 120, "leads": "120", "due_at": due,
             "state": SCHEDULED, "attempts": 0, "created_at": due}
            for i in sorted(range(reminders), key=lambda i: i % clients)  # a client's together
        ]  # fmt: skip
        conn.execute(insert(reminder_t), rows)
    engine.dispose()


class Recording(StandIn):
    """The stand-in, noting each message it accepted: when, to whom, for which reminder."""

    def __init__(self) -> None:
        super().__init__(flood_limits=True)
        self.accepted: list[tuple[float, int, int]] = []
        self.refused = 0

    async def call(self, method: str, params: dict[str, Any], gone: Any = lambda: False) -> Any:
        try:
            result = await super().call(method, params, gone)
        except Exception as error:
            if getattr(error, "code", None) == 429:
                self.refused += 1
            raise
        if method == "sendMessage":
            data = params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            self.accepted.append(
                (time.monotonic(), int(params["chat_id"]), int(data.split(":")[1]))
            )
        return result


def highest_chat_rate(accepted: list[tuple[float, int, int]]) -> float:
    """Most messages any chat received within one second."""
    per_chat: dict[int, list[float]] = defaultdict(list)
    for at, chat, _ in accepted:
        per_chat[chat].append(at)
    most = 0
    for times in per_chat.values():
        times.sort()
        start = 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            most = max(most, end - start + 1)
    return float(most)


async def main(clients: int, reminders: int) -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    upgrade(url)
    due = dt.datetime.now(dt.UTC).replace(microsecond=0)
    seed(url, clients, reminders, due)
    standin = Recording()
    runner, base = await start(standin)
    for chat in range(10_000, 10_000 + clients):
        standin.chats[chat].append(standin_message(standin, chat))
    database = create_engine(url)
    api = BotApi(standin.token, base)
    store, catalogs = Store(database), build_engine().catalogs
    clock = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
    delivery = Delivery(
        TelegramSender(api), Outbox(store), store, clock,
        receipts=ReminderReceipts(store, catalogs, render, clock),
    )  # fmt: skip
    sending: set[asyncio.Task[None]] = set()

    async def deliver(chat: int) -> None:  # a chat's worker, as the runtime's
        sending.add(asyncio.create_task(delivery.deliver(chat)))

    scheduler = Scheduler(store, render, catalogs, clock, notify=deliver)
    scheduler.quiet = None  # a bench at any hour: quiet hours would hold everything back
    began = time.monotonic()
    began_wall = dt.datetime.now(dt.UTC)
    while await scheduler.tick():
        pass
    await drain(delivery, sending)
    took = time.monotonic() - began
    await delivery.flush()
    await api.close()
    await runner.cleanup()
    await database.dispose()
    report(standin, reminders, took, (began_wall - due).total_seconds(), began)


async def drain(delivery: Delivery, sending: set[asyncio.Task[None]]) -> None:
    """Until every chat is served, retrying those a flood limit held back."""
    while sending or delivery.behind:
        if sending:
            await asyncio.gather(*sending)
            sending.clear()
        for chat in list(delivery.behind):
            sending.add(asyncio.create_task(delivery.deliver(chat)))


def standin_message(standin: StandIn, chat: int) -> Any:
    from channels.sandbox.model import Message

    user = standin.user(chat)
    return Message(
        0,
        {"id": chat, "type": "private", "first_name": user["first_name"]},
        user,
        0,
        {"text": "hi"},
    )


def report(
    standin: Recording, reminders: int, took: float, head_start: float, began: float
) -> None:
    accepted = standin.accepted
    counts = Counter(rid for _, _, rid in accepted)
    delivered = len(accepted)
    first, last = accepted[0][0], accepted[-1][0]
    rate = (delivered - 1) / (last - first) if delivered > 1 else 0.0
    lateness = sorted(head_start + (at - began) for at, _, _ in accepted)
    p = statistics.quantiles(lateness, n=100)
    print(f"reminders: {reminders} due at once for {len({c for _, c, _ in accepted})} clients")
    print(
        f"sent in {took:.1f} s: {rate:.2f} a second = {rate / FLOOD_PER_SECOND:.1%} of Telegram's {FLOOD_PER_SECOND}"
    )
    print(f"highest rate to one chat: {highest_chat_rate(accepted):.0f} in any one second")
    print(
        f"lost: {reminders - len(counts)}   duplicated: {delivered - len(counts)}   429s met: {standin.refused}"
    )
    print(
        f"lateness from due: p50 {p[49]:.1f} s, p99 {p[98]:.1f} s (the queue drains at the ceiling)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--reminders", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.reminders))
