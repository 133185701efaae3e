"""Reading and writing HSDS 3.0 files: nested JSON and the CSV data package."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from directory.hsds import (
    ONWARD_SERVICE_FIELDS,
    ORDER,
    TABLES,
    DataProblem,
    Dataset,
    Record,
)

# Nested lists of records, and the table each holds.
CHILDREN = {
    "phones": "phone",
    "schedules": "schedule",
    "languages": "language",
    "attributes": "attribute",
    "required_documents": "required_document",
    "service_at_locations": "service_at_location",
    "addresses": "address",
}
ONWARD = "onward"
SERVICE_EXTENSION_CSV = "x_onward_services.csv"
LOCATION_EXTENSION_CSV = "x_onward_locations.csv"
TRANSLATIONS_CSV = "x_onward_translations.csv"
LIST_SEPARATOR = " "


# -- JSON ---------------------------------------------------------------------------------
def _services_in(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    contents = document.get("contents") if isinstance(document, dict) else None
    if isinstance(contents, list):
        return contents
    if isinstance(document, dict) and "id" in document:
        return [document]
    return None


def read_json(path: Path) -> Dataset:
    data = Dataset(path.name)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        data.problem(None, "", f"cannot be read as JSON: {error}")
        return data
    services = _services_in(document)
    if services is None:
        data.problem(None, "", "expected a list of services, one service, or {'contents': [...]}")
        return data
    for index, service in enumerate(services):
        _Nested(data).take("service", service, f"service {index + 1}", {})
    return data


class _Nested:
    """Flattens one nested service into records, filling in the parent ids that nested
    objects leave out."""

    def __init__(self, data: Dataset) -> None:
        self.data = data

    def take(self, table: str, value: Any, origin: str, parent: dict[str, Any]) -> str | None:
        if not isinstance(value, dict):
            self.data.problem(None, "", f"{origin} must be an object")
            return None
        fields = dict(value)
        onward = fields.pop(ONWARD, None) or {}
        label = _label(table, fields, origin)
        for key, parent_value in parent.items():
            fields.setdefault(key, parent_value)
        nested: list[tuple[str, str, Any]] = []
        for key in list(fields):
            if key in CHILDREN and isinstance(fields[key], list):
                nested += [(CHILDREN[key], key, item) for item in fields.pop(key)]
        organization = fields.pop("organization", None) if table == "service" else None
        location = fields.pop("location", None) if table == "service_at_location" else None
        term = fields.pop("taxonomy_term", None) if table == "attribute" else None
        taxonomy = fields.pop("taxonomy_detail", None) if table == "taxonomy_term" else None
        if isinstance(organization, dict):
            fields.setdefault("organization_id", organization.get("id"))
            self.take("organization", organization, f"{label}: organization", {})
        if isinstance(location, dict):
            fields.setdefault("location_id", location.get("id"))
            self.take("location", location, f"{label}: location", {})
        if isinstance(term, dict):
            fields.setdefault("taxonomy_term_id", term.get("id"))
            self.take("taxonomy_term", term, f"{label}: taxonomy_term", {})
        if isinstance(taxonomy, dict):
            fields.setdefault("taxonomy_id", taxonomy.get("id"))
            self.take("taxonomy", taxonomy, f"{label}: taxonomy", {})
        if not isinstance(onward, dict):
            self.data.problem(None, ONWARD, f"{label}: must be an object")
            onward = {}
        self.data.add(Record(table, fields, label, onward))
        own_id = fields.get("id")
        for child_table, key, item in nested:
            self.take(
                child_table, item, f"{label}: {key}", _parent_key(table, child_table, own_id)
            )
        return str(own_id) if own_id else None


def _label(table: str, fields: dict[str, Any], origin: str) -> str:
    name = fields.get("name") or fields.get("number") or fields.get("address_1")
    ident = fields.get("id") or "no id"
    return f"{origin} ({table} {ident}{f', {name!r}' if name else ''})"


def _parent_key(parent: str, child: str, parent_id: Any) -> dict[str, Any]:
    if child == "attribute":
        return {"link_id": parent_id, "link_entity": parent}
    return {f"{parent}_id": parent_id}


OWNERS = {
    "schedule": ("service_at_location", "service", "location"),
    "phone": ("service_at_location", "service", "location", "organization"),
    "language": ("phone", "service", "location"),
    "address": ("location",),
    "required_document": ("service",),
    "service_at_location": ("service",),
}
KEY_OF_TABLE = {table: key for key, table in CHILDREN.items()}


def _owner(record: Record) -> tuple[str, str] | None:
    """The record a nested child sits inside: the most specific one it names."""
    if record.table == "attribute":
        return str(record.fields.get("link_entity")), str(record.fields.get("link_id"))
    for table in OWNERS.get(record.table, ()):
        if record.fields.get(f"{table}_id"):
            return table, str(record.fields[f"{table}_id"])
    return None


def _nest(records: dict[str, dict[str, Record]]) -> list[dict[str, Any]]:
    """The dataset as nested services, the way an HSDS API publishes them."""
    children: dict[tuple[str, str], list[Record]] = {}
    for table in CHILDREN.values():
        for record in records[table].values():
            owner = _owner(record)
            if owner is not None:
                children.setdefault(owner, []).append(record)

    def out(record: Record) -> dict[str, Any]:
        owner = _owner(record)
        implied = f"{owner[0]}_id" if owner and record.table != "attribute" else None
        fields = {k: v for k, v in record.fields.items() if k != implied}
        if record.onward:
            fields[ONWARD] = record.onward
        for child in children.get((record.table, record.id), []):
            fields.setdefault(KEY_OF_TABLE[child.table], []).append(out(child))
        inner = {
            "service_at_location": ("location", "location_id", "location"),
            "attribute": ("taxonomy_term", "taxonomy_term_id", "taxonomy_term"),
            "taxonomy_term": ("taxonomy_detail", "taxonomy_id", "taxonomy"),
            "service": ("organization", "organization_id", "organization"),
        }.get(record.table)
        if inner is not None:
            key, ref, table = inner
            target = records[table].get(str(record.fields.get(ref)))
            if target is not None:
                fields[key] = out(target)
        return fields

    return [out(service) for service in records["service"].values()]


def write_json(data: Dataset, path: Path) -> None:
    text = json.dumps(_nest(data.records), ensure_ascii=False, indent=2, default=str)
    path.write_text(text + "\n", encoding="utf-8")


# -- CSV ----------------------------------------------------------------------------------
def read_csv_package(path: Path) -> Dataset:
    folder = path.parent if path.is_file() else path
    data = Dataset(str(folder.name or folder), tabular=True)
    if not (folder / "datapackage.json").is_file():
        data.problem(None, "", "datapackage.json is missing: this is not an HSDS data package")
        return data
    onward: dict[tuple[str, str], dict[str, Any]] = {}
    for key, value in _extensions(folder, data):
        _merge(onward.setdefault(key, {}), value)
    for table in ORDER:
        file = folder / TABLES[table].csv
        for number, row in _rows(file, data):
            fields = {k: v for k, v in row.items() if k and v not in (None, "")}
            origin = f"{file.name} row {number} ({table} {fields.get('id') or 'no id'})"
            extension = onward.pop((table, str(fields.get("id"))), {})
            data.add(Record(table, _decoded(fields, TABLES[table].columns), origin, extension))
    for (table, ident), _ in onward.items():
        data.problems.append(
            DataProblem(
                data.file, f"{table} {ident}", "id", "extension names a record not in the package"
            )
        )
    return data


def _merge(target: dict[str, Any], value: dict[str, Any]) -> None:
    for name, item in value.items():
        if name == "translations":
            for locale, texts in item.items():
                target.setdefault(name, {}).setdefault(locale, {}).update(texts)
        else:
            target[name] = item


def _decoded(fields: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """Extras that were nested objects in JSON are written to CSV as JSON text."""
    decoded = {}
    for key, value in fields.items():
        decoded[key] = value
        if key not in columns and isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                decoded[key] = json.loads(value)
    return decoded


def _rows(file: Path, data: Dataset) -> Iterator[tuple[int, dict[str, Any]]]:
    if not file.is_file():
        return
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            yield from enumerate(csv.DictReader(handle), start=2)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        data.problems.append(DataProblem(file.name, "", "", f"cannot be read as CSV: {error}"))


def _extensions(folder: Path, data: Dataset) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    for number, row in _rows(folder / SERVICE_EXTENSION_CSV, data):
        extension: dict[str, Any] = {}
        for name in ("accepts", "coverage"):
            if row.get(name):
                extension[name] = row[name].split()
        for name in ("cost", "timezone", "source_url"):
            if row.get(name):
                extension[name] = row[name]
        if row.get("demo"):
            demo = row["demo"].strip().lower()
            extension["demo"] = {"true": True, "false": False}.get(demo, demo)
        yield ("service", str(row.get("service_id"))), extension
        del number
    for _, row in _rows(folder / LOCATION_EXTENSION_CSV, data):
        if row.get("timezone"):
            yield ("location", str(row.get("location_id"))), {"timezone": row["timezone"]}
    for number, row in _rows(folder / TRANSLATIONS_CSV, data):
        entity, ident = str(row.get("link_entity")), str(row.get("link_id"))
        locale, name = str(row.get("locale")), str(row.get("field"))
        if not all((entity, ident, locale, name)) or row.get("value") in (None, ""):
            data.problems.append(
                DataProblem(TRANSLATIONS_CSV, f"row {number}", "value", "every column is required")
            )
            continue
        yield (entity, ident), {"translations": {locale: {name: row["value"]}}}


def write_csv_package(data: Dataset, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in ORDER:
        records = list(data.records[table].values())
        spec = TABLES[table]
        extras = sorted({k for r in records for k in r.fields} - set(spec.columns))
        columns = [*spec.columns, *extras]
        _write(folder / spec.csv, columns, [_cells(r.fields, columns) for r in records])
        resources.append({"name": table, "path": spec.csv, "profile": "tabular-data-resource"})
    services = [r for r in data.records["service"].values() if r.onward]
    _write(
        folder / SERVICE_EXTENSION_CSV,
        ["service_id", *ONWARD_SERVICE_FIELDS],
        [
            [s.id, *(_extension_cell(s.onward.get(n)) for n in ONWARD_SERVICE_FIELDS)]
            for s in services
        ],
    )
    zones = [r for r in data.records["location"].values() if r.onward.get("timezone")]
    _write(
        folder / LOCATION_EXTENSION_CSV,
        ["location_id", "timezone"],
        [[r.id, r.onward["timezone"]] for r in zones],
    )
    translations = [
        [record.table, record.id, name, locale, value]
        for record in data.all()
        for locale, texts in sorted((record.onward.get("translations") or {}).items())
        for name, value in texts.items()
    ]
    _write(
        folder / TRANSLATIONS_CSV,
        ["link_entity", "link_id", "field", "locale", "value"],
        translations,
    )
    for name in (SERVICE_EXTENSION_CSV, LOCATION_EXTENSION_CSV, TRANSLATIONS_CSV):
        resources.append(
            {"name": name.removesuffix(".csv"), "path": name, "profile": "tabular-data-resource"}
        )
    package = {
        "name": "onward-directory",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(
        json.dumps(package, indent=2) + "\n", encoding="utf-8"
    )


def _cells(fields: dict[str, Any], columns: list[str]) -> list[Any]:
    return [_cell(fields.get(c)) for c in columns]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _extension_cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return _cell(value)


def _write(file: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def read(path: Path) -> Dataset:
    """Either form, told apart by the path: a .json file, or a data package folder."""
    if path.is_file() and path.suffix.lower() == ".json" and path.name != "datapackage.json":
        return read_json(path)
    if path.exists():
        return read_csv_package(path)
    data = Dataset(str(path))
    data.problem(None, "", "no such file or folder")
    return data
