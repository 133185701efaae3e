"""A service's details, in the person's language where the directory has it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from directory import models
from directory.found import Details

translation_t: Table = models.Translation.__table__  # type: ignore[attr-defined]


def _t(model: type[Any]) -> Table:
    return model.__table__  # type: ignore[no-any-return]


@dataclass
class DetailsReader:
    engine: AsyncEngine

    async def read(self, ids: Sequence[tuple[str, str | None]], locale: str) -> dict[str, Details]:
        """Details of (service, location) pairs; a service missing since the search is
        left out."""
        service_ids = [s for s, _ in ids]
        location_ids = [loc for _, loc in ids if loc]
        service, org = _t(models.Service), _t(models.Organization)
        document = _t(models.RequiredDocument)
        async with self.engine.connect() as conn:
            rows = list(
                (
                    await conn.execute(
                        select(service, org.c.name.label("org_name"))
                        .outerjoin(org, org.c.id == service.c.organization_id)
                        .where(service.c.id.in_(service_ids))
                    )
                ).mappings()
            )
            documents = list(
                (
                    await conn.execute(
                        select(document)
                        .where(document.c.service_id.in_(service_ids))
                        .order_by(document.c.id)
                    )
                ).mappings()
            )
            owners = service_ids + [r["organization_id"] for r in rows if r["organization_id"]]
            words = await self._translations(conn, locale, owners + [d["id"] for d in documents])
            found = {r["id"]: self._details(r, words) for r in rows}
            for row in documents:
                text = words.get((row["id"], "document")) or row["document"]
                if text and row["service_id"] in found:
                    found[row["service_id"]].documents.append(text)
            await self._parts(conn, found)
            await self._places(conn, found, dict(ids), location_ids)
        return found

    async def _translations(
        self, conn: Any, locale: str, ids: list[str]
    ) -> dict[tuple[str, str], str]:
        if locale == "en":
            return {}
        rows = await conn.execute(
            select(translation_t).where(
                translation_t.c.locale == locale, translation_t.c.entity_id.in_(ids)
            )
        )
        return {(r["entity_id"], r["field"]): r["value"] for r in rows.mappings()}

    def _details(self, row: Any, words: dict[tuple[str, str], str]) -> Details:
        sid = row["id"]

        def pick(name: str) -> str | None:
            return words.get((sid, name)) or row[name]

        return Details(
            id=sid,
            name=pick("name") or row["name"],
            organization=words.get((row["organization_id"] or "", "name")) or row["org_name"],
            description=pick("description"),
            eligibility=pick("eligibility_description"),
            fees=pick("fees_description"),
            how_to_apply=pick("application_process"),
            alert=pick("alert"),
            status=row["status"],
            url=row["url"],
            email=row["email"],
            verified=row["assured_date"],
            demo=bool(row["demo"]),
            cost=row["cost"],
            accepts=list(row["accepts"] or []),
        )

    async def _parts(self, conn: Any, found: dict[str, Details]) -> None:
        phone, language = _t(models.Phone), _t(models.Language)
        ids = list(found)
        for row in (
            await conn.execute(
                select(phone).where(phone.c.service_id.in_(ids)).order_by(phone.c.id)
            )
        ).mappings():
            number = row["number"] + (f" ext. {row['extension']}" if row["extension"] else "")
            found[row["service_id"]].phones.append(number)
        for row in (
            await conn.execute(
                select(language).where(language.c.service_id.in_(ids)).order_by(language.c.id)
            )
        ).mappings():
            if row["code"]:
                found[row["service_id"]].languages.append(row["code"])

    async def _places(
        self,
        conn: Any,
        found: dict[str, Details],
        chosen: dict[str, str | None],
        location_ids: list[str],
    ) -> None:
        if not location_ids:
            return
        location, address, phone = _t(models.Location), _t(models.Address), _t(models.Phone)
        rows = await conn.execute(
            select(
                location.c.id.label("place_id"), location.c.latitude, location.c.longitude, address
            )
            .outerjoin(address, address.c.location_id == location.c.id)
            .where(location.c.id.in_(location_ids))
        )
        places = {r["place_id"]: r for r in rows.mappings()}
        extra_phones = await conn.execute(
            select(phone).where(
                phone.c.location_id.in_(location_ids), phone.c.service_id.is_(None)
            )
        )
        by_location: dict[str, list[str]] = {}
        for row in extra_phones.mappings():
            by_location.setdefault(row["location_id"], []).append(row["number"])
        for sid, details in found.items():
            place = places.get(chosen.get(sid) or "")
            if place is None:
                continue
            details.latitude, details.longitude = place["latitude"], place["longitude"]
            parts = [place["address_1"], place["address_2"], place["city"], place["postal_code"]]
            details.address = ", ".join(p for p in parts if p) or None
            if not details.phones:
                details.phones = by_location.get(place["place_id"], [])
