"""Opening hours from HSDS schedules: is a place open now, when does it next open, and
does it let a person in during the time they can go (now, tonight, tomorrow, a day).

HSDS schedules are iCal-like rules in local time. Times are read in the service's own
IANA zone (HSDS only has a fixed offset, which is wrong half the year), and a schedule
that closes at or before it opens runs past midnight, as night shelters do. A rule of
00:00 to 00:00 is open all day.

This is the one definition of opening hours: directory/opening_sql.py narrows a search
in the database, and every place it keeps is checked here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY_PART = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-]\d\d:?\d\d)?$")
LOOK_AHEAD_DAYS = 35  # far enough to find the next monthly opening
TONIGHT_ENDS = dt.time(6, 0)  # see `window`
WHEN = ("now", "tonight", "tomorrow", "day")
# The fields of an HSDS schedule that say when a place is open.
RULE_FIELDS = (
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "dtstart",
    "until",
)


@dataclass(frozen=True)
class Rule:
    """One schedule, parsed once."""

    freq: str
    days: tuple[tuple[int | None, int], ...]  # (nth in month or None, weekday 0=Monday)
    month_days: tuple[int, ...]
    opens: dt.time
    closes: dt.time
    interval: int = 1
    start: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def occurs_on(self, day: dt.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        if self.freq == "MONTHLY":
            return self._monthly(day)
        if self.days and not any(weekday == day.weekday() for _, weekday in self.days):
            return False
        if self.interval > 1 and self.start is not None:
            weeks = (day - self.start).days // 7
            return weeks >= 0 and weeks % self.interval == 0
        return True

    def _monthly(self, day: dt.date) -> bool:
        if day.day in self.month_days or _days_before_month_end(day) in self.month_days:
            return True
        for nth, weekday in self.days:
            if weekday != day.weekday():
                continue
            if nth is None or _nth_weekday(day) == nth or _nth_weekday_from_end(day) == nth:
                return True
        return False

    def span(self, day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """When it opens and closes on `day`, as instants in UTC: Python compares and
        subtracts two times of one zone by their clock faces, which is wrong across a
        change of clocks."""
        opens = dt.datetime.combine(day, self.opens, zone)
        end_day = day if self.closes > self.opens else day + dt.timedelta(days=1)
        return _utc(opens), _utc(dt.datetime.combine(end_day, self.closes, zone))


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _nth_weekday(day: dt.date) -> int:
    return (day.day - 1) // 7 + 1


def _days_in_month(day: dt.date) -> int:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (following - dt.timedelta(days=1)).day


def _nth_weekday_from_end(day: dt.date) -> int:
    return -((_days_in_month(day) - day.day) // 7 + 1)


def _days_before_month_end(day: dt.date) -> int:
    return day.day - _days_in_month(day) - 1


def parse_time(value: str) -> dt.time:
    """HH:MM local time; a trailing offset is ignored because the zone says it."""
    match = TIME.match(value.strip())
    if match is None:
        raise ValueError(f"'{value}' is not a time like 09:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_byday(value: str) -> tuple[tuple[int | None, int], ...]:
    days = []
    for part in value.replace(" ", "").split(","):
        match = BYDAY_PART.match(part.upper())
        if match is None:
            raise ValueError(f"'{part}' is not a day like MO, or like 1SA in a monthly rule")
        nth = int(match.group(1)) if match.group(1) else None
        days.append((nth, WEEKDAYS.index(match.group(2))))
    return tuple(days)


def parse_month_days(value: str) -> tuple[int, ...]:
    days = []
    for part in value.replace(" ", "").split(","):
        number = int(part)
        if not (1 <= abs(number) <= 31):
            raise ValueError(f"'{part}' is not a day of the month (1 to 31, or -1 to -31)")
        days.append(number)
    return tuple(days)


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def rule_from(schedule: Mapping[str, Any]) -> Rule | None:
    """A schedule's rule, or None when it says nothing about hours (a free-text one)."""
    if not schedule.get("opens_at") or not schedule.get("closes_at"):
        return None
    return Rule(
        freq=str(schedule.get("freq") or "WEEKLY"),
        days=parse_byday(schedule["byday"]) if schedule.get("byday") else (),
        month_days=parse_month_days(schedule["bymonthday"]) if schedule.get("bymonthday") else (),
        opens=parse_time(schedule["opens_at"]),
        closes=parse_time(schedule["closes_at"]),
        interval=int(schedule.get("interval") or 1),
        start=_date(schedule.get("dtstart")),
        valid_from=_date(schedule.get("valid_from")),
        valid_to=_date(schedule.get("valid_to") or schedule.get("until")),
    )


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True)
class Window:
    """The time a person can go, as instants (in UTC): from `start` until `end` (not
    included). A window of no length is the moment `start` itself: "open now"."""

    start: dt.datetime
    end: dt.datetime

    def admits(self, opens: dt.datetime, closes: dt.datetime) -> bool:
        """Whether an opening from `opens` to `closes` lets the person in during it."""
        return closes > self.start and (opens <= self.start or opens < self.end)


