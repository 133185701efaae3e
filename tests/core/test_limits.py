"""Telegram's limits kept on a clock the test moves: 29 a second in all, a gap between
a chat's messages (a burst when asked), 20 a minute to a group, and a 429's pause."""

from __future__ import annotations

import itertools

import pytest

from core.limits import NoLimits, SendLimits, limits_for


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_no_more_than_29_a_second_in_all():
    limits = SendLimits(clock=Clock())
    moments = sorted(limits.reserve(chat) for chat in range(1, 60))
    assert all(b - a >= 1 / 29 - 1e-9 for a, b in itertools.pairwise(moments))
    assert moments[-1] == pytest.approx(58 / 29)


def test_a_chat_waiting_for_its_gap_does_not_hold_up_the_others():
    limits = SendLimits(clock=Clock())
    assert limits.reserve(1) == 0.0
    assert limits.reserve(1) == 1.05  # its gap
    assert limits.reserve(2) < 0.1  # the others go before it


def test_a_burst_goes_back_to_back_and_then_keeps_the_pace():
    limits = SendLimits(per_second=1000, clock=Clock())
    moments = [limits.reserve(7, burst=3) for _ in range(5)]
    assert moments[2] < 0.01
    assert moments[3] >= 1.0
    assert moments[4] - moments[3] == pytest.approx(1.05)


def test_a_group_gets_20_a_minute():
    limits = SendLimits(per_second=1000, chat_gap=0.0, clock=Clock())
    moments = [limits.reserve(-100) for _ in range(21)]
    assert moments[19] < 1.0
    assert moments[20] >= 60.0
    assert limits.reserve(5) < 1.0  # a person is not held up by the group


def test_a_flood_limit_pauses_everyone():
    clock = Clock()
    limits = SendLimits(clock=clock)
    limits.pause(3)
    assert limits.reserve(1) >= 3.0
    assert limits.reserve(2) >= 3.0


def test_without_limits_only_a_429_holds_a_send():
    clock = Clock()
    limits = NoLimits(clock=clock)
    assert [limits.reserve(1) for _ in range(100)] == [0.0] * 100
    limits.pause(2)
    assert limits.reserve(-100) == 2.0
    assert isinstance(limits_for(False), NoLimits)
    assert not isinstance(limits_for(True), NoLimits)
