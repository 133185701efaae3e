"""A small HSDS 3.0 directory whose answers are known: places at measured distances,
hours across midnight and in two time zones, languages and translations."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

from directory.taxonomy import categories

NS = uuid.UUID("0f4c2a39-3a62-4d1e-9d7e-6a6f5b1c0e11")
MANCHESTER = (53.4809, -2.2374)
DETROIT = (42.3314, -83.0458)
ALL_WEEK = "MO,TU,WE,TH,FR,SA,SU"


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NS, "/".join(parts)))


def term(code: str) -> dict[str, Any]:
    category = next(c for c in categories().all if c.code == code)
    return {
        "id": category.id,
        "code": category.code,
        "name": category.name,
        "description": category.description,
        "taxonomy": "Onward reentry needs",
    }


def service(
    slug: str,
    name: str,
    needs: list[str],
    *,
    at: tuple[float, float] | None = None,
    zone: str = "Europe/London",
    hours: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    languages: tuple[str, ...] = ("en",),
    coverage: list[str] | None = None,
    description: str = "",
    translations: dict[str, dict[str, str]] | None = None,
    country: str = "GB",
) -> dict[str, Any]:
    org = {
        "id": uid("org", "shared"),
        "name": "Sample Trust",
        "description": "Runs the sample services.",
        "website": "https://example.org/trust",
    }
    record: dict[str, Any] = {
        "id": uid(slug),
        "name": name,
        "status": "active",
        "description": description or f"{name}: a sample service.",
        "assured_date": "2026-06-01",
        "assurer_email": "checker@example.org",
        "organization": org,
        "phones": [
            {
                "id": uid(slug, "phone"),
                "number": "0161 496 0" + str(100 + sum(map(ord, slug)) % 900),
            }
        ],
        "languages": [
            {"id": uid(slug, "lang", code), "code": code, "name": code} for code in languages
        ],
        "attributes": [
            {
                "id": uid(slug, "attr", need),
                "taxonomy_term_id": term(need)["id"],
                "taxonomy_term": term(need),
            }
            for need in needs
        ],
        "schedules": [
            {
                "id": uid(slug, "hours", str(i)),
                "freq": "WEEKLY",
                "byday": days,
                "opens_at": opens,
                "closes_at": closes,
            }
            for i, (days, opens, closes) in enumerate(hours)
        ],
        "onward": {"timezone": zone, "accepts": ["people_with_convictions"], "cost": "free"},
    }
    if translations:
        record["onward"]["translations"] = translations
    if coverage:
        record["onward"]["coverage"] = coverage
    if at is not None:
        record["service_at_locations"] = [
            {
                "id": uid(slug, "sal"),
                "location": {
                    "id": uid(slug, "location"),
                    "location_type": "physical",
                    "name": name,
                    "latitude": at[0],
                    "longitude": at[1],
                    "addresses": [
                        {
                            "id": uid(slug, "address"),
                            "address_1": "1 Example Street",
                            "city": "Detroit" if country == "US" else "Manchester",
                            "state_province": "MI" if country == "US" else "Greater Manchester",
                            "postal_code": "48226" if country == "US" else "M1 9ZZ",
                            "country": country,
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ]
    return record


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    return round(point[0] + km / 111.195, 6), point[1]


def services() -> list[dict[str, Any]]:
    return [
        service(
            "night-shelter",
            "Night shelter",
            ["housing_tonight"],
            at=north_of(MANCHESTER, 3.0),
            hours=[(ALL_WEEK, "20:00", "08:00")],
            languages=("en", "ar"),
            description="Beds for the night, a hot drink and a shower.",
            translations={
                "ar": {"name": "ملجأ ليلي", "description": "أسرّة للنوم وحمام ومشروب ساخن."},
                "es": {
                    "name": "Albergue nocturno",
                    "description": "Camas para la noche, una bebida caliente y una ducha.",
                },
                "fr": {"name": "Foyer de nuit", "description": "Des lits pour la nuit."},
                "ru": {"name": "Ночлежка", "description": "Кровати на ночь и горячий душ."},
                "zh_Hans": {"name": "夜间庇护所", "description": "提供过夜床位和热水淋浴。"},
            },
        ),
        service(
            "day-centre",
            "Day centre",
            ["housing_tonight", "food"],
            at=north_of(MANCHESTER, 1.0),
            hours=[("MO,TU,WE,TH,FR", "09:00", "17:00")],
            description="Breakfast, showers and housing advice in the daytime.",
            translations={
                "es": {
                    "name": "Centro de día",
                    "description": "Desayuno, duchas y consejos de vivienda.",
                }
            },
        ),
        service(
            "hostel",
            "Far hostel",
            ["housing_tonight"],
            at=north_of(MANCHESTER, 8.0),
            hours=[(ALL_WEEK, "00:00", "00:00")],
        ),
        service(
            "food-bank",
            "Detroit food bank",
            ["food"],
            at=north_of(DETROIT, 2.0),
            zone="America/Detroit",
            country="US",
            hours=[("MO,TU,WE,TH,FR", "10:00", "14:00")],
            languages=("en", "es"),
            description="Free groceries every weekday.",
            translations={
                "es": {
                    "name": "Banco de comida de Detroit",
                    "description": "Comida gratis cada día laborable.",
                }
            },
        ),
        service(
            "helpline-gb",
            "Talk line",
            ["mental_health"],
            coverage=["GB"],
            hours=[(ALL_WEEK, "00:00", "00:00")],
            description="Someone to talk to, day or night.",
        ),
        service(
            "helpline-us",
            "US talk line",
            ["mental_health"],
            coverage=["US"],
            zone="America/New_York",
            description="Someone to talk to in the US.",
        ),
    ]


def write(folder: Path, records: list[dict[str, Any]] | None = None) -> Path:
    path = folder / "sample.json"
    path.write_text(
        json.dumps(records if records is not None else services(), ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def changed(mutate: Any) -> list[dict[str, Any]]:
    records = copy.deepcopy(services())
    mutate(records)
    return records
