"""Nobody reached by mistake: consent to Onward before any link, numbers a case worker
types that never come to mean someone else, limits on guessing codes, and the operator
suspending or removing a case worker."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import delete, func, select

from cli import reminders as reminders_cli
from cli.main import parser
from core.casework import links, reminders, schema, texts
from core.casework.requests import Tap, command
from core.settings import Settings
from core.storage.engine import upgrade
from core.storage.tables import outbox_t, person_t
from flows.engine import Engine
from tests.helpers.casework import ask
from tests.helpers.world import World, link_id, link_number

CW, CW2, ANA, BEN, EVE = 400, 401, 402, 403, 404


async def say(world: World, engine: Engine, chat: int, text: str) -> list[str]:
    """A case-work command, through the same core every channel runs, on the real store."""
    typed = command(text)
    assert typed is not None
    return await ask(world.store, engine, world.clock.now, chat, typed)


async def tap(world: World, engine: Engine, chat: int, data: str) -> list[str]:
    return await ask(world.store, engine, world.clock.now, chat, Tap(data))


async def forget(world: World, person_id: int) -> None:
    async with world.store.transaction() as conn:
        await conn.execute(delete(person_t).where(person_t.c.id == person_id))


# -- consent -----------------------------------------------------------------------
async def test_agreeing_needs_consent_to_onward_in_the_same_statement(world: World):
    cw, _ = await world.new_caseworker(CW)
    never = await world.person(EVE, consented=False)
    code = await world.link(cw, None)
    async with world.store.transaction() as conn:
        assert await links.offer(conn, code, never, world.clock.now) is None
        assert await links.decide(conn, code, never, True, world.clock.now) is None
        state = (
            await conn.execute(select(schema.link_t.c.state, schema.link_t.c.client_id))
        ).one()
    assert tuple(state) == (schema.OFFERED, None)


# -- numbers -----------------------------------------------------------------------
async def test_a_client_number_is_never_given_to_another_client_after_a_forget(world: World):
    cw, _ = await world.new_caseworker(CW)
    other, _ = await world.new_caseworker(CW2)
    ana, ben = await world.person(ANA), await world.person(BEN)
    first = await link_number(world, await world.link(cw, ana))
    await forget(world, ana)
    second = await link_number(world, await world.link(cw, ben))
    assert (first, second) == (1, 2)
    assert await link_number(world, await world.link(other, None)) == 1  # each their own
    async with world.store.transaction() as conn:
        assert await links.agreed_client(conn, cw, first, None) is None  # not Ben
        found = await links.agreed_client(conn, cw, second, None)
        assert found is not None
        assert found.person_id == ben


async def test_a_reminder_number_is_never_reused_after_a_forget(world: World):
    cw, _ = await world.new_caseworker(CW)
    ana, ben = await world.person(ANA), await world.person(BEN)
    ana_link = await link_id(world, await world.link(cw, ana))
    ben_link = await link_id(world, await world.link(cw, ben))
    anas = await world.schedule(cw, ana_link, dt.datetime(2026, 3, 25, 14, 30))
    await forget(world, ana)
    bens = await world.schedule(cw, ben_link, dt.datetime(2026, 3, 26, 14, 30))
    assert min(bens) > max(anas)
    async with world.store.transaction() as conn:
        assert await reminders.cancel(conn, cw, max(anas), world.clock.now) is False


async def test_the_migration_numbers_existing_links_and_keeps_every_row(tmp_path: Path):
    path = tmp_path / "old.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url, "0004")
    db = sqlite3.connect(path)
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
    db.commit()
    upgrade(url)
    numbers = db.execute("SELECT id, number FROM client_link ORDER BY id").fetchall()
    assert numbers == [(1, 1), (2, 1), (3, 2), (5, 3)]
    counters = db.execute("SELECT id, last_number FROM caseworker ORDER BY id").fetchall()
    assert counters == [(1, 3), (2, 1)]
    assert db.execute("SELECT id, link_id, state FROM reminder").fetchall() == [
        (7, 5, "scheduled")
    ]
    db.execute("DELETE FROM reminder")
    db.execute(
        "INSERT INTO reminder (person_id, kind, event_local, zone, event_at, lead_minutes, "
        f"leads, due_at, state, attempts, created_at) VALUES (1, 'self', 'x', 'UTC', '{at}', "
        f"1, '1', '{at}', 'scheduled', 0, '{at}')"
    )
    assert db.execute("SELECT id FROM reminder").fetchall() == [(8,)]  # 7 is never reused
    db.close()


# -- guessing ----------------------------------------------------------------------
async def test_wrong_codes_make_a_person_wait_and_a_passed_around_code_locks(
    world: World, engine: Engine
):
    cw, _ = await world.new_caseworker(CW)
    await world.person(EVE)
    code = await world.link(cw, None)
    for guess in ("AAAAAAAA", "BBBBBBBB", "not a code", "CCCCCCCC"):
        assert await say(world, engine, EVE, f"/link {guess}") != []
    assert await tap(world, engine, EVE, "lk:DDDDDDDD:y") == [texts.LINK_GONE]
    refused = await tap(world, engine, EVE, f"lk:{code}:y")  # even the right one, for now
    assert refused == [texts.TOO_MANY_TRIES.format(minutes=15)]
    world.clock.now += schema.MISS_WINDOW
    assert await say(world, engine, EVE, f"/link {code}") != [texts.LINK_GONE]
    for _ in range(schema.MAX_OPENS):
        await say(world, engine, EVE, f"/link {code}")
    assert await tap(world, engine, EVE, f"lk:{code}:y") == [texts.LINK_GONE]
    async with world.store.transaction() as conn:
        old = world.clock.now - schema.MISS_WINDOW
        kept = await conn.execute(select(func.count()).where(schema.attempt_t.c.at <= old))
        assert kept.scalar_one() == 0  # pruned as new ones come


# -- the operator ------------------------------------------------------------------
async def _cli(world: World, *words: str) -> int:
    url = str(world.store.engine.url)
    return await reminders_cli.run(parser().parse_args(list(words)), Settings(database_url=url))


async def test_a_suspended_case_worker_sends_nothing_and_their_clients_are_told(
    world: World, engine: Engine, capsys
):
    cw, _ = await world.new_caseworker(CW)
    ana = await world.person(ANA, "ar")
    ben = await world.person(BEN, "ru")
    ana_link = await link_id(world, await world.link(cw, ana))
    await world.link(cw, ben)
    await world.schedule(cw, ana_link, dt.datetime(2026, 3, 20, 13, 0))  # due now

    assert await _cli(world, "caseworkers", "suspend", str(cw)) == 0
    world.clock.now = dt.datetime(2026, 3, 20, 11, 30, tzinfo=dt.UTC)  # it would be due
    assert await world.scheduler.tick() == 0  # nothing of theirs is claimed or sent
    assert world.sent_to(ANA) == []
    async with world.store.transaction() as conn:
        told = {
            r.chat_id: r.params["text"]
            for r in await conn.execute(select(outbox_t.c.chat_id, outbox_t.c.params))
        }
    for chat, locale in ((ANA, "ar"), (BEN, "ru")):
        t = engine.catalogs.translator(locale)
        expected = t.gettext(texts.CASEWORKER_PAUSED)
        assert told[chat] == expected.format(name="Sam Taylor", organisation="Reentry Project")
        assert told[chat] != texts.CASEWORKER_PAUSED  # in their language
    assert await say(world, engine, CW, "/clients") == [texts.CW_SUSPENDED]
    assert await say(world, engine, CW, "/remind 1 2026-04-01 10:00 court") == [texts.CW_SUSPENDED]
    capsys.readouterr()
    assert await _cli(world, "caseworkers", "list") == 0
    assert "suspended" in capsys.readouterr().out

    assert await _cli(world, "caseworkers", "resume", str(cw)) == 0
    assert (await say(world, engine, CW, "/remind 1 2026-04-01 10:00 court"))[0].startswith(
        "Scheduled for J.S."
    )


async def test_removing_a_case_worker_asks_for_yes_then_deletes_their_links(world: World, capsys):
    cw, _ = await world.new_caseworker(CW)
    ana = await world.person(ANA)
    await world.schedule(
        cw,
        await link_id(world, await world.link(cw, ana)),
        world.clock.now.replace(tzinfo=None) + dt.timedelta(days=3),
    )
    assert await _cli(world, "caseworkers", "remove", str(cw)) == 1
    out = capsys.readouterr().out
    assert "1 client link(s)" in out
    assert "--yes" in out
    async with world.store.transaction() as conn:
        assert (
            await conn.execute(select(func.count()).select_from(schema.link_t))
        ).scalar_one() == 1
    assert await _cli(world, "caseworkers", "remove", str(cw), "--yes") == 0
    async with world.store.transaction() as conn:
        for table in (schema.caseworker_t, schema.link_t, schema.reminder_t):
            assert (await conn.execute(select(func.count()).select_from(table))).scalar_one() == 0
        assert (await conn.execute(select(outbox_t.c.chat_id))).scalars().all() == [ANA]
