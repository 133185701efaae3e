"""Appointments exported by an NGO's case management system, as CSV or iCalendar, turned
into reminders for one case worker's clients. A file is checked whole: one bad row and
nothing is written, and every problem is named with its row (or event) and field.

CSV columns: client (the number /clients shows), date (YYYY-MM-DD), time (HH:MM, in the
client's zone), type (appointment, court, checkin, documents, own), words (for own),
repeat (an RRULE such as FREQ=WEEKLY;COUNT=4, or empty).

iCalendar: each VEVENT with DTSTART, X-ONWARD-CLIENT (the client number), optionally
X-ONWARD-TYPE (default appointment), DESCRIPTION (the words, for own) and RRULE.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.reminders import service
from bot.reminders.service import Appointment, Client
from bot.reminders.timing import TimingError, local_of, series_rule, to_utc

CSV_COLUMNS = ("client", "date", "time", "type", "words", "repeat")
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
LARGEST_FILE = 5_000_000


@dataclass(frozen=True)
class Row:
    where: str
    client: str
    day: str
    time: str
    kind: str
    words: str
    repeat: str


@dataclass(frozen=True)
class Checked:
    client: Client
    appointment: Appointment


class RejectedFile(Exception):  # noqa: N818 - a kind answer, not a failure
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_rows(path: Path) -> list[Row]:
    if path.stat().st_size > LARGEST_FILE:
        raise RejectedFile([f"{path.name}: larger than {LARGEST_FILE // 1_000_000} MB"])
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in {".ics", ".ical", ".ifb"} or text.startswith("BEGIN:VCALENDAR"):
        return _ics_rows(path.name, text)
    return _csv_rows(path.name, text)


def _csv_rows(name: str, text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("client", "date", "time", "type") if c not in (reader.fieldnames or [])]
    if missing:
        raise RejectedFile([f"{name}: the header lacks the column(s) {', '.join(missing)}"])
    return [
        Row(
            f"{name}: row {number}",
            (record.get("client") or "").strip(),
            (record.get("date") or "").strip(),
            (record.get("time") or "").strip(),
            (record.get("type") or "").strip().lower(),
            (record.get("words") or "").strip(),
            (record.get("repeat") or "").strip(),
        )
        for number, record in enumerate(reader, start=2)
    ]


def _ics_rows(name: str, text: str) -> list[Row]:
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError) as error:
        raise RejectedFile([f"{name}: not an iCalendar file ({error})"]) from error
    rows = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        start = event.get("DTSTART")
        day, clock = "", ""
        if start is not None:
            moment = start.dt
            if isinstance(moment, dt.datetime):
                day, clock = moment.date().isoformat(), moment.strftime("%H:%M")
                if moment.tzinfo is not None:  # a zone or UTC: the same moment, read below
                    clock = "@" + moment.isoformat()
            else:
                day = moment.isoformat()  # a whole day: no time, refused below
        rule = event.get("RRULE")
        rows.append(
            Row(
                f"{name}: event {number}",
                str(event.get("X-ONWARD-CLIENT") or "").strip(),
                day,
                clock,
                str(event.get("X-ONWARD-TYPE") or "appointment").strip().lower(),
                str(event.get("DESCRIPTION") or "").strip(),
                rule.to_ical().decode() if rule is not None else "",
            )
        )
    return rows


async def check_rows(
    conn: AsyncConnection, caseworker_id: int, rows: list[Row], now: dt.datetime
) -> list[Checked]:
    problems: list[str] = []
    checked: list[Checked] = []
    for row in rows:
        try:
            checked.append(await _check(conn, caseworker_id, row, now))
        except ValueError as error:
            problems.append(f"{row.where}: {error}")
    if not rows:
        problems.append("the file holds no appointments")
    if problems:
        raise RejectedFile(problems)
    return checked


async def _check(conn: AsyncConnection, caseworker_id: int, row: Row, now: dt.datetime) -> Checked:
    client = None
    if row.client.isdigit() and len(row.client) < 12:
        client = await service.agreed_client(conn, caseworker_id, int(row.client), None)
    if client is None:
        raise ValueError(
            f"client: '{row.client}' is not a client who agreed to this case worker's reminders"
        )
    local = _local_time(row, client.zone)
    if row.kind not in service.KINDS:
        raise ValueError(f"type: '{row.kind}' is not one of {', '.join(service.KINDS)}")
    if row.kind == "own" and not row.words:
        raise ValueError("words: a reminder of type own needs the words to send")
    if len(row.words) > service.MAX_WORDS:
        raise ValueError(f"words: longer than {service.MAX_WORDS} characters")
    kept = None
    if row.repeat:
        try:
            kept = series_rule(row.repeat, local)
        except TimingError as error:
            raise ValueError(f"repeat: {error}") from None
    if to_utc(local, client.zone) <= now:
        raise ValueError(
            f"date: {row.day} {local.strftime('%H:%M')} has already passed in {client.zone}"
        )
    words = row.words if row.kind == "own" else None
    return Checked(client, Appointment(row.kind, local, words, kept))


def _local_time(row: Row, zone: str) -> dt.datetime:
    if row.time.startswith("@"):  # an iCalendar time in UTC or another zone
        return local_of(dt.datetime.fromisoformat(row.time[1:]), zone).replace(tzinfo=None)
    try:
        day = dt.date.fromisoformat(row.day)
    except ValueError:
        raise ValueError(f"date: '{row.day}' is not a date like 2026-12-03") from None
    clock = TIME.match(row.time)
    if clock is None:
        raise ValueError(f"time: '{row.time}' is not a time like 09:30")
    return dt.datetime.combine(day, dt.time(int(clock.group(1)), int(clock.group(2))))


async def write(conn: AsyncConnection, checked: list[Checked], now: dt.datetime) -> int:
    rows = [r for c in checked for r in service.reminder_rows(c.client, c.appointment, now)]
    await service.schedule(conn, rows)
    return len(rows)
