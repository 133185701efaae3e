"""/privacy shows what a person told Onward in the words they chose, in their language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from flows.engine import Engine
from flows.i18n import SHIPPED_LOCALES, language_name
from tests.conftest import Chat, onboard

# What Onward keeps but a person never said: region and language codes, option values,
# ISO dates, Python's own spellings of lists, dicts and yes/no.
CODES = re.compile(
    r"\b(?:GB|US)-[A-Z]{2,3}\b|\b[a-z]+_[a-z_]+\b|\d{4}-\d\d-\d\d|\b(?:True|False|None)\b"
    r"|[\[\]{}]|': |\bzh_Hans\b"
)


def option_values(engine: Engine) -> set[str]:
    """Every stored value of every question's options, e.g. 'fine' or 'custody'."""
    return {
        str(option.value)
        for question in engine.flows.question_asking.values()
        for option in question.options
        if isinstance(option.value, str)
    }


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
async def test_privacy_lists_answers_in_words_never_codes(chat: Chat, engine: Engine, locale: str):
    tr = engine.catalogs.translator(locale).gettext
    await onboard(chat, language_name(locale), tr("England or Wales"))
    await chat.tap(tr("My record"))
    await chat.tap(tr("Start"))
    for typed in ("2024-01-10", "30"):
        await chat.send(typed)
    await chat.tap(tr("A fine"))
    await chat.tap(tr("Add another"))
    for typed in ("2024-06-03", "30"):
        await chat.send(typed)
    await chat.tap(tr("A community order"))
    await chat.tap(tr("No, it gives no end date"))
    await chat.send("12")
    await chat.send("/privacy")
    text = chat.replies[0].text
    answers = next(line for line in text.splitlines() if line.startswith("•") and "30" in line)
    assert not CODES.search(answers), answers
    if locale != "en":  # stored values are English words: none reaches another language
        words = set(re.findall(r"\w+", answers))
        assert not words & option_values(engine), answers
    # The person's own words instead: where they live, what they were given, when.
    assert tr("England or Wales") in answers
    assert tr("A fine") in answers
    assert tr("A community order") in answers
    assert engine.catalogs.translator(locale).date(dt.date(2024, 1, 10)) in answers
