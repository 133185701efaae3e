"""Languages: which one a person gets, their catalogues, and locale-aware formatting."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.dates import (
    format_date,
    format_datetime,
    format_time,
    get_datetime_format,
    get_timezone,
    get_timezone_location,
)
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from flows.errors import FlowError, not_utf8

SOURCE_LOCALE = "en"
SHIPPED_LOCALES: tuple[str, ...] = ("en", "ar", "zh_Hans", "fr", "ru", "es")
DOMAIN = "messages"
LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"

# Telegram sends IETF tags; these say which of ours a tag means when Babel cannot tell.
_ALIASES = {"zh": "zh_Hans", "zh_cn": "zh_Hans", "zh_sg": "zh_Hans", "zh_hans_cn": "zh_Hans"}

# Unicode isolates keep numbers, dates and phone numbers left-to-right inside RTL text.
_LRI, _FSI, _PDI = "\u2066", "\u2068", "\u2069"
_OPENERS = frozenset("\u2066\u2067\u2068")
_STRONG = frozenset({"L", "R", "AL"})
_RIGHT = frozenset({"R", "AL"})
_LEFT_RUN = frozenset({"L", "EN", "AN"})
_ARABIC_PUNCTUATION = frozenset("\u060c\u061b\u061f\u06d4")
_LIST_MARKS = frozenset(",;\u2013\u2014-~")
_COMMAND = re.compile(r"(?<![\w/])(/[a-z_]+)\b")


def negotiate(language_code: str | None, available: Iterable[str] = SHIPPED_LOCALES) -> str:
    """The shipped locale closest to a Telegram `language_code`; English if none fits."""
    if not language_code:
        return SOURCE_LOCALE
    tag = language_code.strip().replace("-", "_").lower()
    tag = _ALIASES.get(tag, tag)
    shipped = {locale.lower(): locale for locale in available}
    found = negotiate_locale([tag], list(shipped.values()), sep="_", aliases=_ALIASES)
    # Babel may hand back the person's spelling of a tag; ours is the one on disk.
    return shipped.get(found.lower(), SOURCE_LOCALE) if found else SOURCE_LOCALE


def is_rtl(locale: str) -> bool:
    return bool(Locale.parse(locale).text_direction == "rtl")


def compile_catalog(po_file: Path) -> gettext.GNUTranslations:
    """Compile a .po file in memory, so a checkout works without generated .mo files."""
    data = po_file.read_bytes()
    try:
        catalog = read_po(io.BytesIO(data), ignore_obsolete=True)
    except UnicodeDecodeError as error:
        try:  # the byte, counted from the file's start rather than the line's
            data.decode("utf-8")
            offset = error.start
        except UnicodeDecodeError as whole:
            offset = whole.start
        raise FlowError([not_utf8(po_file, data, offset)]) from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Catalogs:
    """Every shipped locale's translations, loaded once at start-up."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self.locales_dir = locales_dir
        self._translations: dict[str, gettext.NullTranslations] = {}
        self._translators: dict[str, Translator] = {}
        for locale in SHIPPED_LOCALES:
            po_file = locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
            if locale != SOURCE_LOCALE and po_file.exists():
                self._translations[locale] = compile_catalog(po_file)
            else:
                self._translations[locale] = gettext.NullTranslations()

    def translator(self, locale: str) -> Translator:
        found = self._translators.get(locale)
        if found is None:
            translations = self._translations.get(locale, gettext.NullTranslations())
            found = self._translators[locale] = Translator(locale, translations)
        return found

    def source_texts(self) -> set[str]:
        """Every English text the catalogues translate."""
        return {
            msgid
            for translations in self._translations.values()
            for msgid in getattr(translations, "_catalog", {})
            # "context\x04text" is how gettext keys a text with a context (msgctxt).
            if isinstance(msgid, str) and msgid and "\x04" not in msgid
        }

    def missing(self, locale: str, msgids: Iterable[str]) -> list[str]:
        """The msgids that `locale` has no translation for."""
        if locale == SOURCE_LOCALE:
            return []
        translations = self._translations.get(locale)
        catalog = getattr(translations, "_catalog", {}) if translations else {}
        return [msgid for msgid in msgids if not catalog.get(msgid)]


