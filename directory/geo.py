"""Distances, and finding a typed place or postcode in the gazetteer shipped with the data.

No online geocoding: a person's typed place never leaves the server.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer"
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 111.32
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(\s*[0-9][A-Z]{2})?$")
US_ZIP = re.compile(r"^([0-9]{5})(-[0-9]{4})?$")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    region: str
    point: Point
    timezone: str | None = None
    population: int = 0


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine): right to a few metres at city scale."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: Point, radius_km: float) -> tuple[float, float, float, float]:
    """South, north, west, east edges of a box that holds the circle."""
    dlat = radius_km / KM_PER_DEGREE
    cos_lat = max(math.cos(math.radians(centre.latitude)), 0.01)
    dlon = min(radius_km / (KM_PER_DEGREE * cos_lat), 180.0)
    return (
        centre.latitude - dlat,
        centre.latitude + dlat,
        centre.longitude - dlon,
        centre.longitude + dlon,
    )


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(
        c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn"
    )
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


@dataclass
class Gazetteer:
    names: dict[str, list[Place]]
    postcodes: dict[tuple[str, str], Place]

    def find(self, text: str, country: str | None = None) -> Place | None:
        """The place a person typed: a UK postcode or district, a US ZIP, or a town.
        Where a name is in both countries, the person's own country wins, then size."""
        cleaned = " ".join(unicodedata.normalize("NFKC", text).upper().split())
        if match := US_ZIP.match(cleaned):
            return self.postcodes.get(("US", match.group(1)))
        if match := UK_POSTCODE.match(cleaned):
            found = self.postcodes.get(("GB", match.group(1)))
            if found is not None:
                return found
        places = self.names.get(_key(text), [])
        if not places:
            return None
        return max(places, key=lambda p: (p.country == country, p.population))


def _csv(file: Path) -> Iterator[dict[str, str]]:
    if file.is_file():
        with file.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


@cache
def gazetteer(folder: Path = GAZETTEER) -> Gazetteer:
    names: dict[str, list[Place]] = {}
    for row in _csv(folder / "places.csv"):
        place = Place(
            name=row["name"],
            country=row["country"],
            region=row["region"],
            point=Point(float(row["latitude"]), float(row["longitude"])),
            timezone=row.get("timezone") or None,
            population=int(row.get("population") or 0),
        )
        for name in {row["name"], *(row.get("names") or "").split("|")}:
            if name.strip():
                names.setdefault(_key(name), []).append(place)
    postcodes: dict[tuple[str, str], Place] = {}
    for row in _csv(folder / "postcodes.csv"):
        point = Point(float(row["latitude"]), float(row["longitude"]))
        code = row["code"].upper()
        region = "GB" if row["country"] == "GB" else "US"
        postcodes[(row["country"], code)] = Place(code, row["country"], region, point)
    return Gazetteer(names, postcodes)
