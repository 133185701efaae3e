"""The directory's tables: Open Referral HSDS 3.0 objects, and what Onward adds.

Each HSDS table keeps the fields Onward reads as columns, and every other HSDS field of the
record in `extra`, so an export gives back what was imported. Nothing here is about a
person: the directory is public information an NGO curates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Float, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

UUID_LENGTH = 36
PUBLIC = "public_information"
"""Marks a table that holds nothing about a person, so /forget's checks pass it by."""
PUBLIC_TABLE = {"info": {PUBLIC: True}}


def uuid_key() -> Any:
    return Field(sa_column=Column(String(UUID_LENGTH), primary_key=True))


def link(table: str, nullable: bool = True) -> Any:
    """A reference to another record; removing that record removes this one."""
    return Field(
        default=None,
        sa_column=Column(
            String(UUID_LENGTH),
            ForeignKey(f"{table}.id", ondelete="CASCADE"),
            index=True,
            nullable=nullable,
        ),
    )


def extra() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def text() -> Any:
    return Field(default=None, sa_column=Column(Text, nullable=True))


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    name: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    email: str | None = text()
    website: str | None = text()
    extra: dict[str, Any] = extra()


class Service(SQLModel, table=True):
    __tablename__ = "service"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    organization_id: str | None = link("organization")
    name: str = Field(sa_column=Column(Text, nullable=False))
    alternate_name: str | None = text()
    description: str | None = text()
    url: str | None = text()
    email: str | None = text()
    status: str = Field(max_length=32)
    eligibility_description: str | None = text()
    fees_description: str | None = text()
    application_process: str | None = text()
    alert: str | None = text()
    minimum_age: float | None = None
    maximum_age: float | None = None
    assured_date: dt.date | None = Field(default=None, index=True)
    assurer_email: str | None = text()
    # Onward's extension (see directory/FORMAT.md)
    accepts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cost: str | None = Field(default=None, max_length=16)
    timezone: str | None = Field(default=None, max_length=64)
    coverage: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source_url: str | None = text()
    demo: bool = False
    extra: dict[str, Any] = extra()


class Location(SQLModel, table=True):
    __tablename__ = "location"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    organization_id: str | None = link("organization")
    location_type: str = Field(max_length=16)
    name: str | None = text()
    description: str | None = text()
    transportation: str | None = text()
    url: str | None = text()
    latitude: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    longitude: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    timezone: str | None = Field(default=None, max_length=64)
    extra: dict[str, Any] = extra()


class ServiceAtLocation(SQLModel, table=True):
    __tablename__ = "service_at_location"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    service_id: str = link("service", nullable=False)
    location_id: str = link("location", nullable=False)
    description: str | None = text()
    extra: dict[str, Any] = extra()


class Address(SQLModel, table=True):
    __tablename__ = "address"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    location_id: str | None = link("location")
    attention: str | None = text()
    address_1: str = Field(sa_column=Column(Text, nullable=False))
    address_2: str | None = text()
    city: str = Field(sa_column=Column(Text, nullable=False))
    region: str | None = text()
    state_province: str = Field(sa_column=Column(Text, nullable=False))
    postal_code: str = Field(max_length=32)
    country: str = Field(max_length=2)
    address_type: str = Field(max_length=16)
    extra: dict[str, Any] = extra()


class Phone(SQLModel, table=True):
    __tablename__ = "phone"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    organization_id: str | None = link("organization")
    service_id: str | None = link("service")
    location_id: str | None = link("location")
    service_at_location_id: str | None = link("service_at_location")
    number: str = Field(max_length=64)
    extension: str | None = Field(default=None, max_length=32)
    type: str | None = Field(default=None, max_length=32)
    description: str | None = text()
    extra: dict[str, Any] = extra()


