"""What the core hands a channel to send, and the ways a send can end without it: each
an `Undelivered` delivery can tell apart, carrying why but never the message's words."""

from __future__ import annotations

import pytest

from core.outgoing import (
    NotSent,
    Outgoing,
    Refused,
    SlowDown,
    Undelivered,
    Unreachable,
)


def test_a_call_is_its_method_and_parameters():
    call = Outgoing("sendMessage", {"chat_id": 5101, "text": "Hello"})
    assert call == Outgoing("sendMessage", {"chat_id": 5101, "text": "Hello"})
    assert call != Outgoing("editMessageText", {"chat_id": 5101, "text": "Hello"})
    with pytest.raises(AttributeError):
        call.method = "sendPhoto"  # type: ignore[misc]


@pytest.mark.parametrize("fate", [NotSent("cut"), Unreachable("blocked"), Refused("too long")])
def test_every_fate_is_undelivered_with_its_reason(fate: Undelivered):
    with pytest.raises(Undelivered) as caught:
        raise fate
    assert caught.value.reason == str(caught.value) == fate.args[0]


def test_slowing_down_says_for_how_long():
    slow = SlowDown(2.5)
    assert isinstance(slow, Undelivered)
    assert slow.retry_after == 2.5
    assert slow.reason == "retry after 2.5"
    assert Undelivered().reason == ""
