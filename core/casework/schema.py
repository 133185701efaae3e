"""The case-work tables, states and limits, and the two conditions every statement that
acts for someone includes: the person consented to Onward, the case worker is active."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from sqlalchemy import ColumnElement, Table, exists

from core.storage.models import Caseworker, ClientLink, CodeAttempt, Consent, Person, Reminder
from flows.actions import CONSENT_KIND

caseworker_t: Table = Caseworker.__table__  # type: ignore[attr-defined]
link_t: Table = ClientLink.__table__  # type: ignore[attr-defined]
reminder_t: Table = Reminder.__table__  # type: ignore[attr-defined]
person_t: Table = Person.__table__  # type: ignore[attr-defined]
consent_t: Table = Consent.__table__  # type: ignore[attr-defined]
attempt_t: Table = CodeAttempt.__table__  # type: ignore[attr-defined]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
LINK_LIFETIME = dt.timedelta(days=7)
INVITE_LIFETIME = dt.timedelta(days=7)
OFFERED, AGREED, DECLINED, REVOKED = "offered", "agreed", "declined", "revoked"
SCHEDULED, SENDING, SENT, ANSWERED = "scheduled", "sending", "sent", "answered"
FAILED, CANCELLED, MISSED = "failed", "cancelled", "missed"
OPEN_STATES = (SCHEDULED, SENDING)
KINDS = ("appointment", "court", "checkin", "documents", "own")
ANSWERS = {"y": "yes", "l": "later", "n": "no"}
AGAIN_AFTER = dt.timedelta(hours=1)
MAX_WORDS = 500
MAX_LABEL = 40
# Codes that find nothing: this many in this long, then a person waits. A code is for one
# client, so one opened (or answered) this often has been passed around, and is locked.
MAX_MISSES = 5
MISS_WINDOW = dt.timedelta(minutes=15)
MAX_OPENS = 10


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def has_consented(person_id: Any) -> ColumnElement[bool]:
    """The person accepted Onward's privacy notice and has not withdrawn it: part of the
    very statement that acts for them, so nobody is linked or reached without it."""
    return exists().where(
        consent_t.c.person_id == person_id,
        consent_t.c.kind == CONSENT_KIND,
        consent_t.c.withdrawn_at.is_(None),
    )


def active(caseworker_id: Any) -> ColumnElement[bool]:
    """The case worker has not been suspended by the operator."""
    return exists().where(
        caseworker_t.c.id == caseworker_id, caseworker_t.c.suspended_at.is_(None)
    )
