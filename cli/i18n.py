"""`onward i18n`: extract texts from Python and flow YAML, update and compile catalogues."""

from __future__ import annotations

import contextlib
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from channels.console.i18n import CONSOLE_LOCALES
from channels.console.i18n import DOMAIN as CONSOLE_DOMAIN
from flows.i18n import DOMAIN, LOCALES_DIR, SHIPPED_LOCALES, SOURCE_LOCALE

ROOT = LOCALES_DIR.parent
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
CONSOLE_TEMPLATE = LOCALES_DIR / f"{CONSOLE_DOMAIN}.pot"
# The console's texts are marked t(...) or console_text(...), apart from the bot's.
CONSOLE_KEYWORDS = ("-k", "t", "-k", "console_text")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract(output: Path = TEMPLATE, console: Path = CONSOLE_TEMPLATE) -> Path:
    """Collect every text, Python and YAML alike, into the template; the console's into
    its own."""
    output = output.resolve()
    console = console.resolve()
    with contextlib.chdir(ROOT):  # so the template names files relative to the project
        _extract(output, "babel.cfg")
        _extract(console, "babel-console.cfg", *CONSOLE_KEYWORDS)
    return output


def _extract(output: Path, config: str, *keywords: str) -> None:
    _pybabel(
        "extract",
        "-F",
        str(ROOT / config),
        *keywords,
        "-o",
        str(output),
        "--add-location=file",
        "--no-wrap",
        "--sort-by-file",
        "--project=Onward",
        "--copyright-holder=the Onward contributors",
        ".",
    )


def update() -> None:
    """Bring every shipped catalogue in line with the template, creating missing ones."""
    for locale in SHIPPED_LOCALES:
        if locale == SOURCE_LOCALE:
            continue
        po_file = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        action = "update" if po_file.exists() else "init"
        _pybabel(action, "-i", str(TEMPLATE), "-d", str(LOCALES_DIR), "-l", locale, "--no-wrap")
    for locale in CONSOLE_LOCALES:
        if locale == SOURCE_LOCALE:
            continue
        po_file = LOCALES_DIR / locale / "LC_MESSAGES" / f"{CONSOLE_DOMAIN}.po"
        action = "update" if po_file.exists() else "init"
        _pybabel(
            action, "-D", CONSOLE_DOMAIN, "-i", str(CONSOLE_TEMPLATE), "-d", str(LOCALES_DIR),
            "-l", locale, "--no-wrap",
        )  # fmt: skip


def compile_all() -> None:
    """Write .mo files, for tools (such as aiogram's I18n) that read only those."""
    _pybabel("compile", "-d", str(LOCALES_DIR), "--statistics")
    _pybabel("compile", "-D", CONSOLE_DOMAIN, "-d", str(LOCALES_DIR), "--statistics")
