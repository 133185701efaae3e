"""Appointments exported by an NGO's case management system, as CSV or iCalendar, turned
into reminders for one case worker's clients. A file is checked whole: one bad row and
nothing is written, and every problem is named with its row (or event) and field.

CSV columns: client (the number /clients shows), date (YYYY-MM-DD), time (HH:MM, in the
client's zone), type (appointment, court, checkin, documents, own), words (for own),
repeat (an RRULE such as FREQ=WEEKLY;COUNT=4, or empty). Each row is one line, read on
its own: a quote left open, a field too many or too few, or a control character refuses
that row rather than running on into the next client's.

iCalendar: each VEVENT with DTSTART, X-ONWARD-CLIENT (the client number), optionally
X-ONWARD-TYPE (default appointment), DESCRIPTION (the words, for own) and RRULE. A TZID
must be an IANA zone (or one iCalendar maps, or a VTIMEZONE in the file).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework.links import Client, agreed_client
from core.casework.reminders import Appointment, reminder_rows, schedule
from core.casework.schema import KINDS, MAX_WORDS
from core.casework.timing import (
    LATEST_AHEAD,
    TimingError,
    check_within_reach,
    local_of,
    series_rule,
    to_utc,
)
from flows.answers import known_zone

CSV_COLUMNS = ("client", "date", "time", "type", "words", "repeat")
TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)
CLIENT = re.compile(r"[0-9]{1,11}", re.ASCII)
# A reminder's words are one line: no control characters (a tab aside), no line breaks.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
LARGEST_FILE = 5_000_000
BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    where: str
    client: str
    day: str
    time: str
    kind: str
    words: str
    repeat: str
    broken: str | None = None
    """Why the row could not be read on its own; it is refused with the others'."""


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
    return read_data(path.name, path.read_bytes())


def read_data(name: str, data: bytes) -> list[Row]:
    """The rows of a file's contents (`name` says which kind it is, and names it in
    every problem): as uploaded to the web console, or read from a path."""
    if len(data) > LARGEST_FILE:
        raise RejectedFile([f"{name}: larger than {LARGEST_FILE // 1_000_000} MB"])
    text = _decode(name, data)
    suffix = Path(name).suffix.lower()
    if suffix in {".ics", ".ical", ".ifb"} or text.startswith("BEGIN:VCALENDAR"):
        return _ics_rows(name, text)
    return _csv_rows(name, text)


def _decode(name: str, data: bytes) -> str:
    """UTF-8 only: anything else would turn words into other words unseen."""
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RejectedFile(
            [
                f"{name}: line {line}: byte {error.start} (0x{data[error.start]:02x}) is not "
                "UTF-8 text; save the file as UTF-8 and try again"
            ]
        ) from None


def _fields(line: str) -> list[str]:
    """One line as CSV, on its own: a quote must close on the line it opens."""
    return next(csv.reader([line], strict=True), [])


def _csv_rows(name: str, text: str) -> list[Row]:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    try:
        header = [column.strip().lower() for column in _fields(lines[0])]
    except csv.Error:
        header = []
    missing = [c for c in ("client", "date", "time", "type") if c not in header]
    if missing:
        raise RejectedFile([f"{name}: the header lacks the column(s) {', '.join(missing)}"])
    return [
        _csv_row(f"{name}: row {number}", header, line)
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    ]


def _csv_row(where: str, header: list[str], line: str) -> Row:
    try:
        fields = _fields(line)
    except csv.Error:
        return _broken(where, 'a quote (") is not closed on this line: a reminder is one line')
    if len(fields) != len(header):
        return _broken(
            where,
            f"{len(fields)} fields where the header has {len(header)} "
            "(words with a comma need quotes around them)",
        )
    for column, value in zip(header, fields, strict=True):
        if found := CONTROL.search(value):
            return _broken(where, f"{column}: {_control(found.group())}")
    record = dict(zip(header, fields, strict=True))
    return Row(
        where,
        record["client"].strip(),
        record["date"].strip(),
        record["time"].strip(),
        record["type"].strip().lower(),
        record.get("words", "").strip(),
        record.get("repeat", "").strip(),
    )


def _broken(where: str, why: str) -> Row:
    return Row(where, "", "", "", "", "", "", broken=why)


def _control(char: str) -> str:
    return f"a control character (U+{ord(char):04X}) is not allowed; a reminder is one line"


def _ics_rows(name: str, text: str) -> list[Row]:
    """Each event is read on its own, with the file's time zones, so one that cannot be
    read is named and the others are still checked."""
    zones, events = _components(text)
    if not text.startswith("BEGIN:VCALENDAR"):
        raise RejectedFile([f"{name}: not an iCalendar file (it does not begin BEGIN:VCALENDAR)"])
    return [
        _ics_row(f"{name}: event {number}", zones, lines)
        for number, lines in enumerate(events, start=1)
    ]


