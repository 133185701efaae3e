from __future__ import annotations

from alembic import command
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from core.casework import links
from core.casework.schema import caseworker_t, link_t, reminder_t
from core.people import AT_THE_TERMINAL, TELEGRAM, Someone
from core.storage.engine import alembic_config
from core.storage.forgetting import tables_about_a_person
from core.storage.models import PERSON_KEY, InboxUpdate, OutboxMessage, Person, ServiceReport
from core.storage.store import Store
from core.storage.tables import among
from directory.models import PUBLIC
from tests.conftest import NOW, Chat, onboard


async def rows_about(database: AsyncEngine, someone: Someone) -> dict[str, int]:
    """How many rows of every table in the metadata concern this person."""
    person = Person.__table__  # type: ignore[attr-defined]
    counts = {}
    async with database.connect() as conn:
        person_id = (
            await conn.execute(select(person.c.id).where(among([someone])))
        ).scalar_one_or_none()
        for table in SQLModel.metadata.sorted_tables:
            if table.info.get(PUBLIC):
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


async def test_the_same_address_on_two_channels_is_two_people(chat: Chat, store: Store):
    """A terminal's person and a Telegram user whose address reads the same are apart:
    each has their own conversation, and one forgetting leaves the other."""
    lookalike = Chat(chat.conversations, Someone("terminal", chat.someone.address))
    for person in (chat, lookalike):
        await onboard(person)
    await lookalike.send("/forget")
    await lookalike.tap("Yes, delete everything")
    assert (await store.load(lookalike.someone, "en")).person_id is None
    assert (await store.load(chat.someone, "en")).profile.consented


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
    private = {t.name for t in SQLModel.metadata.sorted_tables if not t.info.get(PUBLIC)}
    assert linked == private - {"person"}
    assert "service_report" in linked


def test_migrations_from_empty_to_head_match_the_models(database_url: str):
    command.check(alembic_config(database_url))  # raises when a model differs from head


async def test_a_new_person_is_stored_only_with_what_the_flow_needs(chat: Chat, store: Store):
    chat.language_code = "ru"
    await chat.send("hi")
    loaded = await store.load(chat.someone, "en")
    assert loaded.profile.locale == "ru"
    assert (loaded.profile.role, loaded.profile.region, loaded.profile.consented) == (
        None,
        None,
        False,
    )
    assert loaded.conversation.answers == {}


async def test_a_turn_that_fails_half_way_writes_nothing(chat: Chat, store: Store, monkeypatch):
    await chat.send("hello")
    before = await store.load(chat.someone, "en")

    def broken_dump(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("flows.conversation.Conversation.dump", broken_dump)
    newcomer = Chat(chat.conversations, Someone(TELEGRAM, "3003"))
    for person in (chat, newcomer):
        try:
            await person.send("/start")
        except RuntimeError:
            pass
        else:
            raise AssertionError("the failure did not reach the caller")
    monkeypatch.undo()
    assert (await store.load(newcomer.someone, "en")).person_id is None
    after = await store.load(chat.someone, "en")
    assert after.conversation == before.conversation
    await chat.send("hello")  # the pool's connections are still good
