"""/forget: every row about a person goes, in every table that links to them (found from
the schema itself), with a reason of theirs still waiting in a case worker's chat; then
SQLite's write-ahead log is emptied, as soon as no reader holds it, so that their words
leave the files too."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from core.casework import links
from core.casework.schema import caseworker_t, link_t, reminder_t
from core.people import AT_THE_TERMINAL, TELEGRAM, Someone
from core.storage.forgetting import tables_about_a_person
from core.storage.models import (
    PERSON_KEY,
    STAFF,
    InboxUpdate,
    OutboxMessage,
    Person,
    ServiceReport,
)
from core.storage.store import Store
from core.storage.tables import among, outbox_t, person_t
from directory.models import PUBLIC
from flows.conversation import Conversation as ConversationState
from flows.replies import Forget
from tests.conftest import NOW, Chat, onboard
from tests.helpers.databases import only_sqlite


async def rows_about(database: AsyncEngine, someone: Someone) -> dict[str, int]:
    """How many rows of every table in the metadata concern this person."""
    person = Person.__table__  # type: ignore[attr-defined]
    counts = {}
    async with database.connect() as conn:
        person_id = (
            await conn.execute(select(person.c.id).where(among([someone])))
        ).scalar_one_or_none()
        for table in SQLModel.metadata.sorted_tables:
            if table.info.get(PUBLIC) or table.info.get(STAFF):
                continue
            if table is person:
                where = among([someone])
            else:
                by_id = [
                    c
                    for c in table.columns
                    if any(fk.column is person.c.id for fk in c.foreign_keys)
                ]
                by_telegram = [c for c in table.columns if c.info.get(PERSON_KEY)]
                assert by_id or by_telegram, (
                    f"{table.name} has no link to a person: is it personal?"
                )
                where = by_id[0] == person_id if by_id else by_telegram[0] == int(someone.address)
            counts[table.name] = (
                await conn.execute(select(func.count()).where(where).select_from(table))
            ).scalar_one()
    return counts


async def add_casework(conn: AsyncConnection, person_id: int) -> None:
    worker = (
        await conn.execute(
            insert(caseworker_t).returning(caseworker_t.c.id),
            {
                "name": "Sam",
                "organisation": "NGO",
                "invite_expires_at": NOW,
                "person_id": person_id,
            },
        )
    ).scalar_one()
    link = (
        await conn.execute(
            insert(link_t).returning(link_t.c.id),
            {
                "caseworker_id": worker,
                "number": 1,
                "code": f"CODE{person_id}",
                "state": "agreed",
                "created_at": NOW,
                "expires_at": NOW,
                "client_id": person_id,
            },
        )
    ).scalar_one()
    await conn.execute(
        insert(reminder_t).values(
            link_id=link,
            person_id=person_id,
            kind="court",
            event_local="2026-12-01T10:00",
            zone="Europe/London",
            event_at=NOW,
            lead_minutes=120,
            leads="120",
            due_at=NOW,
            state="scheduled",
            attempts=0,
            created_at=NOW,
        )
    )
    await links.missed_code(conn, person_id, NOW)  # a client code that found nothing


async def test_forget_leaves_no_row_about_the_person_in_any_table(chat: Chat, store: Store):
    other = Chat(chat.conversations, Someone(TELEGRAM, "2002"))
    for person in (chat, other):
        await onboard(person)
        # An update not yet handled and a message not yet sent, as Telegram leaves them.
        async with store.engine.begin() as conn:
            await conn.execute(
                insert(InboxUpdate.__table__).values(  # type: ignore[attr-defined]
                    update_id=int(person.someone.address),
                    chat_id=int(person.someone.address),
                    payload={"x": 1},
                    received_at=NOW,
                )
            )
            await conn.execute(
                insert(OutboxMessage.__table__).values(  # type: ignore[attr-defined]
                    chat_id=int(person.someone.address),
                    method="sendMessage",
                    params={"text": "hi"},
                    created_at=NOW,
                )
            )
            # A report that a directory entry is wrong, which the person may have typed into.
            person_id = (await store.load(person.someone, "en", conn)).person_id
            assert person_id is not None
            await conn.execute(
                insert(ServiceReport.__table__).values(  # type: ignore[attr-defined]
                    person_id=person_id,
                    service_id="5273633c-3f36-58d9-ac76-9cb0d779f234",
                    problem="other",
                    note="the door was shut",
                    reported_at=NOW,
                )
            )
            # As a case worker, and as the client of a link with a reminder scheduled.
            await add_casework(conn, person_id)
    before = await rows_about(store.engine, chat.someone)
    assert all(count > 0 for count in before.values()), before
    await chat.send("/forget")
    await chat.tap("Yes, delete everything")
    assert set((await rows_about(store.engine, chat.someone)).values()) == {0}
    assert all(count > 0 for count in (await rows_about(store.engine, other.someone)).values())


async def test_the_terminal_person_is_forgotten_like_anyone(chat: Chat, store: Store):
    """The terminal's person has nothing in Telegram's queues; the rest goes."""
    at_the_terminal = Chat(chat.conversations, AT_THE_TERMINAL)
    await onboard(at_the_terminal)
    async with store.engine.begin() as conn:
        person_id = (await store.load(AT_THE_TERMINAL, "en", conn)).person_id
        assert person_id is not None
        await add_casework(conn, person_id)
    await at_the_terminal.send("/forget")
    await at_the_terminal.tap("Yes, delete everything")
    async with store.engine.connect() as conn:
        for link in tables_about_a_person():
            if not link.by_chat:
                column = link.table.c[link.column]
                found = await conn.execute(select(func.count()).where(column == person_id))
                assert found.scalar_one() == 0, link.table.name
    assert (await store.load(AT_THE_TERMINAL, "en")).person_id is None


def test_every_table_that_links_to_a_person_is_found_from_the_metadata():
    linked = {link.table.name for link in tables_about_a_person()}
    private = {
        t.name
        for t in SQLModel.metadata.sorted_tables
        if not t.info.get(PUBLIC) and not t.info.get(STAFF)
    }
    assert linked == private - {"person"}
    assert "service_report" in linked


async def person_row(conn: AsyncConnection, chat: int) -> int:
    result = await conn.execute(
        insert(person_t).returning(person_t.c.id),
        {
            "channel": "telegram",
            "address": str(chat),
            "locale": "en",
            "first_seen": NOW,
            "last_seen": NOW,
        },
    )
    return int(result.scalar_one())


async def a_reason_given(conn: AsyncConnection, worker: int, client: int, reason: str) -> None:
    """A case worker's link to a client, and a reminder the client answered with a reason."""
    row = {"name": "Sam", "organisation": "NGO", "invite_expires_at": NOW, "person_id": worker}
    caseworker = await conn.execute(insert(caseworker_t).returning(caseworker_t.c.id), row)
    link = await conn.execute(
        insert(link_t).returning(link_t.c.id),
        {
            "caseworker_id": caseworker.scalar_one(),
            "number": 1,
            "code": "REASON1",
            "state": "agreed",
            "created_at": NOW,
            "expires_at": NOW,
            "client_id": client,
        },
    )
    await conn.execute(
        insert(reminder_t).values(
            link_id=link.scalar_one(),
            person_id=client,
            kind="court",
            event_local="2026-12-01T10:00",
            zone="Europe/London",
            event_at=NOW,
            lead_minutes=120,
            leads="120",
            due_at=NOW,
            state="answered",
            answer="no",
            reason=reason,
            created_at=NOW,
        )
    )