def _components(text: str) -> tuple[list[str], list[list[str]]]:
    """The VTIMEZONE lines, and each VEVENT's lines (alarms and all)."""
    zones: list[str] = []
    events: list[list[str]] = []
    current: list[str] | None = None
    kind, depth = "", 0
    for raw in text.split("\n"):
        line = raw.removesuffix("\r")
        if current is None and line in {"BEGIN:VEVENT", "BEGIN:VTIMEZONE"}:
            current, kind, depth = [], line, 0
        if current is None:
            continue
        current.append(line)
        depth += line.startswith("BEGIN:") - line.startswith("END:")
        if depth == 0:
            if kind == "BEGIN:VEVENT":
                events.append(current)
            else:
                zones += current
            current = None
    return zones, events


def _ics_row(where: str, zones: list[str], lines: list[str]) -> Row:
    for line in lines:
        if found := CONTROL.search(line):
            return _broken(where, f"{_property(line)}: {_control(found.group())}")
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", *zones, *lines, "END:VCALENDAR", ""]
    try:
        event = Calendar.from_ical("\r\n".join(body)).walk("VEVENT")[0]
    except Exception:  # a parser of anyone's file fails in many ways: each is a refusal
        zone = _tzid(lines)
        if zone is not None and known_zone(zone) is None:
            return _broken(where, f"DTSTART: '{zone}' is not a time zone Onward knows")
        return _broken(where, "not an event Onward can read")
    start = event.get("DTSTART")
    day, clock = "", ""
    if start is not None:
        moment = start.dt
        zone = start.params.get("TZID")
        if isinstance(moment, dt.datetime):
            if zone and moment.tzinfo is None:
                return _broken(
                    where,
                    f"DTSTART: '{zone}' is not a time zone Onward knows "
                    "(use one such as America/Detroit, or include its VTIMEZONE)",
                )
            day, clock = moment.date().isoformat(), moment.strftime("%H:%M")
            if moment.tzinfo is not None:  # a zone or UTC: the same moment, read below
                clock = "@" + moment.isoformat()
        elif isinstance(moment, dt.date):
            day = moment.isoformat()  # a whole day: no time, refused below
    rule = event.get("RRULE")
    return Row(
        where,
        str(event.get("X-ONWARD-CLIENT") or "").strip(),
        day,
        clock,
        str(event.get("X-ONWARD-TYPE") or "appointment").strip().lower(),
        str(event.get("DESCRIPTION") or "").strip(),
        rule.to_ical().decode() if rule is not None else "",
    )


def _property(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].strip() or "a line"


def _tzid(lines: list[str]) -> str | None:
    for line in lines:
        found = re.search(r";TZID=\"?([^\":;]*)", line)
        if found and line.upper().startswith("DTSTART"):
            return found.group(1)
    return None


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
    if row.broken:
        raise ValueError(row.broken)
    for field, value in (("words", row.words), ("repeat", row.repeat), ("type", row.kind)):
        if found := CONTROL.search(value):
            raise ValueError(f"{field}: {_control(found.group())}")
    client = None
    if CLIENT.fullmatch(row.client):
        client = await agreed_client(conn, caseworker_id, int(row.client), None)
    if client is None:
        raise ValueError(
            f"client: '{row.client}' is not a client who agreed to this case worker's reminders"
        )
    local = _local_time(row, client.zone)
    if row.kind not in KINDS:
        raise ValueError(f"type: '{row.kind}' is not one of {', '.join(KINDS)}")
    if row.kind == "own" and not row.words:
        raise ValueError("words: a reminder of type own needs the words to send")
    if len(row.words) > MAX_WORDS:
        raise ValueError(f"words: longer than {MAX_WORDS} characters")
    _check_reach(row, local, client.zone, now)
    kept = None
    if row.repeat:
        try:
            kept = series_rule(row.repeat, local)
        except TimingError as error:
            raise ValueError(f"repeat: {error}") from None
    words = row.words if row.kind == "own" else None
    return Checked(client, Appointment(row.kind, local, words, kept))


def _check_reach(row: Row, local: dt.datetime, zone: str, now: dt.datetime) -> None:
    """Still to come, and not further ahead than reminders reach."""
    said = f"{local.date().isoformat()} {local.strftime('%H:%M')}"
    try:
        event_at = to_utc(local, zone)
        check_within_reach(event_at, now)
    except TimingError:
        years = LATEST_AHEAD.days // 366
        raise ValueError(f"date: {said} is more than {years} years ahead") from None
    if event_at <= now:
        raise ValueError(f"date: {said} has already passed in {zone}")


def _local_time(row: Row, zone: str) -> dt.datetime:
    if row.time.startswith("@"):  # an iCalendar time in UTC or another zone
        try:
            return local_of(dt.datetime.fromisoformat(row.time[1:]), zone).replace(tzinfo=None)
        except (OverflowError, ValueError):
            raise ValueError(f"date: '{row.day}' is out of range") from None
    try:
        day = dt.date.fromisoformat(row.day)
    except ValueError:
        raise ValueError(f"date: '{row.day}' is not a date like 2026-12-03") from None
    clock = TIME.fullmatch(row.time)
    if clock is None:
        raise ValueError(f"time: '{row.time}' is not a time like 09:30")
    return dt.datetime.combine(day, dt.time(int(clock.group(1)), int(clock.group(2))))


async def write(conn: AsyncConnection, checked: list[Checked], now: dt.datetime) -> int:
    rows = [r for c in checked for r in reminder_rows(c.client, c.appointment, now)]
    await schedule(conn, rows)
    return len(rows)
