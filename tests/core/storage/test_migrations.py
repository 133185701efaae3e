"""Revision 0007 turns every person's Telegram id into (channel, address) and keeps
every row: a database at 0006 with rows in every table about a person is upgraded, still
holds them all with the right foreign keys, and /forget still finds everything. Going
back restores the Telegram ids, and is refused while anyone is on another channel.
Revision 0005 numbers each case worker's existing links and keeps every reminder. Every
revision goes up and down again, one at a time, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from core.people import AT_THE_TERMINAL, TELEGRAM, Someone
from core.storage.engine import alembic_config, create_engine, upgrade
from core.storage.forgetting import tables_about_a_person
from core.storage.store import Store
from flows.conversation import Conversation
from flows.replies import Forget
from tests.conftest import NOW
from tests.helpers.databases import Databases, sync_engine

AT = "2026-03-20 09:00:00"
# Two people, each with rows in every table about a person. 5101 is the case worker of
# 5102 and of themselves (so a row of one can point at the other).
PEOPLE = {1: 5101, 2: 5102}
ROWS = {
    "conversation": [
        "INSERT INTO conversation (person_id, state, data, updated_at) "
        f"VALUES ({{p}}, 'menu', '{{{{}}}}', '{AT}')"
    ],
    "consent": [
        "INSERT INTO consent (person_id, kind, version, given_at) "
        f"VALUES ({{p}}, 'privacy', 1, '{AT}')"
    ],
    "service_report": [
        "INSERT INTO service_report (person_id, service_id, problem, note, reported_at) "
        f"VALUES ({{p}}, 'svc-{{p}}', 'closed', 'door shut', '{AT}')"
    ],
    "caseworker": [
        "INSERT INTO caseworker (id, name, organisation, invite_expires_at, person_id, "
        f"last_number) VALUES ({{p}}, 'W{{p}}', 'Org', '{AT}', {{p}}, 1)"
    ],
    "client_link": [
        "INSERT INTO client_link (id, number, caseworker_id, code, state, created_at, "
        f"expires_at, client_id, opened) VALUES ({{p}}, {{p}}, 1, 'CODE{{p}}', 'agreed', '{AT}', "
        f"'{AT}', {{p}}, 1)"
    ],
    "reminder": [
        "INSERT INTO reminder (link_id, person_id, kind, event_local, zone, event_at, "
        "lead_minutes, leads, due_at, state, attempts, created_at) VALUES ({p}, {p}, "
        f"'court', '2026-03-25T10:00', 'UTC', '{AT}', 120, '120', '{AT}', 'scheduled', 0, '{AT}')"
    ],
    "code_attempt": [f"INSERT INTO code_attempt (person_id, at) VALUES ({{p}}, '{AT}')"],
    "inbox": [
        "INSERT INTO inbox (update_id, chat_id, payload, received_at) "
        f"VALUES ({{p}}, {{chat}}, '{{{{}}}}', '{AT}')"
    ],
    "outbox": [
        "INSERT INTO outbox (chat_id, method, params, created_at) "
        f"VALUES ({{chat}}, 'sendMessage', '{{{{}}}}', '{AT}')"
    ],
}
CHANGED = {"person"}  # the one table 0007 rewrites; the others must come through as they were


class Database:
    """A database the test writes to and reads from as an operator's SQL would."""

    def __init__(self, url: str) -> None:
        self.url, self.engine = url, sync_engine(url)
        self.sqlite = self.engine.dialect.name == "sqlite"

    def execute(self, statement: str, **values: Any) -> list[tuple[Any, ...]]:
        with self.engine.begin() as conn:
            result = conn.execute(sa.text(statement), values)
            return [tuple(row) for row in result] if result.returns_rows else []

    def sound(self) -> None:
        """Every foreign key points at a row (PostgreSQL never lets one not)."""
        if self.sqlite:
            assert self.execute("PRAGMA foreign_key_check") == []
            assert self.execute("PRAGMA integrity_check") == [("ok",)]

    def ids_from(self, table: str, after: int) -> None:
        """Ids as they would be had the rows written with their own ids been written
        without: PostgreSQL's sequences, unlike SQLite, do not look at the rows."""
        if not self.sqlite:
            self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {after})")


