"""The appointment's calendar file, read by two independent parsers (icalendar, and
vobject, whose zones come from dateutil): both must read the same local time, zone, UTC
instant, end, alarms and title from it, and the zone's rules written in the file must
give the tz database's offsets on their own, under a name neither parser knows."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.timezone.tzp import TZP

from core.people import TELEGRAM, Someone
from core.storage.store import Store
from flows.calendar_file import Appointment, calendar_file, event_uid, fold, zone_lines
from tests.conftest import NOW, Chat, onboard

LONDON, DETROIT = ZoneInfo("Europe/London"), ZoneInfo("America/Detroit")
UTC = dt.UTC
ARABIC = "موعد مع ضابط المراقبة، 12 شارع أوك، مانشستر؛ أحضر بطاقة الهوية وخطاب الإفراج"
RUSSIAN = "Суд; зал 3, дело 10\\2: принесите паспорт, письмо об освобождении и справку"
CHINESE = "与缓刑官的会面，曼彻斯特橡树街12号；请带上身份证和释放信，提前十分钟到达"


@dataclass(frozen=True)
class Seen:
    """What one parser reads from the file."""

    local: dt.datetime
    zone: str
    start: dt.datetime
    end: dt.datetime
    stamp: dt.datetime
    uid: str
    summary: str
    language: str
    alarms: list[tuple[str, str, dt.timedelta]]


def by_icalendar(text: str) -> Seen:
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    start = event["DTSTART"]
    return Seen(
        local=start.dt.replace(tzinfo=None),
        zone=start.params["TZID"],
        start=start.dt.astimezone(UTC),
        end=event["DTEND"].dt.astimezone(UTC),
        stamp=event["DTSTAMP"].dt,
        uid=str(event["UID"]),
        summary=str(event["SUMMARY"]),
        language=event["SUMMARY"].params["LANGUAGE"],
        alarms=[
            (str(a["ACTION"]), str(a["DESCRIPTION"]), a["TRIGGER"].dt)
            for a in event.walk("VALARM")
        ],
    )


def by_vobject(text: str) -> Seen:
    calendar = vobject.readOne(text)
    event = calendar.vevent
    # The zone as dateutil reads it from the file's VTIMEZONE, not from any database.
    zone = calendar.vtimezone.gettzinfo()
    local = event.dtstart.value.replace(tzinfo=None)
    return Seen(
        local=local,
        zone=event.dtstart.params["X-VOBJ-ORIGINAL-TZID"][0],
        start=local.replace(tzinfo=zone).astimezone(UTC),
        end=event.dtend.value.replace(tzinfo=zone).astimezone(UTC),
        stamp=event.dtstamp.value,
        uid=event.uid.value,
        summary=event.summary.value,
        language=event.summary.params["LANGUAGE"][0],
        alarms=[(a.action.value, a.description.value, a.trigger.value) for a in event.valarm_list],
    )


def both(text: str) -> Seen:
    """What both parsers read, once checked to be the same."""
    seen = by_icalendar(text)
    assert by_vobject(text) == seen
    return seen


def appointment(local: dt.datetime, zone: ZoneInfo = LONDON, **changes: Any) -> Appointment:
    given = {"what": "Probation, 12 Oak Street", "leads": (24 * 60, 120), "language": "en"}
    given |= changes
    return Appointment(
        given["what"], local.replace(tzinfo=zone), zone, given["leads"], given["language"], "k1"
    )


@pytest.mark.parametrize(
    ("zone", "local", "instant"),
    [
        # The day after each change of the clocks in the UK, and in Michigan.
        (LONDON, dt.datetime(2026, 3, 30, 10, 0), dt.datetime(2026, 3, 30, 9, 0, tzinfo=UTC)),
        (LONDON, dt.datetime(2026, 10, 26, 10, 0), dt.datetime(2026, 10, 26, 10, 0, tzinfo=UTC)),
        (DETROIT, dt.datetime(2026, 3, 9, 9, 30), dt.datetime(2026, 3, 9, 13, 30, tzinfo=UTC)),
        (DETROIT, dt.datetime(2026, 11, 2, 9, 30), dt.datetime(2026, 11, 2, 14, 30, tzinfo=UTC)),
        # No summer time at all; and half an hour off the hour.
        (
            ZoneInfo("Asia/Shanghai"),
            dt.datetime(2026, 7, 1, 9, 0),
            dt.datetime(2026, 7, 1, 1, 0, tzinfo=UTC),
        ),
        (
            ZoneInfo("Asia/Kolkata"),
            dt.datetime(2026, 7, 1, 9, 0),
            dt.datetime(2026, 7, 1, 3, 30, tzinfo=UTC),
        ),
    ],
)
def test_both_parsers_read_the_local_time_its_zone_and_the_same_instant(
    zone: ZoneInfo, local: dt.datetime, instant: dt.datetime
):
    text = calendar_file(appointment(local, zone), NOW)
    seen = both(text)
    assert (seen.local, seen.zone, seen.start) == (local, zone.key, instant)
    assert seen.end - seen.start == dt.timedelta(hours=1)
    assert seen.stamp == NOW
    assert f"DTSTART;TZID={zone.key}:{local:%Y%m%dT%H%M%S}\r\n" in text


def test_an_hour_across_the_change_of_the_clocks_ends_an_hour_later():
    """00:30 on the night the clocks go forward: the end is 02:30 on the clock."""
    text = calendar_file(appointment(dt.datetime(2026, 3, 29, 0, 30)), NOW)
    seen = both(text)
    assert seen.end == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert "DTEND;TZID=Europe/London:20260329T023000\r\n" in text


def test_a_time_the_clocks_skip_is_written_as_the_time_it_becomes():
    """01:30 on 29 March 2026 does not exist in London: the reminders take it as 01:30
    GMT (Python's fold=0, as RFC 5545 reads such a time), which the clock shows as 02:30."""
    text = calendar_file(appointment(dt.datetime(2026, 3, 29, 1, 30)), NOW)
    seen = both(text)
    assert (seen.local, seen.start) == (
        dt.datetime(2026, 3, 29, 2, 30),
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (
            LONDON,
            [
                ("STANDARD", "20251026T020000", "+0100", "+0000", "GMT"),
                ("DAYLIGHT", "20260329T010000", "+0000", "+0100", "BST"),
                ("STANDARD", "20261025T020000", "+0100", "+0000", "GMT"),
            ],
        ),
        (
            DETROIT,
            [
                ("STANDARD", "20251102T020000", "-0400", "-0500", "EST"),
                ("DAYLIGHT", "20260308T020000", "-0500", "-0400", "EDT"),
                ("STANDARD", "20261101T020000", "-0400", "-0500", "EST"),
            ],
        ),
        (
            ZoneInfo("Asia/Shanghai"),
            [("STANDARD", "20251231T080000", "+0800", "+0800", "CST")],
        ),
        (  # summer time across the new year, in the south
            ZoneInfo("Australia/Sydney"),
            [
                ("DAYLIGHT", "20251005T020000", "+1000", "+1100", "AEDT"),
                ("STANDARD", "20260405T030000", "+1100", "+1000", "AEST"),
                ("DAYLIGHT", "20261004T020000", "+1000", "+1100", "AEDT"),
            ],
        ),
    ],
)
def test_the_zone_is_written_from_its_real_changes(zone: ZoneInfo, expected: list[tuple]):
    lines = zone_lines(zone, 2026)
    assert lines[:2] == ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    assert lines[-1] == "END:VTIMEZONE"
    parts = [lines[i : i + 6] for i in range(2, len(lines) - 1, 6)]
    assert [(p[0][6:], p[1][8:], p[2][13:], p[3][11:], p[4][7:]) for p in parts] == expected
    assert all(
        p[0] == f"BEGIN:{kind}" and p[5] == f"END:{kind}"
        for p, (kind, *_) in zip(parts, expected, strict=True)
    )


