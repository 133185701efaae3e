"""What an import would change, before it is written; reading an uploaded file; exports.

`preview` checks a dataset as the importer does, then compares it with what is stored,
reading only the records the file names and the parts an import of them would replace.
It writes nothing: on the editor's confirmation the console calls
`DirectoryStore.import_dataset` with the same dataset.
"""

from __future__ import annotations

import dataclasses
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from directory import editor_messages as say
from directory.formats import read_csv_package, read_json, write_csv_package, write_json
from directory.hsds import ORDER, DataError, DataProblem, Dataset, Record
from directory.store import OWNED_BY, DirectoryStore, _row
from directory.stored import StoredRecords
from directory.tables import table_of
from directory.validation import validate

# The console's name for a change in each of a service's parts (editing_form's groups).
PART_NAMES = {
    "service_at_location": "locations",
    "location": "locations",
    "address": "locations",
    "phone": "phones",
    "schedule": "hours",
    "language": "languages",
    "required_document": "documents",
    "attribute": "categories",
}
MAX_UNPACKED = 200 * 1024 * 1024


@dataclass(frozen=True)
class TableChanges:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    """A service's, location's or organisation's own parts the file no longer has."""


@dataclass(frozen=True)
class ServiceChange:
    id: str
    name: str
    added: bool
    fields: tuple[str, ...]
    """What changes, by form name: `name`, `name.es`, `accepts`, `phones`, `hours`..."""


