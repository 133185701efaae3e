"""Structured logs: one JSON object a line. Callers pass ids and figures, never message
texts, tokens or anything a person said.

Secrets the process holds (the bot token) are also struck out of every line as it is
written, whatever put them there: an exception's text or a library's own message."""

from __future__ import annotations

import json
import logging
import sys

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
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


class JsonFormatter(logging.Formatter):
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
