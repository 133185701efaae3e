from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directory.formats import read_json
from directory.geo import Point, gazetteer
from directory.hours import window
from directory.search import Directory, Query
from directory.store import DirectoryStore
from tests.helpers import sample_directory as sample

MANCHESTER = Point(*sample.MANCHESTER)
DETROIT = Point(*sample.DETROIT)
LONDON = ZoneInfo("Europe/London")
MONDAY_NOON_LONDON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
TUESDAY_2AM_LONDON = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)


def names(hits: list, loaded: dict[str, str]) -> list[str]:
    return [loaded[h.service_id] for h in hits]


@pytest.fixture
def by_id() -> dict[str, str]:
    return {record["id"]: record["name"] for record in sample.services()}


@pytest.fixture
def directory(loaded: DirectoryStore) -> Directory:
    return Directory(loaded.engine)


async def test_open_places_come_first_then_the_nearest(
    directory: Directory, by_id: dict[str, str]
):
    query = Query(
        now=MONDAY_NOON_LONDON, category="housing_tonight", near=MANCHESTER, region="GB-EAW"
    )
    hits = await directory.search(query)
    assert names(hits, by_id) == ["Day centre", "Far hostel", "Night shelter"]
    assert [round(h.distance_km or 0, 1) for h in hits] == [1.0, 8.0, 3.0]


async def test_after_midnight_the_night_shelter_is_open(
    directory: Directory, by_id: dict[str, str]
):
    query = Query(now=TUESDAY_2AM_LONDON, category="housing_tonight", near=MANCHESTER)
    hits = await directory.search(query)
    assert names(hits, by_id) == ["Night shelter", "Far hostel", "Day centre"]
    assert hits[0].open_until == dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)


async def test_open_now_only(directory: Directory, by_id: dict[str, str]):
    query = Query(
        now=TUESDAY_2AM_LONDON,
        category="housing_tonight",
        near=MANCHESTER,
        window=window("now", TUESDAY_2AM_LONDON, LONDON),
        zone="Europe/London",
    )
    assert names(await directory.search(query), by_id) == ["Night shelter", "Far hostel"]


async def test_open_tonight_finds_the_shelter_that_opens_at_eight(
    directory: Directory, by_id: dict[str, str]
):
    friday_5pm = dt.datetime(2026, 11, 27, 17, 0, tzinfo=LONDON)
    query = Query(
        now=friday_5pm,
        category="housing_tonight",
        near=MANCHESTER,
        window=window("tonight", friday_5pm, LONDON),
        zone="Europe/London",
    )
    hits = await directory.search(query)
    assert names(hits, by_id) == ["Night shelter", "Far hostel"]  # the day centre has closed
    assert hits[0].first_opening(friday_5pm) == (
        dt.datetime(2026, 11, 27, 20, 0, tzinfo=LONDON),
        dt.datetime(2026, 11, 28, 8, 0, tzinfo=LONDON),
    )


async def test_hours_not_known_come_last_when_asked_for(
    directory_store: DirectoryStore, tmp_path: Path, by_id: dict[str, str]
):
    def no_hours(records: list[dict[str, Any]]) -> None:
        records[0]["schedules"] = []  # the night shelter

    await directory_store.import_dataset(
        read_json(sample.write(tmp_path, sample.changed(no_hours)))
    )
    directory = Directory(directory_store.engine)
    asked = window("tonight", TUESDAY_2AM_LONDON, LONDON)
    query = Query(
        now=TUESDAY_2AM_LONDON, category="housing_tonight", near=MANCHESTER, window=asked
    )
    assert names(await directory.search(query), by_id) == ["Far hostel"]
    with_unknown = dataclasses.replace(query, unknown_hours_too=True)
    hits = await directory.search(with_unknown)
    assert names(hits, by_id) == ["Far hostel", "Night shelter"]
    assert not hits[1].hours.known
    assert hits[1].first_opening(TUESDAY_2AM_LONDON) is None


async def test_when_the_place_is_closed_it_says_when_it_next_opens(directory: Directory):
    query = Query(now=TUESDAY_2AM_LONDON, category="housing_tonight", near=MANCHESTER)
    day_centre = (await directory.search(query))[-1]
    assert day_centre.next_opening(TUESDAY_2AM_LONDON) == dt.datetime(
        2026, 11, 24, 9, 0, tzinfo=dt.UTC
    )


