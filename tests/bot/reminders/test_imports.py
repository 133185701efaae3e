"""`onward reminders import` and `onward caseworkers invite`: a file is checked whole and
refused with its row and field, writing nothing; a good one schedules every reminder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.reminders import imports, service
from tests.bot.reminders.conftest import World, link_id

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


async def linked(world: World) -> tuple[int, int]:
    caseworker, _ = await world.new_caseworker(100)
    client = await world.person(200, "en", "America/Detroit")
    return caseworker, await link_id(world, await world.link(caseworker, client))


async def run_import(world: World, caseworker: int, path: Path) -> int:
    rows = imports.read_rows(path)
    async with world.store.transaction() as conn:
        checked = await imports.check_rows(conn, caseworker, rows, NOW)
        return await imports.write(conn, checked, NOW)


async def reminders(world: World) -> list[Any]:
    async with world.store.transaction() as conn:
        return list(
            await conn.execute(select(service.reminder_t).order_by(service.reminder_t.c.id))
        )


async def count(world: World) -> int:
    async with world.store.transaction() as conn:
        return len((await conn.execute(select(service.reminder_t.c.id))).all())


async def test_a_good_csv_schedules_every_reminder(world: World, tmp_path: Path):
    caseworker, link = await linked(world)
    path = tmp_path / "appointments.csv"
    path.write_text(
        "client,date,time,type,words,repeat\n"
        f"{link},2026-04-02,10:00,appointment,,\n"
        f"{link},2026-04-03,09:30,own,Bring your payslips,FREQ=WEEKLY;COUNT=2\n",
        encoding="utf-8",
    )
    assert await run_import(world, caseworker, path) == 4
    rows = await reminders(world)
    assert rows[0].event_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 4, 2, 14, 0, tzinfo=dt.UTC)
    assert rows[2].words == "Bring your payslips"
    assert rows[2].rrule.endswith("RRULE:FREQ=WEEKLY;COUNT=2")


async def test_a_bad_csv_names_every_problem_and_writes_nothing(world: World, tmp_path: Path):
    caseworker, link = await linked(world)
    path = tmp_path / "appointments.csv"
    path.write_text(
        "client,date,time,type,words,repeat\n"
        f"{link},2026-04-02,10:00,appointment,,\n"
        f"{link},2026-02-30,10:00,appointment,,\n"
        f"{link},2026-04-02,25:00,appointment,,\n"
        f"{link},2026-04-02,10:00,party,,\n"
        f"{link},2026-04-02,10:00,own,,\n"
        f"{link},2026-04-02,10:00,court,,FREQ=HOURLY\n"
        "999,2026-04-02,10:00,court,,\n"
        f"{link},2026-03-01,10:00,court,,\n",
        encoding="utf-8",
    )
    with pytest.raises(imports.RejectedFile) as rejected:
        await run_import(world, caseworker, path)
    assert rejected.value.problems == [
        "appointments.csv: row 3: date: '2026-02-30' is not a date like 2026-12-03",
        "appointments.csv: row 4: time: '25:00' is not a time like 09:30",
        "appointments.csv: row 5: type: 'party' is not one of appointment, court, checkin, documents, own",
        "appointments.csv: row 6: words: a reminder of type own needs the words to send",
        "appointments.csv: row 7: repeat: a reminder can repeat at most once a day",
        "appointments.csv: row 8: client: '999' is not a client who agreed to this case worker's reminders",
        "appointments.csv: row 9: date: 2026-03-01 10:00 has already passed in America/Detroit",
    ]
    assert await count(world) == 0


async def test_icalendar_with_zones(world: World, tmp_path: Path):
    caseworker, link = await linked(world)
    path = tmp_path / "export.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CMS//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1@cms\r\nDTSTAMP:20260301T000000Z\r\n"
        "DTSTART;TZID=America/Detroit:20260402T100000\r\n"
        f"X-ONWARD-CLIENT:{link}\r\nX-ONWARD-TYPE:court\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2@cms\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260403T150000Z\r\n"
        f"X-ONWARD-CLIENT:{link}\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    assert await run_import(world, caseworker, path) == 4
    rows = await reminders(world)
    assert (rows[0].kind, rows[0].event_local) == ("court", "2026-04-02T10:00")
    assert (rows[2].kind, rows[2].event_local) == ("appointment", "2026-04-03T11:00")


async def test_icalendar_without_a_client_or_time_is_refused(world: World, tmp_path: Path):
    caseworker, _ = await linked(world)
    path = tmp_path / "export.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CMS//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1@cms\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;VALUE=DATE:20260402\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    with pytest.raises(imports.RejectedFile) as rejected:
        await run_import(world, caseworker, path)
    assert rejected.value.problems == [
        "export.ics: event 1: client: '' is not a client who agreed to this case worker's reminders"
    ]


def test_the_invite_command_prints_a_one_time_link(tmp_path: Path, monkeypatch, capsys):
    from bot.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
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
    finally:
        get_settings.cache_clear()
