"""What case work takes from a channel: a typed command read as case work reads it, and
whether a command, a tapped button or a reply is case work's before any database work."""

from __future__ import annotations

import pytest

from core.casework.requests import COMMANDS, Command, ReplyText, Tap, command, takes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/remind 3 2026-12-03 10:00 court", Command("remind", "3 2026-12-03 10:00 court")),
        ("/REMIND@onward_bot  3  court ", Command("remind", "3  court")),
        ("/clients", Command("clients")),
        ("/start cw_abc", Command("start", "cw_abc")),
        ("  /links", None),  # not at the start: words, not a command
        ("remind 3", None),
        ("", None),
    ],
)
def test_a_typed_command_is_read_without_its_slash_bot_name_or_case(
    text: str, expected: Command | None
):
    assert command(text) == expected


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_case_work_command_is_taken(name: str):
    assert takes(Command(name, "1"))


@pytest.mark.parametrize(
    ("what", "taken"),
    [
        (Command("start", "cw_TOKEN"), True),  # a case worker's invitation
        (Command("start", "c_K7M2QXPA"), True),  # a client's link
        (Command("start"), False),  # onboarding, the conversation's
        (Command("start", "hello"), False),
        (Command("menu"), False),
        (Command("forget"), False),
        (Tap("lk:K7M2QXPA:y"), True),
        (Tap("lr:3"), True),
        (Tap("ra:12:n"), True),
        (Tap("ap:7"), True),
        (Tap("menu:housing"), False),
        (Tap("lk"), False),  # no separator: not one of case work's
        (ReplyText("The bus is late", "I've told Sam you can't make it."), True),
    ],
)
def test_only_case_works_own_starts_and_buttons_are_taken(what, taken: bool):
    assert takes(what) is taken
