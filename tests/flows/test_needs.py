"""Needs typed in a person's own words, in every shipped language: the lexicon
(flows/needs_words.yaml, needs_corpus.yaml beside this file) and where the engine takes
them, from any step, after the crisis words and never in place of a valid answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.storage.store import Store
from directory.yamlsource import load_file
from flows.crisis import CrisisDetector
from flows.engine import FINISH_SETUP, Engine
from flows.i18n import SHIPPED_LOCALES, Catalogs, language_name
from flows.machine import load_flows
from flows.needs import NEEDS_FILE, NeedsDetector, needs_problems
from tests.conftest import Chat, onboard
from tests.helpers.find_help import MANCHESTER, chat_in

NEEDS = NeedsDetector.load()
CORPUS = load_file(Path(__file__).parent / "needs_corpus.yaml")
NAMES = [need.name for need in NEEDS.needs]
t = Catalogs().translator
CODES = {"en": "en", "ar": "ar", "zh_Hans": "zh-hans", "fr": "fr", "ru": "ru", "es": "es"}

NAMED = [
    pytest.param(text, need, id=f"{language}-{need}-{i}")
    for language, corpus in CORPUS.items()
    for need in NAMES
    for i, text in enumerate(corpus[need])
]
EVERYDAY = [
    pytest.param(text, id=f"{language}-{i}")
    for language, corpus in CORPUS.items()
    for i, text in enumerate(corpus["none"])
]


def test_the_corpus_covers_every_language_and_need():
    assert set(CORPUS) == set(SHIPPED_LOCALES)
    assert NAMES == ["housing_tonight", "food", "work", "money", "record"]
    for language, corpus in CORPUS.items():
        for need in NAMES:
            assert len(corpus[need]) >= 8, (language, need)
        assert len(corpus["none"]) >= 10, language


@pytest.mark.parametrize(("text", "need"), NAMED)
def test_needs_as_people_type_them(text: str, need: str):
    found = NEEDS.detect(text)
    assert found is not None
    assert found.name == need


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_messages_name_no_need(text: str):
    assert NEEDS.detect(text) is None


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("I NEED FOOD!!!", "food"),
        ("ＩＮＥＥＤ ａ ｊｏｂ", None),  # full-width letters run together: no words to read
        ("I need a jooob", "work"),  # a letter held down
        ("احتاج سريرا الليله", "housing_tonight"),  # no hamza, no tanwin, ha for ta marbuta
        ("أحتـــاج سريرًا الليلة", "housing_tonight"),  # tatweel
        ("我 需要 吃的", "food"),  # Chinese with spaces typed in
        ("J’AI FAIM", "food"),  # curly apostrophe, capitals
        ("Мне НУЖНА работа", "work"),
        ("NECESITO COMIDA", "food"),
    ],
)
def test_case_marks_letter_forms_and_spacing_never_decide(text: str, need: str | None):
    found = NEEDS.detect(text)
    assert (found.name if found else None) == need


def test_every_need_leads_to_a_flow_that_exists_with_answers_it_takes():
    flows = load_flows()
    if "work" not in flows.specs:
        pytest.skip("the Work flow (flows/content/work.yaml) has not landed yet")
    assert all(need.flow in flows.specs for need in NEEDS.needs)
    assert needs_problems(NEEDS, flows.specs) == []


def test_a_need_giving_an_answer_its_flow_has_no_question_for_is_a_problem(tmp_path: Path):
    words = tmp_path / "needs.yaml"
    words.write_text(
        "food:\n  flow: find_help\n  answers: {need: pizza}\n  alone: {en: food}\n"
        "job:\n  flow: find_help\n  answers: {wage: 10}\n  alone: {en: job}\n",
        encoding="utf-8",
    )
    problems = needs_problems(NeedsDetector.load(words), load_flows().specs)
    assert [p.line for p in problems] == [1, 5]
    assert "'pizza' is not one of the options of 'need'" in problems[0].reason
    assert "asks no question kept as 'wage'" in problems[1].reason


def test_the_shipped_lexicon_is_read_from_beside_the_crisis_words():
    assert NEEDS_FILE.parent == Path(CrisisDetector.load.__code__.co_filename).parent


# -- where the engine takes them -------------------------------------------------------


def said(chat: Chat, code: str, text: str) -> bool:
    return t(code).gettext(text) in chat.text


@pytest.mark.parametrize("code", SHIPPED_LOCALES)
async def test_a_bed_and_food_typed_at_the_menu_lead_to_their_search(
    engine_over_directory: Engine, store: Store, code: str
):
    tr = t(code).gettext
    chat = chat_in(engine_over_directory, store, CODES[code])
    await onboard(chat, region=tr("England or Wales"), language=language_of(code))
    await chat.send(CORPUS[code]["housing_tonight"][0])
    assert said(chat, code, "Let's look for places near you.")
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    heading = tr("Here is what I found for {what} near {where}:")
    assert heading.format(what=tr("somewhere to sleep tonight"), where=tr("you")) in chat.text
    await chat.tap(tr("Done"))
    assert chat.replies[-1].menu
    await chat.send(CORPUS[code]["food"][0])
    assert chat.text == tr("When do you need it?")  # food: Find help asks when
    await chat.tap(tr("Any time"))  # and the place is kept: straight to the list
    assert heading.format(what=tr("food"), where=tr("you")) in chat.text


def language_of(code: str) -> str:
    return language_name(code)


async def typed_is_tapped(chat: Chat, typed: str, topic: str) -> None:
    """Typing the need at the menu shows what tapping its topic there shows."""
    await chat.send("/menu")
    await chat.send(typed)
    heard = [reply.text for reply in chat.replies]
    await chat.send("/menu")
    await chat.tap(topic)
    assert heard == [reply.text for reply in chat.replies]


@pytest.mark.parametrize("code", SHIPPED_LOCALES)
async def test_money_record_and_work_typed_at_the_menu_lead_to_their_flows(
    engine: Engine, chat: Chat, code: str
):
    tr = t(code).gettext
    chat.language_code = CODES[code]
    await onboard(chat, region=tr("England or Wales"), language=language_of(code))
    await typed_is_tapped(chat, CORPUS[code]["money"][0], tr("Money and benefits"))
    await typed_is_tapped(chat, CORPUS[code]["record"][0], tr("My record"))
    if "work" not in engine.flows.specs:
        pytest.skip("the Work flow (flows/content/work.yaml) has not landed yet")
    await typed_is_tapped(chat, CORPUS[code]["work"][0], tr("Work and training"))


async def test_crisis_words_come_before_a_need(chat: Chat):
    await onboard(chat)
    await chat.send("I have nowhere to sleep tonight, I need a bed")
    assert "999" in chat.text
    assert "Places to sleep tonight" in chat.labels  # urgent help's way to a bed
    await chat.send("/menu")
    await chat.send("I want to kill myself, I need food")
    assert "Samaritans" in chat.text
    assert "Let's look for places near you." not in chat.text


async def test_button_words_are_the_button_not_a_need(chat: Chat):
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.send("Money and benefits")  # the button: a search, not the Money flow
    assert chat.text == "When do you need it?"
    await chat.send("/menu")
    await chat.send("Money and benefits")  # the menu's own button
    assert chat.replies[-1].text != "What would you like help with?"


async def test_a_need_is_not_heard_in_place_of_a_valid_typed_answer(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Search with my own words")
    await chat.send("food")  # the words to search with, not the food search
    await chat.tap("Any time")
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    assert "Here is what I found for food near you:" in chat.text
    await chat.tap("Done")
    await chat.tap("My record")
    await chat.tap("Start")
    asked = chat.replies[-1].text
    await chat.send("I need food")  # not a date: the need is heard
    await chat.tap("Any time")
    assert "Here is what I found for food near you:" in chat.text
    await chat.tap("Done")
    assert chat.replies[-1].text == asked  # and then back where the person was
    await chat.send("10/01/2024")  # a date is the answer
    assert chat.replies[-1].text != asked


async def test_a_need_typed_before_setting_up_is_met_once_it_is_done(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store, "ar")
    ar = t("ar").gettext
    await chat.send("أحتاج سريرًا الليلة")
    assert chat.replies[0].text == ar(FINISH_SETUP)
    assert ar("Yes, that's OK") in chat.labels
    await chat.tap(ar("Yes, that's OK"))
    await chat.tap(ar("England or Wales"))
    assert chat.replies[-1].request_location  # straight to a bed, not the menu
    await chat.send(MANCHESTER)
    heading = ar("Here is what I found for {what} near {where}:")
    assert heading.format(what=ar("somewhere to sleep tonight"), where=ar("you")) in chat.text


async def test_a_need_typed_then_declined_is_forgotten(chat: Chat, store: Store):
    await chat.send("/start")
    await chat.send("I need food")
    assert chat.replies[0].text == FINISH_SETUP
    await chat.tap("No, delete what I said")
    await chat.send("/start")
    await chat.tap("Yes, that's OK")
    await chat.tap("England or Wales")
    assert chat.replies[-1].menu
