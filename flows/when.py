"""When the person can go: the time they ask about (now, tonight, tomorrow, a day), and
each place's hours said in their words, in their own time zone.

What "tonight" means is defined once, in directory.hours.window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from directory.found import Hit
from directory.hours import WHEN, Window, window, zone
from flows.actions import REGION_ZONES, ActionContext, ActionResult
from flows.answers import N_
from flows.conversation import Profile
from flows.i18n import Translator

# Needs that say when themselves: a bed tonight is wanted tonight.
TONIGHT_NEEDS = frozenset({"housing_tonight"})
DAYS_TO_CHOOSE = 7
DAY_AND_NIGHT = dt.timedelta(hours=24)
SHOWING = {
    "now": N_("Showing places open now."),
    "tonight": N_("Showing places open tonight, until {time}."),
    "tomorrow": N_("Showing places open tomorrow."),
    "day": N_("Showing places open on {day}."),
}


def person_zone(profile: Profile) -> ZoneInfo | None:
    """The person's time zone: the one they have, or their region's; None if unknown."""
    name = profile.timezone or REGION_ZONES.get(profile.region or "")
    return zone(name) if name else None


def asked_when(answers: Mapping[str, Any], need: str, from_answer: bool) -> str | None:
    """What the person asked for: a need that says it, or their answer to "When do you
    need it?" (only in a search whose need they chose themselves: other flows that look
    for places do not ask, and an old answer must not narrow them)."""
    if need in TONIGHT_NEEDS:
        return "tonight"
    when = answers.get("when") if from_answer else None
    return when if when in WHEN else None


def asked_window(
    when: str | None, answers: Mapping[str, Any], now: dt.datetime, where: ZoneInfo
) -> Window | None:
    if when is None:
        return None
    if when != "day":
        return window(when, now, where)
    today = now.astimezone(where).date()
    try:
        day = dt.date.fromisoformat(str(answers.get("day")))
    except ValueError:
        day = today
    # A day chosen yesterday, answered today, is today at the earliest.
    return window("day", now, where, max(day, today))


def showing(when: str, asked: Window, where: ZoneInfo, t: Translator) -> str:
    """The line that says which time the list is for."""
    local = asked.end.astimezone(where)
    if when == "tonight":
        return t.gettext(SHOWING[when]).format(time=t.time(local))
    if when == "day":
        start = asked.start.astimezone(where).date()
        return t.gettext(SHOWING[when]).format(day=_day_name(start, t))
    return t.gettext(SHOWING[when])


def when_to_go(hit: Hit, now: dt.datetime, where: ZoneInfo | None, t: Translator) -> str:
    """When the person can go to this place, in their words and zone (the place's own
    zone when theirs is not known)."""
    if not hit.hours.known:
        return t.gettext("Hours not known — call first")
    opening = hit.first_opening(now)
    if opening is None:
        return t.gettext("Closed now")
    opens, closes = opening
    local = where or hit.hours.zone
    if opens <= now:
        until = max(hit.open_until or closes, closes)
        if until - now >= DAY_AND_NIGHT:
            return t.gettext("Open now, day and night")
        return t.gettext("Open now, until {time}").format(time=t.time(until.astimezone(local)))
    return opens_at(opens.astimezone(local), now.astimezone(local), t)


def opens_at(opens: dt.datetime, now: dt.datetime, t: Translator) -> str:
    """ "Opens today at 20:00", "Opens tomorrow at 10:00", "Opens Monday at 09:00"; a
    week or more away, with its date. Both times are in the person's zone."""
    days = (opens.date() - now.date()).days
    time = t.time(opens)
    if days == 0:
        return t.gettext("Opens today at {time}").format(time=time)
    if days == 1:
        return t.gettext("Opens tomorrow at {time}").format(time=time)
    if days < DAYS_TO_CHOOSE:
        return t.gettext("Opens {day} at {time}").format(day=_day_name(opens.date(), t), time=time)
    return t.gettext("Opens on {date} at {time}").format(date=t.date(opens.date()), time=time)


def _day_name(day: dt.date, t: Translator) -> str:
    return format_date(day, "EEEE", locale=t.locale)


def day_choices(now: dt.datetime, where: ZoneInfo, t: Translator) -> list[tuple[str, str]]:
    """The next seven days, as (date, name): Today, Tomorrow, then each by its name."""
    today = now.astimezone(where).date()
    names = [t.gettext("Today"), t.gettext("Tomorrow")]
    days = [today + dt.timedelta(days=n) for n in range(DAYS_TO_CHOOSE)]
    return [
        (day.isoformat(), names[n] if n < len(names) else _day_name(day, t).capitalize())
        for n, day in enumerate(days)
    ]


async def next_days(ctx: ActionContext) -> ActionResult:
    """The days to choose from, for "Another day"."""
    where = person_zone(ctx.profile) or zone("UTC")
    text = ctx.translator.gettext("Which day?")
    return ActionResult(texts=[text], choices=day_choices(ctx.now, where, ctx.translator))
