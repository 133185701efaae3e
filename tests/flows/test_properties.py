"""Anything, in any order, from any state: nothing raises and every event is answered
in the person's own language."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversations import Conversations
from bot.db.store import Store
from flows.events import COMMANDS, Command, Event, Location, Press, Text, Unsupported
from flows.i18n import SHIPPED_LOCALES, Catalogs, negotiate
from flows.machine import load_flows

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
        st.one_of(st.integers(-1, 9).map(str), st.sampled_from(["s", "location", ""])),
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
    person = next(ids)
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
