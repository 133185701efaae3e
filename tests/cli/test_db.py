"""`onward db copy`, as an operator moving from SQLite to PostgreSQL runs it: every row
of every table comes across with its ids, in one transaction; ids are never given twice
afterwards; the directory can be searched there; Onward knows everyone on the copy. A
target that holds people, or is not migrated, is refused in one sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from cli.db import DERIVED
from cli.main import main
from core.app import open_app
from core.casework import caseworkers, links, reminders
from core.people import TELEGRAM, Someone
from core.settings import Settings
from core.storage.engine import create_engine, upgrade
from core.storage.models import as_utc
from core.storage.store import Store
from core.storage.tables import consent_t, inbox_t, outbox_t, person_t, report_t
from directory.geo import Point
from directory.search import Directory, Query
from directory.tables import search_t, table_of
from flows.engine import Engine
from tests.conftest import NOW, Chat, onboard
from tests.helpers.cli import onward
from tests.helpers.databases import sync_engine

PEOPLE = (6101, 6102, 6103)
CASEWORKER, CLIENT = PEOPLE[0], PEOPLE[1]


async def casework(store: Store) -> None:
    """A case worker, an agreed client, a weekly appointment's reminders."""
    ids = {}
    async with store.transaction() as conn:
        for chat in PEOPLE:
            found = await conn.execute(
                sa.select(person_t.c.id).where(person_t.c.address == str(chat))
            )
            ids[chat] = found.scalar_one()
        token = await caseworkers.invite(conn, "Sam Taylor", "Reentry Project", NOW)
        joined = await caseworkers.join(conn, token, ids[CASEWORKER], NOW)
        assert joined is not None
        code, _ = await links.new_link(conn, joined["id"], "J.S.", NOW)
        assert await links.decide(conn, code, ids[CLIENT], True, NOW)
        client = await links.agreed_client(conn, joined["id"], 1, None)
        assert client is not None
        when = dt.datetime(2026, 12, 1, 10, 0)
        appointment = reminders.Appointment("court", when, None, None)
        await reminders.schedule(conn, reminders.reminder_rows(client, appointment, NOW))
        await conn.execute(
            sa.insert(report_t),
            {"person_id": ids[CLIENT], "service_id": "x", "problem": "other", "note": "shut",
             "reported_at": NOW},
        )  # fmt: skip


async def queues(store: Store) -> None:
    """An update still to handle; messages waiting, one sent and gone (its id is spent)."""
    async with store.transaction() as conn:
        await conn.execute(
            sa.insert(inbox_t),
            {"update_id": 900, "chat_id": CLIENT, "payload": {"x": 1}, "received_at": NOW},
        )
        for text in ("sent already", "still to send", "and this"):
            row = {"chat_id": CLIENT, "method": "sendMessage", "params": {"text": text},
                   "created_at": NOW}  # fmt: skip
            await conn.execute(sa.insert(outbox_t), row)
        spent = await conn.execute(sa.select(sa.func.max(outbox_t.c.id)))
        await conn.execute(sa.delete(outbox_t).where(outbox_t.c.id == spent.scalar_one()))


@pytest.fixture
async def sqlite_url(tmp_path: Path, engine: Engine) -> str:
    """An SQLite database Onward has served: the bundled directory, three people who
    agreed to the privacy notice, case work with reminders, and both queues."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'onward.db'}"
    app = await open_app(Settings(database_url=url), engine)
    try:
        for chat in PEOPLE:
            await onboard(Chat(app.conversations, Someone(TELEGRAM, str(chat))))
        await casework(app.conversations.store)
        await queues(app.conversations.store)
    finally:
        await app.close()
    return url


def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every copied table's rows, times as UTC, in the order of their keys."""
    engine = sync_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(as_utc(v) if isinstance(v, dt.datetime) else v for v in row)
                    for row in conn.execute(sa.select(table).order_by(*table.primary_key))
                ]
                for table in SQLModel.metadata.sorted_tables
                if table.name not in DERIVED
            }
    finally:
        engine.dispose()


async def found_by_words(database: AsyncEngine) -> set[str]:
    query = Query(now=NOW, text="food", near=Point(53.4808, -2.2426))  # in Manchester
    return {hit.service_id for hit in await Directory(database).search(query)}


def count(url: str, statement: Any) -> int:
    engine = sync_engine(url)
    try:
        with engine.begin() as conn:
            return int(conn.execute(statement).scalar_one())
    finally:
        engine.dispose()


