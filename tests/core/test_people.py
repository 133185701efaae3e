"""Who a person is to Onward: a channel and an address in it. Two people are the same
only when both are; an empty or oversized channel or address is refused; a database
row names its person by its columns."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.people import (
    AT_THE_TERMINAL,
    MAX_ADDRESS,
    MAX_CHANNEL,
    TELEGRAM,
    TERMINAL,
    Someone,
)


def test_the_same_channel_and_address_is_the_same_person_and_nothing_else_is():
    assert Someone(TELEGRAM, "5101") == Someone(TELEGRAM, "5101")
    assert Someone(TELEGRAM, "5101") != Someone(TERMINAL, "5101")
    assert Someone(TELEGRAM, "5101") != Someone(TELEGRAM, "05101")
    people = {Someone(TELEGRAM, "5101"), Someone(TELEGRAM, "5101"), Someone(TERMINAL, "5101")}
    assert len(people) == 2  # usable as a key, as the batch and the store use them
    assert Someone(TERMINAL, "local") == AT_THE_TERMINAL


def test_a_person_cannot_be_changed_once_made():
    someone = Someone(TELEGRAM, "5101")
    with pytest.raises(AttributeError):
        someone.address = "5102"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("channel", "address", "wrong"),
    [
        ("", "5101", "channel"),
        ("x" * (MAX_CHANNEL + 1), "5101", "channel"),
        (TELEGRAM, "", "address"),
        (TELEGRAM, "x" * (MAX_ADDRESS + 1), "address"),
    ],
)
def test_an_empty_or_oversized_channel_or_address_is_refused(
    channel: str, address: str, wrong: str
):
    with pytest.raises(ValueError, match=f"^an? {wrong} is 1 to"):
        Someone(channel, address)


def test_the_longest_channel_and_address_the_columns_hold_are_taken():
    longest = Someone("x" * MAX_CHANNEL, "y" * MAX_ADDRESS)
    assert (len(longest.channel), len(longest.address)) == (MAX_CHANNEL, MAX_ADDRESS)


def test_a_row_names_its_person_by_its_channel_and_address_columns():
    row = SimpleNamespace(channel=TELEGRAM, address=5101, locale="en")
    assert Someone.of(row) == Someone(TELEGRAM, "5101")  # as text, whatever the driver gave
