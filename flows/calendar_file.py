"""An appointment as an iCalendar file (RFC 5545) a phone's calendar accepts.

The start is the local time with its zone (`DTSTART;TZID=Europe/London:...`), so the phone
shows it in the person's own zone, and the file carries that zone's rules (`VTIMEZONE`),
written out from the tz database's real changes of offset, for a calendar that does not
know the zone's name. Pure: text in, text out, no clock or files of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LENGTH = dt.timedelta(hours=1)
"""How long the event lasts in the calendar: the person gives only the start."""
PRODID = "-//Onward//My supervision//EN"
UTC_STAMP = "%Y%m%dT%H%M%SZ"
LOCAL_STAMP = "%Y%m%dT%H%M%S"
LINE_OCTETS = 75
LOOK_EVERY = dt.timedelta(hours=6)
"""How finely the zone is probed for a change of offset: real zones change at most twice
a year, never twice within six hours."""
LOOK_BACK = dt.timedelta(days=400)
"""How far before the year to look for the change in force when it begins."""


@dataclass(frozen=True)
class Appointment:
    what: str
    """The person's own words for it, in their language: the event's title."""
    moment: dt.datetime
    """When it starts, aware, in `zone`."""
    zone: ZoneInfo
    leads: tuple[int, ...]
    """Minutes before the start at which the phone reminds them, one alarm each."""
    language: str
    """The person's locale (zh_Hans), told to the calendar as a language tag."""
    key: str
    """A random value kept in the person's conversation, for the event's UID."""


@dataclass(frozen=True)
class Onset:
    """A moment the zone's offset from UTC changes."""

    at: dt.datetime
    """The first instant of the new offset, in UTC."""
    before: dt.timedelta
    after: dt.timedelta
    name: str


def calendar_file(appointment: Appointment, now: dt.datetime) -> str:
    """The whole file: one VTIMEZONE, one VEVENT with an alarm per reminder chosen."""
    start = on_the_clock(appointment)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *zone_lines(appointment.zone, start.year),
        *event_lines(appointment, now),
        "END:VCALENDAR",
    ]
    return "".join(part + "\r\n" for line in lines for part in fold(line))


def event_lines(appointment: Appointment, now: dt.datetime) -> list[str]:
    zone = appointment.zone
    start = on_the_clock(appointment)
    end = (start.astimezone(dt.UTC) + LENGTH).astimezone(zone)
    language = appointment.language.replace("_", "-")
    what = escape(appointment.what)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(appointment.key, appointment.moment)}",
        f"DTSTAMP:{now.astimezone(dt.UTC).strftime(UTC_STAMP)}",
        f"DTSTART;TZID={zone.key}:{start.strftime(LOCAL_STAMP)}",
        f"DTEND;TZID={zone.key}:{end.strftime(LOCAL_STAMP)}",
        f"SUMMARY;LANGUAGE={language}:{what}",
    ]
    for lead in appointment.leads:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION;LANGUAGE={language}:{what}",
            f"TRIGGER:-{duration(lead)}",
            "END:VALARM",
        ]
    return [*lines, "END:VEVENT"]


def on_the_clock(appointment: Appointment) -> dt.datetime:
    """The start as the zone's clock shows it. Through UTC, because Python leaves a time
    in the same zone as it is, and a time the clocks skip (01:30 as they go forward) is
    read one way by one calendar and another way by the next: written as the time it
    becomes (02:30), every calendar agrees with the reminders."""
    return appointment.moment.astimezone(dt.UTC).astimezone(appointment.zone)


def event_uid(key: str, moment: dt.datetime) -> str:
    """The same appointment sent again gets the same UID, so a phone updates its copy
    rather than showing it twice. The UID travels with the file wherever it is shared,
    so it is built from nothing about the person: a random value kept only in their
    conversation (gone with /forget), and the moment, hashed so neither can be read back
    nor two people's files be linked."""
    instant = moment.astimezone(dt.UTC).strftime(UTC_STAMP)
    digest = hashlib.sha256(f"{key}|{instant}".encode()).hexdigest()
    return f"{digest[:32]}@onward"


