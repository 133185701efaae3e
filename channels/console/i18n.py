"""The console's own texts, in the gettext domain `console` beside the bot's catalogues.

The console ships in English, Spanish and Arabic (right to left); a catalogue is compiled
in memory from its .po file, so a checkout works without generated files.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from flows.i18n import LOCALES_DIR, Catalogs, compile_catalog, is_rtl

DOMAIN = "console"
CONSOLE_LOCALES = ("en", "es", "ar")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "ar": "العربية"}
TEMPLATES = Path(__file__).parent / "templates"


@cache
def translations(locale: str) -> gettext.NullTranslations:
    po_file = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if locale == "en" or not po_file.exists():
        return gettext.NullTranslations()
    return compile_catalog(po_file)


def direction(locale: str) -> str:
    return "rtl" if is_rtl(locale) else "ltr"


@cache
def environment(locale: str) -> Environment:
    """One Jinja environment a language: autoescaped, with gettext installed."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = locale
    env.globals["dir"] = direction(locale)
    env.globals["languages"] = LANGUAGE_NAMES
    env.globals["languages_of"] = lambda code: language_name(code, locale)
    return env


def language_name(code: str | None, reader: str) -> str:
    """A language, named in the reader's language (a client's `zh_Hans` as 中文 or
    Chinese)."""
    if not code:
        return ""
    try:
        return Locale.parse(code).get_display_name(reader) or code
    except (ValueError, TypeError):
        return code


def chosen(locale: str | None) -> str:
    return locale if locale in CONSOLE_LOCALES else "en"


@cache
def bot_texts() -> Catalogs:
    """The bot's own catalogues: what a client reads, in their language."""
    return Catalogs()
