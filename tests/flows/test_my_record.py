"""My record, scripted end to end: the answers shown are the rule pack's own (the same
call as `onward rules run`), in English, Arabic and Chinese; what a person did not say
is never shown as if they had; and answers are kept only if they ask."""

from __future__ import annotations

import datetime as dt

import pytest

from core.conversations import Conversations
from core.storage.store import Store
from flows.engine import Engine
from flows.i18n import Catalogs
from flows.record import packs
from flows.rulebook.load import outcome_json
from tests.conftest import NOW, Chat, onboard

t = Catalogs().translator


@pytest.fixture
def person(engine: Engine, store: Store) -> Chat:
    return Chat(Conversations(engine, store, clock=lambda: NOW))


async def start(chat: Chat, language: str = "English", code: str = "en") -> None:
    words = t(code).gettext
    await onboard(chat, language=language, region=words("England or Wales"))
    await chat.tap(words("My record"))
    await chat.tap(words("Start"))


async def add(chat: Chat, code: str, date: str, age: str, disposal: str) -> None:
    await chat.send(date)
    await chat.send(age)
    await chat.tap(t(code).gettext(disposal))


async def test_two_convictions_in_a_chain_match_the_pack(person: Chat, store: Store):
    await start(person)
    await add(person, "en", "10/01/2024", "30", "A fine")
    await person.tap("Add another")
    await add(person, "en", "03/06/2024", "30", "Prison or youth detention")
    await person.send("12")
    await person.send("02/06/2025")
    await person.tap("No, show me the answer")
    text = person.text
    expected = outcome_json(
        packs()["GB-EAW"],
        "record",
        {
            "convictions": [
                {"date": "2024-01-10", "age": 30, "disposal": "fine"},
                {
                    "date": "2024-06-03",
                    "age": 30,
                    "disposal": "custody",
                    "length_months": 12,
                    "ends": "2025-06-02",
                },
            ]
        },
    )["spent"]
    assert [d["value"] for d in expected] == ["2026-06-03", "2026-06-03"]
    # Today is 22 November 2026 in these tests: both are already spent.
    assert "1. A fine, January 10, 2024: spent since June 3, 2026." in text
    assert "A later conviction keeps this one unspent for longer." in text
    assert "2. Prison or youth detention, June 3, 2024: spent since June 3, 2026." in text
    assert "Rehabilitation of Offenders Act 1974, section 6(4)" in text
    assert "last reviewed December 4, 2026" in text
    assert "Legal Aid, Sentencing" not in text  # the 2014 table never applied to 2024
    await person.tap("Forget my answers")
    loaded = await store.load(person.someone, "en")
    assert not {"convictions", "record_lines", "date", "disposal"} & set(
        loaded.conversation.answers
    )


async def test_a_date_still_to_come_reads_as_such(person: Chat):
    await start(person)
    await add(person, "en", "01/11/2026", "30", "A fine")
    await person.tap("No, show me the answer")
    assert "1. A fine, November 1, 2026: it will be spent on November 1, 2027." in person.text


async def test_an_old_fine_reads_as_spent_by_10_march_2014_at_the_latest(person: Chat):
    """LASPO 2012 s.141: the 1974 table's row for a fine was not read, but the 2014 table,
    as if always in force, ended it in 2012, so it was spent on 10 March 2014 at the latest;
    the person reads that the day is the latest one, not the only possible one."""
    await start(person)
    await add(person, "en", "20/01/2011", "30", "A fine")
    await person.tap("No, show me the answer")
    assert (
        "1. A fine, January 20, 2011: spent since March 10, 2014. That is the latest day. "
        "It may have been spent earlier, under older rules that I do not have." in person.text
    )
    assert "section 141" in person.text
    assert "do not cover this" not in person.text


async def test_points_on_a_licence_before_2014_are_still_not_covered(person: Chat):
    """SI 2014/423 art 3 leaves s.141 of no effect for road traffic endorsements: no
    latest day is given, and the note never shows."""
    await start(person)
    await add(person, "en", "01/06/2011", "30", "Points on my driving licence")
    await person.tap("No, show me the answer")
    assert "the rules I have do not cover this" in person.text
    assert "latest day" not in person.text


async def test_what_was_not_said_is_never_shown_as_said(person: Chat):
    await start(person)
    await add(person, "en", "10/01/2024", "30", "A fine")
    await person.tap("Add another")
    await add(person, "en", "01/02/2024", "31", "Prison or youth detention")
    await person.tap("I don't know")
    await person.tap("I don't know")
    await person.tap("No, show me the answer")
    assert (
        "1. A fine, January 10, 2024: this depends on conviction 2, which I could not work out."
        in person.text
    )
    assert (
        "2. Prison or youth detention, February 1, 2024: I cannot work this out without:"
        in person.text
    )
    result = person.text.split("This is general information")[0]
    assert "spent on" not in result
    assert "spent since" not in result


