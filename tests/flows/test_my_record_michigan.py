"""My record in Michigan, scripted end to end: each conviction's answer is the US-MI
pack's own (the same call as `onward rules run`), in English, Arabic and Chinese; what a
person did not say is never shown as said; impossible answers are asked again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.conversations import Conversations
from core.storage.store import Store
from flows.engine import Engine
from flows.i18n import Catalogs
from flows.record import packs
from flows.rulebook.load import outcome_json
from tests.conftest import NOW, Chat, onboard

t = Catalogs().translator
FELONY = "A felony"
SHORT = "A misdemeanor that can mean 90 days in jail or less"


@pytest.fixture
def person(engine: Engine, store: Store) -> Chat:
    return Chat(Conversations(engine, store, clock=lambda: NOW))


async def start(chat: Chat, code: str = "en", language: str = "English") -> None:
    words = t(code).gettext
    await onboard(chat, language=language, region=words("Michigan, USA"))
    await chat.tap(words("My record"))
    await chat.tap(words("Start"))
    await chat.tap(words("No"))  # no case open


async def add(chat: Chat, code: str, answers: list[str]) -> None:
    """Each answer is typed when it is a date, tapped otherwise."""
    for answer in answers:
        if answer[:4].isdigit():
            await chat.send(answer)
        else:
            await chat.tap(t(code).gettext(answer))


# A felony with prison and parole, nothing excluding it: dates, level, custody, supervision
# and the flags in the order the flow asks them (ten years, and whether it came from one
# event with another, are asked only of a felony).
FELONY_ANSWERS = [
    "2011-03-28", "2011-05-02", FELONY,
    "Yes", "2014-03-01", "Yes", "2016-03-01",
    "No", "No", "No", "No", "No", "No", "No",
]  # fmt: skip
FELONY_ITEM = {
    "date": "2011-03-28",
    "sentenced": "2011-05-02",
    "level": "felony",
    "released": "2014-03-01",
    "supervision_ended": "2016-03-01",
    "never_eligible": False,
    "owi": False,
    "assaultive": False,
    "ten_years": False,
    "dishonesty": False,
    "harm": False,
    "same_event": False,
}
# The marijuana question (MCL 780.621e) is asked only of a misdemeanor.
MISDEMEANOR_ANSWERS = [
    "2022-05-02", "2022-06-01", SHORT, "No", "No",
    "No", "No", "No", "No", "No", "No", "No",
]  # fmt: skip
MISDEMEANOR_ITEM = {
    "date": "2022-05-02",
    "sentenced": "2022-06-01",
    "level": "misdemeanor",
    "released": "none",
    "supervision_ended": "none",
    "never_eligible": False,
    "owi": False,
    "assaultive": False,
    "serious_misdemeanor": False,
    "marijuana": False,
    "dishonesty": False,
    "harm": False,
}


def pack_says(*items: dict[str, Any]) -> dict[str, Any]:
    answers = {"pending_case": False, "convictions": list(items)}
    return outcome_json(packs()["US-MI"], "set_aside", answers)


async def test_a_felony_and_a_later_misdemeanor_match_the_pack(person: Chat, store: Store):
    await start(person)
    await add(person, "en", FELONY_ANSWERS)
    await person.tap("Add another")
    await add(person, "en", MISDEMEANOR_ANSWERS)
    await person.tap("No, show me the answer")
    said = pack_says(FELONY_ITEM, MISDEMEANOR_ITEM)
    assert [d["value"] for d in said["petition"]] == ["2021-03-01", "2025-06-01"]
    assert [d["value"] for d in said["automatic"]] == ["later_conviction", "2029-06-01"]
    text = person.text
    assert (
        "1. A felony, convicted March 28, 2011: You can apply to the court to set it aside now "
        "(since March 1, 2021). A later conviction stops it being set aside automatically."
    ) in text
    assert (
        f"2. {SHORT}, convicted May 2, 2022: You can apply to the court to set it aside now "
        "(since June 1, 2025). It should be set aside automatically on June 1, 2029, "
        "if nothing changes."
    ) in text
    assert "MCL 780.621d(1) to (3)" in text
    assert "last reviewed November 23, 2026" in text
    assert "form MC 227" in text  # how to apply
    await person.tap("Forget my answers")
    loaded = await store.load(person.someone, "en")
    assert not {"convictions", "record_lines", "pending_case", "level", "released"} & set(
        loaded.conversation.answers
    )


async def test_what_was_not_said_is_never_shown_as_said(person: Chat):
    await start(person)
    await add(person, "en", ["2015-05-04", "2015-06-01"])
    await person.tap("I don't know")  # felony or misdemeanor
    await add(person, "en", ["No", "No", "No", "No", "No", "No", "Prefer not to say"])
    await person.tap("No, show me the answer")
    text = person.text
    assert "1. A conviction, convicted May 4, 2015:" in text
    assert "Whether you can apply: I cannot work this out without: Was it a felony" in text
    assert "Automatically: I cannot work this out without: Was it a felony" in text
    assert "You can apply" not in text
    assert "set aside automatically on" not in text


async def test_a_conviction_that_can_never_be_set_aside_asks_only_whether_it_was_assaultive(
    person: Chat,
):
    # Clean Slate counts every assaultive conviction, even one that is never set aside.
    await start(person)
    await add(person, "en", ["2005-02-07", "2005-03-14", FELONY, "No", "No", "Yes"])
    assert "Was it an assault or another violent crime?" in person.text
    await person.tap("No")
    assert "Do you have another Michigan conviction to add?" in person.text
    await person.tap("No, show me the answer")
    (line,) = [line for line in person.text.splitlines() if line.startswith("1.")]
    assert line == "1. A felony, convicted February 7, 2005: It can never be set aside."


async def test_two_felonies_from_one_bad_night_are_asked_and_counted_as_one(person: Chat):
    """MCL 780.621b: the flow asks, for a felony, whether it came from one event with
    another, and when; the pack then waits 5 years, not 7, from the later events."""
    await start(person)
    night = ["Yes", "2015-01-10", "No"]  # one event, its date, no weapon
    first = ["2015-03-09", "2015-04-06", FELONY, "No", "Yes", "2016-04-06", *["No"] * 7]
    second = ["2015-03-09", "2015-04-06", FELONY, "No", "Yes", "2017-04-06", *["No"] * 7]
    await add(person, "en", first[:-1])
    assert "Did this crime happen in one event with another crime on your list" in person.text
    await add(person, "en", night)
    await person.tap("Add another")
    await add(person, "en", second[:-1])
    await add(person, "en", night)
    await person.tap("No, show me the answer")
    text = person.text
    assert (
        "1. A felony, convicted March 9, 2015: You can apply to the court to set it aside now (since April 6, 2022)."
        in text
    )
    assert (
        "2. A felony, convicted March 9, 2015: You can apply to the court to set it aside now (since April 6, 2022)."
        in text
    )


@pytest.mark.parametrize(("code", "language"), [("ar", "العربية"), ("zh_Hans", "中文 (简体)")])
async def test_in_arabic_and_chinese(engine: Engine, store: Store, code: str, language: str):
    chat = Chat(Conversations(engine, store, clock=lambda: NOW), language_code=code)
    await start(chat, code, language)
    await add(chat, code, MISDEMEANOR_ANSWERS)
    await chat.tap(t(code).gettext("No, show me the answer"))
    words = t(code)
    head = words.gettext("{number}. {what}, convicted {date}:").format(
        number=1, what=words.gettext(SHORT), date=words.date(dt.date(2022, 5, 2))
    )
    apply = words.gettext("You can apply to the court to set it aside now (since {day}).")
    automatic = words.gettext("It should be set aside automatically on {day}, if nothing changes.")
    expected = " ".join(
        [
            head,
            apply.format(day=words.date(dt.date(2025, 6, 1))),
            automatic.format(day=words.date(dt.date(2029, 6, 1))),
        ]
    )
    assert expected in chat.text
    assert words.gettext("Source: {source}, last reviewed {date}").split("{")[0] in chat.text


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        (["2027-01-01"], "That date is still to come"),
        (["2015-05-04", "2015-01-01"], "That is before"),
        (["2015-05-04", "2015-06-01", FELONY, "Yes", "2015-01-01"], "That is before"),
    ],
)
async def test_impossible_dates_are_asked_again_kindly(
    person: Chat, answers: list[str], says: str
):
    await start(person)
    await add(person, "en", answers)
    assert says in person.text


async def test_three_assaultive_felonies_can_each_be_applied_for_but_only_two_set_aside(
    person: Chat,
):
    """MCL 780.621(1)(b) limits how many assaultive crimes are set aside, not whether any
    can be: each conviction keeps its date, and the person reads the limit."""
    await start(person)
    for year in ("2008", "2009", "2010"):
        if year != "2008":
            await person.tap("Add another")
        dates = [f"{year}-01-07", f"{year}-02-04", FELONY, "No", "No", "No", "No"]
        await add(person, "en", [*dates, "Yes", "No", "No", "No", "No"])
    await person.tap("No, show me the answer")
    lines = [line for line in person.text.splitlines() if line[:2] in {"1.", "2.", "3."}]
    assert len(lines) == 3
    for line in lines:
        assert "You can apply to the court to set it aside now (since February 4, 2017)." in line
        assert (
            "The court can set aside at most 2 convictions for assaultive crimes in your life. "
            "You choose which ones to apply for."
        ) in line
        assert "It will not be set aside automatically." in line
