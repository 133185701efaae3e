"""A place kept for searches (flows/places.py) leaves the database a day after it was
last used, whether or not the person comes back.

The engine drops such a place when it next loads their conversation; this drops it from
the conversations nobody loads. The reminder scheduler runs it every few minutes.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import String, bindparam, cast, select, update

from core.storage.store import Store
from core.storage.tables import conversation_t
from flows.conversation import Conversation
from flows.places import KEPT_PLACE, drop_unused_place

log = logging.getLogger(__name__)
TIDY_EVERY = dt.timedelta(minutes=10)
# The key as the JSON text holds it; `_` is escaped, being LIKE's one-letter wildcard.
_HOLDS_A_PLACE = '%"' + KEPT_PLACE.replace("_", "\\_") + '"%'


async def forget_unused_places(store: Store, now: dt.datetime) -> int:
    """Drop every kept place a day unused; returns how many conversations lost one.

    Found with a read, which on SQLite never waits for the writer; each is read again
    and changed in one write transaction, so a turn saved in between is never undone.
    """
    async with store.engine.connect() as conn:
        found = await conn.execute(_holding_a_place(None))
        stale = [int(pid) for pid, data in found if _dropped(data, now) is not None]
    if not stale:
        return 0
    async with store.transaction() as conn:
        rows = await conn.execute(_holding_a_place(stale))
        changed = []
        for person_id, data in rows:
            without = _dropped(data, now)
            if without is not None:
                changed.append({"b_person": person_id, "b_data": without.dump()})
        if changed:
            await conn.execute(
                update(conversation_t)
                .where(conversation_t.c.person_id == bindparam("b_person"))
                .values(data=bindparam("b_data")),
                changed,
            )
    if changed:
        log.info("kept places a day unused forgotten", extra={"count": len(changed)})
        store.after_forget()  # and, on SQLite, out of the WAL too
    return len(changed)


def _holding_a_place(people: list[int] | None) -> Any:
    query = select(conversation_t.c.person_id, conversation_t.c.data).where(
        cast(conversation_t.c.data, String).like(_HOLDS_A_PLACE, escape="\\")
    )
    return query if people is None else query.where(conversation_t.c.person_id.in_(people))


def _dropped(data: Any, now: dt.datetime) -> Conversation | None:
    """The conversation without its kept place, if that place has gone a day unused."""
    conversation = Conversation.load(data if isinstance(data, dict) else None)
    return conversation if drop_unused_place(conversation, now) else None