def duration(minutes: int) -> str:
    """RFC 5545 DURATION: P1D, PT2H, PT90M."""
    if minutes % (24 * 60) == 0:
        return f"P{minutes // (24 * 60)}D"
    if minutes % 60 == 0:
        return f"PT{minutes // 60}H"
    return f"PT{minutes}M"


def zone_lines(zone: ZoneInfo, year: int) -> list[str]:
    """The zone's VTIMEZONE for the whole of `year` (wherever on Earth it is): the change
    of offset in force when the year begins, then each change in it, each a STANDARD or
    DAYLIGHT part with its one onset as DTSTART (explicit onsets, not a rule, so a zone
    whose rules changed recently still comes out as the tz database has it)."""
    start = dt.datetime(year - 1, 12, 31, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 2, tzinfo=dt.UTC)
    # The first part is the real change before the year, so summer time in force at New
    # Year (in the south) has its real size, which calendars use for the hour the clocks
    # repeat. A zone with no change in the year before has none to tell: its offset, then.
    earlier = onsets(zone, start - LOOK_BACK, start)
    parts = [earlier[-1] if earlier else _in_force(zone, start), *onsets(zone, start, end)]
    # Summer time is the offset ahead of the zone's winter one. Not Python's dst(): the
    # tz database counts Ireland's winter as the saving (a negative one), where a
    # calendar expects summer to be DAYLIGHT.
    standard = min(onset.after for onset in parts)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    for onset in parts:
        kind = "DAYLIGHT" if onset.after > standard else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            # The onset as the clock read just before it (RFC 5545 3.6.5).
            f"DTSTART:{(onset.at + onset.before).replace(tzinfo=None).strftime(LOCAL_STAMP)}",
            f"TZOFFSETFROM:{utc_offset(onset.before)}",
            f"TZOFFSETTO:{utc_offset(onset.after)}",
            f"TZNAME:{escape(onset.name)}",
            f"END:{kind}",
        ]
    return [*lines, "END:VTIMEZONE"]


def onsets(zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[Onset]:
    """Every change of the zone's UTC offset between two instants, to the second."""
    found, here = [], start
    while here < end:
        there = min(here + LOOK_EVERY, end)
        if _offset(zone, here) != _offset(zone, there):
            found.append(_onset(zone, here, there))
        here = there
    return found


def _onset(zone: ZoneInfo, before: dt.datetime, after: dt.datetime) -> Onset:
    """Narrows a change known to lie in (before, after] down to its first second."""
    old = _offset(zone, before)
    while after - before > dt.timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if _offset(zone, middle) == old:
            before = middle
        else:
            after = middle
    onset = _in_force(zone, after)
    return Onset(after, old or dt.timedelta(0), onset.after, onset.name)


def _in_force(zone: ZoneInfo, instant: dt.datetime) -> Onset:
    """The offset in force at an instant, as an onset from itself."""
    local = instant.astimezone(zone)
    offset = local.utcoffset() or dt.timedelta(0)
    return Onset(instant, offset, offset, local.tzname() or zone.key)


def _offset(zone: ZoneInfo, instant: dt.datetime) -> dt.timedelta | None:
    return instant.astimezone(zone).utcoffset()


def utc_offset(offset: dt.timedelta) -> str:
    """RFC 5545 UTC-OFFSET: +0100, -0500, +0530 (seconds only when there are any)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other control
    characters, which TEXT may not hold, dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def fold(line: str) -> list[str]:
    """A line longer than 75 octets goes on in the next, after a space (RFC 5545 3.1),
    cut between characters, never inside one's UTF-8 bytes."""
    out, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        if size + octets > LINE_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += char
        size += octets
    return [*out, current]
