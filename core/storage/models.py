"""The tables. A person is a channel and an address in it (`core.people.Someone`). Each
row about a person links to them, so /forget can find them all: by a foreign key to
`person.id`, or, for rows that arrive before the person is known (Telegram updates and
the messages going out), by a column marked `info={PERSON_KEY: True}` that holds their
chat id in those queues (see core/storage/chats.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

import directory.models  # noqa: F401 - the directory's tables share this metadata
from core.people import MAX_ADDRESS, MAX_CHANNEL

PERSON_KEY = "holds_chat_id"
STAFF = "staff_information"
"""Marks a table about the console's staff, not the people Onward serves: /forget's checks
pass it by. It must hold nothing a person wrote to the bot."""
STAFF_TABLE = {"info": {STAFF: True}}


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without their zone; we only ever store UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def utc_column(nullable: bool = False) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=nullable))


def person_key(primary_key: bool = False) -> Any:
    """A link to the person; deleting them deletes the row (and /forget checks it did)."""
    return Field(
        sa_column=Column(
            Integer,
            ForeignKey("person.id", ondelete="CASCADE"),
            primary_key=primary_key,
            index=not primary_key,
            nullable=False,
        )
    )


class Person(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_person_channel_address"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_column=Column(String(MAX_CHANNEL), nullable=False))
    address: str = Field(sa_column=Column(String(MAX_ADDRESS), nullable=False))
    """Who they are in their channel (`core.people.Someone`)."""
    locale: str = Field(max_length=16)
    role: str | None = Field(default=None, max_length=32)
    region: str | None = Field(default=None, max_length=16)
    timezone: str | None = Field(default=None, max_length=64)
    first_seen: dt.datetime = utc_column()
    last_seen: dt.datetime = utc_column()
    unreachable_since: dt.datetime | None = utc_column(nullable=True)
    """Set while the person has blocked the bot; nothing is sent to them then."""


class Conversation(SQLModel, table=True):
    person_id: int = person_key(primary_key=True)
    state: str | None = Field(default=None, max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: dt.datetime = utc_column()


class Consent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = person_key()
    kind: str = Field(max_length=32)
    version: int
    given_at: dt.datetime = utc_column()
    withdrawn_at: dt.datetime | None = utc_column(nullable=True)


def chat_key(nullable: bool) -> Any:
    """The person's chat id in the inbox and outbox (core/storage/chats.py)."""
    return Field(
        sa_column=Column(BigInteger, nullable=nullable, index=True, info={PERSON_KEY: True})
    )


class InboxUpdate(SQLModel, table=True):
    """Each Telegram update, recorded before it is handled.

    A repeat of a recorded `update_id` is dropped; an update whose handling a crash cut
    short is handled after restart. Once handled, only the id stays (to spot repeats):
    the payload and the chat are cleared.
    """

    __tablename__ = "inbox"
    # What is still to handle, found without reading every id kept to spot repeats (two
    # days of them): at start-up, and by every worker's scan when several share one.
    __table_args__ = (
        Index(
            "ix_inbox_waiting",
            "update_id",
            postgresql_where=text("handled_at IS NULL"),
            sqlite_where=text("handled_at IS NULL"),
        ),
    )

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    chat_id: int | None = chat_key(nullable=True)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    received_at: dt.datetime = utc_column()
    handled_at: dt.datetime | None = utc_column(nullable=True)


class OutboxMessage(SQLModel, table=True):
    """A Bot API call to make for a chat, written in the same transaction as the turn."""

    __tablename__ = "outbox"
    # Ids are never reused, so a sent message's id can only ever name that message.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = chat_key(nullable=False)
    method: str = Field(max_length=32)
    params: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = utc_column()
    reminder_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    """The reminder this message is (its row records how sending it ended); no foreign
    key: a reminder deleted meanwhile only means the message is no longer wanted."""


class ServiceReport(SQLModel, table=True):
    """A reader's report that a directory entry is wrong, kept for the maintainers.

    It names the person only so /forget removes it with everything else of theirs;
    maintainers see the report, never who made it.
    """

    __tablename__ = "service_report"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = person_key()
    service_id: str = Field(sa_column=Column(String(36), nullable=False, index=True))
    problem: str = Field(max_length=32)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reported_at: dt.datetime = utc_column()
    handled_at: dt.datetime | None = utc_column(nullable=True)


