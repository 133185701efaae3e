"""What case work says is data for the translators: every text is extracted into the
template and read by Arabic, Chinese and Russian readers in their own script, with the
same placeholders; every kind of reminder has its words."""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.pofile import read_po

from core.casework import schema, texts
from flows.i18n import LOCALES_DIR, Catalogs

NON_LATIN = ("ar", "zh_Hans", "ru")


def every_text() -> list[str]:
    found = []
    for name, value in vars(texts).items():
        if name.isupper() and isinstance(value, str):
            found.append(value)
        elif name.isupper() and isinstance(value, dict):
            found.extend(value.values())
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def words(text: str) -> str:
    """The text without its placeholders: what a translator has to translate."""
    return re.sub(r"\{[a-z_]+\}", "", text)


def test_every_text_is_in_the_template():
    template = {m.id for m in read_po((LOCALES_DIR / "messages.pot").open("rb")) if m.id}
    missing = [text for text in every_text() if text not in template]
    assert missing == [], "run `onward i18n extract`"


@pytest.mark.parametrize("locale", NON_LATIN)
def test_every_text_is_translated_with_the_same_placeholders(locale: str):
    t = Catalogs().translator(locale)
    for text in every_text():
        shown = t.gettext(text)
        assert fields(shown) == fields(text), text
        if re.search(r"[A-Za-z]{3}", words(text)):
            assert shown != text, f"{locale}: {text!r} untranslated"


def test_every_kind_of_reminder_has_its_words():
    assert set(texts.KINDS) == set(schema.KINDS)
    assert set(texts.REMINDER_TEXTS) == set(schema.KINDS) | {"self"}  # a person's own
