"""Marks a text for the console's own catalogue (domain "console", `onward i18n`), not
the bot's: the console translates it when it shows it."""

from __future__ import annotations


def console_text(text: str) -> str:
    return text