def optional_person_key() -> Any:
    """A link to a person that is filled in later (when they accept an invitation)."""
    return Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), index=True, nullable=True
        ),
    )


class Caseworker(SQLModel, table=True):
    """A case worker the NGO's operator invited. Until they open the invitation on
    Telegram there is no person behind it; the invitation works once."""

    __tablename__ = "caseworker"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    organisation: str = Field(max_length=120)
    invite_hash: str | None = Field(
        default=None, sa_column=Column(String(64), unique=True, nullable=True)
    )
    invite_expires_at: dt.datetime = utc_column()
    person_id: int | None = optional_person_key()
    joined_at: dt.datetime | None = utc_column(nullable=True)
    last_number: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    """The last client number given out: numbers only go up, so a number a case worker
    once typed never comes to mean another client (not even after a /forget)."""
    suspended_at: dt.datetime | None = utc_column(nullable=True)
    """Set by the operator: nothing is sent or scheduled for this case worker."""


class ClientLink(SQLModel, table=True):
    """A case worker's offer to a client, and (once agreed) the client's consent to
    receive their reminders. Revoked or declined, it lets the case worker do nothing."""

    __tablename__ = "client_link"
    __table_args__ = (UniqueConstraint("caseworker_id", "number", name="uq_client_link_number"),)

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(sa_column=Column(Integer, nullable=False))
    """What the case worker types (/remind 3): their own count, never reused."""
    caseworker_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("caseworker.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    code: str = Field(sa_column=Column(String(16), unique=True, nullable=False))
    label: str | None = Field(default=None, max_length=40)
    """The case worker's own note to tell their clients apart (never shown to others)."""
    state: str = Field(max_length=16)
    created_at: dt.datetime = utc_column()
    expires_at: dt.datetime = utc_column()
    client_id: int | None = optional_person_key()
    decided_at: dt.datetime | None = utc_column(nullable=True)
    opened: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    """How often the code was opened or answered: a code passed around is locked."""


class Reminder(SQLModel, table=True):
    """One message to send a client about one occurrence of an appointment.

    `event_at` is the appointment (UTC, worked out from `event_local` in `zone`);
    `due_at` is when to send. A recurring appointment carries its RRULE, and the next
    occurrence's rows are written when this one's last reminder is done.
    """

    __tablename__ = "reminder"
    # Ids are never reused: a case worker types them (/drop 12), and 12 must never come
    # to mean another client's reminder after a /forget.
    __table_args__ = (Index("ix_reminder_due", "state", "due_at"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    link_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("client_link.id", ondelete="CASCADE"), index=True, nullable=True
        ),
    )
    """The case worker's link it was sent under; None for a person's own appointment."""
    person_id: int = person_key()
    kind: str = Field(max_length=16)
    words: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    event_local: str = Field(max_length=19)
    zone: str = Field(max_length=64)
    event_at: dt.datetime = utc_column()
    lead_minutes: int
    leads: str = Field(max_length=64)
    rrule: str | None = Field(default=None, max_length=300)
    due_at: dt.datetime = utc_column()
    state: str = Field(max_length=16)
    claimed_at: dt.datetime | None = utc_column(nullable=True)
    sent_at: dt.datetime | None = utc_column(nullable=True)
    answer: str | None = Field(default=None, max_length=8)
    answered_at: dt.datetime | None = utc_column(nullable=True)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason_until: dt.datetime | None = utc_column(nullable=True)
    reason_asked: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    """A digest of the question that asked why: only a reply to it is the reason."""
    note: str | None = Field(default=None, max_length=32)
    attempts: int = 0
    created_at: dt.datetime = utc_column()


class CodeAttempt(SQLModel, table=True):
    """A client code that found nothing (mistyped, guessed, used up), kept a short while
    so that codes cannot be tried by the thousand. It names no code: a declined link
    must record nothing about who declined."""

    __tablename__ = "code_attempt"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = person_key()
    at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))


