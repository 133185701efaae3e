"""Opening hours as a filter in the search query: the places that may let a person in
during a window, found by the database before it ranks and limits them.

Each search row keeps its schedules as JSON (directory_search.hours); SQLite's json_each
reads them, each field once a schedule. A window becomes local wall-clock bounds for
each day an opening could start on, in each zone named, compared with the schedules'
HH:MM times as text ("09:30" < "17:00").

The filter keeps every place directory.hours would keep, and on an ordinary day no
other: it is exact for weekly rules, their days, every-other-week rules and valid
dates. It may keep a few more, which the search then checks with directory.hours:
monthly rules (by day of the month or "first Saturday"), places in a zone the query
does not name, and the days a zone changes its clocks, when wall-clock times and
instants part for an hour (the window is widened by two hours there).

The SQL is text with bound values: the same few shapes for every search, so building a
query costs next to nothing. It is written once for SQLite (json_each, json_extract) and
once for PostgreSQL (json_array_elements, ->>), the same tests in the same order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import TextClause, text

from directory.hours import WEEKDAYS, Window, zone

MINUTES_A_DAY = 24 * 60
CLOCK_CHANGE_MARGIN = dt.timedelta(hours=2)  # more than any zone's change of clocks
ALWAYS_LATER, NEVER_LATER = "", "23:59"  # every time is later than "", none than 23:59
ALWAYS_EARLIER, NEVER_EARLIER = "24:00", "00:00"

# The fields every schedule uses, read once a schedule: the LIMIT keeps SQLite from
# copying each field's expression into every test below, reading the JSON again for each.
# A "plain" schedule names no other field (nor MONTHLY): most do, and for them the rest
# is never read.
FIELDS = """SELECT value,
  substr(json_extract(value, '$.opens_at'), 1, 5) AS opens,
  substr(json_extract(value, '$.closes_at'), 1, 5) AS closes,
  ',' || upper(replace(coalesce(json_extract(value, '$.byday'), ''), ' ', '')) || ',' AS days,
  (instr(value, '"valid_') + instr(value, '"until"') + instr(value, '"interval"')
   + instr(value, '"dtstart"') + instr(value, '"bymonthday"') + instr(value, 'MONTHLY')) = 0
  AS plain
FROM json_each({hours}) LIMIT -1"""

# An opening that starts on day :d and lets the person in: it opens before :before,
# and closes after :after (the same day) or :after_next (the next morning). The day is
# one the rule runs on: its weekday (:weekday is like '%FR,%' for ",MO,-1FR,"), and for
# a schedule that is not plain, every few weeks from its start and within its valid
# dates; a monthly rule on that weekday or on days of the month is kept for
# directory.hours to decide.
DAY = """(rule.opens < :before_{n}
  AND ((rule.closes > rule.opens AND rule.closes > :after_{n})
    OR (rule.closes <= rule.opens AND rule.closes > :after_next_{n}))
  AND CASE WHEN rule.plain THEN rule.days = ',,' OR rule.days LIKE :weekday_{n}
    ELSE {rare} END)"""
RARE = """((coalesce(json_extract(rule.value, '$.freq'), '') != 'MONTHLY'
      AND (rule.days = ',,' OR rule.days LIKE :weekday_{n})
      AND (CAST(coalesce(json_extract(rule.value, '$.interval'), 1) AS INTEGER) <= 1
        OR coalesce(json_extract(rule.value, '$.dtstart'), '') = ''
        OR (julianday(:d_{n}) - julianday(json_extract(rule.value, '$.dtstart')) >= 0
          AND (CAST(julianday(:d_{n}) - julianday(json_extract(rule.value, '$.dtstart'))
            AS INTEGER) / 7) % CAST(json_extract(rule.value, '$.interval') AS INTEGER) = 0)))
    OR (json_extract(rule.value, '$.freq') = 'MONTHLY'
      AND (rule.days LIKE :weekday_{n}
        OR coalesce(json_extract(rule.value, '$.bymonthday'), '') != '')))
  AND (coalesce(json_extract(rule.value, '$.valid_from'), '') = ''
    OR substr(json_extract(rule.value, '$.valid_from'), 1, 10) <= :d_{n})
  AND (coalesce(nullif(json_extract(rule.value, '$.valid_to'), ''),
                json_extract(rule.value, '$.until'), '') = ''
    OR substr(coalesce(nullif(json_extract(rule.value, '$.valid_to'), ''),
                       json_extract(rule.value, '$.until')), 1, 10) >= :d_{n})"""

# The same, on PostgreSQL. The hours column is json: each schedule's text is kept as
# written, so the "plain" test reads it as SQLite does. Times and dates compare as
# text in the C collation, whatever the database's, as SQLite compares them. OFFSET 0
# keeps the fields a subquery, read once a schedule; mod() by NULL rather than by 0.
PG_FIELDS = """SELECT value,
  substr(value->>'opens_at', 1, 5) AS opens,
  substr(value->>'closes_at', 1, 5) AS closes,
  ',' || upper(replace(coalesce(value->>'byday', ''), ' ', '')) || ',' AS days,
  (strpos(value::text, '"valid_') + strpos(value::text, '"until"')
   + strpos(value::text, '"interval"') + strpos(value::text, '"dtstart"')
   + strpos(value::text, '"bymonthday"') + strpos(value::text, 'MONTHLY')) = 0 AS plain
