"""What a turn read and what it writes, and the turns that do more than move a
conversation on: a newcomer's first save, and the engine's effects (a profile changed,
consent given, an appointment to remind, a directory entry reported, one more in the
operator's counts, /forget)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core import usage
from core.casework import reminders
from core.casework.timing import check_within_reach, to_utc
from core.people import Someone
from core.storage.forgetting import forget
from core.storage.tables import consent_t, conversation_t, person_t, report_t
from flows.conversation import Conversation as ConversationState
from flows.conversation import Profile
from flows.replies import (
    Count,
    Effect,
    Forget,
    GiveConsent,
    RemindMe,
    ReportProblem,
    SetProfile,
)

log = logging.getLogger(__name__)

# "Last seen" to the hour is all any flow needs, and it spares a write on most turns.
LAST_SEEN_GRAIN = dt.timedelta(hours=1)


def stale(last_seen: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether "last seen" is worth writing again."""
    return last_seen is None or now - last_seen >= LAST_SEEN_GRAIN


@dataclass
class Loaded:
    person_id: int | None
    """None: a stranger, stored only when their turn is saved."""
    profile: Profile
    conversation: ConversationState


@dataclass(frozen=True)
class Save:
    """One turn's outcome to write."""

    someone: Someone
    loaded: Loaded
    conversation: ConversationState
    effects: list[Effect]

    @property
    def usual(self) -> bool:
        """Someone known moving on in a conversation, nothing else (but counts, which
        `write_counts` writes for every turn): the store writes many of these with one
        statement."""
        return self.loaded.person_id is not None and all(
            isinstance(effect, Count) for effect in self.effects
        )

    @property
    def forgets(self) -> bool:
        return any(isinstance(effect, Forget) for effect in self.effects)


async def write_one(conn: AsyncConnection, save: Save, now: dt.datetime) -> None:
    """A turn that is not the usual one, in the caller's transaction."""
    if save.forgets:
        if save.loaded.person_id is not None:
            await forget(conn, save.loaded.person_id, save.someone)
        return
    changes: dict[str, Any] = {e.name: e.value for e in save.effects if isinstance(e, SetProfile)}
    person_id = save.loaded.person_id
    if person_id is None:
        values = {"locale": save.loaded.profile.locale, **changes}
        person_id = await _create(conn, save.someone, values, save.conversation, now)
    else:
        if changes or stale(save.loaded.profile.last_seen, now):
            await conn.execute(
                update(person_t).where(person_t.c.id == person_id).values(last_seen=now, **changes)
            )
        await conn.execute(
            update(conversation_t)
            .where(conversation_t.c.person_id == person_id)
            .values(state=save.conversation.state, data=save.conversation.dump(), updated_at=now)
        )
    for effect in save.effects:
        await _apply(conn, person_id, effect, now)


async def _apply(conn: AsyncConnection, person_id: int, effect: Effect, now: dt.datetime) -> None:
    if isinstance(effect, GiveConsent):
        await conn.execute(
            insert(consent_t).values(
                person_id=person_id, kind=effect.kind, version=effect.version, given_at=now
            )
        )
    elif isinstance(effect, RemindMe):
        await _remind(conn, person_id, effect, now)
    elif isinstance(effect, ReportProblem):
        await conn.execute(
            insert(report_t).values(
                person_id=person_id,
                service_id=effect.service_id,
                problem=effect.problem,
                note=effect.note,
                reported_at=now,
            )
        )


async def write_counts(conn: AsyncConnection, saves: Sequence[Save], now: dt.datetime) -> None:
    """The turns' counts for the operator's report, added up, each row once and in one
    order: two workers' transactions then never hold rows the other waits for (no
    deadlock on PostgreSQL). A turn that forgot someone counts nothing, as it saves
    nothing else."""
    counts = Counter(
        (effect.kind, effect.key, effect.place)
        for save in saves
        if not save.forgets
        for effect in save.effects
        if isinstance(effect, Count)
    )
    for (kind, key, place), times in sorted(counts.items()):
        await usage.count(conn, kind, key, place, now, times=times)


async def _remind(
    conn: AsyncConnection, person_id: int, effect: RemindMe, now: dt.datetime
) -> None:
    # The flow refuses such dates first; were one to come through anyway, the rest of
    # the turn (the person's reply above all) must still be saved, not fail with it.
    try:
        local = dt.datetime.fromisoformat(effect.local)
        check_within_reach(to_utc(local, effect.zone), now)
    except ValueError:
        log.warning("own appointment out of reach: no reminders scheduled")
        return
    appointment = reminders.Appointment("self", local, effect.what, None, effect.leads)
    rows = reminders.reminder_rows(reminders.own(person_id, effect.zone), appointment, now)
    await reminders.schedule(conn, rows)


async def _create(
    conn: AsyncConnection,
    someone: Someone,
    values: dict[str, Any],
    conversation: ConversationState,
    now: dt.datetime,
) -> int:
    result = await conn.execute(
        insert(person_t)
        .values(
            channel=someone.channel,
            address=someone.address,
            first_seen=now,
            last_seen=now,
            **values,
        )
        .returning(person_t.c.id)
    )
    person_id = int(result.scalar_one())
    await conn.execute(
        insert(conversation_t).values(
            person_id=person_id,
            state=conversation.state,
            data=conversation.dump(),
            updated_at=now,
        )
    )
    return person_id
