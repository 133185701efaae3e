"""What the operator's report counts, as the engine sees it: never who, never their words.

A turn that reaches a topic of the main menu counts once a topic a week for that person
(the week's mark lives in their conversation, so /forget takes it); a search that finds
nothing counts by need and by a place no finer than a town. The engine only says so, as
`Count` effects; core/usage.py writes and reports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from directory.geo import Gazetteer, Place, Point, distance_km, match_key
from flows.conversation import Conversation
from flows.machine import Flows
from flows.replies import Count

# The kinds of count (usage_count.kind), and what their key is.
TOPIC = "topic"
"""key: a flow of the main menu (its file's `flow`), e.g. housing, money, my_record."""
NO_RESULT = "no_result"
"""key: the need searched for (a directory category, or `words` for a typed search);
place: see `search_place`."""
REMINDER_SENT = "reminder_sent"
"""key: empty; counted by core when a reminder is marked sent."""
REMINDER_ANSWERED = "reminder_answered"
"""key: the answer (yes, later, no); counted by core when it is recorded."""
KINDS = (TOPIC, NO_RESULT, REMINDER_SENT, REMINDER_ANSWERED)

ANYWHERE = "anywhere"  # phone and online help: no place was asked about
UNKNOWN = "unknown"
TOWN_KM = 30.0
"""A shared point names the nearest town this close; farther, only the region."""
REGION_KM = 150.0
"""Farther than this from every known town, not even the region is named."""


def week_of(day: dt.date) -> dt.date:
    """The Monday of the ISO week the day is in: the week a count belongs to."""
    return day - dt.timedelta(days=day.weekday())


def topic_counts(
    flows: Flows, conversation: Conversation, visited: Iterable[str], now: dt.datetime
) -> list[Count]:
    """A count for each counted topic the turn passed through and not yet counted this
    week; marks the conversation so that the rest of the week counts it no more."""
    week = week_of(now.astimezone(dt.UTC).date()).isoformat()
    marks = {topic: w for topic, w in conversation.counted.items() if w == week}
    counts = []
    for flow in visited:
        topic = flows.specs[flow].topic if flow in flows.specs else None
        if topic is not None and topic.counted and flow not in marks:
            marks[flow] = week
            counts.append(Count(TOPIC, flow))
    conversation.counted = marks
    return counts


def search_place(near: Any, places: Gazetteer) -> str:
    """Where a search looked, no finer than a town: the town the person typed, else the
    town nearest the point (a postcode's centre or a shared location), else its region.
    Never the point itself, nor anything the person typed that is not a known town."""
    if not isinstance(near, Mapping):
        return ANYWHERE if near == ANYWHERE else UNKNOWN
    try:
        point = Point(float(near["latitude"]), float(near["longitude"]))
    except (KeyError, TypeError, ValueError):
        return UNKNOWN
    named = _town_named(near.get("name"), point, places)
    if named is not None:
        return _town(named)
    nearest = min(_places(places), key=lambda p: distance_km(point, p.point), default=None)
    if nearest is None:
        return UNKNOWN
    away = distance_km(point, nearest.point)
    if away <= TOWN_KM:
        return _town(nearest)
    return nearest.region if away <= REGION_KM else UNKNOWN


def _town(place: Place) -> str:
    return f"{place.name}, {place.region}"


def _town_named(name: Any, point: Point, places: Gazetteer) -> Place | None:
    """The gazetteer's town of that name at that point (a postcode's name is none)."""
    if not isinstance(name, str) or not name:
        return None
    same = [
        p
        for p in places.names.get(match_key(name), [])
        if p.name == name and distance_km(point, p.point) <= TOWN_KM
    ]
    return min(same, key=lambda p: distance_km(point, p.point), default=None)


@cache
def _places(places: Gazetteer) -> tuple[Place, ...]:
    return tuple({id(p): p for found in places.names.values() for p in found}.values())