@pytest.mark.parametrize(
    "zone",
    ["Europe/London", "America/Detroit", "Asia/Shanghai", "Australia/Sydney", "Europe/Dublin"],
)
def test_the_zone_in_the_file_gives_the_tz_database_offsets_all_year(zone: str):
    """Every hour of the year, and the seconds either side of each change: the file's
    VTIMEZONE read alone (by icalendar's own transitions, and by dateutil through vobject)
    gives the offset Python's zoneinfo gives."""
    tz = ZoneInfo(zone)
    text = calendar_file(appointment(dt.datetime(2026, 6, 1, 10, 0), tz), NOW)
    by_ical = Calendar.from_ical(text).walk("VTIMEZONE")[0].to_tz(TZP("pytz"), lookup_tzid=False)
    by_dateutil = vobject.readOne(text).vtimezone.gettzinfo()
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    instants = [start + dt.timedelta(hours=h) for h in range(365 * 24)]
    changes = [
        before
        for before, after in itertools.pairwise(instants)
        if before.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset()
    ]
    for change in changes:  # every 30 s of the hour it lies in, and a second either side
        instants += [
            change + dt.timedelta(seconds=s + e) for s in range(0, 3601, 30) for e in (-1, 0, 1)
        ]
    wrong = [
        (instant, reader)
        for instant in instants
        for reader, zone_read in (("icalendar", by_ical), ("dateutil", by_dateutil))
        if instant.astimezone(zone_read).utcoffset() != instant.astimezone(tz).utcoffset()
    ]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize(
    ("local", "instant"),
    [
        (dt.datetime(2026, 3, 30, 10, 0), dt.datetime(2026, 3, 30, 9, 0, tzinfo=UTC)),
        (dt.datetime(2026, 10, 26, 10, 0), dt.datetime(2026, 10, 26, 10, 0, tzinfo=UTC)),
    ],
)
def test_a_calendar_that_does_not_know_the_zone_reads_it_from_the_file(
    local: dt.datetime, instant: dt.datetime
):
    text = calendar_file(appointment(local), NOW).replace("Europe/London", "Onward/Unknown")
    seen = both(text)
    assert (seen.local, seen.zone, seen.start) == (local, "Onward/Unknown", instant)


