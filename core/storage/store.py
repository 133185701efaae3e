"""Loading and saving a person's conversation: two short statements a turn.

Queries are SQLAlchemy Core on purpose: a turn must cost a few milliseconds with a
hundred thousand people stored, and the same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from core.casework import reminders
from core.casework.schema import caseworker_t, link_t, reminder_t
from core.casework.timing import check_within_reach, to_utc
from core.people import Someone
from core.storage.chats import chat_id_of
from core.storage.models import (
    PERSON_KEY,
    Consent,
    Conversation,
    OutboxMessage,
    Person,
    ServiceReport,
    as_utc,
)
from flows.conversation import Conversation as ConversationState
from flows.conversation import Profile
from flows.replies import Effect, Forget, GiveConsent, RemindMe, ReportProblem, SetProfile

log = logging.getLogger(__name__)

# "Last seen" to the hour is all any flow needs, and it spares a write on most turns.
LAST_SEEN_GRAIN = dt.timedelta(hours=1)

person_t: Table = Person.__table__  # type: ignore[attr-defined]
conversation_t: Table = Conversation.__table__  # type: ignore[attr-defined]
consent_t: Table = Consent.__table__  # type: ignore[attr-defined]
report_t: Table = ServiceReport.__table__  # type: ignore[attr-defined]
outbox_t: Table = OutboxMessage.__table__  # type: ignore[attr-defined]

# After /forget, SQLite's WAL still holds the pages as they were before: they are copied
# back and the WAL emptied, waiting only briefly for readers each time (this holds up the
# writers), and trying again, less and less often, until it succeeds.
CHECKPOINT_WAIT_MS = 100
CHECKPOINT_FIRST_PAUSE = 0.2
CHECKPOINT_LONGEST_PAUSE = 60.0


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value)


async def _execute(conn: AsyncConnection, statement: Any, rows: list[dict[str, Any]]) -> None:
    """One row as a plain statement: the driver's executemany costs more for one."""
    await conn.execute(statement, rows[0] if len(rows) == 1 else rows)


def _stale(last_seen: dt.datetime | None, now: dt.datetime) -> bool:
    return last_seen is None or now - last_seen >= LAST_SEEN_GRAIN


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


@dataclass
class Loaded:
    person_id: int | None
    profile: Profile
    conversation: ConversationState


@dataclass(frozen=True)
class PersonLink:
    """A column that says whose a row is: by `person.id`, or by their chat id in the
    inbox and outbox (`core.storage.queues.chat_id_of`)."""

    table: Table
    column: str
    by_chat: bool


@dataclass(frozen=True)
class Save:
    """One turn's outcome to write."""

    someone: Someone
    loaded: Loaded
    conversation: ConversationState
    effects: list[Effect]


