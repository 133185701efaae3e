"""Plain words: the Flesch-Kincaid grade of every English text a person reads.

Run: python bench/readability.py [--all]

Reads the texts as `onward i18n extract` finds them (flow and guidance YAML, rule packs'
questions and results, the Python texts of reminders, Telegram and the flow engine),
prints each file's number of texts (short ones, under six words, are counted but not
graded) and average grade, and lists every text above
grade 8 (with --all, every text with its grade). Goals: no text above grade 8, each
file's average at most grade 6. Exits 1 when a goal is missed.

The grade is 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59. The
syllables are counted by a small rule of thumb (vowel groups, less a silent final e),
close enough to rank texts, not a dictionary count.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/readability.py`, this folder must not shadow the project's packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import re  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from babel.messages.extract import extract_from_file  # noqa: E402

from flows.i18n.extract import extract_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
YAML_SOURCES = ("flows/content/*.yaml", "flows/guidance/*.yaml", "flows/rules/*/pack.yaml")
PYTHON_SOURCES = ("core/casework/texts.py", "channels/telegram/texts.py", "flows/engine.py")
TEXT_GOAL, AVERAGE_GOAL = 8.0, 6.0
# The formula is made for sentences: on a two-word button one long word reads as grade 20
# ("Delete everything"). Texts shorter than this are counted but not graded.
MIN_WORDS = 6

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,:]\d+)*")
# A sentence ends at . ! ? or a colon/semicolon before a new clause, or at a line break:
# a bullet or a short line is read as its own sentence.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|[:;](?=\s)|\n+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_URL = re.compile(r"https?://\S+|www\.\S+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Roughly how many syllables an English word has (at least one)."""
    word = word.lower().strip("'’")
    if not word.isalpha():
        return 1 if not word.isdigit() else max(1, len(word) - 1)
    if len(word) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(word))
    # A final e is silent (make, time), except in -le after a consonant (able, little);
    # -ed is silent except after t or d (asked, needed); -es after most letters too.
    silent_e = word.endswith("e") and not (word.endswith("le") and word[-3] not in "aeiouy")
    silent_ed = word.endswith("ed") and word[-3] not in "td"
    silent_es = word.endswith("es") and word[-3] not in "scxzgh"
    if silent_e or silent_ed or silent_es:
        count -= 1
    return max(1, count)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text; a placeholder or link counts as one short word."""
    text = _URL.sub("link", _PLACEHOLDER.sub("it", text))
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return 0.0
    syllable_count = sum(syllables(w) for w in words)
    return 0.39 * len(words) / max(1, len(sentences)) + 11.8 * syllable_count / len(words) - 15.59


def gradable(text: str) -> bool:
    """Whether a text is long enough for its grade to mean anything."""
    return len(_WORD.findall(_URL.sub("link", _PLACEHOLDER.sub("it", text)))) >= MIN_WORDS


def texts() -> Iterator[tuple[str, str]]:
    """Yield (file, text) for every English text a person reads."""
    for pattern in YAML_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            with path.open("rb") as handle:
                for _line, _function, message, _comments in extract_yaml(handle, {}, (), {}):
                    # pgettext gives (context, text): the context is for translators.
                    text = message[1] if isinstance(message, tuple) else message
                    yield str(path.relative_to(ROOT)), text
    for name in PYTHON_SOURCES:
        for _line, found, _comments, _context in extract_from_file("python", ROOT / name):
            # A plural call gives (singular, plural); each is read by someone.
            for text in found if isinstance(found, tuple) else (found,):
                if text:
                    yield name, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every text with its grade")
    show_all = parser.parse_args().all
    by_file: dict[str, list[tuple[float, str]]] = {}
    short: dict[str, int] = {}
    for name, text in texts():
        by_file.setdefault(name, [])
        if gradable(text):
            by_file[name].append((grade(text), text))
        else:
            short[name] = short.get(name, 0) + 1
    met = True
    print(f"{'file':<36}{'short':>6}{'texts':>6}{'average':>9}{'above 8':>9}")
    for name, graded in by_file.items():
        if not graded:
            print(f"{name:<36}{short.get(name, 0):>6}{0:>6}{'-':>9}{0:>9}")
            continue
        average = sum(g for g, _ in graded) / len(graded)
        above = [(g, t) for g, t in graded if g > TEXT_GOAL]
        met = met and average <= AVERAGE_GOAL and not above
        flag = "" if average <= AVERAGE_GOAL else "  (average above 6)"
        counts = f"{short.get(name, 0):>6}{len(graded):>6}"
        print(f"{name:<36}{counts}{average:>9.1f}{len(above):>9}{flag}")
    every = [g for graded in by_file.values() for g, _ in graded]
    above_all = [(g, n, t) for n, graded in by_file.items() for g, t in graded if g > TEXT_GOAL]
    print(
        f"{'all':<36}{sum(short.values()):>6}{len(every):>6}{sum(every) / max(1, len(every)):>9.1f}{len(above_all):>9}"
    )
    listed = [(g, n, t) for n, gr in by_file.items() for g, t in gr] if show_all else above_all
    if listed:
        print("\nTexts above grade 8:" if not show_all else "\nEvery text:")
    for g, name, text in sorted(listed, reverse=True):
        print(f"{g:5.1f}  {name}: {' '.join(text.split())[:150]}")
    print(
        f"\nGoals (no text above {TEXT_GOAL:g}, each average at most {AVERAGE_GOAL:g}):", end=" "
    )
    print("met" if met else "not met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
