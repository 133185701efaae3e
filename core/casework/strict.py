"""Everything case work reads from a person, read strictly: button data and the words
after a command. Anything not exactly as expected is refused with a kind answer, never
an exception.

Python's own readers are generous in ways that hurt here: `str.isdigit()` passes '²',
which `int()` then refuses, while `int()` takes '٣' and '３'; `date.fromisoformat` takes
'20261203'; a regex's `\\d` and `$` match more than they look. So every pattern below
spells its characters out and matches the whole text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from core.casework import texts
from core.casework.schema import CODE_ALPHABET, CODE_LENGTH, KINDS, MAX_LABEL, MAX_WORDS

# Ids and numbers fit a 32-bit column: anything longer is not one of ours.
MAX_NUMBER = 2**31 - 1
_NUMBER = re.compile(r"[0-9]{1,10}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # secrets.token_urlsafe, as invitations use
CHOICES = {"y", "n"}
ANSWERS = {"y", "l", "n"}


class Refused(Exception):  # noqa: N818 - a kind answer, not a failure
    """What was typed or tapped cannot be used: `template` (with `values`) says why."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template)
        self.template, self.values = template, values


def number(text: str, refusal: str = texts.OLD_LINK_BUTTON, **values: Any) -> int:
    """A positive whole number in ASCII digits that fits our ids."""
    if _NUMBER.fullmatch(text) is None or not 0 < int(text) <= MAX_NUMBER:
        raise Refused(refusal, **values)
    return int(text)


def code(text: str) -> str:
    """A client code as `new_code` makes them; typed in either case."""
    shown = text.strip().upper()
    if _CODE.fullmatch(shown) is None:
        raise Refused(texts.BAD_CODE)
    return shown


def token(text: str) -> str:
    """An invitation token; a wrong one reads as one that is used up."""
    if _TOKEN.fullmatch(text) is None:
        raise Refused(texts.CW_INVITE_GONE)
    return text


def date(text: str) -> dt.date:
    found = _DATE.fullmatch(text)
    try:
        if found is None:
            raise ValueError(text)
        return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        raise Refused(texts.BAD_DATE, value=shown(text)) from None


def clock(text: str) -> dt.time:
    found = _TIME.fullmatch(text)
    if found is None:
        raise Refused(texts.BAD_TIME, value=shown(text))
    return dt.time(int(found.group(1)), int(found.group(2)))


def plain(text: str, maximum: int, too_long: str) -> str:
    """Words a case worker chose: within `maximum`, and no control characters (a line
    break or a direction override would garble the lines they are shown in)."""
    if len(text) > maximum:
        raise Refused(too_long, maximum=maximum)
    if any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn"} for c in text):
        raise Refused(texts.BAD_CHARACTERS)
    return text


def shown(text: str, limit: int = 20) -> str:
    """Some of what someone typed, safe to quote back to them."""
    kept = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    return kept[:limit]


# -- buttons -------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    code: str
    agree: bool


@dataclass(frozen=True)
class Answer:
    reminder: int
    choice: str


def decision(rest: str) -> Decision:
    """`lk:CODE:y` or `lk:CODE:n`."""
    typed, _, choice = rest.rpartition(":")
    if choice not in CHOICES:
        raise Refused(texts.OLD_LINK_BUTTON)
    try:
        return Decision(code(typed), choice == "y")
    except Refused:
        raise Refused(texts.OLD_LINK_BUTTON) from None


def answer(rest: str) -> Answer:
    """`ra:ID:y`, `ra:ID:l` or `ra:ID:n`."""
    typed, _, choice = rest.partition(":")
    if choice not in ANSWERS:
        raise Refused(texts.ALREADY_ANSWERED)
    return Answer(number(typed, texts.ALREADY_ANSWERED), choice)


# -- /remind -------------------------------------------------------------------------
@dataclass(frozen=True)
class RemindLine:
    client: int
    day: dt.date
    at: dt.time
    rule: str | None
    kind: str
    words: str | None


def remind(rest: str) -> RemindLine:
    """`CLIENT DATE TIME [RULE] TYPE [words]`."""
    words = rest.split()
    if len(words) < 4:
        raise Refused(texts.REMIND_USAGE)
    client_text, day_text, time_text, *more = words
    client = number(client_text, texts.BAD_CLIENT, value=shown(client_text))
    day, at = date(day_text), clock(time_text)
    rule = more.pop(0) if "FREQ=" in more[0].upper() else None
    if not more:
        raise Refused(texts.REMIND_USAGE)
    kind, own = more[0].lower(), " ".join(more[1:]) or None
    if kind not in KINDS:
        raise Refused(texts.BAD_KIND, value=shown(more[0], 30))
    if kind == "own" and not own:
        raise Refused(texts.NEEDS_WORDS)
    if own is not None:
        plain(own, MAX_WORDS, texts.WORDS_TOO_LONG)
    return RemindLine(client, day, at, rule, kind, own if kind == "own" else None)


def note(text: str) -> str:
    """The note a case worker gives a new client link."""
    return plain(text, MAX_LABEL, texts.LABEL_TOO_LONG)
