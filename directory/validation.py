"""Every check an HSDS dataset must pass before any of it is stored.

Validation runs on the whole dataset and collects every problem, so an NGO fixes its file
in one go: required fields, UUIDs, enums, dates and numbers, references between records,
schedules, coordinates, and Onward's own extension.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import available_timezones

from directory import hours
from directory.hsds import (
    ONWARD_FIELDS,
    TABLES,
    TABULAR_REQUIRED,
    TRANSLATED_LOCALES,
    DataError,
    Dataset,
    Record,
)

ACCEPTS = frozenset(
    {
        "people_with_convictions",
        "sex_offence_convictions",
        "women_only",
        "men_only",
        "families",
        "young_adults",
        "veterans",
        "lgbtq",
    }
)
COSTS = frozenset({"free", "low_cost", "paid"})
COVERAGE = re.compile(r"^(GB|US)(-[A-Z]{2,3})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://\S+$")
DATES = frozenset({"assured_date", "valid_from", "valid_to", "dtstart", "until"})
NUMBERS = frozenset({"minimum_age", "maximum_age", "latitude", "longitude", "timezone"})
INTEGERS = frozenset({"interval", "count"})


def is_uuid(value: Any) -> bool:
    try:
        return str(uuid.UUID(str(value))) == str(value).lower()
    except ValueError:
        return False


@dataclass
class _Checker:
    data: Dataset
    zones: frozenset[str] = field(default_factory=lambda: frozenset(available_timezones()))

    def run(self) -> None:
        for record in self.data.all():
            self.fields(record)
            self.references(record)
            self.onward(record)
            if record.table == "schedule":
                self.schedule(record)
            if record.table == "location":
                self.coordinates(record)

    def say(self, record: Record, name: str, reason: str) -> None:
        self.data.problem(record, name, reason)

    def fields(self, record: Record) -> None:
        table = TABLES[record.table]
        values = record.fields
        required = table.required + (
            TABULAR_REQUIRED.get(record.table, ()) if self.data.tabular else ()
        )
        for name in required:
            if values.get(name) in (None, ""):
                self.say(record, name, "is required and missing")
        for name, value in values.items():
            if value in (None, ""):
                continue
            if (name == "id" or name.endswith("_id")) and not is_uuid(value):
                self.say(record, name, f"'{value}' is not a UUID")
            allowed = table.enums.get(name)
            if allowed is not None and value not in allowed:
                self.say(record, name, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
            self.typed(record, name, value)

    def typed(self, record: Record, name: str, value: Any) -> None:
        if name in DATES and not isinstance(value, dt.date):
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                self.say(record, name, f"'{value}' is not a date like 2026-03-14")
        elif name in NUMBERS and not _is_number(value):
            self.say(record, name, f"'{value}' is not a number")
        elif name in INTEGERS and not (_is_number(value) and float(value) == int(float(value))):
            self.say(record, name, f"'{value}' is not a whole number")
        elif name in {"email", "assurer_email"} and not EMAIL.match(str(value)):
            self.say(record, name, f"'{value}' is not an email address")
        elif name in {"url", "website", "uri", "source_url"} and not URL.match(str(value)):
            self.say(record, name, f"'{value}' is not a web address starting http(s)://")

    def references(self, record: Record) -> None:
        table = TABLES[record.table]
        for name, target in table.references.items():
            value = record.fields.get(name)
            if value and is_uuid(value) and str(value) not in self.data.records[target]:
                self.say(record, name, f"names {target} {value}, which is not in the file")
        if record.table == "attribute":
            entity = str(record.fields.get("link_entity") or "")
            link = record.fields.get("link_id")
            if entity and entity not in TABLES:
                self.say(record, "link_entity", f"'{entity}' is not an HSDS table")
            elif entity and link and str(link) not in self.data.records[entity]:
                self.say(record, "link_id", f"names {entity} {link}, which is not in the file")

    def coordinates(self, record: Record) -> None:
        latitude, longitude = record.fields.get("latitude"), record.fields.get("longitude")
        if (latitude in (None, "")) != (longitude in (None, "")):
            self.say(record, "longitude" if latitude else "latitude", "is missing: give both")
        if _is_number(latitude) and not -90 <= float(str(latitude)) <= 90:
            self.say(record, "latitude", f"{latitude} is outside -90 to 90")
        if _is_number(longitude) and not -180 <= float(str(longitude)) <= 180:
            self.say(record, "longitude", f"{longitude} is outside -180 to 180")

    def schedule(self, record: Record) -> None:
        values = record.fields
        owners = ("service_id", "location_id", "service_at_location_id")
        if not any(values.get(name) for name in owners):
            self.say(record, "service_id", "a schedule must belong to a service or location")
        checks: list[tuple[str, Callable[[str], object]]] = [
            ("opens_at", hours.parse_time),
            ("closes_at", hours.parse_time),
            ("byday", hours.parse_byday),
            ("bymonthday", hours.parse_month_days),
        ]
        for name, parse in checks:
            if values.get(name) not in (None, ""):
                try:
                    parse(str(values[name]))
                except ValueError as error:
                    self.say(record, name, str(error))
        if bool(values.get("opens_at")) != bool(values.get("closes_at")):
            self.say(record, "closes_at", "opens_at and closes_at go together: give both")
        if _is_number(values.get("interval")) and float(values["interval"]) < 1:
            self.say(record, "interval", "must be 1 or more")
        start, end = values.get("valid_from"), values.get("valid_to")
        if start and end and str(start) > str(end):
            self.say(record, "valid_to", f"{end} is before valid_from {start}")

    def onward(self, record: Record) -> None:
        extension = record.onward
        table = TABLES[record.table]
        allowed = {"translations", *ONWARD_FIELDS.get(record.table, ())}
        for name in sorted(set(extension) - allowed):
            self.say(record, f"onward.{name}", f"is not an Onward field of a {record.table}")
        for locale, texts in (extension.get("translations") or {}).items():
            if locale not in TRANSLATED_LOCALES:
                self.say(
                    record,
                    "onward.translations",
                    f"'{locale}' is not one of: {', '.join(TRANSLATED_LOCALES)}",
                )
            elif not isinstance(texts, dict):
                self.say(record, f"onward.translations.{locale}", "must map fields to texts")
            else:
                for name, value in texts.items():
                    if name not in table.translatable:
                        self.say(
                            record, f"onward.translations.{locale}.{name}", "is not translatable"
                        )
                    elif not isinstance(value, str):
                        self.say(record, f"onward.translations.{locale}.{name}", "must be text")
        zone = extension.get("timezone")
        if zone and zone not in self.zones:
            self.say(record, "onward.timezone", f"'{zone}' is not a time zone like Europe/London")
        if record.table == "service":
            self.service_extension(record, extension)

    def service_extension(self, record: Record, extension: dict[str, Any]) -> None:
        for value in extension.get("accepts") or []:
            if value not in ACCEPTS:
                self.say(
                    record,
                    "onward.accepts",
                    f"'{value}' is not one of: {', '.join(sorted(ACCEPTS))}",
                )
        cost = extension.get("cost")
        if cost and cost not in COSTS:
            self.say(record, "onward.cost", f"'{cost}' is not one of: {', '.join(sorted(COSTS))}")
        for value in extension.get("coverage") or []:
            if not COVERAGE.match(str(value)):
                self.say(
                    record, "onward.coverage", f"'{value}' is not a place code like GB or US-MI"
                )
        source = extension.get("source_url")
        if source and not URL.match(str(source)):
            self.say(record, "onward.source_url", f"'{source}' is not a web address")
        if not isinstance(extension.get("demo", False), bool):
            self.say(record, "onward.demo", "must be true or false")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def validate(data: Dataset) -> None:
    """Raise DataError naming every problem; nothing is written by a failed check."""
    _Checker(data).run()
    if data.problems:
        raise DataError(data.problems)