@dataclass(frozen=True)
class Translator:
    """One locale's words and formats."""

    locale: str
    translations: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self._shown(self.translations.gettext(message))

    def pgettext(self, context: str, message: str) -> str:
        """A text whose English means more than one thing, in the sense `context` names."""
        return self._shown(self.translations.pgettext(context, message))

    def _shown(self, text: str) -> str:
        # A slash is neutral to the bidi algorithm: in RTL text "/menu" would read "menu/".
        return _COMMAND.sub(rf"{_LRI}\1{_PDI}", text) if self.rtl else text

    @cached_property
    def rtl(self) -> bool:
        return is_rtl(self.locale)

    def isolate(self, value: str) -> str:
        """Keep a date or time whole in RTL text, in its own direction: "1 ديسمبر 2030"
        and "10:00 ص" read from the right like the words around them."""
        return f"{_FSI}{value}{_PDI}" if self.rtl else value

    def left_to_right(self, value: str) -> str:
        """Keep a number or phone number reading left to right in RTL text."""
        return f"{_LRI}{value}{_PDI}" if self.rtl else value

    def date(self, value: dt.date) -> str:
        return self.isolate(format_date(value, format="long", locale=self.locale))

    def time(self, value: dt.datetime) -> str:
        """A clock time, in the zone `value` carries (the service's own)."""
        return self.isolate(
            format_time(value, format="short", tzinfo=value.tzinfo, locale=self.locale)
        )

    def moment(self, value: dt.datetime) -> str:
        """A day and a clock time, in the zone `value` carries: an appointment's."""
        day = format_date(value.date(), format="full", locale=self.locale)
        # The locale's own joining: "{1}، {0}" in Arabic, not an English comma.
        joined = str(get_datetime_format("full", locale=self.locale))
        return joined.format(self.time(value), self.isolate(day))

    def weekday_time(self, value: dt.datetime) -> str:
        day = format_datetime(value, "EEEE", tzinfo=value.tzinfo, locale=self.locale)
        return f"{day} {self.time(value)}"

    def language_name(self) -> str:
        return language_name(self.locale)

    def language_of(self, code: str) -> str:
        """A language named by its ISO code, in this locale's words."""
        try:
            return Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code
        except (ValueError, UnknownLocaleError):
            return code

    def number(self, value: float) -> str:
        return self.left_to_right(format_decimal(value, locale=self.locale))

    def phone(self, value: str) -> str:
        return self.left_to_right(value)

    def join(self, items: list[str]) -> str:
        return format_list(items, locale=self.locale)

    def timezone(self, zone: str) -> str:
        """'Europe/London' as a person reads it: its city, in their language."""
        try:
            return str(
                get_timezone_location(get_timezone(zone), locale=self.locale, return_city=True)
            )
        except LookupError:
            return zone


def readable(text: str) -> str:
    """Text as it should reach a screen: in each right-to-left line, every run of Latin
    words and digits (an address, a phone number "0800 254 0088", a link, a time) is
    isolated left to right, so the bidi algorithm cannot scatter its parts around the
    Arabic words. Lines that read left to right, and isolated parts, are left alone."""
    if not any(unicodedata.bidirectional(char) in _RIGHT for char in text):
        return text
    return "\n".join(_readable_line(line) for line in text.split("\n"))


