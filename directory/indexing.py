"""What a search reads: each active service's places, categories, hours and languages
as rows of search_place, and its words in every language for the text index.

Rebuilt for the services an import wrote, in the import's own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy import insert as generic_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from directory.hours import RULE_FIELDS
from directory.tables import chunks, search_t, table_of, translation_t
from directory.taxonomy import Categories
from directory.textindex import LOCALES, TextIndex, cell_words, coverage_words, text_key

COUNTRY_ZONES = {"GB": "Europe/London"}
NO_CATEGORY = ""


@dataclass(frozen=True)
class SearchIndex:
    """Writes search_place rows and the text index for a batch of services."""

    text_index: TextIndex
    taxonomy: Categories

    async def rebuild(self, conn: AsyncConnection, service_ids: list[str]) -> int:
        """Replace these services' places and texts; returns how many can be found."""
        for chunk in chunks(service_ids):
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
        for chunk in chunks(service_ids):
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
        for chunk in chunks(owners):
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
        for chunk in chunks(sal_ids):
            result = await conn.execute(
                select(schedule).where(schedule.c.service_at_location_id.in_(chunk))
            )
            for row in result.mappings():
                seen[row["service_at_location_id"]]["schedules"].append(dict(row))
        for chunk in chunks(location_ids):
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