FROM json_array_elements({hours}) AS schedule(value) OFFSET 0"""
PG_DAY = """(rule.opens < CAST(:before_{n} AS text) COLLATE "C"
  AND ((rule.closes > rule.opens COLLATE "C"
      AND rule.closes > CAST(:after_{n} AS text) COLLATE "C")
    OR (rule.closes <= rule.opens COLLATE "C"
      AND rule.closes > CAST(:after_next_{n} AS text) COLLATE "C"))
  AND CASE WHEN rule.plain THEN rule.days = ',,' OR rule.days LIKE :weekday_{n}
    ELSE {rare} END)"""
PG_START = "CAST(nullif(rule.value->>'dtstart', '') AS date)"
PG_INTERVAL = "CAST(nullif(rule.value->>'interval', '') AS INTEGER)"
PG_RARE = f"""((coalesce(rule.value->>'freq', '') != 'MONTHLY'
      AND (rule.days = ',,' OR rule.days LIKE :weekday_{{n}})
      AND (coalesce({PG_INTERVAL}, 1) <= 1
        OR {PG_START} IS NULL
        OR (CAST(:d_{{n}} AS date) - {PG_START} >= 0
          AND mod((CAST(:d_{{n}} AS date) - {PG_START}) / 7, nullif({PG_INTERVAL}, 0)) = 0)))
    OR (rule.value->>'freq' = 'MONTHLY'
      AND (rule.days LIKE :weekday_{{n}}
        OR coalesce(rule.value->>'bymonthday', '') != '')))
  AND (coalesce(rule.value->>'valid_from', '') = ''
    OR substr(rule.value->>'valid_from', 1, 10) <= CAST(:d_{{n}} AS text) COLLATE "C")
  AND (coalesce(nullif(rule.value->>'valid_to', ''), rule.value->>'until', '') = ''
    OR substr(coalesce(nullif(rule.value->>'valid_to', ''), rule.value->>'until'), 1, 10)
      >= CAST(:d_{{n}} AS text) COLLATE "C")"""


def admitting(
    asked: Window,
    zones: Iterable[str],
    columns: str,
    unknown_too: bool = False,
    dialect: str = "sqlite",
) -> TextClause:
    """Rows of `columns` (the name of the table or subquery in the query: its `hours`
    are JSON schedules, read in its `timezone`) that may let a person in during
    `asked`; with `unknown_too`, also rows with no hours at all. `dialect` is the
    database's, as SQLAlchemy names it: "sqlite" or "postgresql"."""
    named = sorted(set(zones))
    params: dict[str, Any] = {}
    shape: list[int] = []
    for z, name in enumerate(named):
        params[f"zone_{z}"] = name
        days = list(_bounds(asked, zone(name)))
        for k, bounds in enumerate(days):
            params.update({f"{key}_{z}_{k}": value for key, value in bounds.items()})
        shape.append(len(days))
    sql = SQL[dialect]
    return _sql(sql, columns, tuple(shape), unknown_too).bindparams(**params)