def test_an_alarm_for_each_reminder_chosen():
    for leads, triggers in [
        ((24 * 60, 120), [-dt.timedelta(days=1), -dt.timedelta(hours=2)]),
        ((24 * 60,), [-dt.timedelta(days=1)]),
        ((120,), [-dt.timedelta(hours=2)]),
        ((90,), [-dt.timedelta(minutes=90)]),
    ]:
        seen = both(calendar_file(appointment(dt.datetime(2026, 12, 1, 10), leads=leads), NOW))
        what = "Probation, 12 Oak Street"
        assert seen.alarms == [("DISPLAY", what, trigger) for trigger in triggers]


def test_the_same_appointment_keeps_its_uid_and_gives_nothing_away():
    moment = dt.datetime(2026, 12, 1, 10, tzinfo=LONDON)
    uid = event_uid("k1", moment)
    assert uid == event_uid("k1", moment.astimezone(UTC))  # the instant, however written
    assert uid != event_uid("k2", moment)
    assert uid != event_uid("k1", moment + dt.timedelta(minutes=1))
    assert uid.endswith("@onward")
    assert "k1" not in uid
    assert "20261201" not in uid
    first = appointment(dt.datetime(2026, 12, 1, 10), leads=(120,))
    again = appointment(dt.datetime(2026, 12, 1, 10), what="Probation", leads=(24 * 60,))
    assert both(calendar_file(first, NOW)).uid == both(calendar_file(again, NOW)).uid == uid


@pytest.mark.parametrize(
    ("what", "language"), [(ARABIC, "ar"), (CHINESE, "zh_Hans"), (RUSSIAN, "ru")]
)
def test_summaries_in_any_script_are_folded_whole_and_read_back(what: str, language: str):
    text = calendar_file(
        appointment(dt.datetime(2026, 12, 1, 10), what=what, language=language), NOW
    )
    seen = both(text)
    assert seen.summary == what
    assert seen.language == language.replace("_", "-")
    assert [alarm[1] for alarm in seen.alarms] == [what, what]
    assert_well_formed(text)
    assert any(line.startswith(" ") for line in text.split("\r\n"))  # long enough to fold


def assert_well_formed(text: str) -> None:
    """CRLF after every line and no bare LF; each line at most 75 octets and whole UTF-8
    on its own (a character cut in two would not decode)."""
    raw = text.encode()
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")


@given(st.text())
def test_folding_keeps_every_character_and_every_line_short(line: str):
    parts = fold(line)
    assert "".join(parts[:1] + [part[1:] for part in parts[1:]]) == line
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])


# Any text the person can type: the question drops control characters but newlines.
TYPED = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\r") | st.just("\n"),
    min_size=1,
    max_size=200,
).filter(lambda text: text.strip() == text and text)


@given(TYPED)
def test_any_title_comes_back_as_typed_from_both_parsers(what: str):
    text = calendar_file(appointment(dt.datetime(2026, 12, 1, 10), what=what), NOW)
    assert_well_formed(text)
    assert both(text).summary == what


async def add(chat: Chat, what: str, leads: str) -> str:
    """Adds an appointment on 30 November 2026 at 09:30; the calendar file sent."""
    await chat.tap("Remind me of an appointment")
    await chat.send(what)
    await chat.send("2026-11-30")
    await chat.send("9:30")
    replies = await chat.tap(leads)
    (file,) = [r.attachment for r in replies if r.attachment is not None]
    return file.content


async def test_the_same_appointment_sent_again_keeps_its_uid(chat: Chat, store: Store):
    """Added again with other reminders, the appointment keeps its UID, so the phone
    updates it; the random value behind the UID is kept in the conversation, and is not
    among the answers /privacy lists. Another person's UID for the same time differs."""
    await onboard(chat)
    await chat.tap("My supervision")
    first = both(await add(chat, "Probation, 12 Oak Street", "Only 2 hours before"))
    again = both(await add(chat, "Probation, 12 Oak Street", "The day before and 2 hours before"))
    assert first.uid == again.uid
    assert len(again.alarms) == 2
    assert first.start == dt.datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    key = (await store.load(chat.someone, "en")).conversation.answers["_calendar_key"]
    assert len(key) == 32
    assert key not in (await chat.send("/privacy"))[0].text
    other = Chat(chat.conversations, Someone(TELEGRAM, "1002"))
    await onboard(other)
    await other.tap("My supervision")
    assert (
        both(await add(other, "Probation, 12 Oak Street", "Only 2 hours before")).uid != first.uid
    )