@pytest.fixture
def old(databases: Databases) -> Iterator[tuple[str, Database]]:
    """A database at 0006 (the head before people had channels), full of rows."""
    url = databases.url("old")
    upgrade(url, "0006")
    db = Database(url)
    for person_id, chat in PEOPLE.items():
        db.execute(
            "INSERT INTO person (id, telegram_id, locale, first_seen, last_seen) "
            f"VALUES ({person_id}, {chat}, 'en', '{AT}', '{AT}')"
        )
    for statements in ROWS.values():
        for person_id, chat in PEOPLE.items():
            for statement in statements:
                db.execute(statement.format(p=person_id, chat=chat))
    for table in ("person", "caseworker", "client_link"):  # written with their ids
        db.ids_from(table, len(PEOPLE))
    yield url, db
    db.engine.dispose()


def every_row(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table about a person, person excepted, in a fixed order."""
    tables = sorted({link.table.name for link in tables_about_a_person()})
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1") for t in tables}


def people(db: Database) -> list[tuple[object, ...]]:
    return db.execute("SELECT id, channel, address, locale FROM person ORDER BY id")


def test_every_revision_goes_up_and_down_again_one_at_a_time(databases: Databases):
    url = databases.url("steps")
    config = alembic_config(url)
    revisions = [
        r.revision for r in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))
    ]
    engine = sync_engine(url)
    try:
        for revision in revisions:
            command.upgrade(config, revision)
        made = set(sa.inspect(engine).get_table_names())
        for revision in reversed(revisions[:-1]):
            command.downgrade(config, revision)
        command.downgrade(config, "base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(url)
        assert set(sa.inspect(engine).get_table_names()) == made
    finally:
        engine.dispose()


def test_every_table_about_a_person_has_rows_to_carry(old: tuple[str, Database]):
    """A table added later must get rows above, or the upgrade below proves nothing."""
    _, db = old
    assert set(every_row(db)) == set(ROWS)
    assert all(len(rows) == len(PEOPLE) for rows in every_row(db).values())


def test_the_upgrade_keeps_every_row_with_its_channel_and_address(
    old: tuple[str, Database],
):
    url, db = old
    before = every_row(db)
    upgrade(url)
    assert people(db) == [(1, TELEGRAM, "5101", "en"), (2, TELEGRAM, "5102", "en")]
    assert every_row(db) == before
    db.sound()
    columns = {column["name"] for column in sa.inspect(db.engine).get_columns("person")}
    assert "telegram_id" not in columns
    with pytest.raises(sa.exc.IntegrityError):  # one person per channel and address
        db.execute(
            "INSERT INTO person (channel, address, locale, first_seen, last_seen) "
            f"VALUES ('telegram', '5101', 'en', '{AT}', '{AT}')"
        )


async def test_forget_finds_everything_after_the_upgrade(old: tuple[str, Database]):
    url, db = old
    upgrade(url)
    database = create_engine(url)
    try:
        store = Store(database)
        client = Someone(TELEGRAM, "5102")
        loaded = await store.load(client, "en")
        assert loaded.person_id == 2
        assert loaded.profile.consented
        await store.save(client, loaded, Conversation(), [Forget()], now=NOW)
    finally:
        await database.dispose()
    assert people(db) == [(1, TELEGRAM, "5101", "en")]
    left = every_row(db)
    assert all(len(rows) == 1 for rows in left.values()), left
    assert db.execute("SELECT chat_id FROM outbox") == [(5101,)]
    assert db.execute("SELECT person_id FROM conversation") == [(1,)]
    db.sound()


def test_going_back_restores_telegram_ids_and_up_again(old: tuple[str, Database]):
    url, db = old
    before = every_row(db)
    upgrade(url)
    command.downgrade(alembic_config(url), "0006")
    assert db.execute("SELECT id, telegram_id FROM person ORDER BY id") == [
        (1, 5101),
        (2, 5102),
    ]
    assert every_row(db) == before
    upgrade(url)
    assert people(db) == [(1, TELEGRAM, "5101", "en"), (2, TELEGRAM, "5102", "en")]
    assert every_row(db) == before
    db.sound()


def test_going_back_is_refused_while_someone_is_on_another_channel(
    old: tuple[str, Database],
):
    url, db = old
    upgrade(url)
    db.execute(
        "INSERT INTO person (channel, address, locale, first_seen, last_seen) "
        f"VALUES ('{AT_THE_TERMINAL.channel}', '{AT_THE_TERMINAL.address}', 'en', '{AT}', '{AT}')"
    )
    before = (people(db), every_row(db))
    with pytest.raises(RuntimeError, match="1 on terminal"):
        command.downgrade(alembic_config(url), "0006")
    # Refused at 0007: on PostgreSQL the whole downgrade is one transaction and stays at
    # head; on SQLite each step commits alone, so those above 0007 (changing nothing on
    # SQLite) are undone.
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    [(revision,)] = db.execute("SELECT version_num FROM alembic_version")
    assert revision == (head if not db.sqlite else "0007")
    assert (people(db), every_row(db)) == before


def test_revision_0005_numbers_existing_links_and_keeps_every_row(databases: Databases):
    url = databases.url("0004")
    upgrade(url, "0004")
    db = Database(url)
    at = "2026-03-20 09:00:00"
    db.execute("INSERT INTO person (id, telegram_id, locale, first_seen, last_seen) "
               f"VALUES (1, 11, 'en', '{at}', '{at}')")  # fmt: skip
    for cw in (1, 2):
        db.execute("INSERT INTO caseworker (id, name, organisation, invite_expires_at) "
                   f"VALUES ({cw}, 'W{cw}', 'Org', '{at}')")  # fmt: skip
    for link, cw in ((1, 1), (2, 2), (3, 1), (5, 1)):
        db.execute("INSERT INTO client_link (id, caseworker_id, code, state, created_at, "
                   f"expires_at, client_id) VALUES ({link}, {cw}, 'C{link}', 'agreed', "
                   f"'{at}', '{at}', 1)")  # fmt: skip
    db.execute("INSERT INTO reminder (id, link_id, person_id, kind, event_local, zone, "
               "event_at, lead_minutes, leads, due_at, state, attempts, created_at) VALUES "
               f"(7, 5, 1, 'court', '2026-03-25T10:00', 'UTC', '{at}', 120, '120', '{at}', "
               f"'scheduled', 0, '{at}')")  # fmt: skip
    db.ids_from("reminder", 7)
    upgrade(url)
    numbers = db.execute("SELECT id, number FROM client_link ORDER BY id")
    assert numbers == [(1, 1), (2, 1), (3, 2), (5, 3)]
    counters = db.execute("SELECT id, last_number FROM caseworker ORDER BY id")
    assert counters == [(1, 3), (2, 1)]
    assert db.execute("SELECT id, link_id, state FROM reminder") == [(7, 5, "scheduled")]
    db.execute("DELETE FROM reminder")
    db.execute(
        "INSERT INTO reminder (person_id, kind, event_local, zone, event_at, lead_minutes, "
        f"leads, due_at, state, attempts, created_at) VALUES (1, 'self', 'x', 'UTC', '{at}', "
        f"1, '1', '{at}', 'scheduled', 0, '{at}')"
    )
    assert db.execute("SELECT id FROM reminder") == [(8,)]  # 7 is never reused
    db.engine.dispose()