def test_sqlite_is_copied_into_postgresql_with_every_row(
    sqlite_url: str, postgres_url: str, tmp_path: Path
):
    before = every_row(sqlite_url)
    for table in (
        "person",
        "conversation",
        "consent",
        "caseworker",
        "client_link",
        "reminder",
        "inbox",
        "outbox",
        "service_report",
        "service",
        "location",
    ):
        assert before[table], f"nothing in {table} to copy: the test proves nothing"  # fmt: skip
    copied = onward("db", "copy", "--from", sqlite_url, "--to", postgres_url, cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert "3 people" in copied.stdout
    assert every_row(postgres_url) == before
    assert count(postgres_url, sa.select(sa.func.count()).select_from(search_t)) == count(
        sqlite_url, sa.select(sa.func.count()).select_from(search_t)
    )


async def test_on_the_copy_ids_go_on_and_everyone_is_known(
    sqlite_url: str, postgres_url: str, tmp_path: Path
):
    highest_outbox = count(
        sqlite_url, sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
    )
    copied = onward("db", "copy", "--from", sqlite_url, "--to", postgres_url, cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    database = create_engine(postgres_url)
    try:
        store = Store(database)
        async with store.transaction() as conn:
            new = await conn.execute(
                sa.insert(outbox_t).returning(outbox_t.c.id),
                {"chat_id": 1, "method": "sendMessage", "params": {}, "created_at": NOW},
            )
            assert new.scalar_one() == highest_outbox + 1  # the spent id is not given again
            consents = await conn.execute(sa.select(sa.func.max(consent_t.c.id)))
            more = await conn.execute(
                sa.insert(consent_t).returning(consent_t.c.id),
                {"person_id": 1, "kind": "privacy", "version": 1, "given_at": NOW},
            )
            assert more.scalar_one() == consents.scalar_one() + 1
        # The directory's words searchable there: the same services found as on SQLite.
        found = await found_by_words(database)
        assert found
        source = create_engine(sqlite_url)
        try:
            assert found == await found_by_words(source)
        finally:
            await source.dispose()
        for chat in PEOPLE:
            loaded = await store.load(Someone(TELEGRAM, str(chat)), "fr")
            assert loaded.person_id is not None
            assert loaded.profile.locale == "en"
            assert loaded.profile.consented
    finally:
        await database.dispose()


def test_a_target_that_holds_people_is_refused_and_left_alone(
    sqlite_url: str, postgres_url: str, tmp_path: Path
):
    assert (
        onward("db", "copy", "--from", sqlite_url, "--to", postgres_url, cwd=tmp_path).returncode
        == 0
    )
    before = every_row(postgres_url)
    again = onward("db", "copy", "--from", sqlite_url, "--to", postgres_url, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.strip().endswith("already holds 3 people, and a copy would mix two "
        "services' people: copy only into a new database; nothing was copied.")  # fmt: skip
    assert "Traceback" not in again.stderr
    assert every_row(postgres_url) == before


def test_a_target_not_migrated_is_refused(
    sqlite_url: str, empty_postgres_url: str, capsys: pytest.CaptureFixture[str]
):
    assert main(["db", "copy", "--from", sqlite_url, "--to", empty_postgres_url]) == 1
    said = capsys.readouterr().err
    assert said.startswith("The database to copy to is not migrated to the same revision (none,")
    assert "onward db upgrade" in said
    assert len(said.strip().splitlines()) == 1


def test_a_row_that_does_not_fit_leaves_the_target_as_it_was(
    sqlite_url: str, postgres_url: str, capsys: pytest.CaptureFixture[str]
):
    """SQLite keeps text longer than its column says; PostgreSQL refuses it, late in the
    copy: everything written before goes too."""
    engine = sync_engine(sqlite_url)
    with engine.begin() as conn:
        service = table_of("service")
        first = conn.execute(sa.select(service.c.id).limit(1)).scalar_one()
        conn.execute(sa.update(report_t).values(problem="x" * 40, service_id=first))
    engine.dispose()
    before = every_row(postgres_url)
    assert main(["db", "copy", "--from", sqlite_url, "--to", postgres_url]) == 1
    said = capsys.readouterr().err
    assert said.startswith("A row of table service_report does not fit the database copied to")
    assert "nothing was copied" in said
    assert every_row(postgres_url) == before


def test_back_from_postgresql_to_sqlite_every_row_is_the_same(
    sqlite_url: str, postgres_url: str, tmp_path: Path
):
    """Any two databases: the copy on PostgreSQL copied again into a new SQLite file."""
    assert (
        onward("db", "copy", "--from", sqlite_url, "--to", postgres_url, cwd=tmp_path).returncode
        == 0
    )
    back = f"sqlite+aiosqlite:///{tmp_path / 'back.db'}"
    upgrade(back)
    copied = onward("db", "copy", "--from", postgres_url, "--to", back, cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert every_row(back) == every_row(sqlite_url)
    spent = "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"
    assert count(back, sa.text(spent)) == count(sqlite_url, sa.text(spent))