def window(when: str, now: dt.datetime, where: ZoneInfo, day: dt.date | None = None) -> Window:
    """The window a person means by `when` (one of WHEN), in their own zone `where`.

    - now: this moment.
    - tonight: from now until 06:00 on the next morning. A night shelter opens in the
      evening and takes people into the small hours, and someone released at 17:00 needs
      anywhere they can get to before the night is over: a shelter opening at 20:00
      counts. By 06:00 the night is done and day services start: that is tomorrow.
      Asked in the small hours (at 02:00), tonight is what is left of this night, until
      06:00 the same morning, not the next night.
    - tomorrow: the whole of tomorrow's date, midnight to midnight.
    - day: the whole of `day`, or from now if `day` is today.
    """
    local = now.astimezone(where)
    today = local.date()
    if when == "now":
        return Window(_utc(now), _utc(now))
    if when == "tonight":
        morning = today if local.time() < TONIGHT_ENDS else today + dt.timedelta(days=1)
        return Window(_utc(now), _utc(dt.datetime.combine(morning, TONIGHT_ENDS, where)))
    if when == "tomorrow":
        day = today + dt.timedelta(days=1)
    elif when != "day" or day is None:
        raise ValueError(f"'{when}' is not one of {', '.join(WHEN)} (a day needs its date)")
    start = max(_utc(now), _utc(dt.datetime.combine(day, dt.time(0), where)))
    return Window(start, _utc(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), where)))


@dataclass(frozen=True)
class Hours:
    rules: tuple[Rule, ...]
    zone: ZoneInfo

    @classmethod
    def of(cls, schedules: Iterable[Mapping[str, Any]], timezone: str) -> Hours:
        rules = tuple(r for s in schedules if (r := rule_from(s)) is not None)
        return cls(rules, zone(timezone))

    @staticmethod
    @lru_cache(maxsize=4096)
    def from_json(text: str, timezone: str) -> Hours:
        """Hours from stored JSON; the same schedules recur across a directory, so each
        distinct one is parsed once."""
        return Hours.of(json.loads(text), timezone)

    @property
    def known(self) -> bool:
        return bool(self.rules)

    def _spans(self, first: dt.date, days: int) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            for rule in self.rules:
                if rule.occurs_on(day):
                    yield rule.span(day, self.zone)

    def open_at(self, moment: dt.datetime) -> dt.datetime | None:
        """When it closes, if open at `moment`; None if closed. Yesterday's overnight
        opening counts."""
        local = moment.astimezone(self.zone)
        for opens, closes in self._spans(local.date() - dt.timedelta(days=1), 2):
            if opens <= local < closes:
                return closes
        return None

    def open_until(self, moment: dt.datetime) -> dt.datetime | None:
        """When it closes, following openings that run on into each other (a line open
        every day from 00:00 to 00:00 is open until a week later, at least)."""
        return _open_until(self, moment)

    def _chained(self, moment: dt.datetime) -> dt.datetime | None:
        closes = self.open_at(moment)
        for _ in range(7):
            if closes is None or (following := self.open_at(closes)) is None:
                break
            closes = following
        return closes

    def first_opening(self, asked: Window) -> tuple[dt.datetime, dt.datetime] | None:
        """The first opening that lets the person in during `asked`, as (opens, closes),
        or None. Openings that run into each other count as one (a place open every day
        from 00:00 to 00:00 does not "open" at midnight), and it may have begun before
        (a shelter open since last night)."""
        found = self.openings(asked)
        return found[0] if found else None

    def openings(self, asked: Window) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """Every opening that lets the person in during `asked`, in order."""
        return _openings(self, asked)

    def _admitted(self, asked: Window) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        # An opening lets people in on its own day or the next, no later; one run of
        # openings is looked at from two days before.
        first = asked.start.astimezone(self.zone).date() - dt.timedelta(days=2)
        last = asked.end.astimezone(self.zone).date()
        runs = _runs(sorted(self._spans(first, (last - first).days + 1)))
        return tuple(run for run in runs if asked.admits(*run))

    def next_opening(self, moment: dt.datetime) -> dt.datetime | None:
        local = moment.astimezone(self.zone)
        starts = [o for o, _ in self._spans(local.date(), LOOK_AHEAD_DAYS) if o > local]
        return min(starts, default=None)


@lru_cache(maxsize=8192)
def _open_until(hours: Hours, moment: dt.datetime) -> dt.datetime | None:
    """A search asks the same question of many places at one moment, and places share
    schedules: each distinct schedule is worked out once a moment."""
    return hours._chained(moment)


@lru_cache(maxsize=8192)
def _openings(hours: Hours, asked: Window) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """As `_open_until`: one search asks every place about the same window."""
    return hours._admitted(asked)


def _runs(
    spans: list[tuple[dt.datetime, dt.datetime]],
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Openings in order of opening, those that touch or overlap joined into one."""
    current: tuple[dt.datetime, dt.datetime] | None = None
    for opens, closes in spans:
        if current is not None and opens <= current[1]:
            current = (current[0], max(current[1], closes))
            continue
        if current is not None:
            yield current
        current = (opens, closes)
    if current is not None:
        yield current
