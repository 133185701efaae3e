"""When a reminder goes out: local appointment times in the client's zone, across
daylight-saving changes, recurrences (RFC 5545 RRULE) and quiet hours. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from flows.answers import APPOINTMENT_AHEAD, known_zone

DEFAULT_LEADS = (24 * 60, 120)  # the day before, and two hours before
QUIET_HOURS = (dt.time(21, 0), dt.time(8, 0))
Quiet = tuple[dt.time, dt.time]
# A reminder held back by quiet hours must still arrive this long before the appointment.
HELD_MARGIN = dt.timedelta(minutes=30)
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
MAX_RRULE = 200
# Appointments further ahead than this are a typing mistake, not a plan; it also keeps
# every later sum (a reminder's due time, the next occurrence) inside what dates can hold.
# The same bound as the flows' date question, so what a person may type can be scheduled.
LATEST_AHEAD = APPOINTMENT_AHEAD


class TimingError(ValueError):
    """A time, zone or recurrence that cannot be used; the message says why."""


class TooOftenError(TimingError):
    """A recurrence more often than daily."""


def zone(name: str) -> ZoneInfo:
    found = known_zone(name)
    if found is None:
        raise TimingError(f"unknown time zone '{name}'")
    return found


def to_utc(local: dt.datetime, zone_name: str) -> dt.datetime:
    """A wall-clock time in a zone, as UTC. A time the clocks skip (02:30 on the spring
    change) is read as the same moment an hour on; one that happens twice (01:30 on the
    autumn change), as the first. A date at the edge of the calendar (31 December 9999
    east of UTC) is refused rather than overflowing."""
    try:
        return local.replace(tzinfo=zone(zone_name), fold=0).astimezone(dt.UTC)
    except (OverflowError, ValueError) as error:
        raise TimingError("that date is out of range") from error


def check_within_reach(event_at: dt.datetime, now: dt.datetime) -> None:
    """An appointment at most LATEST_AHEAD from now (UTC, both aware)."""
    if event_at - now > LATEST_AHEAD:
        raise TimingError("that date is too far ahead")


def local_of(moment: dt.datetime, zone_name: str) -> dt.datetime:
    return moment.astimezone(zone(zone_name))


ALLOWED_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
LIMITS = {"INTERVAL": (1, 366), "COUNT": (1, 1000)}


def _check_parts(body: str, text: str) -> str:
    """Only the parts a reminder needs, with sane numbers: an RRULE can otherwise ask for
    every second (BYSECOND), or never move on (INTERVAL=0)."""
    frequency = None
    for part in body.upper().split(";"):
        key, _, value = part.partition("=")
        if key not in ALLOWED_PARTS or not value:
            raise TimingError(f"'{text}' is not a repeat rule Onward can use")
        if key in LIMITS:
            low, high = LIMITS[key]
            # isascii: isdigit() passes '²', which int() then refuses
            if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
                raise TimingError(f"'{text}' is not a repeat rule Onward can use")
        if key == "FREQ":
            frequency = value
    if frequency is None:
        raise TimingError(f"'{text}' is not a repeat rule (RFC 5545 RRULE)")
    if frequency not in ALLOWED_FREQUENCIES:
        raise TooOftenError("a reminder can repeat at most once a day")
    return frequency


def parse_rrule(text: str, start: dt.datetime) -> rrule:
    """A recurrence a case worker may use: daily or less often, and not for ever more
    often than a few hundred times."""
    if len(text) > MAX_RRULE:
        raise TimingError("the repeat rule is too long")
    body = text.strip().removeprefix("RRULE:")
    _check_parts(body, text)
    try:
        rule = rrulestr(body, dtstart=start)
        if not isinstance(rule, rrule):
            raise TypeError("a set of rules")
        rule.after(start, inc=False)  # one step: a rule that cannot take it is refused now
    except (ValueError, TypeError, OverflowError) as error:
        raise TimingError(f"'{text}' is not a repeat rule (RFC 5545 RRULE)") from error
    return rule


def series_rule(rule_text: str, first: dt.datetime) -> str:
    """The rule as kept with each reminder: with its first occurrence, so COUNT and
    UNTIL keep counting from there."""
    parse_rrule(rule_text, first)
    start = first.strftime("%Y%m%dT%H%M%S")
    return f"DTSTART:{start}\nRRULE:{rule_text.removeprefix('RRULE:')}"


def next_occurrence(kept_rule: str, after: dt.datetime) -> dt.datetime | None:
    """The series' next local time after `after` (wall-clock, no zone); None when it has
    ended (or, for a rule kept before it was checked as now, cannot go on)."""
    try:
        found = rrulestr(kept_rule).after(after, inc=False)
    except (ValueError, TypeError, OverflowError):
        return None
    return found if isinstance(found, dt.datetime) else None


def due_times(
    event_at: dt.datetime, leads: Sequence[int], now: dt.datetime
) -> list[tuple[int, dt.datetime]]:
    """Each lead's send time still to come. Too late for all of them but before the
    appointment: one reminder now."""
    found = [
        (lead, event_at - dt.timedelta(minutes=lead))
        for lead in sorted(leads, reverse=True)
        if event_at - dt.timedelta(minutes=lead) > now
    ]
    if not found and event_at > now:
        found = [(max(0, int((event_at - now).total_seconds() // 60)), now)]
    return found


def quiet_until(
    moment: dt.datetime, zone_name: str, quiet: Quiet = QUIET_HOURS
) -> dt.datetime | None:
    """The end of the quiet hours `moment` falls in (in the client's zone), or None."""
    begins, ends = quiet
    here = local_of(moment, zone_name)
    clock = here.time()
    if ends <= clock < begins:
        return None
    day = here.date() if clock < ends else here.date() + dt.timedelta(days=1)
    return to_utc(dt.datetime.combine(day, ends), zone_name)


def held_for_quiet(
    due: dt.datetime, event_at: dt.datetime, zone_name: str, quiet: Quiet | None = QUIET_HOURS
) -> dt.datetime:
    """When to send a reminder due at `due`: at the end of the quiet hours if it can
    wait that long and still come well before the appointment, else when due."""
    if quiet is None:
        return due
    until = quiet_until(due, zone_name, quiet)
    if until is not None and until + HELD_MARGIN <= event_at:
        return until
    return due
