"""Storing a checked dataset, and reading the directory back out as one.

An import is one transaction: the whole file or nothing. Records are written by id, so
importing the same file again updates them in place; a service's own parts (its phones,
schedules, places...) are replaced with what the file says now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, Table, delete, func, select
from sqlalchemy import insert as generic_insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from directory import models
from directory.hours import RULE_FIELDS
from directory.hsds import (
    ONWARD_FIELDS,
    ORDER,
    TABLES,
    Dataset,
    Record,
)
from directory.taxonomy import Categories, categories
from directory.textindex import (
    LOCALES,
    SqliteTextIndex,
    TextIndex,
    cell_words,
    coverage_words,
    text_key,
)
from directory.validation import validate

MODEL_OF: dict[str, type[Any]] = {
    "organization": models.Organization,
    "service": models.Service,
    "location": models.Location,
    "service_at_location": models.ServiceAtLocation,
    "address": models.Address,
    "phone": models.Phone,
    "schedule": models.Schedule,
    "language": models.Language,
    "taxonomy": models.Taxonomy,
    "taxonomy_term": models.TaxonomyTerm,
    "attribute": models.Attribute,
    "required_document": models.RequiredDocument,
}
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
COUNTRY_ZONES = {"GB": "Europe/London"}
CHUNK = 500
NO_CATEGORY = ""
translation_t: Table = models.Translation.__table__  # type: ignore[attr-defined]
search_t: Table = models.SearchPlace.__table__  # type: ignore[attr-defined]


def table_of(name: str) -> Table:
    return MODEL_OF[name].__table__  # type: ignore[no-any-return]


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


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


@dataclass
class DirectoryStore:
    engine: AsyncEngine
    text_index: TextIndex = SqliteTextIndex()  # noqa: RUF009 - stateless
    taxonomy: Categories = categories()  # noqa: RUF009 - read once, never changed

    async def import_dataset(self, data: Dataset) -> ImportSummary:
        """Check the whole dataset, then store it in one transaction; raises DataError
        with every problem, having written nothing."""
        validate(data)
        async with self.engine.begin() as conn:
            await self._write(conn, data)
            services = list(data.records["service"])
            searchable = await self._index(conn, services)
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
                for chunk in _chunks(owners[key]):
                    conditions = [table.c[key].in_(chunk), *(c.is_(None) for c in narrower)]
                    await conn.execute(delete(table).where(*conditions))
        attribute = table_of("attribute")
        linked = [r for name in ORDER for r in data.records[name]]
        for chunk in _chunks(linked):
            await conn.execute(delete(attribute).where(attribute.c.link_id.in_(chunk)))

    async def _write_translations(self, conn: AsyncConnection, data: Dataset) -> None:
        ids = [r.id for r in data.all()]
        for chunk in _chunks(ids):
            await conn.execute(delete(translation_t).where(translation_t.c.entity_id.in_(chunk)))
        rows = [
            {"entity": r.table, "entity_id": r.id, "field": f, "locale": locale, "value": value}
            for r in data.all()
            for locale, texts in (r.onward.get("translations") or {}).items()
            for f, value in texts.items()
        ]
        if rows:
            await conn.execute(generic_insert(translation_t), rows)

    # -- what a search reads -----------------------------------------------------------
    async def _index(self, conn: AsyncConnection, service_ids: list[str]) -> int:
        for chunk in _chunks(service_ids):
            await conn.execute(delete(search_t).where(search_t.c.service_id.in_(chunk)))
        facts = await _ServiceFacts.load(conn, service_ids)
        rows: list[dict[str, Any]] = []
        texts: list[tuple[str, str, str]] = []
        for service in facts.services.values():
            if service["status"] == "active":
                rows += self._places(service, facts)
            texts += self._texts(service, facts)
        if rows:
            await conn.execute(generic_insert(search_t), rows)
        await self.text_index.replace(conn, service_ids, texts)
        return len({r["service_id"] for r in rows})

    def _categories(self, service_id: str, facts: _ServiceFacts) -> set[str]:
        found: set[str] = set()
        for term in facts.terms.get(service_id, []):
            found |= self.taxonomy.of_term(term)
        return found or {NO_CATEGORY}

    def _places(self, service: dict[str, Any], facts: _ServiceFacts) -> list[dict[str, Any]]:
        sid = service["id"]
        codes = facts.languages.get(sid, set())
        rows = []
        for place in facts.places.get(sid, []):
            zone = (
                service["timezone"]
                or place["timezone"]
                or COUNTRY_ZONES.get(place["country"] or "")
            )
            schedules = (
                place["schedules"] or facts.schedules.get(sid) or place["location_schedules"]
            )
            languages = codes | place["languages"]
            for category in self._categories(sid, facts):
                rows.append(
                    {
                        "service_id": sid,
                        "text_key": text_key(sid),
                        "location_id": place["id"],
                        "category": category,
                        "latitude": place["latitude"],
                        "longitude": place["longitude"],
                        "coverage": None,
                        "timezone": zone or "UTC",
                        "languages": _padded(languages),
                        "hours": _valid_hours(schedules),
                    }
                )
        if not facts.places.get(sid):
            zone = service["timezone"] or "UTC"
            for region in service["coverage"] or []:
                for category in self._categories(sid, facts):
                    rows.append(
                        {
                            "service_id": sid,
                            "text_key": text_key(sid),
                            "location_id": None,
                            "category": category,
                            "latitude": None,
                            "longitude": None,
                            "coverage": region,
                            "timezone": zone,
                            "languages": _padded(codes),
                            "hours": _valid_hours(facts.schedules.get(sid, [])),
                        }
                    )
        return rows

    def _texts(self, service: dict[str, Any], facts: _ServiceFacts) -> list[tuple[str, str, str]]:
        sid = service["id"]
        fields = ("name", "alternate_name", "description", "eligibility_description")
        english = [service.get(f) or "" for f in fields] + [service.get("organization_name") or ""]
        english += [c.name for c in self.taxonomy.all if c.code in self._categories(sid, facts)]
        # Where the service is, as words, so words and place are matched in one lookup.
        cells = {
            c for p in facts.places.get(sid, []) for c in cell_words(p["latitude"], p["longitude"])
        }
        where = " ".join([*sorted(cells), *coverage_words(service["coverage"] or [])])
        out = [(sid, "en", " ".join([*english, where]))]
        translated = facts.translations.get(sid, {})
        for locale in LOCALES[1:]:
            texts = translated.get(locale, {})
            if texts:
                org = facts.translations.get(service.get("organization_id") or "", {}).get(
                    locale, {}
                )
                out.append((sid, locale, " ".join([*texts.values(), org.get("name", ""), where])))
        return out

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


def _padded(codes: Iterable[str]) -> str:
    cleaned = sorted({c.split("-")[0].split("_")[0].lower() for c in codes if c})
    return f" {' '.join(cleaned)} " if cleaned else " "


def _valid_hours(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The schedules that give hours (each was checked at import), as a search reads them."""
    kept = [{k: _plain(s.get(k)) for k in RULE_FIELDS if s.get(k) is not None} for s in schedules]
    return [s for s in kept if s.get("opens_at")]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class _ServiceFacts:
    """What indexing a batch of services needs, read in a few queries."""

    services: dict[str, dict[str, Any]]
    places: dict[str, list[dict[str, Any]]]
    schedules: dict[str, list[dict[str, Any]]]
    languages: dict[str, set[str]]
    terms: dict[str, list[dict[str, Any]]]
    translations: dict[str, dict[str, dict[str, str]]]

    @classmethod
    async def load(cls, conn: AsyncConnection, service_ids: list[str]) -> _ServiceFacts:
        facts = cls({}, {}, {}, {}, {}, {})
        for chunk in _chunks(service_ids):
            await facts._load(conn, chunk)
        return facts

    async def _load(self, conn: AsyncConnection, ids: list[str]) -> None:
        service, org = table_of("service"), table_of("organization")
        rows = await conn.execute(
            select(service, org.c.name.label("organization_name"))
            .outerjoin(org, org.c.id == service.c.organization_id)
            .where(service.c.id.in_(ids))
        )
        for row in rows.mappings():
            self.services[row["id"]] = dict(row)
        schedule, language = table_of("schedule"), table_of("language")
        for row in (
            await conn.execute(select(schedule).where(schedule.c.service_id.in_(ids)))
        ).mappings():
            if not row["service_at_location_id"]:
                self.schedules.setdefault(row["service_id"], []).append(dict(row))
        for row in (
            await conn.execute(select(language).where(language.c.service_id.in_(ids)))
        ).mappings():
            self.languages.setdefault(row["service_id"], set()).add(row["code"] or "")
        await self._places(conn, ids)
        await self._terms(conn, ids)
        org_ids = [s["organization_id"] for s in self.services.values() if s["organization_id"]]
        owners = ids + org_ids
        for chunk in _chunks(owners):
            result = await conn.execute(
                select(translation_t).where(translation_t.c.entity_id.in_(chunk))
            )
            for row in result.mappings():
                by_locale = self.translations.setdefault(row["entity_id"], {})
                by_locale.setdefault(row["locale"], {})[row["field"]] = row["value"]

    async def _places(self, conn: AsyncConnection, ids: list[str]) -> None:
        sal, location, address = (
            table_of("service_at_location"),
            table_of("location"),
            table_of("address"),
        )
        schedule, language = table_of("schedule"), table_of("language")
        statement = (
            select(sal.c.id.label("sal_id"), sal.c.service_id, location, address.c.country)
            .join(location, location.c.id == sal.c.location_id)
            .outerjoin(address, address.c.location_id == location.c.id)
            .where(sal.c.service_id.in_(ids), location.c.latitude.is_not(None))
        )
        seen: dict[str, dict[str, Any]] = {}
        for row in (await conn.execute(statement)).mappings():
            if row["sal_id"] in seen:
                continue
            seen[row["sal_id"]] = place = {
                "id": row["id"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "timezone": row["timezone"],
                "country": row["country"],
                "schedules": [],
                "location_schedules": [],
                "languages": set(),
            }
            self.places.setdefault(row["service_id"], []).append(place)
        if not seen:
            return
        by_location: dict[str, list[dict[str, Any]]] = {}
        for place in seen.values():
            by_location.setdefault(place["id"], []).append(place)
        sal_ids, location_ids = list(seen), list(by_location)
        for chunk in _chunks(sal_ids):
            result = await conn.execute(
                select(schedule).where(schedule.c.service_at_location_id.in_(chunk))
            )
            for row in result.mappings():
                seen[row["service_at_location_id"]]["schedules"].append(dict(row))
        for chunk in _chunks(location_ids):
            result = await conn.execute(
                select(schedule).where(
                    schedule.c.location_id.in_(chunk),
                    schedule.c.service_id.is_(None),
                    schedule.c.service_at_location_id.is_(None),
                )
            )
            for row in result.mappings():
                for place in by_location[row["location_id"]]:
                    place["location_schedules"].append(dict(row))
            result = await conn.execute(select(language).where(language.c.location_id.in_(chunk)))
            for row in result.mappings():
                for place in by_location[row["location_id"]]:
                    place["languages"].add(row["code"] or "")

    async def _terms(self, conn: AsyncConnection, ids: list[str]) -> None:
        attribute, term = table_of("attribute"), table_of("taxonomy_term")
        statement = (
            select(attribute.c.link_id, term)
            .join(term, term.c.id == attribute.c.taxonomy_term_id)
            .where(attribute.c.link_entity == "service", attribute.c.link_id.in_(ids))
        )
        for row in (await conn.execute(statement)).mappings():
            self.terms.setdefault(row["link_id"], []).append(dict(row))
