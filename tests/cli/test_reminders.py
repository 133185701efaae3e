"""`onward caseworkers` and `onward reminders`, as the operator runs them: a one-time
invitation, a case worker suspended (their clients told, in their own languages, and
nothing of theirs sent) and resumed, and removed only when the operator says --yes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from cli import reminders as reminders_cli
from cli.main import main, parser
from core.casework import schema, texts
from core.casework.requests import command
from core.settings import Settings, get_settings
from core.storage.tables import outbox_t
from flows.engine import Engine
from tests.helpers.casework import ask
from tests.helpers.databases import Databases
from tests.helpers.world import World, link_id

CW, ANA, BEN = 400, 402, 403


async def say(world: World, engine: Engine, chat: int, text: str) -> list[str]:
    """A case-work command, through the same core every channel runs, on the real store."""
    typed = command(text)
    assert typed is not None
    return await ask(world.store, engine, world.clock.now, chat, typed)


def test_the_invite_command_prints_a_one_time_link(
    tmp_path: Path, databases: Databases, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", databases.url("cli"))
    monkeypatch.setenv("BOT_USERNAME", "OnwardNgoBot")
    get_settings.cache_clear()
    try:
        assert main(["caseworkers", "invite", "--name", "Sam Taylor", "--org", "Reentry"]) == 0
        printed = capsys.readouterr().out
        assert printed.startswith("https://t.me/OnwardNgoBot?start=cw_")
        assert main(["caseworkers", "invite", "--name", "", "--org", "Reentry"]) == 1
        assert main(["caseworkers", "list"]) == 0
        assert "Sam Taylor\tReentry\tinvited, not joined" in capsys.readouterr().out
        assert main(["reminders", "import", str(tmp_path / "none.csv"), "--caseworker", "1"]) == 1
        latin1 = tmp_path / "latin1.csv"
        latin1.write_bytes(
            b"client,date,time,type,words,repeat\n1,2026-04-02,10:00,own,Caf\xe9,\n"
        )
        capsys.readouterr()
        assert main(["reminders", "import", str(latin1), "--caseworker", "1"]) == 1
        assert "latin1.csv: line 2: byte 61 (0xe9) is not UTF-8 text" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()


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
