"""The inbox and outbox keep a Telegram chat id: the one place a person becomes that
number and back, and a person on another channel has no place in them."""

from __future__ import annotations

import pytest

from core.people import AT_THE_TERMINAL, TELEGRAM, Someone
from core.storage.chats import chat_id_of, queued_chat, someone_in


@pytest.mark.parametrize("chat", [5101, -1001234567890, 7_000_000_000])
def test_a_telegram_chat_and_its_person_are_one_another(chat: int):
    someone = someone_in(chat)
    assert someone == Someone(TELEGRAM, str(chat))
    assert chat_id_of(someone) == chat
    assert queued_chat(someone) == chat


def test_a_person_on_another_channel_has_no_chat_in_the_queues():
    assert chat_id_of(AT_THE_TERMINAL) is None
    assert chat_id_of(Someone("email", "5101")) is None  # the same address, not the same chat
    with pytest.raises(ValueError, match="no chats on terminal"):
        queued_chat(AT_THE_TERMINAL)
