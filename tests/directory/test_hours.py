from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directory.hours import Hours, Window, parse_byday, parse_time, window

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


# When the person can go: now, tonight, tomorrow, a day (directory.hours.window).
FRIDAY_5PM = at(LONDON, 2026, 11, 27, 17, 0)
SATURDAY = dt.date(2026, 11, 28)


def opening(schedules: list[dict[str, str]], when: str, now: dt.datetime, **kw: Any) -> Any:
    hours = Hours.of(schedules, str(now.tzinfo))
    return hours.first_opening(window(when, now, now.tzinfo, **kw))  # type: ignore[arg-type]


def test_tonight_runs_until_six_the_next_morning():
    assert window("tonight", FRIDAY_5PM, LONDON) == Window(
        FRIDAY_5PM, at(LONDON, 2026, 11, 28, 6, 0)
    )
    # In the small hours, tonight is what is left of this night.
    two_am = at(LONDON, 2026, 11, 28, 2, 0)
    assert window("tonight", two_am, LONDON).end == at(LONDON, 2026, 11, 28, 6, 0)


def test_a_night_shelter_opening_at_eight_is_open_tonight_not_now():
    assert opening(NIGHTS, "now", FRIDAY_5PM) is None
    assert opening(NIGHTS, "tonight", FRIDAY_5PM) == (
        at(LONDON, 2026, 11, 27, 20, 0),
        at(LONDON, 2026, 11, 28, 8, 0),
    )
    # Past midnight it is open now, since last night.
    assert opening(NIGHTS, "now", at(LONDON, 2026, 11, 28, 2, 0)) == (
        at(LONDON, 2026, 11, 27, 20, 0),
        at(LONDON, 2026, 11, 28, 8, 0),
    )


def test_closing_time_is_not_open_and_opening_time_is():
    assert opening(WEEKDAYS, "now", FRIDAY_5PM) is None
    assert opening(WEEKDAYS, "tonight", FRIDAY_5PM) is None
    assert opening(WEEKDAYS, "now", at(LONDON, 2026, 11, 27, 9, 0)) is not None


def test_tomorrow_is_the_whole_of_the_next_day_and_closed_days_stay_closed():
    saturday = [{"byday": "SA", "opens_at": "10:00", "closes_at": "13:00"}]
    assert opening(saturday, "tomorrow", FRIDAY_5PM) == (
        at(LONDON, 2026, 11, 28, 10, 0),
        at(LONDON, 2026, 11, 28, 13, 0),
    )
    assert opening(WEEKDAYS, "tomorrow", FRIDAY_5PM) is None  # closed on Saturdays
    # Friday night into Saturday morning is open tomorrow, from the night before.
    friday_night = [{"byday": "FR", "opens_at": "22:00", "closes_at": "06:00"}]
    assert opening(friday_night, "tomorrow", FRIDAY_5PM) == (
        at(LONDON, 2026, 11, 27, 22, 0),
        at(LONDON, 2026, 11, 28, 6, 0),
    )


def test_a_chosen_day_and_several_openings_a_day():
    split = [
        {"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"},
        {"byday": "MO", "opens_at": "18:00", "closes_at": "21:00"},
    ]
    monday = dt.date(2026, 11, 30)
    hours = Hours.of(split, "Europe/London")
    asked = window("day", FRIDAY_5PM, LONDON, monday)
    assert asked == Window(at(LONDON, 2026, 11, 30, 0, 0), at(LONDON, 2026, 12, 1, 0, 0))
    assert [o for o, _ in hours.openings(asked)] == [
        at(LONDON, 2026, 11, 30, 9, 0),
        at(LONDON, 2026, 11, 30, 18, 0),
    ]
    # At 13:00 on the Monday, tonight is the evening opening.
    assert hours.first_opening(window("tonight", at(LONDON, 2026, 11, 30, 13, 0), LONDON)) == (
        at(LONDON, 2026, 11, 30, 18, 0),
        at(LONDON, 2026, 11, 30, 21, 0),
    )
    # Today, chosen as a day, runs from now.
    assert window("day", FRIDAY_5PM, LONDON, FRIDAY_5PM.date()).start == FRIDAY_5PM


def test_open_round_the_clock_is_one_opening_already_going():
    always = [{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "00:00"}]
    for when in ("now", "tonight", "tomorrow"):
        opens, closes = opening(always, when, FRIDAY_5PM)
        assert opens < FRIDAY_5PM < closes, when


def test_no_hours_known_is_never_open():
    for when in ("now", "tonight", "tomorrow"):
        assert opening([], when, FRIDAY_5PM) is None
    assert opening([], "day", FRIDAY_5PM, day=SATURDAY) is None


def test_tonight_and_tomorrow_on_the_days_london_changes_its_clocks():
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026: that night is an hour short.
    saturday = at(LONDON, 2026, 3, 28, 17, 0)
    tonight = window("tonight", saturday, LONDON)
    assert tonight.end - tonight.start == dt.timedelta(hours=12)
    assert opening(NIGHTS, "tonight", saturday) == (
        at(LONDON, 2026, 3, 28, 20, 0),
        dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC),  # 08:00 BST
    )
    sunday = window("tomorrow", saturday, LONDON)
    assert sunday.end - sunday.start == dt.timedelta(hours=23)
    # Clocks go back at 01:00 GMT on Sunday 25 October 2026: that day has 25 hours.
    october = window("tomorrow", at(LONDON, 2026, 10, 24, 17, 0), LONDON)
    assert october.end - october.start == dt.timedelta(hours=25)
    early = [{"byday": "SU", "opens_at": "06:00", "closes_at": "09:00"}]
    assert opening(early, "tomorrow", at(LONDON, 2026, 10, 24, 17, 0)) == (
        dt.datetime(2026, 10, 25, 6, 0, tzinfo=dt.UTC),  # 06:00 GMT, after the change
        dt.datetime(2026, 10, 25, 9, 0, tzinfo=dt.UTC),
    )


def test_tonight_and_tomorrow_on_the_days_detroit_changes_its_clocks():
    # Detroit's clocks go forward at 02:00 on Sunday 8 March 2026, back on 1 November.
    nights = Hours.of(NIGHTS, "America/Detroit")
    saturday = at(DETROIT, 2026, 3, 7, 17, 0)
    assert nights.first_opening(window("tonight", saturday, DETROIT)) == (
        dt.datetime(2026, 3, 8, 1, 0, tzinfo=dt.UTC),  # 20:00 EST
        dt.datetime(2026, 3, 8, 12, 0, tzinfo=dt.UTC),  # 08:00 EDT: eleven hours
    )
    halloween = at(DETROIT, 2026, 10, 31, 17, 0)
    opens, closes = nights.first_opening(window("tonight", halloween, DETROIT))  # type: ignore[misc]
    assert closes - opens == dt.timedelta(hours=13)
    sunday = window("tomorrow", halloween, DETROIT)
    assert sunday.end - sunday.start == dt.timedelta(hours=25)
    # At 01:30 on the night the clocks go back (the first of two), still open.
    first_half_past_one = dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)
    assert nights.first_opening(window("now", first_half_past_one, DETROIT)) is not None
