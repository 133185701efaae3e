"""Needs typed in a person's own words, in every shipped language: the lexicon
(flows/needs_words.yaml, needs_corpus.yaml beside this file) and where the engine takes
them, from any step, after the crisis words and never in place of a valid answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.yamlsource import load_file
from flows.crisis import CrisisDetector
from flows.i18n import SHIPPED_LOCALES, Catalogs
from flows.machine import load_flows
from flows.needs import NEEDS_FILE, NeedsDetector, needs_problems

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
