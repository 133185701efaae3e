"""The one send policy over a Sender of our own (the boundary to a channel): what each
outcome does to the outbox and to whoever wrote the message."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from core.delivery import Delivery
from core.limits import SendLimits
from core.outgoing import NotSent, Outgoing, Refused, SlowDown, Undelivered, Unreachable
from core.storage.queues import Outbox, Pending, outbox_t
from core.storage.store import Store

NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)


class Sender:
    """Sends, or fails as it is told to, one outcome a call."""

    def __init__(self, *outcomes: Undelivered) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[Outgoing] = []

    async def send(self, outgoing: Outgoing) -> None:
        if self.outcomes:
            raise self.outcomes.pop(0)
        self.sent.append(outgoing)


def delivery(store: Store, sender: Sender) -> Delivery:
    limits = SendLimits(per_second=1000, chat_gap=0.0)
    return Delivery(sender, Outbox(store), store, lambda: NOW, limits=limits)


async def write(store: Store, chat: int, *texts: str) -> list[Pending]:
    calls = [Outgoing("sendMessage", {"chat_id": chat, "text": t}) for t in texts]
    async with store.transaction() as conn:
        return await Outbox.add(conn, chat, calls, NOW)


async def waiting(store: Store) -> int:
    async with store.transaction() as conn:
        return int((await conn.execute(select(func.count()).select_from(outbox_t))).scalar_one())


async def test_sent_in_order_and_marked(store: Store):
    sender = Sender()
    one = delivery(store, sender)
    await one.deliver(1, await write(store, 1, "a", "b"))
    await one.flush()
    assert [c.params["text"] for c in sender.sent] == ["a", "b"]
    assert await waiting(store) == 0


async def test_an_unknown_outcome_stops_the_chat_and_is_sent_again(store: Store):
    sender = Sender(NotSent("cut"))
    one = delivery(store, sender)
    await one.deliver(1, await write(store, 1, "a", "b"))
    assert sender.sent == []
    assert 1 in one.behind
    await one.deliver(1)
    await one.flush()
    assert [c.params["text"] for c in sender.sent] == ["a", "b"]
    assert not one.behind
    assert await waiting(store) == 0


async def test_a_short_flood_limit_is_waited_out_in_turn(store: Store):
    sender = Sender(SlowDown(0.01))
    one = delivery(store, sender)
    await one.deliver(1, await write(store, 1, "a"))
    assert len(sender.sent) == 1
    assert not one.behind


async def test_a_refusal_is_dropped_and_the_rest_go(store: Store):
    sender = Sender(Refused("400"))
    one = delivery(store, sender)
    await one.deliver(1, await write(store, 1, "a", "b"))
    await one.flush()
    assert [c.params["text"] for c in sender.sent] == ["b"]
    assert await waiting(store) == 0


async def test_someone_who_blocked_us_is_noted(store: Store):
    sender = Sender(Unreachable("403"))
    one = delivery(store, sender)
    await one.deliver(1, await write(store, 1, "a"))
    await one.flush()
    assert sender.sent == []
    assert await waiting(store) == 0
