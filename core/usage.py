"""The operator's counts: people helped by topic, searches that found nothing by need and
place, reminders sent and answered, each by week. Only counts, never who.

Counting is an increment of one row of `usage_count` (week, kind, topic, place), made in
the transaction of whatever is counted: a turn's `Count` effects
(core/storage/turn_effects.py), a reminder marked sent (core/reminder_receipts.py), an
answer recorded (core/casework/answers.py). The kinds and their keys are flows/usage.py's.

The report never shows a small number (see `usage_report` for the rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.casework import schema
from core.storage.models import USAGE_PLACE_LENGTH, USAGE_TOPIC_LENGTH
from core.storage.tables import usage_t
from flows.usage import NO_RESULT, REMINDER_ANSWERED, REMINDER_SENT, TOPIC, week_of

SMALLEST_SHOWN = 5
# English; the console's own catalogue translates them (they are not the bot's texts,
# so they are not marked for the bot's catalogue).
FEWER_THAN = "fewer than 5"
WITHHELD = "not shown"
ANSWERS = tuple(schema.ANSWERS.values())
"""A reminder's answers (yes, later, no), in the order the client's buttons show them."""
_KEYS = (usage_t.c.week, usage_t.c.kind, usage_t.c.topic, usage_t.c.place)


async def count(
    conn: AsyncConnection, kind: str, topic: str, place: str, now: dt.datetime, *, times: int = 1
) -> None:
    """`times` more of `kind` for `topic` at `place`, in the week of `now` (UTC), in the
    caller's transaction. The same statement on SQLite and PostgreSQL (ON CONFLICT)."""
    values = {
        "week": week_of(now.astimezone(dt.UTC).date()),
        "kind": kind,
        "topic": topic[:USAGE_TOPIC_LENGTH],
        "place": place[:USAGE_PLACE_LENGTH],
        "count": times,
    }
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(usage_t).values(**values)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=list(_KEYS), set_={"count": usage_t.c.count + times}
        )
    )


@dataclass(frozen=True)
class Shown:
    """A count as the report may show it. There is no number to read when it is small:
    `value` is None and `text` says "fewer than 5" (or "not shown" for a total withheld).
    `text` is English (a number, or one of those two phrases: msgids for whoever shows
    it in another language)."""

    text: str
    value: int | None

    @classmethod
    def of(cls, number: int) -> Shown:
        if number < SMALLEST_SHOWN:
            return cls(FEWER_THAN, None)
        return cls(str(number), number)

    @classmethod
    def withheld(cls) -> Shown:
        return cls(WITHHELD, None)

    @property
    def small(self) -> bool:
        return self.value is None


def total_of(numbers: Iterable[int]) -> Shown:
    """A total, shown only when every count in it is shown: one hidden count could
    otherwise be worked out as the total less the others."""
    parts = list(numbers)
    if any(n < SMALLEST_SHOWN for n in parts):
        return Shown.withheld()
    return Shown.of(sum(parts))


@dataclass(frozen=True)
class Row:
    key: str
    """A topic (a flow's name), a need (a directory category, or `words`), or an answer."""
    place: str
    """Where, for a search that found nothing ("Manchester, GB-EAW", a region, "anywhere",
    "unknown"); empty otherwise."""
    count: Shown


@dataclass(frozen=True)
class Week:
    week: dt.date
    """Its Monday."""
    topics: list[Row]
    """People who reached each topic (a person counts once a topic a week)."""
    topics_total: Shown
    """Visits to topics: one person may reach several."""
    missing: list[Row]
    """Searches that found nothing, by need and place."""
    missing_total: Shown
    reminders_sent: Shown
    answers: list[Row]
    """Reminders answered, by answer: always yes, later and no, in that order."""
    answered_total: Shown


@dataclass(frozen=True)
class UsageReport:
    weeks: list[Week]
    """Newest first, every week of the span, the current (unfinished) one included."""


async def usage_report(engine: AsyncEngine, *, weeks: int, today: dt.date) -> UsageReport:
    """The last `weeks` weeks up to `today`'s, newest first.

    No small number can be read from it:
    - every count under 5 (zero included) is shown as "fewer than 5", with no number;
    - a total is "not shown" when any count in it is under 5, since the total less the
      counts shown would give the hidden one (the totals are a week's topics, a week's
      searches that found nothing, a week's answers; no other sums are given);
    - every topic seen in the span is listed in every week, so a topic missing from a
      week does not tell zero from one;
    - rows are ordered by their shown counts, largest first, and the small ones after
      them by name, so their order says nothing of which small count is larger.
    """
    newest = week_of(today)
    oldest = newest - dt.timedelta(weeks=max(weeks, 1) - 1)
    async with engine.connect() as conn:
        found = await conn.execute(
            select(*_KEYS, usage_t.c.count.label("n")).where(
                usage_t.c.week >= oldest, usage_t.c.week <= newest
            )
        )
        rows = [(_date(r.week), r.kind, r.topic, r.place, int(r.n)) for r in found]
    topics = sorted({topic for _, kind, topic, _, _ in rows if kind == TOPIC})
    spans = [newest - dt.timedelta(weeks=i) for i in range((newest - oldest).days // 7 + 1)]
    return UsageReport([_week(day, [r for r in rows if r[0] == day], topics) for day in spans])


Counted = tuple[dt.date, str, str, str, int]


def _week(day: dt.date, rows: list[Counted], topics: list[str]) -> Week:
    by_topic = dict.fromkeys(topics, 0)
    missing: dict[tuple[str, str], int] = {}
    answers = dict.fromkeys(ANSWERS, 0)
    sent = 0
    for _, kind, topic, place, number in rows:
        if kind == TOPIC:
            by_topic[topic] += number
        elif kind == NO_RESULT:
            missing[(topic, place)] = missing.get((topic, place), 0) + number
        elif kind == REMINDER_SENT:
            sent += number
        elif kind == REMINDER_ANSWERED and topic in answers:
            answers[topic] += number
    return Week(
        week=day,
        topics=_ordered([(t, "", n) for t, n in by_topic.items()]),
        topics_total=total_of(by_topic.values()),
        missing=_ordered([(need, place, n) for (need, place), n in missing.items()]),
        missing_total=total_of(missing.values()),
        reminders_sent=Shown.of(sent),
        answers=[Row(answer, "", Shown.of(n)) for answer, n in answers.items()],
        answered_total=total_of(answers.values()),
    )


def _ordered(counts: list[tuple[str, str, int]]) -> list[Row]:
    shown = sorted(
        (c for c in counts if c[2] >= SMALLEST_SHOWN), key=lambda c: (-c[2], c[0], c[1])
    )
    small = sorted((c for c in counts if c[2] < SMALLEST_SHOWN), key=lambda c: (c[0], c[1]))
    return [Row(key, place, Shown.of(number)) for key, place, number in [*shown, *small]]


def _date(value: Any) -> dt.date:
    """SQLite's driver may hand a date back as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
