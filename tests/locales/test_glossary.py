"""Legal terms follow one glossary per language (locales/glossary.yaml)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("ar", "zh_Hans", "fr", "ru", "es")
GLOSSARY: dict[str, dict[str, Any]] = yaml.safe_load(
    (LOCALES / "glossary.yaml").read_text(encoding="utf-8")
)
REQUIRED_TERMS = {
    "conviction",
    "caution",
    "conditional caution",
    "spent",
    "unspent",
    "probation",
    "probation officer",
    "licence",
    "parole",
    "supervision",
    "community order",
    "suspended sentence",
    "set aside",
    "DBS check",
    "basic check",
    "standard check",
    "enhanced check",
    "rehabilitation period",
    "record",
}
# Arabic vowel marks and tatweel: "أُدين" and "أدين" are one word to a reader.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def _plain(text: str) -> str:
    return _ARABIC_MARKS.sub("", text)


def _patterns(name: str) -> list[str]:
    """English patterns for a glossary term, or for a literal English phrase."""
    entry = GLOSSARY.get(name)
    return list(entry["en"]) if entry else [re.escape(name)]


def _names(source: str, patterns: list[str]) -> bool:
    return any(re.search(rf"\b(?:{p})\b", source, re.IGNORECASE) for p in patterns)


def misused(catalog: Catalog, term: str, lang: str) -> list[str]:
    """Translations of texts naming `term` that miss its agreed word or use a wrong one."""
    rule = GLOSSARY[term][lang]
    exempt = [p for name in rule.get("unless", []) for p in _patterns(name)]
    wrong = []
    for message in catalog:
        source, text = message.id, message.string
        if not (isinstance(source, str) and source and isinstance(text, str) and text):
            continue
        if not _names(source, GLOSSARY[term]["en"]):
            continue
        plain = _plain(text)
        missing = not any(_plain(word).lower() in plain.lower() for word in rule["use"])
        avoided = [] if _names(source, exempt) else rule.get("avoid", [])
        found = [word for word in avoided if _plain(word) in plain]
        if missing or found:
            why = "no " + "/".join(rule["use"]) if missing else "has " + "/".join(found)
            wrong.append(f"{why}: {source[:50]!r} -> {text[:70]!r}")
    return wrong


def _catalog(lang: str) -> Catalog:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_the_glossary_covers_every_term_in_every_language() -> None:
    assert set(GLOSSARY) >= REQUIRED_TERMS
    for term, entry in GLOSSARY.items():
        assert entry["en"], term
        for lang in LANGUAGES:
            assert entry[lang]["use"], f"{term}: no {lang} word"
            assert entry[lang].get("avoid"), f"{term}: no {lang} word to avoid"


def test_the_glossary_keeps_the_terms_apart() -> None:
    assert GLOSSARY["probation"]["zh_Hans"]["use"] == ["社区监管"]
    assert "缓刑" in GLOSSARY["probation"]["zh_Hans"]["avoid"]
    assert GLOSSARY["probation officer"]["zh_Hans"]["use"] == ["社区监管官"]
    assert "失效" in GLOSSARY["spent"]["zh_Hans"]["avoid"]
    for lang in LANGUAGES:
        licence, parole = GLOSSARY["licence"][lang], GLOSSARY["parole"][lang]
        assert not set(licence["use"]) & set(parole["use"]), lang


@pytest.mark.parametrize(
    ("term", "lang", "source", "text"),
    [
        ("probation", "zh_Hans", "I'm on probation", "我在缓刑"),
        ("spent", "zh_Hans", "It is spent.", "这项记录已失效。"),
        ("conviction", "es", "A conviction", "Un delito"),
        ("licence", "ar", "On licence", "الإفراج المشروط"),
        ("conviction", "ar", "A conviction", "إدانة"),  # the control: right, so not listed
    ],
)
def test_a_wrong_word_is_found(term: str, lang: str, source: str, text: str) -> None:
    """The check can fail: a known-bad translation is reported, a good one is not."""
    catalog = Catalog(locale=lang)
    catalog.add(source, text)
    good = text == "إدانة"
    assert (misused(catalog, term, lang) == []) is good


def test_a_word_with_vowel_marks_is_the_same_word() -> None:
    catalog = read_po(io.BytesIO('msgid "convicted"\nmsgstr "أُدِين"\n'.encode()), locale="ar")
    assert misused(catalog, "conviction", "ar") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogues_use_the_glossary_terms(lang: str) -> None:
    catalog = _catalog(lang)
    wrong = {term: misused(catalog, term, lang) for term in GLOSSARY}
    assert {term: found for term, found in wrong.items() if found} == {}