@dataclass(frozen=True)
class Dialect:
    """The filter's SQL for one database."""

    fields: str
    day: str
    rare: str
    true: str


SQL = {
    "sqlite": Dialect(FIELDS, DAY, RARE, "1"),
    "postgresql": Dialect(PG_FIELDS, PG_DAY, PG_RARE, "TRUE"),
}


@lru_cache(maxsize=64)
def _sql(sql: Dialect, columns: str, shape: tuple[int, ...], unknown_too: bool) -> TextClause:
    """The filter for a number of zones and days in each: a handful of shapes, each
    written and parsed once."""
    ways = []
    for z, days in enumerate(shape):
        each_day = " OR ".join(
            sql.day.format(n=f"{z}_{k}", rare=sql.rare.format(n=f"{z}_{k}")) for k in range(days)
        )
        ways.append(f"({columns}.timezone = :zone_{z} AND ({each_day}))")
    others = ", ".join(f":zone_{z}" for z in range(len(shape)))
    # A zone not named: any place with hours may do; directory.hours decides.
    ways.append(f"{columns}.timezone NOT IN ({others})" if shape else sql.true)
    # `columns` names a table or subquery of ours, never input; every value is bound.
    found = (
        f"EXISTS (SELECT 1 FROM ({sql.fields.format(hours=f'{columns}.hours')}) AS rule "  # noqa: S608
        f"WHERE rule.opens != '' AND rule.closes != '' AND ({' OR '.join(ways)}))"
    )
    if unknown_too:
        return text(f"({found} OR json_array_length({columns}.hours) = 0)")
    return text(found)


def _bounds(asked: Window, where: ZoneInfo) -> Iterable[dict[str, str]]:
    """For each local day an opening could start on and let the person in: the day, its
    weekday, and the bounds its opening and closing times must meet, as HH:MM text."""
    start = asked.start.astimezone(where).replace(tzinfo=None)
    end = asked.end.astimezone(where).replace(tzinfo=None)
    first, last = start.date() - dt.timedelta(days=1), end.date()
    if _clocks_change(where, first, last):
        start, end = start - CLOCK_CHANGE_MARGIN, end + CLOCK_CHANGE_MARGIN
        first, last = start.date() - dt.timedelta(days=1), end.date()
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        midnight = dt.datetime.combine(day, dt.time(0))
        # In whole minutes from the day's midnight: it must close after `after` and
        # open no later than the start or before the end, that is before `before`.
        after = math.floor((start - midnight).total_seconds() / 60)
        before = max(after + 1, math.ceil((end - midnight).total_seconds() / 60))
        yield {
            "d": day.isoformat(),
            "weekday": f"%{WEEKDAYS[day.weekday()]},%",
            "before": _earlier_than(before),
            "after": _later_than(after),
            "after_next": _later_than(after - MINUTES_A_DAY),
        }


def _earlier_than(minutes: int) -> str:
    """The text an HH:MM time must sort before to be earlier than `minutes`."""
    if minutes >= MINUTES_A_DAY:
        return ALWAYS_EARLIER
    return _clock(minutes) if minutes > 0 else NEVER_EARLIER


def _later_than(minutes: int) -> str:
    """The text an HH:MM time must sort after to be later than `minutes`."""
    if minutes < 0:
        return ALWAYS_LATER
    return _clock(minutes) if minutes < MINUTES_A_DAY - 1 else NEVER_LATER


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clocks_change(where: ZoneInfo, first: dt.date, last: dt.date) -> bool:
    """Whether the zone's offset from UTC changes from `first` to two days after `last`."""
    days = (last - first).days + 3
    offsets = {
        dt.datetime.combine(first + dt.timedelta(days=n), dt.time(0), where).utcoffset()
        for n in range(days + 1)
    }
    return len(offsets) > 1
