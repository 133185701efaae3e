"""Loading and saving a person's conversation: two short statements a turn.

Queries are SQLAlchemy Core on purpose: a turn must cost a few milliseconds with a
hundred thousand people stored, and the same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from bot.db.models import Consent, Conversation, Person
from flows.conversation import Conversation as ConversationState
from flows.conversation import Profile
from flows.replies import Effect, Forget, GiveConsent, SetProfile

# "Last seen" to the hour is all any flow needs, and it spares a write on most turns.
LAST_SEEN_GRAIN = dt.timedelta(hours=1)

person_t: Table = Person.__table__  # type: ignore[attr-defined]
conversation_t: Table = Conversation.__table__  # type: ignore[attr-defined]
consent_t: Table = Consent.__table__  # type: ignore[attr-defined]


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands datetimes back without their zone; we only ever store UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@dataclass
class Loaded:
    person_id: int | None
    profile: Profile
    conversation: ConversationState


def tables_about_a_person() -> list[tuple[Table, str]]:
    """Every table with a column that points at `person.id`, found from the metadata."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column is person_t.c.id for fk in column.foreign_keys):
                found.append((table, column.name))
    return found


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        latest_consent = (
            select(func.max(consent_t.c.given_at))
            .where(consent_t.c.person_id == person_t.c.id, consent_t.c.withdrawn_at.is_(None))
            .scalar_subquery()
        )
        self._load = select(
            person_t.c.id,
            person_t.c.locale,
            person_t.c.role,
            person_t.c.region,
            person_t.c.timezone,
            person_t.c.first_seen,
            person_t.c.last_seen,
            latest_consent.label("consented_at"),
            conversation_t.c.data,
        ).outerjoin(conversation_t, conversation_t.c.person_id == person_t.c.id)

    def connect(self) -> AsyncConnection:
        """One connection for a whole turn: load, then save, then commit."""
        return self.engine.connect()

    async def load(
        self, telegram_id: int, locale: str, conn: AsyncConnection | None = None
    ) -> Loaded:
        """The person and their conversation; a stranger gets a fresh profile in `locale`."""
        if conn is None:
            async with self.connect() as own:
                return await self.load(telegram_id, locale, own)
        row = (await conn.execute(self._load.where(person_t.c.telegram_id == telegram_id))).first()
        if row is None:
            return Loaded(None, Profile(locale=locale), ConversationState())
        profile = Profile(
            locale=row.locale,
            role=row.role,
            region=row.region,
            timezone=row.timezone,
            consented_at=_utc(row.consented_at),
            first_seen=_utc(row.first_seen),
            last_seen=_utc(row.last_seen),
        )
        return Loaded(row.id, profile, ConversationState.load(row.data))

    async def save(
        self,
        telegram_id: int,
        loaded: Loaded,
        conversation: ConversationState,
        effects: list[Effect],
        *,
        now: dt.datetime,
        conn: AsyncConnection | None = None,
    ) -> None:
        """Write the turn's outcome in one transaction: all of it or none of it."""
        if conn is None:
            async with self.connect() as own:
                await self.save(telegram_id, loaded, conversation, effects, now=now, conn=own)
            return
        await self._write(conn, telegram_id, loaded, conversation, effects, now=now)
        await conn.commit()

    async def _write(
        self,
        conn: AsyncConnection,
        telegram_id: int,
        loaded: Loaded,
        conversation: ConversationState,
        effects: list[Effect],
        *,
        now: dt.datetime,
    ) -> None:
        if any(isinstance(effect, Forget) for effect in effects):
            if loaded.person_id is not None:
                await self._forget(conn, loaded.person_id)
            return
        changes: dict[str, Any] = {e.name: e.value for e in effects if isinstance(e, SetProfile)}
        person_id = loaded.person_id
        if person_id is None:
            values = {"locale": loaded.profile.locale, **changes}
            person_id = await self._create(conn, telegram_id, values, conversation, now)
        else:
            last_seen = loaded.profile.last_seen
            if changes or last_seen is None or now - last_seen >= LAST_SEEN_GRAIN:
                await conn.execute(
                    update(person_t)
                    .where(person_t.c.id == person_id)
                    .values(last_seen=now, **changes)
                )
            await conn.execute(
                update(conversation_t)
                .where(conversation_t.c.person_id == person_id)
                .values(state=conversation.state, data=conversation.dump(), updated_at=now)
            )
        for effect in effects:
            if isinstance(effect, GiveConsent):
                await conn.execute(
                    insert(consent_t).values(
                        person_id=person_id, kind=effect.kind, version=effect.version, given_at=now
                    )
                )

    async def _create(
        self,
        conn: AsyncConnection,
        telegram_id: int,
        values: dict[str, Any],
        conversation: ConversationState,
        now: dt.datetime,
    ) -> int:
        result = await conn.execute(
            insert(person_t)
            .values(telegram_id=telegram_id, first_seen=now, last_seen=now, **values)
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

    async def _forget(self, conn: AsyncConnection, person_id: int) -> None:
        for table, column in tables_about_a_person():
            await conn.execute(delete(table).where(table.c[column] == person_id))
        await conn.execute(delete(person_t).where(person_t.c.id == person_id))

    async def forget(self, telegram_id: int) -> None:
        async with self.engine.begin() as conn:
            person_id = (
                await conn.execute(
                    select(person_t.c.id).where(person_t.c.telegram_id == telegram_id)
                )
            ).scalar_one_or_none()
            if person_id is not None:
                await self._forget(conn, person_id)
