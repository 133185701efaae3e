"""Whatever a case worker types as a repeat rule or a /remind line is used or refused with
a reason; it never raises anything else, nor hangs (an RRULE can ask for INTERVAL=0)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.casework.strict import Refused, remind
from core.casework.timing import TimingError, TooOftenError, next_occurrence, series_rule

START = dt.datetime(2026, 12, 1, 10, 0)
PARTS = st.sampled_from(
    ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR",
     "BYSECOND", "BYSETPOS", "WKST", "X"]
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["DAILY", "HOURLY", "SECONDLY", "WEEKLY", "MO,TH", "0", "-1", "31", "13",
                     "20270101T000000", "99999999T000000", "", "1000000000000"]),
    st.text(max_size=8),
)  # fmt: skip
RULES = st.lists(st.tuples(PARTS, VALUES), max_size=5).map(
    lambda parts: ";".join(f"{k}={v}" for k, v in parts)
)


@settings(max_examples=300, deadline=2000)
@given(RULES)
def test_any_repeat_rule_is_used_or_refused(rule: str):
    try:
        kept = series_rule(rule, START)
    except TimingError:
        return
    following = next_occurrence(kept, START)
    assert following is None or following > START


@pytest.mark.parametrize(
    ("rule", "refused"),
    [
        ("FREQ=DAILY;INTERVAL=0", TimingError),
        ("FREQ=DAILY;BYHOUR=9,10", TimingError),
        ("FREQ=HOURLY", TooOftenError),
        ("FREQ=WEEKLY;COUNT=0", TimingError),
    ],
)
def test_rules_that_would_hang_or_come_too_often_are_refused(rule: str, refused: type):
    with pytest.raises(refused):
        series_rule(rule, START)


@settings(max_examples=300, deadline=2000)
@given(st.text(max_size=120))
def test_any_remind_line_is_read_or_answered_kindly(rest: str):
    with contextlib.suppress(Refused):
        remind(rest)