class Schedule(SQLModel, table=True):
    __tablename__ = "schedule"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    service_id: str | None = link("service")
    location_id: str | None = link("location")
    service_at_location_id: str | None = link("service_at_location")
    freq: str | None = Field(default=None, max_length=16)
    interval: int | None = None
    byday: str | None = Field(default=None, max_length=64)
    bymonthday: str | None = Field(default=None, max_length=128)
    opens_at: str | None = Field(default=None, max_length=16)
    closes_at: str | None = Field(default=None, max_length=16)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    dtstart: dt.date | None = None
    until: dt.date | None = None
    count: int | None = None
    wkst: str | None = Field(default=None, max_length=2)
    timezone: float | None = None
    description: str | None = text()
    extra: dict[str, Any] = extra()


class Language(SQLModel, table=True):
    __tablename__ = "language"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    service_id: str | None = link("service")
    location_id: str | None = link("location")
    phone_id: str | None = link("phone")
    name: str | None = text()
    code: str | None = Field(default=None, max_length=16)
    note: str | None = text()
    extra: dict[str, Any] = extra()


class Taxonomy(SQLModel, table=True):
    __tablename__ = "taxonomy"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    name: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    uri: str | None = text()
    version: str | None = Field(default=None, max_length=32)
    extra: dict[str, Any] = extra()


class TaxonomyTerm(SQLModel, table=True):
    __tablename__ = "taxonomy_term"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    code: str | None = Field(default=None, max_length=128)
    name: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    parent_id: str | None = Field(default=None, max_length=UUID_LENGTH)
    taxonomy: str | None = text()
    taxonomy_id: str | None = link("taxonomy")
    language: str | None = Field(default=None, max_length=16)
    term_uri: str | None = text()
    extra: dict[str, Any] = extra()


class Attribute(SQLModel, table=True):
    __tablename__ = "attribute"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    link_id: str = Field(sa_column=Column(String(UUID_LENGTH), nullable=False, index=True))
    link_type: str | None = Field(default=None, max_length=64)
    link_entity: str = Field(max_length=32)
    taxonomy_term_id: str = link("taxonomy_term", nullable=False)
    value: str | None = text()
    label: str | None = text()
    extra: dict[str, Any] = extra()


class RequiredDocument(SQLModel, table=True):
    __tablename__ = "required_document"
    __table_args__ = PUBLIC_TABLE

    id: str = uuid_key()
    service_id: str | None = link("service")
    document: str | None = text()
    uri: str | None = text()
    extra: dict[str, Any] = extra()


class Translation(SQLModel, table=True):
    """A text field of a directory record in another language (HSDS has none)."""

    __tablename__ = "directory_translation"
    __table_args__ = PUBLIC_TABLE

    entity: str = Field(sa_column=Column(String(32), primary_key=True))
    entity_id: str = Field(sa_column=Column(String(UUID_LENGTH), primary_key=True))
    field: str = Field(sa_column=Column(String(32), primary_key=True))
    locale: str = Field(sa_column=Column(String(16), primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))


class SearchPlace(SQLModel, table=True):
    """Where and when a service can be found, one row per place and category: what a
    search reads, so it takes one indexed query. Rebuilt for a service on every import.

    A service with no building (a helpline) has a row without coordinates, for each
    region it covers.
    """

    __tablename__ = "directory_search"
    __table_args__ = (
        # Longitude in the index too: a box is checked without reading the rows outside it.
        Index("ix_directory_search_near", "category", "latitude", "longitude"),
        Index("ix_directory_search_place", "latitude", "longitude"),
        Index("ix_directory_search_coverage", "coverage", "category"),
        PUBLIC_TABLE,
    )

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = link("service", nullable=False)
    text_key: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    """The service's key in the free-text index (see directory.textindex)."""
    location_id: str | None = Field(default=None, max_length=UUID_LENGTH)
    category: str = Field(max_length=32)
    latitude: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    longitude: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    coverage: str | None = Field(default=None, max_length=16)
    timezone: str = Field(max_length=64)
    languages: str = Field(default="", max_length=256)
    """Language codes spoken, space-separated and padded: ' en ar '."""
    hours: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    """The schedules that say when this place is open (see directory.hours)."""
