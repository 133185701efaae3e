"""`onward i18n`: extract texts from Python and flow YAML, update and compile catalogues."""

from __future__ import annotations

import contextlib
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from flows.i18n import DOMAIN, LOCALES_DIR, SHIPPED_LOCALES, SOURCE_LOCALE

ROOT = LOCALES_DIR.parent
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract(output: Path = TEMPLATE) -> Path:
    """Collect every text, Python and YAML alike, into the template."""
    output = output.resolve()
    with contextlib.chdir(ROOT):  # so the template names files relative to the project
        _extract(output)
    return output


def _extract(output: Path) -> None:
    _pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
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


def compile_all() -> None:
    """Write .mo files, for tools (such as aiogram's I18n) that read only those."""
    _pybabel("compile", "-d", str(LOCALES_DIR), "--statistics")
