"""What the directory answers with: a search's query and hits, and a service's details.

Plain values, with no database in sight, so that the conversation engine can be handed
them (through `flows.directory_reader.DirectoryReader`) without importing how they are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from directory.geo import Point
from directory.hours import LOOK_AHEAD_DAYS, Hours, Window


@dataclass(frozen=True)
class Query:
    now: dt.datetime
    category: str | None = None
    near: Point | None = None
    region: str | None = None
    """The person's region (GB-EAW) or country (US): which helplines serve them."""
    language: str | None = None
    text: str | None = None
    window: Window | None = None
    """Only places that let the person in during this time (directory.hours.window)."""
    zone: str | None = None
    """The person's time zone, which `window` was worked out in."""
    unknown_hours_too: bool = False
    """With a window, places whose hours are not known come too, after the others."""
    limit: int = 40


@dataclass(frozen=True)
class Hit:
    service_id: str
    location_id: str | None
    distance_km: float | None
    open_until: dt.datetime | None
    hours: Hours = field(repr=False, compare=False)
    window: Window | None = field(default=None, repr=False, compare=False)
    """The time the search asked about, if any."""

    @property
    def open_now(self) -> bool:
        return self.open_until is not None

    def next_opening(self, now: dt.datetime) -> dt.datetime | None:
        return self.hours.next_opening(now)

    def first_opening(self, now: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
        """The opening to go to, as (opens, closes): the first in the time asked about,
        or with none asked, the one open now or the next. Asked about a later time
        (tomorrow), one that opens in it comes before one already going when it starts:
        a night shelter asked about tomorrow "opens tomorrow at 20:00"."""
        asked = self.window or Window(now, now + dt.timedelta(days=LOOK_AHEAD_DAYS))
        found = self.hours.openings(asked)
        if asked.start > now:
            later = [opening for opening in found if opening[0] >= asked.start]
            found = tuple(later) or found
        return found[0] if found else None


def page(hits: Sequence[Hit], number: int, size: int) -> tuple[list[Hit], bool]:
    """One page of results, and whether there are more after it."""
    start = number * size
    return list(hits[start : start + size]), len(hits) > start + size


@dataclass
class Details:
    id: str
    name: str
    organization: str | None
    description: str | None
    eligibility: str | None
    fees: str | None
    how_to_apply: str | None
    alert: str | None
    status: str
    url: str | None
    email: str | None
    verified: dt.date | None
    demo: bool
    cost: str | None
    accepts: list[str]
    phones: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
