"""Spotting crisis words in anything a person types, in any shipped language.

Someone may write in a language other than the one they chose, so every language's
patterns are checked on every message. A false alarm costs one screen of phone numbers;
a missed one can cost a life, so matching is generous: people write in a hurry, on a
phone, in dialect, about themselves or someone else.

The patterns are data (crisis_words.yaml), one list per topic and language. A pattern is
a row of tokens, read left to right:

- words separated by a space must follow one another: ``kill* myself``;
- ``a|b`` is either word; ``*`` inside a word is any letters (``kill*``, ``*ضرب*ني``);
- ``_`` joins words into one token (``a_lot_of``); a token ending in ``?`` may be absent;
- ``..`` lets up to two other words (six characters in Chinese) stand between; ``..4``
  up to four;
- ``#`` is a number, ``##`` a number of two or more digits (``took ## pills``);
- ``$`` is the end of the message, alone or as one of a token's words.

A pattern may instead be ``{match: ..., unless: [...]}``: it does not count when any
``unless`` pattern is also in the message ("kicked me out" but not "out of the meeting").
Text and patterns are normalised the same way first, so accents, letter case, Arabic
letter forms and doubled letters never decide a match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from directory.yamlsource import SourceMap, load_yaml, yaml_problem
from flows.errors import FlowError, Problem

WORDS_FILE = Path(__file__).resolve().parent / "crisis_words.yaml"
TOPICS = ("suicide", "self_harm", "overdose", "domestic_abuse", "homeless_tonight")
CRISIS_TOPIC = "_crisis_topic"
"""The answer under which the engine keeps the topic while urgent help is shown."""

# Scripts written without spaces between words: tokens are plain substrings there.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_ARABIC_FORMS = str.maketrans(
    {
        "\u0629": "\u0647",  # ta marbuta is often typed as ha
        "\u0649": "\u064a",  # alef maqsura and ya are typed for each other
        "\u06cc": "\u064a",  # Persian ya, from Persian keyboards
        "\u06a9": "\u0643",  # Persian kaf
        "\u0671": "\u0627",  # alef wasla
        "\u0640": "",  # tatweel only stretches a word
    }
)
# After NFD, accents, Arabic hamza carriers' marks and harakat are all combining marks.
_MARK = "Mn"
# French elision parts two words ("j'ai" is "j ai", "d'héroïne" is "d héroïne"); any
# other apostrophe joins ("don't" is "dont"); all other punctuation parts words.
_ELISION = re.compile(r"(?<!\w)(qu|[cdjlmnst])['\u2019\u02bc](?=\w)")
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`\u00b4]")
_NOT_WORD = re.compile(r"[\W_]+")
# "killl", "soooo", "stoop": a doubled letter never decides a match ("kill" is "kil").
_DOUBLED = re.compile(r"([^\W\d_])\1+")
_GAP = re.compile(r"^\.\.(\d?)$")
_NUMBERS = {"#": "[0-9]+", "##": "[0-9]{2,}"}
_WORD_GAP, _CHAR_GAP_PER_WORD = 2, 3


def normalise(text: str) -> str:
    """The text as matching sees it: lower case, no accents or marks, one space between
    words, Arabic letters in one form each, no doubled letters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != _MARK
    )
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_FORMS)
    text = _APOSTROPHES.sub("", _ELISION.sub(r"\1 ", text))
    text = _NOT_WORD.sub(" ", text)
    return _DOUBLED.sub(r"\1", text).strip()


def _word(alternative: str) -> str:
    if alternative in _NUMBERS:
        return _NUMBERS[alternative]
    parts = [_words(part) for part in alternative.split("*")]
    return r"\w*".join(re.escape(part) for part in parts)


def _words(part: str) -> str:
    """A literal piece of a token, normalised, keeping the spaces `_` stands for at its
    ends (``relaps*_on_sh`` is ``relaps\\w* on sh``)."""
    plain = normalise(part.replace("_", " "))
    lead = " " if part.startswith("_") and plain else ""
    trail = " " if part.endswith("_") and plain else ""
    return f"{lead}{plain}{trail}"


def _token(token: str) -> tuple[str, bool]:
    """A token's regex, and whether it is in a script written without spaces."""
    optional = token.endswith("?") and len(token) > 1
    token = token[:-1] if optional else token
    unspaced = bool(_UNSPACED.search(token))
    body = "|".join(_word(alt) for alt in token.split("|"))
    # Between spaced words a token must be whole words; inside Chinese, any substring.
    return (f"(?:{body})" if unspaced else rf"(?<!\w)(?:{body})(?!\w)"), unspaced