async def test_a_suspended_sentence_asks_for_the_prison_time_not_the_suspension(person: Chat):
    """6 months suspended for 2 years: the question names both and asks for the 6; the
    answer counts 6 months from conviction plus 12 months (ROA 1974 s.5(7)(c))."""
    await start(person)
    await add(person, "en", "10/01/2024", "30", "A suspended sentence")
    assert "Give the prison time, not how long it was suspended." in person.text
    assert '"6 months suspended for 2 years" is 6' in person.text
    await person.send("6")
    await person.tap("No, show me the answer")
    assert "1. A suspended sentence, January 10, 2024: spent since July 10, 2025." in person.text


async def test_an_order_until_further_order_is_spent_when_it_stops(person: Chat):
    """A hospital order has no end date; it is spent the day after it stopped
    (s.5(2A)-(2B)). Without an order's end date, its length still gives an answer."""
    await start(person)
    await add(person, "en", "15/01/2024", "30", "A hospital order")
    await person.tap("It lasts until a court ends it")
    await person.send("31/03/2025")
    await person.tap("Add another")
    await add(person, "en", "10/01/2024", "30", "A community order")
    await person.tap("Yes")
    await person.tap("I don't know")
    assert "How long was the order, in months?" in person.text
    await person.send("12")
    await person.tap("No, show me the answer")
    assert "1. A hospital order, January 15, 2024: spent since April 1, 2025." in person.text
    # 12 months from conviction would be January 10, 2025, but the hospital order came
    # during it and holds it to April 1, 2025 (s.6(4)).
    assert (
        "2. A community order, January 10, 2024: spent since April 1, 2025. "
        "A later conviction keeps this one unspent for longer." in person.text
    )


async def test_kept_only_when_asked_and_shown_in_privacy(person: Chat, store: Store):
    await start(person)
    await add(person, "en", "10/01/2024", "30", "A fine")
    await person.tap("No, show me the answer")
    await person.tap("Keep them for me")
    loaded = await store.load(person.someone, "en")
    assert loaded.conversation.answers["my_record"] == [
        "1. A fine, January 10, 2024: spent since January 10, 2025."
    ]
    assert "convictions" not in loaded.conversation.answers
    assert "A legal advice service can check your case" in person.text
    assert person.labels == ["Find legal help near me", "Back to the menu"]
    await person.send("/privacy")
    assert "spent since January 10, 2025" in person.text


@pytest.mark.parametrize(("code", "language"), [("ar", "العربية"), ("zh_Hans", "中文 (简体)")])
async def test_in_arabic_and_chinese(engine: Engine, store: Store, code: str, language: str):
    chat = Chat(Conversations(engine, store, clock=lambda: NOW), language_code=code)
    await start(chat, language, code)
    await add(chat, code, "2024-01-10", "17", "A fine")
    await chat.tap(t(code).gettext("No, show me the answer"))
    words = t(code)
    line = words.gettext("{number}. {what}, {date}: spent since {spent}.").format(
        number=1,
        what=words.gettext("A fine"),
        date=words.date(dt.date(2024, 1, 10)),
        spent=words.date(dt.date(2024, 7, 10)),
    )
    assert line in chat.text


@pytest.mark.parametrize(
    ("step", "answer", "says"),
    [
        ("date", "01/12/2026", "That date is still to come"),
        ("age", "9", "from 10 to 110"),
        ("length", "0", "from 1 to 1,200"),
        ("length", str(900 * 12), "from 1 to 1,200"),
        ("ends", "01/01/2024", "That is before"),
        ("date", "1/1/99999999999999999999", "Please type a date like this"),
        ("date", "99999999999999999999/1/1", "Please type a date like this"),
        ("date", "1/1/1899", "Please type a date like this"),
        ("date", "1/1/" + "9" * 5000, "Please type a date like this"),
        ("ends", "31/12/9999", "Please type a date like this"),
        ("age", "NaN", "from 10 to 110"),
    ],
)
async def test_impossible_answers_are_asked_again_kindly(
    person: Chat, step: str, answer: str, says: str
):
    await start(person)
    if step != "date":
        await person.send("10/01/2024")
    if step in {"length", "ends"}:
        await person.send("30")
        await person.tap("Prison or youth detention")
    if step == "ends":
        await person.send("12")
    await person.send(answer)
    assert says in person.text


async def test_elsewhere_it_says_so_plainly_and_offers_legal_help(person: Chat):
    await onboard(person, region="Scotland")
    await person.tap("My record")
    assert (
        "So far I can only work this out for England and Wales, and for Michigan." in person.text
    )
    assert "Find legal help near me" in person.labels
