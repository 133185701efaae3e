"""HSDS 3.0 records in memory: the tables Onward keeps, and the dataset a file becomes.

Both file forms (nested JSON and the CSV data package) are read into a `Dataset`: flat
records per table, keyed by id, exactly as the CSV form has them. validation.py checks a
dataset whole before any of it is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from directory import hours

TRANSLATED_LOCALES = ("ar", "es", "fr", "ru", "zh_Hans")


@dataclass(frozen=True)
class Table:
    """One HSDS object: its CSV file, the fields Onward keeps as columns, what is
    required, and which fields name a record of another table."""

    name: str
    csv: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ("id",)
    references: dict[str, str] = field(default_factory=dict)
    translatable: tuple[str, ...] = ()
    enums: dict[str, frozenset[str]] = field(default_factory=dict)


STATUS = frozenset({"active", "inactive", "defunct", "temporarily closed"})
LOCATION_TYPES = frozenset({"physical", "postal", "virtual"})
ADDRESS_TYPES = frozenset({"physical", "postal", "virtual"})
FREQUENCIES = frozenset({"WEEKLY", "MONTHLY"})

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "taxonomy",
            "taxonomies.csv",
            ("id", "name", "description", "uri", "version"),
            required=("id", "name", "description"),
        ),
        Table(
            "taxonomy_term",
            "taxonomy_terms.csv",
            (
                "id",
                "code",
                "name",
                "description",
                "parent_id",
                "taxonomy",
                "taxonomy_id",
                "language",
                "term_uri",
            ),
            required=("id", "name", "description"),
            references={"taxonomy_id": "taxonomy", "parent_id": "taxonomy_term"},
        ),
        Table(
            "organization",
            "organizations.csv",
            ("id", "name", "description", "email", "website"),
            required=("id", "name", "description"),
            translatable=("name", "description"),
        ),
        Table(
            "service",
            "services.csv",
            (
                "id",
                "organization_id",
                "name",
                "alternate_name",
                "description",
                "url",
                "email",
                "status",
                "eligibility_description",
                "fees_description",
                "application_process",
                "alert",
                "minimum_age",
                "maximum_age",
                "assured_date",
                "assurer_email",
            ),
            required=("id", "name", "status"),
            references={"organization_id": "organization"},
            translatable=(
                "name",
                "alternate_name",
                "description",
                "eligibility_description",
                "fees_description",
                "application_process",
                "alert",
            ),
            enums={"status": STATUS},
        ),
        Table(
            "location",
            "locations.csv",
            (
                "id",
                "organization_id",
                "location_type",
                "name",
                "description",
                "transportation",
                "url",
                "latitude",
                "longitude",
            ),
            required=("id", "location_type"),
            references={"organization_id": "organization"},
            translatable=("name", "description", "transportation"),
            enums={"location_type": LOCATION_TYPES},
        ),
        Table(
            "service_at_location",
            "service_at_location.csv",
            ("id", "service_id", "location_id", "description"),
            required=("id", "service_id", "location_id"),
            references={"service_id": "service", "location_id": "location"},
        ),
        Table(
            "address",
            "addresses.csv",
            (
                "id",
                "location_id",
                "attention",
                "address_1",
                "address_2",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ),
            required=(
                "id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ),
            references={"location_id": "location"},
            enums={"address_type": ADDRESS_TYPES},
        ),
        Table(
            "phone",
            "phones.csv",
            (
                "id",
                "organization_id",
                "service_id",
                "location_id",
                "service_at_location_id",
                "number",
                "extension",
                "type",
                "description",
            ),
            required=("id", "number"),
            references={
                "organization_id": "organization",
                "service_id": "service",
                "location_id": "location",
                "service_at_location_id": "service_at_location",
            },
        ),
        Table(
            "schedule",
            "schedules.csv",
            (
                "id",
                "service_id",
                "location_id",
                "service_at_location_id",
                *hours.RULE_FIELDS,
                "count",
                "wkst",
                "timezone",
                "description",
            ),
            references={
                "service_id": "service",
                "location_id": "location",
                "service_at_location_id": "service_at_location",
            },
            translatable=("description",),
            enums={"freq": FREQUENCIES, "wkst": frozenset(hours.WEEKDAYS)},
        ),
        Table(
            "language",
            "languages.csv",
            ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
            references={"service_id": "service", "location_id": "location", "phone_id": "phone"},
        ),
        Table(
            "attribute",
            "attributes.csv",
            ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value", "label"),
            required=("id", "link_id", "link_entity", "taxonomy_term_id"),
            references={"taxonomy_term_id": "taxonomy_term"},
        ),
        Table(
            "required_document",
            "required_documents.csv",
            ("id", "service_id", "document", "uri"),
            references={"service_id": "service"},
            translatable=("document",),
        ),
    )
}
# HSDS's `tabular_required`: keys the CSV form must carry that nesting gives JSON.
TABULAR_REQUIRED = {"service": ("organization_id",)}
# Parents before children: the order records are written and checked in.
ORDER = tuple(TABLES)
ONWARD_SERVICE_FIELDS = ("accepts", "cost", "timezone", "coverage", "source_url", "demo")
ONWARD_FIELDS = {"service": ONWARD_SERVICE_FIELDS, "location": ("timezone",)}


@dataclass
class Record:
    """One record: HSDS fields (columns and extras alike), where it came from, and
    Onward's extension."""

    table: str
    fields: dict[str, Any]
    origin: str
    onward: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.fields.get("id") or "")


@dataclass(frozen=True)
class DataProblem:
    """What is wrong, naming the file, the record and the field."""

    file: str
    record: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}" if self.record else self.file
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class DataError(Exception):
    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Dataset:
    file: str
    tabular: bool = False
    """Read from CSV: HSDS then also requires the keys nesting makes implicit."""
    records: dict[str, dict[str, Record]] = field(
        default_factory=lambda: {name: {} for name in ORDER}
    )
    problems: list[DataProblem] = field(default_factory=list)

    def problem(self, record: Record | None, field_name: str, reason: str) -> None:
        self.problems.append(
            DataProblem(self.file, record.origin if record else "", field_name, reason)
        )

    def add(self, record: Record) -> None:
        """Add a record; the same id twice must be the same record (nested JSON repeats
        an organization inside each of its services)."""
        table = self.records[record.table]
        known = table.get(record.id)
        if known is None or not record.id:
            table[record.id or f"?{len(table)}"] = record
        elif known.fields != record.fields or known.onward != record.onward:
            self.problem(
                record, "id", f"{record.id} is also used by {known.origin}, with other details"
            )

    def all(self) -> Iterator[Record]:
        for name in ORDER:
            yield from self.records[name].values()

    def count(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.records.items() if rows}
