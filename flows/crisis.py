"""Spotting crisis words in anything a person types, in any shipped language.

Someone may write in a language other than the one they chose, so every language's
phrases are checked on every message. A false alarm costs one screen of phone numbers;
a missed one can cost a life, so matching is generous (whole words, any case).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flows.yamlsource import load_file

WORDS_FILE = Path(__file__).resolve().parent / "crisis_words.yaml"
TOPICS = ("suicide", "self_harm", "overdose", "domestic_abuse", "homeless_tonight")
# Scripts written without spaces between words are matched as plain substrings.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# People write alef with or without hamza, and final yaa dotted or not: all one here.
_ALEF_FORMS = re.compile(r"[\u0622\u0623\u0625\u0671]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def normalise(text: str) -> str:
    """Case, width, Arabic diacritics and curly apostrophes do not change meaning."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text).replace("\u2019", "'")
    text = _ALEF_FORMS.sub("\u0627", text).replace("\u0649", "\u064a")
    return re.sub(r"\s+", " ", text)


def _pattern(phrase: str) -> str:
    escaped = re.escape(normalise(phrase).strip()).replace(r"\ ", r"\s+")
    if _UNSPACED.search(phrase):
        return escaped
    return rf"(?<!\w){escaped}(?!\w)"


@dataclass(frozen=True)
class CrisisDetector:
    """Every topic's phrases in one pattern, so each message is searched once."""

    pattern: re.Pattern[str]

    @classmethod
    def load(cls, file: Path = WORDS_FILE) -> CrisisDetector:
        data = load_file(file)  # FlowError naming file:line: not UTF-8, bad YAML, a key twice
        groups = []
        for topic in TOPICS:
            phrases = [p for by_language in data[topic].values() for p in by_language]
            groups.append(f"(?P<{topic}>{'|'.join(_pattern(p) for p in phrases)})")
        return cls(re.compile("|".join(groups)))

    def detect(self, text: str) -> str | None:
        """The crisis topic of the first crisis phrase in the text, or None."""
        found = self.pattern.search(normalise(text))
        return found.lastgroup if found else None
