"""The store's tables as SQLAlchemy Core sees them, and how to find people in them.

Statements are Core on purpose: a turn must cost a few milliseconds with a hundred
thousand people stored, and the same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Table, and_, or_

from core.people import Someone
from core.storage.models import (
    Consent,
    Conversation,
    InboxUpdate,
    OutboxMessage,
    Person,
    ServiceReport,
    UsageCount,
)

person_t: Table = Person.__table__  # type: ignore[attr-defined]
conversation_t: Table = Conversation.__table__  # type: ignore[attr-defined]
consent_t: Table = Consent.__table__  # type: ignore[attr-defined]
report_t: Table = ServiceReport.__table__  # type: ignore[attr-defined]
inbox_t: Table = InboxUpdate.__table__  # type: ignore[attr-defined]
outbox_t: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
usage_t: Table = UsageCount.__table__  # type: ignore[attr-defined]


def among(people: Iterable[Someone]) -> ColumnElement[bool]:
    """The rows of these people: by channel, then address (both in the unique index)."""
    by_channel: dict[str, list[str]] = {}
    for someone in people:
        by_channel.setdefault(someone.channel, []).append(someone.address)
    return or_(
        *(
            and_(
                person_t.c.channel == channel,
                person_t.c.address == found[0]
                if len(found) == 1
                else person_t.c.address.in_(found),
            )
            for channel, found in by_channel.items()
        )
    )
