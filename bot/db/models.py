"""The tables. Each row about a person links to `person.id`, so /forget can find them all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, ForeignKey, Integer
from sqlmodel import Field, SQLModel


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
    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    locale: str = Field(max_length=16)
    role: str | None = Field(default=None, max_length=32)
    region: str | None = Field(default=None, max_length=16)
    timezone: str | None = Field(default=None, max_length=64)
    first_seen: dt.datetime = utc_column()
    last_seen: dt.datetime = utc_column()


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
