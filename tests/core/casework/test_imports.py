"""Reminders imported from a file (`onward reminders import`, tests/cli/test_reminders.py):
a file is checked whole and refused with its row and field, writing nothing; a good one
schedules every reminder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.casework import imports, schema
from tests.helpers.world import World, link_number

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


async def linked(world: World) -> tuple[int, int]:
    caseworker, _ = await world.new_caseworker(100)
    client = await world.person(200, "en", "America/Detroit")
    return caseworker, await link_number(world, await world.link(caseworker, client))


async def run_import(world: World, caseworker: int, path: Path) -> int:
    rows = imports.read_rows(path)
    async with world.store.transaction() as conn:
        checked = await imports.check_rows(conn, caseworker, rows, NOW)
        return await imports.write(conn, checked, NOW)


async def reminders(world: World) -> list[Any]:
    async with world.store.transaction() as conn:
        return list(await conn.execute(select(schema.reminder_t).order_by(schema.reminder_t.c.id)))


async def count(world: World) -> int:
    async with world.store.transaction() as conn:
        return len((await conn.execute(select(schema.reminder_t.c.id))).all())


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


HEADER = "client,date,time,type,words,repeat\n"


async def two_clients(world: World) -> tuple[int, int, int]:
    caseworker, first = await linked(world)
    other = await world.person(201, "en", "Europe/London")
    return caseworker, first, await link_number(world, await world.link(caseworker, other, "A.B."))


async def refused(world: World, caseworker: int, path: Path) -> list[str]:
    with pytest.raises(imports.RejectedFile) as rejected:
        await run_import(world, caseworker, path)
    assert await count(world) == 0
    return rejected.value.problems


async def test_a_quote_left_open_never_carries_one_clients_words_to_another(
    world: World, tmp_path: Path
):
    """The open quote used to swallow the next row, so the first client was scheduled
    "Hearing at 10, case 4411" and the second client's whole line as one text."""
    caseworker, first, second = await two_clients(world)
    path = tmp_path / "appointments.csv"
    path.write_text(
        HEADER
        + f'{first},2026-04-02,10:00,own,"Hearing at 10, case 4411,\n'
        + f"{second},2026-04-03,09:00,own,Court about your custody case,\n"
        + f'{first},2026-04-04,09:00,own,"A line that goes\n'
        + 'on here",\n',
        encoding="utf-8",
    )
    assert await refused(world, caseworker, path) == [
        'appointments.csv: row 2: a quote (") is not closed on this line: a reminder is one line',
        'appointments.csv: row 4: a quote (") is not closed on this line: a reminder is one line',
        "appointments.csv: row 5: 2 fields where the header has 6 "
        "(words with a comma need quotes around them)",
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{c},2026-04-02,10:00,own,Bring\x00 ID,", "words: a control character (U+0000)"),
        ("{c},2026-04-02,10:00,own,Bring\x85 ID,", "words: a control character (U+0085)"),
        ("{c},2026-04-02,10:00\x1b,court,,", "time: a control character (U+001B)"),
        ("{c},2026-04-02,10:00,own,Bring ID, and payslips,", "7 fields where the header has 6"),
        ("{c},2026-04-02,10:00,court", "4 fields where the header has 6"),
        ("{c},9999-12-31,23:30,court,,", "date: 9999-12-31 23:30 is more than 5 years ahead"),
        ("{c},2031-06-01,10:00,court,,", "date: 2031-06-01 10:00 is more than 5 years ahead"),
        ("\u00b2,2026-04-02,10:00,court,,", "client: '\u00b2' is not a client who agreed"),
        ("{c},2026-04-02,\uff11\uff10:00,court,,", "time: '\uff11\uff10:00' is not a time"),
    ],
)
async def test_each_row_is_read_on_its_own_and_refused_by_name(
    world: World, tmp_path: Path, line: str, problem: str
):
    caseworker, client = await linked(world)
    path = tmp_path / "appointments.csv"
    good = f"{client},2026-04-02,10:00,appointment,,\n"
    path.write_text(HEADER + good + line.format(c=client) + "\n" + good, encoding="utf-8")
    (found,) = await refused(world, caseworker, path)
    assert found.startswith(f"appointments.csv: row 3: {problem}")


async def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(world: World, tmp_path: Path):
    _, client = await linked(world)
    path = tmp_path / "appointments.csv"
    before = (HEADER + f"{client},2026-04-02,10:00,own,Caf").encode()
    path.write_bytes(before + b"\xe9 at 10,\n")
    with pytest.raises(imports.RejectedFile) as rejected:
        imports.read_rows(path)
    assert rejected.value.problems == [
        f"appointments.csv: line 2: byte {len(before)} (0xe9) is not UTF-8 text; "
        "save the file as UTF-8 and try again"
    ]


def event(start: str, client: int, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{start}@cms\r\nDTSTAMP:20260301T000000Z\r\n{start}\r\n"
        f"X-ONWARD-CLIENT:{client}\r\n{extra}END:VEVENT\r\n"
    )


def calendar(*parts: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CMS//EN\r\n"
        + "".join(parts)
        + ("END:VCALENDAR\r\n")
    )


CUSTOM_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Office time\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)


async def test_icalendar_zones_must_be_known_and_dates_in_reach(world: World, tmp_path: Path):
    caseworker, client = await linked(world)
    path = tmp_path / "export.ics"
    path.write_text(
        calendar(
            CUSTOM_ZONE,
            event("DTSTART;TZID=Office time:20260402T100000", client),
            event("DTSTART;TZID=Mars/Olympus:20260402T100000", client),
            event("DTSTART;TZID=America:20260402T100000", client),
            event("DTSTART:99991231T233000Z", client),
            event("DTSTART:20260402T100000Z", client, "DESCRIPTION:Bring\x00 ID\r\n"),
            event(
                "DTSTART:20260402T100000Z", client, "X-ONWARD-TYPE:own\r\nDESCRIPTION:a\\nb\r\n"
            ),
        ),
        encoding="utf-8",
    )
    assert await refused(world, caseworker, path) == [
        "export.ics: event 2: DTSTART: 'Mars/Olympus' is not a time zone Onward knows "
        "(use one such as America/Detroit, or include its VTIMEZONE)",
        "export.ics: event 3: DTSTART: 'America' is not a time zone Onward knows",
        "export.ics: event 4: date: 9999-12-31 18:30 is more than 5 years ahead",
        "export.ics: event 5: DESCRIPTION: a control character (U+0000) is not allowed; "
        "a reminder is one line",
        "export.ics: event 6: words: a control character (U+000A) is not allowed; "
        "a reminder is one line",
    ]
    path.write_text(
        calendar(CUSTOM_ZONE, event("DTSTART;TZID=Office time:20260402T100000", client))
    )
    assert await run_import(world, caseworker, path) == 2
    rows = await reminders(world)
    assert rows[0].event_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 4, 2, 15, 0, tzinfo=dt.UTC)
