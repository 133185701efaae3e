"""Storing a checked dataset, and reading the directory back out as one.

An import is one transaction: the whole file or nothing. Records are written by id, so
importing the same file again updates them in place; a service's own parts (its phones,
schedules, places...) are replaced with what the file says now.
indexing.py then rebuilds what a search reads for the services written, in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, Table, delete, func, select
from sqlalchemy import insert as generic_insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from directory.hsds import (
    ONWARD_FIELDS,
    ORDER,
    TABLES,
    Dataset,
    Record,
)
from directory.indexing import SearchIndex
from directory.tables import chunks, table_of, translation_t
from directory.taxonomy import Categories, categories
from directory.textindex import TextIndex, text_index_for
from directory.validation import validate

# Records other records share are updated in place; a service's own parts are replaced.
SHARED = ("taxonomy", "taxonomy_term", "organization", "location", "service")
OWNED_BY = {
    "service_at_location": ("service_id",),
    "phone": ("service_id", "location_id", "organization_id"),
    "schedule": ("service_id", "location_id"),
    "language": ("service_id", "location_id"),
    "address": ("location_id",),
    "required_document": ("service_id",),
}


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]
    searchable: int


def _value(column_type: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(column_type, Float):
        return float(value)
    if isinstance(column_type, Integer) and not isinstance(column_type, Boolean):
        return int(float(value))
    if isinstance(column_type, Date) and not isinstance(value, dt.date):
        return dt.date.fromisoformat(str(value))
    return value


def _row(record: Record) -> dict[str, Any]:
    table = table_of(record.table)
    columns = set(TABLES[record.table].columns)
    row = {name: _value(table.c[name].type, record.fields.get(name)) for name in columns}
    row["extra"] = {k: v for k, v in record.fields.items() if k not in columns}
    for name in ONWARD_FIELDS.get(record.table, ()):
        value = record.onward.get(name)
        if name in {"accepts", "coverage"}:
            value = list(value or [])
        elif name == "demo":
            value = bool(value)
        row[name] = value
    return row


def _upsert(conn: AsyncConnection, table: Table) -> Any:
    columns = [c.name for c in table.columns if c.name != "id"]
    if conn.dialect.name == "postgresql":
        pg = postgresql_insert(table)
        return pg.on_conflict_do_update(
            index_elements=["id"], set_={c: pg.excluded[c] for c in columns}
        )
    lite = sqlite_insert(table)
    return lite.on_conflict_do_update(
        index_elements=["id"], set_={c: lite.excluded[c] for c in columns}
    )


@dataclass
class DirectoryStore:
    engine: AsyncEngine
    taxonomy: Categories = categories()  # noqa: RUF009 - read once, never changed
    text_index: TextIndex = field(init=False)

    def __post_init__(self) -> None:
        self.text_index = text_index_for(self.engine.dialect.name)

    async def import_dataset(self, data: Dataset) -> ImportSummary:
        """Check the whole dataset, then store it in one transaction; raises DataError
        with every problem, having written nothing."""
        validate(data)
        async with self.engine.begin() as conn:
            await self._write(conn, data)
            services = list(data.records["service"])
            index = SearchIndex(self.text_index, self.taxonomy)
            searchable = await index.rebuild(conn, services)
        return ImportSummary(data.count(), searchable)

    async def _write(self, conn: AsyncConnection, data: Dataset) -> None:
        for name in SHARED:
            rows = [_row(r) for r in data.records[name].values()]
            if rows:
                await conn.execute(_upsert(conn, table_of(name)), rows)
        await self._remove_parts(conn, data)
        for name in ORDER:
            if name in SHARED:
                continue
            rows = [_row(r) for r in data.records[name].values()]
            if rows:
                await conn.execute(generic_insert(table_of(name)), rows)
        await self._write_translations(conn, data)

    async def _remove_parts(self, conn: AsyncConnection, data: Dataset) -> None:
        owners = {
            "service_id": list(data.records["service"]),
            "location_id": list(data.records["location"]),
            "organization_id": list(data.records["organization"]),
        }
        for name, keys in OWNED_BY.items():
            table = table_of(name)
            for key in keys:
                # A part belongs to the most specific record it names: a location's own
                # phone names no service.
                narrower = [table.c[k] for k in keys[: keys.index(key)]]
                if "service_at_location_id" in table.c:
                    narrower.append(table.c.service_at_location_id)
                for chunk in chunks(owners[key]):
                    conditions = [table.c[key].in_(chunk), *(c.is_(None) for c in narrower)]
                    await conn.execute(delete(table).where(*conditions))
        attribute = table_of("attribute")
        linked = [r for name in ORDER for r in data.records[name]]
        for chunk in chunks(linked):
            await conn.execute(delete(attribute).where(attribute.c.link_id.in_(chunk)))

    async def _write_translations(self, conn: AsyncConnection, data: Dataset) -> None:
        ids = [r.id for r in data.all()]
        for chunk in chunks(ids):
            await conn.execute(delete(translation_t).where(translation_t.c.entity_id.in_(chunk)))
        rows = [
            {"entity": r.table, "entity_id": r.id, "field": f, "locale": locale, "value": value}
            for r in data.all()
            for locale, texts in (r.onward.get("translations") or {}).items()
            for f, value in texts.items()
        ]
        if rows:
            await conn.execute(generic_insert(translation_t), rows)

    # -- reading it back ---------------------------------------------------------------
    async def dataset(self) -> Dataset:
        """Everything stored, as a dataset to write out as JSON or CSV."""
        data = Dataset("database")
        async with self.engine.connect() as conn:
            translations: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
            for row in (await conn.execute(select(translation_t))).mappings():
                key = (row["entity"], row["entity_id"])
                translations.setdefault(key, {}).setdefault(row["locale"], {})[row["field"]] = row[
                    "value"
                ]
            for name in ORDER:
                result = await conn.execute(select(table_of(name)).order_by(table_of(name).c.id))
                for row in result.mappings():
                    data.add(_record(name, dict(row), translations.get((name, row["id"]))))
        return data

    async def stale(self, days: int, today: dt.date) -> list[dict[str, Any]]:
        """Services not verified in `days` days (or never), oldest first."""
        service = table_of("service")
        cutoff = today - dt.timedelta(days=days)
        statement = (
            select(service.c.id, service.c.name, service.c.assured_date, service.c.assurer_email)
            .where((service.c.assured_date.is_(None)) | (service.c.assured_date < cutoff))
            .order_by(service.c.assured_date.is_not(None), service.c.assured_date, service.c.name)
        )
        async with self.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(statement)).mappings()]

    async def counts(self) -> dict[str, int]:
        async with self.engine.connect() as conn:
            return {
                name: int(
                    (
                        await conn.execute(select(func.count()).select_from(table_of(name)))
                    ).scalar_one()
                )
                for name in ORDER
            }


def _record(
    name: str, row: dict[str, Any], translations: dict[str, dict[str, str]] | None
) -> Record:
    extra = row.pop("extra", None) or {}
    onward: dict[str, Any] = {}
    for key in ONWARD_FIELDS.get(name, ()):
        value = row.pop(key, None)
        if value not in (None, [], False):
            onward[key] = value
    if translations:
        onward["translations"] = translations
    fields = {
        k: (v.isoformat() if isinstance(v, dt.date) else v)
        for k, v in row.items()
        if v is not None
    }
    return Record(name, {**fields, **extra}, f"{name} {row['id']}", onward)