@dataclass(frozen=True)
class Preview:
    problems: list[DataProblem] = field(default_factory=list)
    """Each with file, record and field, as the importer names them; none: importable."""
    tables: dict[str, TableChanges] = field(default_factory=dict)
    services: list[ServiceChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def preview(
    store: DirectoryStore, incoming: Dataset, *, allowed_organization: str | None
) -> Preview:
    problems: list[DataProblem] = []
    try:
        validate(incoming)
    except DataError as error:
        problems = list(error.problems)
    async with store.engine.connect() as conn:
        stored = StoredRecords(conn)
        await _read_stored(stored, incoming)
    problems += _not_yours(incoming, stored, allowed_organization)
    if problems:
        return Preview(problems)
    tables = {name: _table_changes(incoming, stored, name) for name in ORDER}
    services = [
        change
        for record in incoming.records["service"].values()
        if (change := _service_change(record, incoming, stored)) is not None
    ]
    return Preview([], {k: v for k, v in tables.items() if v != TableChanges()}, services)


async def _read_stored(stored: StoredRecords, incoming: Dataset) -> None:
    """The stored records of the file's ids, and the parts an import of it replaces."""
    for name in ORDER:
        await stored.by_ids(name, incoming.records[name])
    owners = {
        "service_id": list(incoming.records["service"]),
        "location_id": list(incoming.records["location"]),
        "organization_id": list(incoming.records["organization"]),
    }
    for name, keys in OWNED_BY.items():
        table = table_of(name)
        for key in keys:
            narrower = [table.c[k].is_(None) for k in keys[: keys.index(key)]]
            if "service_at_location_id" in table.c:
                narrower.append(table.c.service_at_location_id.is_(None))
            await stored.by_key(name, key, owners[key], *narrower)
    sals = stored.ids("service_at_location")
    for name in ("phone", "schedule"):
        await stored.by_key(name, "service_at_location_id", sals)
    await stored.by_key("attribute", "link_id", [r.id for r in incoming.all()])
    await stored.translations()


def _not_yours(incoming: Dataset, stored: StoredRecords, allowed: str | None) -> list[DataProblem]:
    if allowed is None:
        return []
    problems = []
    for record in incoming.records["service"].values():
        before = stored.records["service"].get(record.id)
        owners = {record.fields.get("organization_id")}
        if before is not None:
            owners.add(before.fields.get("organization_id"))
        if owners != {allowed}:
            problems.append(
                DataProblem(
                    incoming.file,
                    record.origin,
                    "organization_id",
                    say.SERVICE_OF_OTHER_ORGANISATION,
                )
            )
    for record in incoming.records["organization"].values():
        if record.id != allowed:
            problems.append(
                DataProblem(incoming.file, record.origin, "id", say.ORGANISATION_NOT_YOURS)
            )
    return problems


def _normal(record: Record) -> dict[str, Any]:
    """A record as it would be stored: numbers, dates and lists read the same whichever
    file form or database they came from."""
    row = _row(record)
    row["translations"] = record.onward.get("translations") or {}
    return json.loads(json.dumps(row, sort_keys=True, default=str))  # type: ignore[no-any-return]


def _table_changes(incoming: Dataset, stored: StoredRecords, name: str) -> TableChanges:
    added = changed = unchanged = 0
    for record in incoming.records[name].values():
        before = stored.records[name].get(record.id)
        if before is None:
            added += 1
        elif _normal(before) == _normal(record):
            unchanged += 1
        else:
            changed += 1
    removed = 0
    if name in OWNED_BY or name == "attribute":
        removed = len(set(stored.records[name]) - set(incoming.records[name]))
    return TableChanges(added, changed, unchanged, removed)


def _service_change(
    record: Record, incoming: Dataset, stored: StoredRecords
) -> ServiceChange | None:
    before = stored.records["service"].get(record.id)
    name = str(record.fields.get("name") or "")
    if before is None:
        return ServiceChange(record.id, name, True, ())
    fields = _changed_fields(_normal(before), _normal(record))
    new_parts = _parts_of(record.id, incoming.records)
    old_parts = _parts_of(record.id, stored.records)
    for table, group in PART_NAMES.items():
        if _snapshot(new_parts.get(table, [])) != _snapshot(old_parts.get(table, [])):
            fields.add(group)
    return ServiceChange(record.id, name, False, tuple(sorted(fields))) if fields else None


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    found = {k for k in set(old) | set(new) if k != "translations" and old.get(k) != new.get(k)}
    old_t, new_t = old["translations"], new["translations"]
    for locale in set(old_t) | set(new_t):
        texts_old, texts_new = old_t.get(locale, {}), new_t.get(locale, {})
        for text in set(texts_old) | set(texts_new):
            if texts_old.get(text) != texts_new.get(text):
                found.add(f"{text}.{locale}")
    return found


def _parts_of(sid: str, records: dict[str, dict[str, Record]]) -> dict[str, list[Record]]:
    """A service's parts and places, as one side (the file, or what is stored) has them."""
    sals = [
        r for r in records["service_at_location"].values() if r.fields.get("service_id") == sid
    ]
    sal_ids = {r.id for r in sals}
    locations = {str(r.fields.get("location_id")) for r in sals}
    parts: dict[str, list[Record]] = {"service_at_location": sals}
    parts["location"] = [records["location"][i] for i in locations if i in records["location"]]
    parts["address"] = [
        r for r in records["address"].values() if r.fields.get("location_id") in locations
    ]
    for name in ("phone", "schedule", "language", "required_document"):
        parts[name] = [
            r
            for r in records[name].values()
            if r.fields.get("service_id") == sid
            or r.fields.get("service_at_location_id") in sal_ids
        ]
    parts["attribute"] = [
        r for r in records["attribute"].values() if r.fields.get("link_id") == sid
    ]
    return parts


def _snapshot(records: Iterable[Record]) -> list[str]:
    return sorted(json.dumps(_normal(r), sort_keys=True) for r in records)


# -- uploads and exports ---------------------------------------------------------------------
def _broken(name: str, reason: str) -> DataError:
    return DataError([DataProblem(name, "", "", reason)])


def read_upload(name: str, data: bytes) -> Dataset:
    """An uploaded file: a .json file, or a .zip of the CSV data package. A broken file
    raises DataError saying what is wrong with it; what its records hold is checked by
    `preview` (and the importer)."""
    base = PurePosixPath(name.replace("\\", "/")).name or "upload"
    suffix = PurePosixPath(base).suffix.lower()
    if suffix == ".json":
        return _read_json(base, data)
    if suffix == ".zip":
        return _read_zip(base, data)
    if suffix == ".csv":
        raise _broken(base, say.ONE_CSV_IS_NOT_ENOUGH)
    raise _broken(base, say.UNKNOWN_UPLOAD)


def _read_json(name: str, data: bytes) -> Dataset:
    try:
        json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _broken(name, say.NOT_UTF8) from error
    except json.JSONDecodeError as error:
        raise _broken(name, say.NOT_JSON.format(detail=error)) from error
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.json"
        path.write_bytes(data)
        return _named(read_json(path), name)


def _read_zip(name: str, data: bytes) -> Dataset:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as error:
        raise _broken(name, say.NOT_A_ZIP) from error
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise _broken(name, say.ZIP_TOO_BIG.format(megabytes=MAX_UNPACKED // 1024 // 1024))
    # A package zipped with its folder is read the same: members by their own names only.
    files = {PurePosixPath(m.filename).name: m for m in members}
    if "datapackage.json" not in files:
        raise _broken(name, say.ZIP_WITHOUT_PACKAGE)
    if "services.csv" not in files:
        raise _broken(name, say.PACKAGE_WITHOUT_SERVICES)
    with tempfile.TemporaryDirectory() as folder:
        for file, member in files.items():
            if file == "datapackage.json" or file.endswith(".csv"):
                content = archive.read(member)
                try:
                    content.decode("utf-8-sig")
                except UnicodeDecodeError as error:
                    raise _broken(f"{name}: {file}", say.NOT_UTF8) from error
                (Path(folder) / file).write_bytes(content)
        return _named(read_csv_package(Path(folder)), name)


def _named(dataset: Dataset, name: str) -> Dataset:
    """Problems found reading name the uploaded file, not the temporary copy."""
    dataset.problems = [
        dataclasses.replace(p, file=name) if p.file == dataset.file else p
        for p in dataset.problems
    ]
    dataset.file = name
    return dataset


async def dataset_json(store: DirectoryStore) -> bytes:
    """The whole directory as HSDS JSON, as `onward directory export` writes it."""
    data = await store.dataset()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "directory.json"
        write_json(data, path)
        return path.read_bytes()


async def dataset_csv_zip(store: DirectoryStore) -> bytes:
    """The whole directory as the HSDS CSV data package, zipped."""
    return _zipped_package(await store.dataset())


def _zipped_package(data: Dataset) -> bytes:
    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        write_csv_package(data, Path(folder))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return out.getvalue()