class Deployment(SQLModel, table=True):
    """A Telegram bot this database has served: the sandbox refuses to start on such a
    database, because it would send, or give up on, that bot's reminders and messages.
    It is about the bot, never a person."""

    __tablename__ = "deployment"
    # directory.models.PUBLIC: nothing personal, so /forget passes it by.
    __table_args__ = {"info": {"public_information": True}}

    id: int | None = Field(default=None, primary_key=True)
    bot_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    bot_username: str | None = Field(default=None, max_length=64)
    api_host: str = Field(max_length=255)
    """Where the Bot API was: host and port only, never a path (it would hold the token)."""
    first_seen: dt.datetime = utc_column()
    last_seen: dt.datetime = utc_column()


class SendPace(SQLModel, table=True):
    """When the next message may go, for all the workers that share this database: so
    together they keep to Telegram's limit of about 30 a second (core/storage/pace.py).
    One row; about the bot, never a person."""

    __tablename__ = "send_pace"
    __table_args__ = {"info": {"public_information": True}}

    id: int | None = Field(default=None, primary_key=True)
    next_at: dt.datetime = utc_column()


class ConsoleUser(SQLModel, table=True):
    """Someone who signs in to the web console: an operator, a directory editor (of one
    organisation's services, or all) or a case worker (through their case-worker row).

    Staff, not the people Onward serves: nothing here comes from a conversation.
    `session_epoch` is part of every session cookie; raising it ends every session.
    """

    __tablename__ = "console_user"
    __table_args__ = STAFF_TABLE

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(sa_column=Column(String(80), unique=True, nullable=False))
    name: str = Field(max_length=80)
    email: str | None = Field(default=None, max_length=254)
    role: str = Field(max_length=16)
    password_hash: str | None = Field(default=None, max_length=200)
    totp_secret: str | None = Field(default=None, max_length=64)
    organization_id: str | None = Field(default=None, max_length=36)
    caseworker_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("caseworker.id", ondelete="CASCADE"), unique=True, nullable=True
        ),
    )
    locale: str = Field(default="en", max_length=16)
    session_epoch: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    created_at: dt.datetime = utc_column()
    disabled_at: dt.datetime | None = utc_column(nullable=True)


class ConsoleLoginFailure(SQLModel, table=True):
    """A failed sign-in, kept an hour to slow down guessing: by a hash of the login name
    tried and of the address it came from, never the password or the name itself."""

    __tablename__ = "console_login_failure"
    __table_args__ = STAFF_TABLE

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    at: dt.datetime = utc_column()


class ConsoleLoginLink(SQLModel, table=True):
    """A one-time link the bot sends a case worker to sign in to the console; only its
    hash is kept, and it works once, for a few minutes."""

    __tablename__ = "console_login_link"
    __table_args__ = STAFF_TABLE

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("console_user.id", ondelete="CASCADE"), nullable=False
        )
    )
    expires_at: dt.datetime = utc_column()
    used_at: dt.datetime | None = utc_column(nullable=True)


class AuditEntry(SQLModel, table=True):
    """Who changed what in the console, and when. It names the thing changed (a service,
    a client link's number, a reminder's id), never what a client said or wrote."""

    __tablename__ = "audit_log"
    __table_args__ = STAFF_TABLE

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    user_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("console_user.id", ondelete="SET NULL"), nullable=True
        ),
    )
    login: str = Field(max_length=80)
    action: str = Field(max_length=48)
    target: str = Field(max_length=120)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


USAGE_TOPIC_LENGTH, USAGE_PLACE_LENGTH = 64, 120


class UsageCount(SQLModel, table=True):
    """How many, for the operator's report (core/usage.py): people who reached a topic,
    searches that found nothing, reminders sent and answered, by week. Counts only: no
    row says who, and a place is no finer than a town, so /forget passes it by."""

    __tablename__ = "usage_count"
    __table_args__ = {"info": {"public_information": True}}

    week: dt.date = Field(sa_column=Column(Date, primary_key=True))
    """The Monday of the ISO week (UTC)."""
    kind: str = Field(sa_column=Column(String(32), primary_key=True))
    topic: str = Field(sa_column=Column(String(USAGE_TOPIC_LENGTH), primary_key=True))
    place: str = Field(sa_column=Column(String(USAGE_PLACE_LENGTH), primary_key=True))
    count: int = Field(sa_column=Column(Integer, nullable=False))
