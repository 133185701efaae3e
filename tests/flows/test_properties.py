"""Anything, in any order, from any state: nothing raises and every event is answered
in the person's own language."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from flows.events import COMMANDS, Command, Event, Location, Press, Text, Unsupported
from flows.i18n import SHIPPED_LOCALES, Catalogs, language_name, negotiate
from flows.machine import load_flows
from tests.conftest import Chat, onboard

FLOWS = load_flows()
CATALOGS = Catalogs()
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "zh_Hans": re.compile(r"[\u4e00-\u9fff]"),
}
# Every English text that reads differently once translated: meeting one means a person
# who chose another language was spoken to in English.
ENGLISH_ONLY = {
    locale: {m for m in CATALOGS.source_texts() if CATALOGS.translator(locale).gettext(m) != m}
    for locale in SHIPPED_LOCALES
    if locale != "en"
}
LANGUAGE_NAMES_STATE = FLOWS.state_ids[FLOWS.start_of("language")]

button_data = st.one_of(
    st.builds(
        lambda s, c: f"{s}:{c}",
        st.integers(0, len(FLOWS.state_names) + 2),
        st.one_of(
            st.integers(-1, 9).map(str),
            st.sampled_from(["s", "location", "", "²", "٣", "３", "9" * 60]),
            st.text(alphabet="0123456789²³¹٠١٢٣３", min_size=1, max_size=60),
        ),
    ),
    st.text(max_size=80),
)
events: st.SearchStrategy[Event] = st.one_of(
    st.text(max_size=300).map(Text),
    st.sampled_from(
        [
            "I want to die",
            "أريد أن أنتحر",
            "我想自杀",
            "je veux mourir",
            "hola",
            "1",
            "2",
            "yes",
            "/start",
            "/menu@OnwardBot",
            "/",
            "/ back",
        ]
    ).map(Text),
    st.sampled_from(COMMANDS).map(Command),
    button_data.map(Press),
    st.builds(Location, st.floats(allow_nan=True), st.floats(allow_infinity=True)),
    st.sampled_from(["sticker", "photo", "voice", "video", "document", "contact", "other"]).map(
        Unsupported
    ),
)
ids = itertools.count(10_000)


def check_language(locale: str, texts: list[str]) -> None:
    for text in texts:
        if locale in ENGLISH_ONLY:
            assert text not in ENGLISH_ONLY[locale], (
                f"English shown to a {locale} reader: {text!r}"
            )
        if locale in SCRIPTS:
            assert SCRIPTS[locale].search(text), f"not in {locale}: {text!r}"


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    language_code=st.sampled_from(["en", "ar", "zh-hans", "ru", "fr", "es", None, "pt-br"]),
    script=st.lists(events, min_size=1, max_size=25),
)
async def test_random_events_never_raise_and_are_answered_in_the_persons_language(
    conversations: Conversations, store: Store, language_code: str | None, script: list[Event]
):
    person = Someone(TELEGRAM, str(next(ids)))
    for event in script:
        replies = await conversations.handle(person, language_code, event)
        assert replies, f"no reply to {event!r}"
        loaded = await store.load(person, negotiate(language_code))
        locale = loaded.profile.locale
        for reply in replies:
            assert 0 < len(reply.text) <= 4096
            assert all(0 < len(b.data.encode()) <= 64 and b.label for b in reply.buttons)
        labels = [
            b.label
            for r in replies
            for b in r.buttons
            if not b.data.startswith(f"{LANGUAGE_NAMES_STATE}:")
        ]
        check_language(locale, [r.text for r in replies] + labels)


# The way to each typed question of My record and My supervision, from the main menu:
# a button's label (translated when tapped) or an answer typed as it stands.
TO_QUESTION = {
    "record date": ("England or Wales", ["My record", "Start"]),
    "record age": ("England or Wales", ["My record", "Start", "=10/01/2024"]),
    "record end": (
        "England or Wales",
        ["My record", "Start", "=10/01/2024", "=30", "Prison or youth detention", "=12"],
    ),
    "Michigan date": ("Michigan, USA", ["My record", "Start", "No"]),
    "appointment what": ("Michigan, USA", ["My supervision", "Remind me of an appointment"]),
    "appointment date": (
        "Michigan, USA",
        ["My supervision", "Remind me of an appointment", "=Court"],
    ),
    "appointment time": (
        "England or Wales",
        ["My supervision", "Remind me of an appointment", "=Court", "=30/11/2026"],
    ),
}
DIGITS = {"ascii": "0123456789", "arabic": "٠١٢٣٤٥٦٧٨٩", "wide": "０１２３４５６７８９"}
huge = st.integers(0, 10**30) | st.integers(-(10**6), 10**6) | st.sampled_from([9999, 10000])
separator = st.sampled_from(["/", "-", ".", " ", ":", "h", "年", "", ",", "\u200f"])
typed_answers = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda a, b, c, s, script: f"{a}{s}{b}{s}{c}".translate(
            str.maketrans("0123456789", DIGITS[script])
        ),
        huge,
        huge,
        huge,
        separator,
        st.sampled_from(sorted(DIGITS)),
    ),
    st.builds(lambda h, m, s: f"{h}{s}{m}", huge, huge, separator),
    st.sampled_from(["NaN", "-inf", "1e999999999", "31/12/9999", "12/31/9999 23:30", "23:30"]),
)


async def reach(chat: Chat, locale: str, question: str) -> None:
    words = CATALOGS.translator(locale).gettext
    region, steps = TO_QUESTION[question]
    await onboard(chat, language=language_name(locale), region=words(region))
    for step in steps:
        await (chat.send(step[1:]) if step.startswith("=") else chat.tap(words(step)))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    locale=st.sampled_from(["en", "ar"]),
    question=st.sampled_from(sorted(TO_QUESTION)),
    answers=st.lists(typed_answers, min_size=1, max_size=4),
)
async def test_anything_typed_into_a_date_number_or_time_question_is_answered(
    conversations: Conversations, locale: str, question: str, answers: list[str]
):
    """Huge years, far-off appointments, NaN and any Unicode: never a failed turn, always
    a reply, in the person's language; an appointment's time goes on to be scheduled."""
    chat = Chat(conversations, Someone(TELEGRAM, str(next(ids))), language_code=locale)
    await reach(chat, locale, question)
    for answer in answers:
        await chat.send(answer)  # Chat asserts a reply came
        check_language(locale, [r.text for r in chat.replies])
        if question == "appointment time" and chat.buttons:
            await chat.tap_index(0)  # when to remind: the time itself is read now
            check_language(locale, [r.text for r in chat.replies])
