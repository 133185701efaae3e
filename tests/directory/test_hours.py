from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from directory.hours import Hours, parse_byday, parse_time

LONDON, DETROIT = ZoneInfo("Europe/London"), ZoneInfo("America/Detroit")
NIGHTS = [
    {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "20:00", "closes_at": "08:00"}
]
WEEKDAYS = [
    {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
]


def at(zone: ZoneInfo, *parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=zone)  # type: ignore[misc]


def test_a_night_shelter_is_open_after_midnight_from_the_evening_before():
    hours = Hours.of(NIGHTS, "Europe/London")
    closes = hours.open_at(at(LONDON, 2026, 11, 24, 2, 30))
    assert closes == at(LONDON, 2026, 11, 24, 8, 0)
    assert hours.open_at(at(LONDON, 2026, 11, 24, 12, 0)) is None
    assert hours.open_at(at(LONDON, 2026, 11, 24, 20, 0)) == at(LONDON, 2026, 11, 25, 8, 0)


def test_overnight_opening_on_listed_days_only_runs_into_the_next_morning():
    friday_night = [{"byday": "FR", "opens_at": "22:00", "closes_at": "06:00"}]
    hours = Hours.of(friday_night, "Europe/London")
    assert hours.open_at(at(LONDON, 2026, 11, 28, 3, 0)) is not None  # Saturday 03:00
    assert hours.open_at(at(LONDON, 2026, 11, 29, 3, 0)) is None  # Sunday 03:00


def test_hours_are_read_in_the_service_time_zone():
    hours = Hours.of(WEEKDAYS, "America/Detroit")
    # 15:00 in London on a Monday is 10:00 in Detroit: open.
    assert hours.open_at(at(LONDON, 2026, 11, 23, 15, 0)) is not None
    # 23:00 in London on Monday is 18:00 in Detroit: closed, opens Tuesday 09:00 Detroit time.
    moment = at(LONDON, 2026, 11, 23, 23, 0)
    assert hours.open_at(moment) is None
    assert hours.next_opening(moment) == at(DETROIT, 2026, 11, 24, 9, 0)


def test_wall_clock_hours_hold_across_the_clocks_going_forward():
    hours = Hours.of(NIGHTS, "Europe/London")
    # British Summer Time began at 01:00 UTC on Sunday 29 March 2026.
    assert hours.open_at(dt.datetime(2026, 3, 29, 6, 59, tzinfo=dt.UTC)) is not None  # 07:59 BST
    assert hours.open_at(dt.datetime(2026, 3, 29, 7, 1, tzinfo=dt.UTC)) is None  # 08:01 BST
    assert hours.open_at(dt.datetime(2026, 3, 28, 7, 59, tzinfo=dt.UTC)) is not None  # 07:59 GMT


def test_all_day_every_day():
    hours = Hours.of(
        [{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "00:00"}], "UTC"
    )
    moment = at(ZoneInfo("UTC"), 2026, 11, 24, 3, 0)
    assert hours.open_at(moment) == at(ZoneInfo("UTC"), 2026, 11, 25, 0, 0)


def test_monthly_first_saturday_and_next_opening():
    hours = Hours.of(
        [{"freq": "MONTHLY", "byday": "1SA", "opens_at": "10:00", "closes_at": "13:00"}],
        "Europe/London",
    )
    assert hours.open_at(at(LONDON, 2026, 12, 5, 11, 0)) is not None  # first Saturday of December
    assert hours.open_at(at(LONDON, 2026, 12, 12, 11, 0)) is None
    assert hours.next_opening(at(LONDON, 2026, 12, 6, 9, 0)) == at(LONDON, 2027, 1, 2, 10, 0)


def test_valid_dates_bound_a_schedule():
    winter = [{**NIGHTS[0], "valid_from": "2026-12-01", "valid_to": "2027-02-28"}]
    hours = Hours.of(winter, "Europe/London")
    assert hours.open_at(at(LONDON, 2026, 11, 30, 21, 0)) is None
    assert hours.open_at(at(LONDON, 2026, 12, 1, 21, 0)) is not None


def test_no_schedule_means_hours_unknown_not_closed():
    hours = Hours.of([], "Europe/London")
    assert not hours.known
    assert hours.next_opening(at(LONDON, 2026, 11, 24, 9, 0)) is None


@pytest.mark.parametrize("bad", ["8pm", "24:00", "9", "09:60"])
def test_times_must_be_hh_mm(bad: str):
    with pytest.raises(ValueError, match="is not a time"):
        parse_time(bad)


def test_days_may_carry_an_ordinal_in_monthly_rules():
    assert parse_byday("MO,-1FR") == ((None, 0), (-1, 4))
    with pytest.raises(ValueError, match="is not a day"):
        parse_byday("MON")