def compile_pattern(pattern: str) -> str:
    """One pattern as a regular expression over normalised text."""
    pieces: list[str] = []
    gap, carried = 0, 0  # a skipped optional token hands its gap on to the next one
    previous_unspaced = False
    for written in pattern.split():
        found = _GAP.match(written)
        if found:
            gap = int(found.group(1) or _WORD_GAP)
            continue
        if written == "$":
            pieces.append(r"$")  # the end of the message
            continue
        alternatives = written.split("|")
        at_end = "$" in alternatives  # this word, or the end of the message
        raw = "|".join(a for a in alternatives if a != "$")
        body, unspaced = _token(raw)
        optional = raw.endswith("?") and len(raw) > 1
        between = _between(max(gap, carried), unspaced or previous_unspaced) if pieces else ""
        if optional and not pieces:
            raise ValueError(f"the first word of {pattern!r} cannot be optional")
        if optional:
            pieces.append(f"(?:{between}{body})?")
            carried = max(gap, carried) if pieces[:-1] else 0
        else:
            pieces.append(f"(?:{between}{body}|$)" if at_end else f"{between}{body}")
            carried = 0
        previous_unspaced, gap = unspaced, 0
    if not pieces:
        raise ValueError("an empty pattern")
    return "".join(pieces)


def _between(gap: int, unspaced: bool) -> str:
    if unspaced:
        return f".{{0,{gap * _CHAR_GAP_PER_WORD}}}"
    return rf" (?:\w+ ){{0,{gap}}}" if gap else " "


@dataclass(frozen=True)
class Rule:
    """A pattern and what keeps it from counting."""

    match: re.Pattern[str]
    unless: re.Pattern[str] | None = None

    def holds(self, text: str) -> bool:
        return bool(self.match.search(text)) and not (self.unless and self.unless.search(text))


@dataclass(frozen=True)
class CrisisDetector:
    """Each topic's patterns, those without exceptions joined into one search."""

    rules: dict[str, tuple[Rule, ...]]

    @classmethod
    def load(cls, file: Path = WORDS_FILE) -> CrisisDetector:
        try:
            data, source = load_yaml(file)  # FlowError when it is not UTF-8
        except yaml.YAMLError as error:
            raise FlowError([yaml_problem(file, error)]) from None
        problems: list[Problem] = []
        rules: dict[str, tuple[Rule, ...]] = {}
        for topic in TOPICS:
            by_language = data.get(topic) if isinstance(data, dict) else None
            if not isinstance(by_language, dict):
                problems.append(Problem(file, 1, f"no patterns for topic '{topic}'"))
                continue
            rules[topic] = compile_rules((topic,), by_language, source, problems)
        if problems:
            raise FlowError(problems)
        return cls(rules)

    def detect(self, text: str) -> str | None:
        """The most pressing crisis topic named in the text, or None."""
        plain = normalise(text)
        if not plain:
            return None
        for topic in TOPICS:
            if any(rule.holds(plain) for rule in self.rules.get(topic, ())):
                return topic
        return None


def compile_rules(
    at: tuple[str, ...], by_language: dict[str, Any], source: SourceMap, problems: list[Problem]
) -> tuple[Rule, ...]:
    """The patterns found at `at` in a words file, one list per language, those without
    exceptions joined into one search; one that does not compile is a problem at its line."""
    plain: list[str] = []
    guarded: list[Rule] = []
    for language, entries in by_language.items():
        for index, entry in enumerate(entries if isinstance(entries, list) else [entries]):
            try:
                if isinstance(entry, str):
                    plain.append(compile_pattern(entry))
                else:
                    guarded.append(_guarded(entry))
            except (ValueError, re.error) as error:
                line = source.line_of((*at, language, index))
                problems.append(Problem(source.file, line, f"{at[0]}, {language}: {error}"))
    joined = [Rule(re.compile("|".join(f"(?:{p})" for p in plain)))] if plain else []
    return (*joined, *guarded)


def _guarded(entry: Any) -> Rule:
    if not (isinstance(entry, dict) and "match" in entry and set(entry) <= {"match", "unless"}):
        raise ValueError(f"a pattern is a text or {{match: ..., unless: [...]}}, not {entry!r}")
    unless = entry.get("unless") or []
    if not isinstance(unless, list) or not all(isinstance(u, str) for u in unless):
        raise ValueError("'unless' is a list of patterns")
    either = "|".join(f"(?:{compile_pattern(p)})" for p in unless)
    return Rule(
        re.compile(compile_pattern(str(entry["match"]))), re.compile(either) if either else None
    )
