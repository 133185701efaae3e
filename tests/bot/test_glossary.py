"""Legal terms follow one glossary per language (locales/glossary.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[2] / "locales"
GLOSSARY: dict[str, dict[str, dict[str, list[str]]]] = yaml.safe_load(
    (LOCALES / "glossary.yaml").read_text(encoding="utf-8")
)
CASES = [(term, lang) for term, by_lang in GLOSSARY.items() for lang in by_lang]


def _names(text: str, term: str) -> bool:
    return re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE) is not None


def _misused(term: str, lang: str) -> list[str]:
    rule = GLOSSARY[term][lang]
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    wrong = []
    for message in catalog:
        source, text = message.id, message.string
        if not (isinstance(source, str) and source and isinstance(text, str) and text):
            continue
        if not _names(source, term) or any(_names(source, u) for u in rule.get("unless", [])):
            continue
        uses = any(word.lower() in text.lower() for word in rule["use"])
        if not uses or any(word in text for word in rule.get("avoid", [])):
            wrong.append(f"{source[:60]!r} -> {text[:60]!r}")
    return wrong


def test_the_glossary_names_the_required_terms() -> None:
    assert GLOSSARY["probation"]["zh_Hans"]["use"] == ["社区监管"]
    assert GLOSSARY["probation officer"]["zh_Hans"]["use"] == ["社区监管官"]
    assert "失效" in GLOSSARY["spent"]["zh_Hans"]["avoid"]
    assert GLOSSARY["licence"]["ar"]["use"] != GLOSSARY["parole"]["ar"]["use"]


@pytest.mark.parametrize(("term", "lang"), CASES)
def test_catalogues_use_the_glossary_term(term: str, lang: str) -> None:
    assert _misused(term, lang) == []