def _readable_line(line: str) -> str:
    if not _reads_right_to_left(line):
        return line
    out: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char in _OPENERS:
            end = _after_isolate(line, index)
            out.append(line[index:end])
            index = end
        elif _starts_run(line, index):
            end = _run_end(line, index)
            out.append(f"{_LRI}{line[index:end]}{_PDI}")
            index = end
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _outside_isolates(line: str) -> str:
    parts, index = [], 0
    while index < len(line):
        if line[index] in _OPENERS:
            index = _after_isolate(line, index)
        else:
            parts.append(line[index])
            index += 1
    return "".join(parts)


def _reads_right_to_left(line: str) -> bool:
    """The line's first letter is Arabic (or Hebrew): Telegram's apps then show the whole
    line right to left. An English line quoting Arabic words stays as it is."""
    for char in _outside_isolates(line):
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG:
            return kind in _RIGHT
    return False


def _after_isolate(line: str, start: int) -> int:
    depth = 0
    for index in range(start, len(line)):
        if line[index] in _OPENERS:
            depth += 1
        elif line[index] == _PDI:
            depth -= 1
            if depth == 0:
                return index + 1
    return len(line)


def _starts_run(line: str, index: int) -> bool:
    if unicodedata.bidirectional(line[index]) in _LEFT_RUN:
        return True
    # "+44 20 7946 0000", "£20": a sign belongs to the number after it.
    following = line[index + 1 : index + 2]
    return line[index] in "+£$€#" and bool(following) and following.isdigit()


def _in_token(char: str) -> bool:
    kind = unicodedata.bidirectional(char)
    return not (
        char.isspace()
        or kind in _RIGHT
        or kind in {"NSM", "B", "S", "LRI", "RLI", "FSI", "PDI"}
        or char in _ARABIC_PUNCTUATION
    )


def _token_end(line: str, start: int) -> int:
    """The end of a word-like token ("Street", "10:00", "gov.uk/x"), without what
    trails it (a full stop, a comma, a closing bracket it did not open)."""
    end = start
    while end < len(line) and _in_token(line[end]):
        end += 1
    while end > start + 1 and unicodedata.bidirectional(line[end - 1]) not in _LEFT_RUN:
        token = line[start : end - 1]
        if line[end - 1] == ")" and token.count("(") > token.count(")"):
            break  # "(SW1A)" stays whole
        if line[end - 1] == "%" and token[-1:].isdigit():
            break
        end -= 1
    return end


def _run_end(line: str, start: int) -> int:
    """Tokens joined across spaces and punctuation while no Arabic comes between; numbers
    alone are not joined across a comma or dash, which in Arabic make a list or a range
    that reads right to left ("9:00 – 17:00" reads from the right)."""
    end = _token_end(line, start)
    while True:
        gap = end
        while gap < len(line) and not _starts_run(line, gap):
            if not (line[gap].isspace() or _in_token(line[gap])):
                break
            gap += 1
        if gap == end or gap >= len(line) or not _starts_run(line, gap):
            return _closed(line, start, end)
        separator = line[end:gap]
        run, token_end = line[start:end], _token_end(line, gap)
        if _closes_outside(run, separator):
            return _closed(line, start, end)
        numbers_only = not any(c.isalpha() for c in run + line[gap:token_end])
        if numbers_only and (_LIST_MARKS & set(separator) or separator.strip()):
            return end
        end = token_end


def _closes_outside(run: str, separator: str) -> bool:
    """Whether `separator` closes a bracket opened before the run: joining across it would
    split a pair between two directions."""
    opened = run.count("(") - run.count(")")
    for char in separator:
        opened += (char == "(") - (char == ")")
        if opened < 0:
            return True
    return False


def _closed(line: str, start: int, end: int) -> int:
    """A bracket opened inside the run closes inside it, or each half would be mirrored
    by a different direction."""
    opened = line[start:end].count("(") - line[start:end].count(")")
    while opened > 0 and line[end : end + 1] == ")":
        end, opened = end + 1, opened - 1
    return end


@cache
def language_name(locale: str) -> str:
    """A language's own name for itself, as a person looking for it would recognise it."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]
