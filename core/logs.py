"""Structured logs: one JSON object a line. Callers pass ids and figures, never message
texts, tokens or anything a person said.

Secrets the process holds (the bot token) are also struck out of every line as it is
written, whatever put them there: an exception's text or a library's own message."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from typing import Any

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# These often quote the value they could not read, which may be what a person typed.
_MAY_QUOTE = (ValueError, LookupError, TypeError)
WITHHELD = "(message withheld: it may quote what someone wrote)"
_SECRETS: set[str] = set()
HIDDEN = "<secret>"


def keep_secret(secret: str) -> None:
    """Never let this appear in a log line (short strings would strike out too much)."""
    if len(secret) >= 8:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    for secret in _SECRETS:
        text = text.replace(secret, HIDDEN)
    return text


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and those it came from, oldest first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not e for e in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return chain[::-1]


def describe(error: BaseException) -> str:
    """A traceback without the messages that may quote what a person wrote: the stack
    frames (code, never values) and each exception's type stay."""
    parts = []
    for link in _chain(error):
        said = WITHHELD if isinstance(link, _MAY_QUOTE) else str(link)
        frames = "".join(traceback.format_tb(link.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{type(link).__name__}: {said}")
    return "\n\nwhich led to\n\n".join(parts)


class JsonFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's own name
        _, error, _ = ei
        if error is None:
            return super().formatException(ei)
        return describe(error)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return scrub(json.dumps(entry, default=str, ensure_ascii=False))


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # These narrate every step (and aiogram's polling is not the one we run).
    for chatty in (
        "transitions",
        "alembic",
        "aiogram.event",
        "aiogram.dispatcher",
        "aiohttp.access",
    ):
        logging.getLogger(chatty).setLevel(logging.WARNING)