async def test_a_reason_still_waiting_for_the_case_worker_goes_with_the_client(store: Store):
    """Sent or not, the message carrying a client's reason is the client's words."""
    reason = "The bus is not running"
    async with store.transaction() as conn:
        worker, client = await person_row(conn, 7001), await person_row(conn, 7002)
        await a_reason_given(conn, worker, client, reason)
        for text in (f"J.S. says why: {reason}", "Someone else agreed to your reminders."):
            params = {"chat_id": 7001, "text": text}
            row = {"chat_id": 7001, "method": "sendMessage", "params": params, "created_at": NOW}
            await conn.execute(insert(outbox_t), row)
    client_someone = Someone(TELEGRAM, "7002")
    loaded = await store.load(client_someone, "en")
    await store.save(client_someone, loaded, ConversationState(), [Forget()], now=NOW)
    async with store.transaction() as conn:
        left = (await conn.execute(select(outbox_t.c.params))).scalars().all()
    assert [p["text"] for p in left] == ["Someone else agreed to your reminders."]


async def a_write(store: Store, chat: int) -> None:
    async with store.transaction() as conn:
        await person_row(conn, chat)


def wal_size(folder: Path) -> int:
    return (folder / "onward.db-wal").stat().st_size


class Tries(list[bool]):
    """What each of the tidier's checkpoints returned, as it goes."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.first = asyncio.Event()
        checkpoint = store.wal.checkpoint

        async def counted() -> bool:
            self.append(await checkpoint())
            self.first.set()
            return self[-1]

        store.wal.checkpoint = counted  # type: ignore[method-assign]


async def held_up_by_a_reader(store: Store, tries: Tries) -> None:
    """After a /forget, the tidier's first checkpoint fails: a reader still reads the
    database as it was before the last write."""
    await a_write(store, 8001)
    async with store.engine.connect() as reader:
        await reader.exec_driver_sql("BEGIN")
        await reader.exec_driver_sql("SELECT count(*) FROM person")
        await a_write(store, 8002)
        store.after_forget()
        assert store.tidying is not None
        await asyncio.wait_for(tries.first.wait(), 30)
        assert tries == [False]
        await reader.rollback()


@only_sqlite
async def test_the_wal_is_emptied_after_forget_once_no_reader_holds_it(
    store: Store, tmp_path: Path
):
    tries = Tries(store)
    await held_up_by_a_reader(store, tries)
    tidying = store.tidying
    assert tidying is not None
    await asyncio.wait_for(tidying, 30)  # tried again until it could
    assert tries[-1] is True
    assert store.tidying is None
    assert wal_size(tmp_path) == 0


@only_sqlite
async def test_closing_the_store_empties_the_wal_it_was_still_waiting_to(
    store: Store, tmp_path: Path
):
    tries = Tries(store)
    await held_up_by_a_reader(store, tries)
    assert wal_size(tmp_path) > 0
    await store.close()
    assert tries == [False, True]
    assert store.tidying is None
    assert wal_size(tmp_path) == 0
