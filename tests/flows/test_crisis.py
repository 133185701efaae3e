"""Crisis words as people write them: the corpus in crisis_corpus/, and the pattern syntax."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.conversations import Conversations
from core.storage.store import Store
from directory.yamlsource import load_file
from flows.answers import ASK_CHOICE
from flows.crisis import TOPICS, WORDS_FILE, CrisisDetector, normalise
from flows.engine import URGENT_REMINDER, Engine
from flows.errors import FlowError
from flows.i18n import SHIPPED_LOCALES, Catalogs
from tests.conftest import NOW, Chat, onboard
from tests.helpers.find_help import MANCHESTER, chat_in

DETECTOR = CrisisDetector.load()
CORPUS = Path(__file__).parent / "crisis_corpus"


def _corpus() -> dict[str, dict]:
    return {file.stem: load_file(file) for file in sorted(CORPUS.glob("*.yaml"))}


CASES = _corpus()
MUST_TRIGGER = [
    pytest.param(text, topic, id=f"{language}-{topic}-{i}")
    for language, corpus in CASES.items()
    for topic in TOPICS
    for i, text in enumerate(corpus["must_trigger"][topic])
]
MUST_NOT = [
    pytest.param(text, id=f"{language}-{i}")
    for language, corpus in CASES.items()
    for i, text in enumerate(corpus["must_not"])
]


def test_the_corpus_covers_every_language_and_topic():
    assert set(CASES) == set(SHIPPED_LOCALES)
    for language, corpus in CASES.items():
        for topic in TOPICS:
            assert len(corpus["must_trigger"][topic]) >= 8, (language, topic)
        assert len(corpus["must_not"]) >= 30, language


@pytest.mark.parametrize(("text", "topic"), MUST_TRIGGER)
def test_crisis_messages_as_people_write_them(text: str, topic: str):
    assert DETECTOR.detect(text) == topic


@pytest.mark.parametrize("text", MUST_NOT)
def test_everyday_messages_raise_no_alarm(text: str):
    assert DETECTOR.detect(text) is None


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("i want to KILL MYSELF", "suicide"),
        ("I don’t want to live anymore", "suicide"),
        ("أُرِيدُ أَنْ أَنْتَحِرَ", "suicide"),  # diacritics
        ("بـــدي انتحـــر", "suicide"),  # tatweel
        ("إنتحار", "suicide"),  # alef with hamza below
        ("ما عندي مكان انام فيه الليلى", "homeless_tonight"),  # alef maqsura typed for ya
        ("زوجتى ضربتنى", "domestic_abuse"),  # ى for ي at the end of words
        ("ＩＷＡＮＴ to kill myself", "suicide"),  # full-width letters
        ("我老公又打我了！", "domestic_abuse"),  # full-width punctuation
        ("i want to kiiiill myself", "suicide"),  # letters held down
        ("ME QUIERO MATAR!!!", "suicide"),
        ("Муж опять избил меня", "domestic_abuse"),
        ("муж опять избил меня", "domestic_abuse"),
        ("Ёлки, муж бьёт меня", "domestic_abuse"),  # ё as typed, or е
        ("il m’a frappée", "domestic_abuse"),  # curly apostrophe, French elision
        ("he took too many pills\nand isnt breathing", "overdose"),
    ],
)
def test_matching_survives_how_text_is_typed(text: str, topic: str):
    assert DETECTOR.detect(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "I killed it at the interview",
        "skill myself up",
        "my street is nice",
        "想死你了",
        "",
        "   ",
    ],
)
def test_ordinary_words_are_not_a_crisis(text: str):
    assert DETECTOR.detect(text) is None


def test_normalise_folds_what_does_not_change_meaning():
    assert normalise("Élan  d’ÉTÉ") == "elan d ete"
    assert normalise("أَنْتَحِرُ") == normalise("انتحر")
    assert normalise("مكتبة") == normalise("مكتبه")
    assert normalise("على") == normalise("علي")
    assert normalise("ｋｉｌｌ") == "kil"
    assert normalise("don't") == "dont"


def test_the_most_pressing_topic_comes_first():
    assert DETECTOR.detect("he hit me and now I want to die") == "suicide"


def test_every_topic_has_patterns_in_every_shipped_language():
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    for topic in TOPICS:
        assert set(data[topic]) == set(SHIPPED_LOCALES), topic
        assert all(data[topic][locale] for locale in SHIPPED_LOCALES), topic


def test_a_broken_pattern_is_named_with_its_file_and_line(tmp_path: Path):
    words = tmp_path / "crisis_words.yaml"
    data = {topic: {"en": ["help me"]} for topic in TOPICS}
    data["overdose"]["en"] = ["ok", "maybe? not", {"match": "x", "unlss": []}]
    words.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(FlowError) as error:
        CrisisDetector.load(words)
    reasons = [str(problem) for problem in error.value.problems]
    assert len(reasons) == 2
    assert all(reason.startswith(f"{words}:") for reason in reasons)
    assert "cannot be optional" in reasons[0]
    assert "unless" in reasons[1]


# -- through the engine: urgent help comes first, and nothing typed is lost ------------


@pytest.fixture
def person(engine: Engine, store: Store) -> Chat:
    return Chat(Conversations(engine, store, clock=lambda: NOW))


async def test_conditions_naming_a_violence_order_show_help_and_are_kept(
    person: Chat, store: Store
):
    conditions = "Curfew 7pm to 7am. Obey the domestic violence order. No contact with J."
    await onboard(person)
    await person.tap("My supervision")
    await person.tap("My own conditions")
    await person.send(conditions)
    assert "999" in person.replies[0].text  # urgent help before anything else
    await person.tap("Go back")
    assert person.text == "Shall I keep them, so you can read them here again?"
    await person.tap("Keep them for me")
    await person.tap("My own conditions")
    assert conditions in person.text
    loaded = await store.load(person.someone, "en")
    assert loaded.conversation.answers["my_conditions"] == conditions


async def test_an_appointment_called_domestic_abuse_programme_is_kept(person: Chat):
    await onboard(person)
    await person.tap("My supervision")
    await person.tap("Remind me of an appointment")
    await person.send("Domestic abuse programme, 3 Elm Road")
    assert "999" in person.replies[0].text
    await person.tap("Go back")  # on to the next question: the answer was kept
    await person.send("2026-11-30")
    await person.send("9.30")
    await person.tap("Only 2 hours before")
    assert "I will remind you about Domestic abuse programme, 3 Elm Road" in person.text


async def test_crisis_words_that_do_not_answer_the_question_leave_it_asked(person: Chat):
    await onboard(person)
    await person.tap("My supervision")
    await person.tap("Remind me of an appointment")
    await person.send("Domestic abuse programme")
    await person.tap("Go back")
    await person.send("my boyfriend hit me")  # not a date: help, then the date again
    assert "999" in person.replies[0].text
    await person.tap("Go back")
    assert person.text == "On what date is it?"


async def test_nowhere_to_sleep_leads_to_places_open_tonight_in_one_tap(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.send("i got nowhere to sleep tonight")
    assert "999" in chat.replies[0].text
    assert chat.labels == ["Places to sleep tonight", "Go back"]
    await chat.tap("Places to sleep tonight")
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    # Open tonight only: the day centre opens again on Monday, and is not listed.
    assert chat.labels[:3] == ["1. Night shelter", "2. Far hostel", "Another place"]
    await chat.tap("Done")
    assert chat.replies[-1].menu  # back where the person was


async def test_other_crisis_words_end_at_the_numbers(person: Chat):
    await onboard(person)
    await person.send("he beat me up again")
    assert person.labels == ["Go back"]


@pytest.mark.parametrize("language", ["en", "ar", "zh_Hans", "fr", "ru", "es"])
async def test_a_message_that_fits_no_button_says_how_to_reach_urgent_help(
    engine: Engine, store: Store, language: str
):
    words = Catalogs().translator(language).gettext
    chat = Chat(Conversations(engine, store, clock=lambda: NOW), language_code=language)
    await chat.send("/start")
    await chat.send("hmm")  # the welcome has one button
    reminder = words(URGENT_REMINDER)
    assert chat.replies[0].text == f"{words(ASK_CHOICE)}\n{reminder}"
    assert "/menu" in reminder
    assert words("Urgent help now") in reminder
