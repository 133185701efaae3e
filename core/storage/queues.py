"""The update inbox and the outbox: what has come in, and what is still to go out.

Telegram delivers an update at least once, and a polling client confirms a batch before
its handlers finish. So each batch is written down before anything is handled; a repeat
is dropped; and what a crash interrupted is found here again at start-up. Replies are
written in the turn's own transaction and sent after it, so a reply is never lost; a
send that Telegram took but a crash kept us from noting may go out once more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.outgoing import Outgoing, Renderer
from core.people import Someone
from core.storage.chats import chat_id_of
from core.storage.store import Store
from core.storage.tables import inbox_t, outbox_t
from flows.replies import Reply

# Telegram keeps an update for 24 hours; remembering ids for two days catches repeats.
REMEMBER_UPDATES = dt.timedelta(days=2)
RECORDED = "onward_recorded"
"""The PostgreSQL channel told of updates recorded: workers sharing a database listen."""


@dataclass(frozen=True)
class Recorded:
    update_id: int
    chat_id: int | None
    payload: dict[str, Any]


class Inbox:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def record(self, updates: list[Recorded], now: dt.datetime) -> list[Recorded]:
        """Write down a batch; returns the updates not seen before, in order."""
        if not updates:
            return []
        ids = [u.update_id for u in updates]
        async with self.store.transaction() as conn:
            seen = set(
                (
                    await conn.execute(
                        select(inbox_t.c.update_id).where(inbox_t.c.update_id.in_(ids))
                    )
                ).scalars()
            )
            fresh: dict[int, Recorded] = {}
            for item in updates:
                if item.update_id not in seen:
                    fresh.setdefault(item.update_id, item)
            if fresh:
                await conn.execute(
                    insert(inbox_t),
                    [
                        {
                            "update_id": u.update_id,
                            "chat_id": u.chat_id,
                            "payload": u.payload,
                            "received_at": now,
                        }
                        for u in fresh.values()
                    ],
                )
                if conn.dialect.name == "postgresql":  # every worker looks (on commit)
                    await conn.execute(text(f"NOTIFY {RECORDED}"))
        return list(fresh.values())

    @staticmethod
    async def mark_handled(conn: AsyncConnection, update_id: int, now: dt.datetime) -> None:
        """Keep only the id (to spot a repeat); /forget in this turn may have removed it."""
        done = {"handled_at": now, "payload": None, "chat_id": None}
        result = await conn.execute(
            update(inbox_t).where(inbox_t.c.update_id == update_id).values(**done)
        )
        if result.rowcount == 0:
            await conn.execute(
                insert(inbox_t).values(update_id=update_id, received_at=now, **done)
            )

    async def handled(self, update_id: int, now: dt.datetime) -> None:
        async with self.store.transaction() as conn:
            await self.mark_handled(conn, update_id, now)

    async def unhandled(self) -> list[Recorded]:
        """What a crash interrupted, oldest first."""
        async with self.store.transaction() as conn:
            rows = await conn.execute(
                select(inbox_t.c.update_id, inbox_t.c.chat_id, inbox_t.c.payload)
                .where(inbox_t.c.handled_at.is_(None))
                .order_by(inbox_t.c.update_id)
            )
            return [Recorded(r.update_id, r.chat_id, r.payload or {}) for r in rows]

    async def waiting_chats(self, largest: int) -> list[int | None]:
        """Chats with updates not yet handled, the longest waiting first."""
        async with self.store.transaction() as conn:
            rows = await conn.execute(
                select(inbox_t.c.chat_id)
                .where(inbox_t.c.handled_at.is_(None))
                .group_by(inbox_t.c.chat_id)
                .order_by(func.min(inbox_t.c.update_id))
                .limit(largest)
            )
            return [None if chat is None else int(chat) for chat in rows.scalars()]

    async def unhandled_of(self, chat: int | None) -> list[Recorded]:
        """One chat's updates not yet handled, in order (read once its lock is held)."""
        same_chat = inbox_t.c.chat_id.is_(None) if chat is None else inbox_t.c.chat_id == chat
        async with self.store.transaction() as conn:
            rows = await conn.execute(
                select(inbox_t.c.update_id, inbox_t.c.chat_id, inbox_t.c.payload)
                .where(inbox_t.c.handled_at.is_(None), same_chat)
                .order_by(inbox_t.c.update_id)
            )
            return [Recorded(r.update_id, r.chat_id, r.payload or {}) for r in rows]

    async def forget_old(self, now: dt.datetime) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                delete(inbox_t).where(
                    inbox_t.c.handled_at.is_not(None),
                    inbox_t.c.received_at < now - REMEMBER_UPDATES,
                )
            )


@dataclass(frozen=True)
class Pending:
    id: int
    chat_id: int
    outgoing: Outgoing
    reminder_id: int | None = None
    """The reminder this message is, whose row records how its sending ended."""


class Outbox:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    async def add(
        conn: AsyncConnection,
        chat_id: int,
        calls: list[Outgoing],
        now: dt.datetime,
        reminder_id: int | None = None,
    ) -> list[Pending]:
        """Write the calls in the caller's transaction; returns them with their ids."""
        written = []
        for call in calls:
            result = await conn.execute(
                insert(outbox_t).returning(outbox_t.c.id),
                {
                    "chat_id": chat_id,
                    "method": call.method,
                    "params": call.params,
                    "created_at": now,
                    "reminder_id": reminder_id,
                },
            )
            written.append(Pending(int(result.scalar_one()), chat_id, call, reminder_id))
        return written

    @staticmethod
    async def say(
        conn: AsyncConnection,
        render: Renderer,
        someone: Someone,
        replies: list[Reply],
        now: dt.datetime,
        *,
        reminder_id: int | None = None,
    ) -> int | None:
        """`replies` to `someone`, rendered by `render` (the outbox's channel's) and
        written in the caller's transaction: how whatever speaks outside a person's own
        turn (a reminder, a case worker told of a block, the operator's command line)
        puts words in the outbox. Returns the chat written to; None when the person's
        channel has no outbox (nothing is written)."""
        chat = chat_id_of(someone)
        if chat is None:
            return None
        await Outbox.add(conn, chat, render(chat, replies, None), now, reminder_id)
        return chat

    async def pending(self, chat_id: int) -> list[Pending]:
        async with self.store.transaction() as conn:
            rows = await conn.execute(
                select(outbox_t.c.id, outbox_t.c.method, outbox_t.c.params, outbox_t.c.reminder_id)
                .where(outbox_t.c.chat_id == chat_id)
                .order_by(outbox_t.c.id)
            )
            return [
                Pending(r.id, chat_id, Outgoing(r.method, r.params), r.reminder_id) for r in rows
            ]

    async def chats_waiting(self, before: dt.datetime | None = None) -> list[int]:
        """Chats with messages to send (written before `before`, if given)."""
        query = select(outbox_t.c.chat_id).distinct()
        if before is not None:
            query = query.where(outbox_t.c.created_at < before)
        async with self.store.transaction() as conn:
            rows = await conn.execute(query)
            return [int(chat) for chat in rows.scalars()]

    async def holds(self, chat_id: int) -> bool:
        """Whether anything waits to be sent to this chat."""
        async with self.store.transaction() as conn:
            found = await conn.execute(
                select(outbox_t.c.id).where(outbox_t.c.chat_id == chat_id).limit(1)
            )
            return found.first() is not None

    async def done(self, ids: list[int]) -> None:
        if ids:
            async with self.store.transaction() as conn:
                await conn.execute(delete(outbox_t).where(outbox_t.c.id.in_(ids)))