async def test_opening_hours_in_another_time_zone(directory: Directory, by_id: dict[str, str]):
    ten_in_detroit = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
    three_in_detroit = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC)
    for now, open_now in ((ten_in_detroit, True), (three_in_detroit, False)):
        hits = await directory.search(
            Query(now=now, category="food", near=DETROIT, region="US-MI")
        )
        assert names(hits, by_id) == ["Detroit food bank"]
        assert hits[0].open_now is open_now


async def test_language_spoken(directory: Directory, by_id: dict[str, str]):
    query = Query(
        now=MONDAY_NOON_LONDON, category="housing_tonight", near=MANCHESTER, language="ar"
    )
    assert names(await directory.search(query), by_id) == ["Night shelter"]


async def test_helplines_that_cover_the_region_follow_places(
    directory: Directory, by_id: dict[str, str]
):
    gb = Query(now=MONDAY_NOON_LONDON, category="mental_health", near=MANCHESTER, region="GB-EAW")
    us = Query(now=MONDAY_NOON_LONDON, category="mental_health", region="US-MI")
    assert names(await directory.search(gb), by_id) == ["Talk line"]
    assert names(await directory.search(us), by_id) == ["US talk line"]
    hit = (await directory.search(gb))[0]
    assert hit.distance_km is None
    assert hit.location_id is None


async def test_far_away_places_are_not_shown_as_near(directory: Directory):
    query = Query(now=MONDAY_NOON_LONDON, category="food", near=MANCHESTER, region="GB-EAW")
    hits = await directory.search(query)
    assert [h.distance_km for h in hits if h.distance_km is not None and h.distance_km > 300] == []


@pytest.mark.parametrize(
    ("words", "expected", "near"),
    [
        ("shelter", "Night shelter", MANCHESTER),
        ("showers breakfast", "Day centre", MANCHESTER),
        ("ملجأ", "Night shelter", MANCHESTER),
        ("庇护", "Night shelter", MANCHESTER),
        ("庇护所", "Night shelter", MANCHESTER),
        ("ночлежка", "Night shelter", MANCHESTER),
        ("comida gratis", "Detroit food bank", DETROIT),
        ("centro de dia", "Day centre", MANCHESTER),
    ],
)
async def test_free_text_in_several_languages(
    directory: Directory, by_id: dict[str, str], words: str, expected: str, near: Point
):
    hits = await directory.search(Query(now=MONDAY_NOON_LONDON, text=words, near=near))
    assert names(hits, by_id) == [expected]


async def test_free_text_with_a_place_sorts_by_distance(
    directory: Directory, by_id: dict[str, str]
):
    hits = await directory.search(Query(now=TUESDAY_2AM_LONDON, text="sample", near=MANCHESTER))
    assert names(hits, by_id)[:3] == ["Night shelter", "Far hostel", "Day centre"]


async def test_free_text_anywhere_finds_phone_and_online_help(
    directory: Directory, by_id: dict[str, str]
):
    query = Query(now=MONDAY_NOON_LONDON, text="someone talk", region="GB-EAW")
    assert names(await directory.search(query), by_id) == ["Talk line"]
    assert await directory.search(Query(now=MONDAY_NOON_LONDON, text="shelter")) == []


async def test_text_that_matches_nothing_finds_nothing(directory: Directory):
    assert await directory.search(Query(now=MONDAY_NOON_LONDON, text="zzzyx")) == []
    assert await directory.search(Query(now=MONDAY_NOON_LONDON, text="   ")) == []


@pytest.mark.parametrize(
    ("typed", "country", "where"),
    [
        ("Manchester", "GB", (53.48, -2.24)),
        ("manchester ", "GB", (53.48, -2.24)),
        ("M1 1AE", "GB", (53.48, -2.24)),
        ("m1", "GB", (53.48, -2.24)),
        ("Манчестер", "GB", (53.48, -2.24)),
        ("曼彻斯特", "GB", (53.48, -2.24)),
        ("48226", "US", (42.33, -83.05)),
        ("Detroit", "US", (42.33, -83.05)),
    ],
)
def test_typed_places_and_postcodes_are_found_offline(
    typed: str, country: str, where: tuple[float, float]
):
    place = gazetteer().find(typed, country)
    assert place is not None
    assert place.country == country
    assert (round(place.point.latitude, 1), round(place.point.longitude, 1)) == (
        round(where[0], 1),
        round(where[1], 1),
    )


def test_an_unknown_place_is_not_guessed():
    assert gazetteer().find("Qwertyville") is None
    assert gazetteer().find("ZZ9 9ZZ") is None