def tables_about_a_person() -> list[PersonLink]:
    """Every column that ties a row to a person, found from the metadata itself, so a
    table added later is covered by /forget without anyone remembering to list it."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column is person_t.c.id for fk in column.foreign_keys):
                found.append(PersonLink(table, column.name, by_chat=False))
            elif column.info.get(PERSON_KEY):
                found.append(PersonLink(table, column.name, by_chat=True))
    return found


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._writer: AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self.tidying: asyncio.Task[None] | None = None
        self._forgotten = False
        latest_consent = (
            select(func.max(consent_t.c.given_at))
            .where(consent_t.c.person_id == person_t.c.id, consent_t.c.withdrawn_at.is_(None))
            .scalar_subquery()
        )
        self._load = select(
            person_t.c.id,
            person_t.c.channel,
            person_t.c.address,
            person_t.c.locale,
            person_t.c.role,
            person_t.c.region,
            person_t.c.timezone,
            person_t.c.first_seen,
            person_t.c.last_seen,
            latest_consent.label("consented_at"),
            conversation_t.c.data,
        ).outerjoin(conversation_t, conversation_t.c.person_id == person_t.c.id)
        self._save_conversation = (
            update(conversation_t)
            .where(conversation_t.c.person_id == bindparam("b_person"))
            .values(
                state=bindparam("b_state"), data=bindparam("b_data"), updated_at=bindparam("b_at")
            )
        )
        self._seen = (
            update(person_t)
            .where(person_t.c.id == bindparam("b_person"))
            .values(last_seen=bindparam("b_at"))
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One connection and transaction, committed when the block ends without error.

        SQLite has one writer at a time, and a transaction that read before it writes
        fails outright if another wrote in between; so on SQLite this process's
        transactions take turns here instead of racing inside the database.
        """
        async with self._writer, self.engine.connect() as conn:
            yield conn
            await conn.commit()

    async def load(
        self, someone: Someone, locale: str, conn: AsyncConnection | None = None
    ) -> Loaded:
        """The person and their conversation; a stranger gets a fresh profile in `locale`."""
        if conn is None:
            async with self.transaction() as own:
                return await self.load(someone, locale, own)
        return (await self.load_many(conn, {someone: locale}))[someone]

    async def load_many(
        self, conn: AsyncConnection, wanted: Mapping[Someone, str]
    ) -> dict[Someone, Loaded]:
        """Several people at once (with the locale each would get as a stranger)."""
        rows = await conn.execute(self._load.where(among(wanted)))
        found = {Someone.of(row): row for row in rows}
        loaded = {}
        for someone, locale in wanted.items():
            row = found.get(someone)
            if row is None:
                loaded[someone] = Loaded(None, Profile(locale=locale), ConversationState())
                continue
            profile = Profile(
                locale=row.locale,
                role=row.role,
                region=row.region,
                timezone=row.timezone,
                consented_at=_utc(row.consented_at),
                first_seen=_utc(row.first_seen),
                last_seen=_utc(row.last_seen),
            )
            loaded[someone] = Loaded(row.id, profile, ConversationState.load(row.data))
        return loaded

    async def save(
        self,
        someone: Someone,
        loaded: Loaded,
        conversation: ConversationState,
        effects: list[Effect],
        *,
        now: dt.datetime,
        conn: AsyncConnection | None = None,
    ) -> None:
        """Write the turn's outcome; the caller's transaction makes it all or nothing."""
        if conn is None:
            async with self.transaction() as own:
                await self.save(someone, loaded, conversation, effects, now=now, conn=own)
            return
        await self.save_many(conn, [Save(someone, loaded, conversation, effects)], now=now)

    async def save_many(
        self, conn: AsyncConnection, saves: list[Save], *, now: dt.datetime
    ) -> None:
        """Write several turns. The usual one (someone known, moving on in a conversation)
        is written with one statement for all of them; the rarer ones one by one."""
        usual = [s for s in saves if s.loaded.person_id is not None and not s.effects]
        for item in saves:
            if item.loaded.person_id is None or item.effects:
                await self._write(
                    conn, item.someone, item.loaded, item.conversation, item.effects, now=now
                )
        if not usual:
            return
        await _execute(
            conn,
            self._save_conversation,
            [
                {
                    "b_person": s.loaded.person_id,
                    "b_state": s.conversation.state,
                    "b_data": s.conversation.dump(),
                    "b_at": now,
                }
                for s in usual
            ],
        )
        stale = [s for s in usual if _stale(s.loaded.profile.last_seen, now)]
        if stale:
            await _execute(
                conn, self._seen, [{"b_person": s.loaded.person_id, "b_at": now} for s in stale]
            )

    async def _write(
        self,
        conn: AsyncConnection,
        someone: Someone,
        loaded: Loaded,
        conversation: ConversationState,
        effects: list[Effect],
        *,
        now: dt.datetime,
    ) -> None:
        if any(isinstance(effect, Forget) for effect in effects):
            if loaded.person_id is not None:
                await self._forget(conn, loaded.person_id, someone)
            return
        changes: dict[str, Any] = {e.name: e.value for e in effects if isinstance(e, SetProfile)}
        person_id = loaded.person_id
        if person_id is None:
            values = {"locale": loaded.profile.locale, **changes}
            person_id = await self._create(conn, someone, values, conversation, now)
        else:
            if changes or _stale(loaded.profile.last_seen, now):
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
            elif isinstance(effect, RemindMe):
                await self._remind(conn, person_id, effect, now)
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

    @staticmethod
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
        self,
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

    async def _forget(self, conn: AsyncConnection, person_id: int, someone: Someone) -> None:
        await self._forget_reasons_passed_on(conn, person_id)
        chat = chat_id_of(someone)  # None: their channel keeps nothing in the queues
        for link in tables_about_a_person():
            key = chat if link.by_chat else person_id
            if key is not None:
                await conn.execute(delete(link.table).where(link.table.c[link.column] == key))
        await conn.execute(delete(person_t).where(person_t.c.id == person_id))

    @staticmethod
    async def _forget_reasons_passed_on(conn: AsyncConnection, person_id: int) -> None:
        """A client's reason for missing an appointment waits in their case worker's chat
        until sent: it is the client's words, so it goes with them, sent or not."""
        rows = await conn.execute(
            select(reminder_t.c.reason, person_t.c.channel, person_t.c.address)
            .join(link_t, link_t.c.id == reminder_t.c.link_id)
            .join(caseworker_t, caseworker_t.c.id == link_t.c.caseworker_id)
            .join(person_t, person_t.c.id == caseworker_t.c.person_id)
            .where(reminder_t.c.person_id == person_id, reminder_t.c.reason.is_not(None))
        )
        reasons: dict[int, set[str]] = {}
        for row in rows:
            chat = chat_id_of(Someone.of(row))
            if chat is not None:  # Listings quote at most the first 200 characters of a reason.
                reasons.setdefault(chat, set()).add(str(row.reason)[:200])
        if not reasons:
            return
        waiting = await conn.execute(
            select(outbox_t.c.id, outbox_t.c.chat_id, outbox_t.c.params).where(
                outbox_t.c.chat_id.in_(list(reasons))
            )
        )
        carrying = [
            row.id
            for row in waiting
            if any(r in str(row.params.get("text", "")) for r in reasons[int(row.chat_id)])
        ]
        if carrying:
            await conn.execute(delete(outbox_t).where(outbox_t.c.id.in_(carrying)))

    def after_forget(self) -> None:
        """Call once a transaction that forgot someone has committed. Their rows are gone
        and, with secure_delete, zeroed in the pages; but on SQLite the WAL still holds
        those pages as they were, until a checkpoint copies it back and truncates it."""
        if self.engine.dialect.name != "sqlite":
            return
        self._forgotten = True
        if self.tidying is None:
            self.tidying = asyncio.create_task(self._tidy())

    async def _tidy(self) -> None:
        pause = CHECKPOINT_FIRST_PAUSE
        try:
            while self._forgotten:
                self._forgotten = False
                try:
                    if await self.checkpoint():
                        continue
                except Exception:  # a database that failed us: tried again like a busy one
                    log.exception("checkpoint after /forget failed")
                self._forgotten = True
                if pause >= CHECKPOINT_LONGEST_PAUSE:
                    log.warning("the WAL could not be emptied after /forget; trying again")
                await asyncio.sleep(pause)
                pause = min(pause * 2, CHECKPOINT_LONGEST_PAUSE)
        finally:
            self.tidying = None

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it; False if a reader (another
        process, or a directory search) kept it from finishing."""
        async with self._writer, self.engine.connect() as conn:
            waited = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
            await conn.exec_driver_sql(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
            try:
                busy = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).first()
            finally:
                await conn.exec_driver_sql(f"PRAGMA busy_timeout={int(waited)}")
        return busy is not None and busy[0] == 0

    async def close(self) -> None:
        """Stop tidying; one last try, as the WAL must not keep what someone forgot."""
        if self.tidying is not None:
            self.tidying.cancel()
            self.tidying = None
            await self.checkpoint()

    async def set_reachable(
        self, conn: AsyncConnection, someone: Someone, reachable: bool, now: dt.datetime
    ) -> None:
        """Blocked (their channel said so): nothing is sent until they unblock."""
        await conn.execute(
            update(person_t)
            .where(person_t.c.channel == someone.channel, person_t.c.address == someone.address)
            .values(unreachable_since=None if reachable else now)
        )
