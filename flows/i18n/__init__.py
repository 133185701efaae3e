"""Languages: which one a person gets, their catalogues, and locale-aware formatting."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.dates import (
    format_date,
    format_datetime,
    format_time,
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
_LRI, _PDI = "\u2066", "\u2069"
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
            if isinstance(msgid, str) and msgid
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
        text = self.translations.gettext(message)
        # A slash is neutral to the bidi algorithm: in RTL text "/menu" would read "menu/".
        return _COMMAND.sub(rf"{_LRI}\1{_PDI}", text) if self.rtl else text

    @cached_property
    def rtl(self) -> bool:
        return is_rtl(self.locale)

    def isolate(self, value: str) -> str:
        """Keep a number, date or phone number reading left to right in RTL text."""
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
        return f"{self.isolate(day)}, {self.time(value)}"

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
        return self.isolate(format_decimal(value, locale=self.locale))

    def phone(self, value: str) -> str:
        return self.isolate(value)

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


@cache
def language_name(locale: str) -> str:
    """A language's own name for itself, as a person looking for it would recognise it."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]
