"""Distances, and finding a typed place or postcode in the gazetteer shipped with the data.

No online geocoding: a person's typed place never leaves the server.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer"
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 111.32
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(\s*[0-9][A-Z]{2})?$")
US_ZIP = re.compile(r"^([0-9]{5})(-[0-9]{4})?$")
PUNCTUATION = re.compile(r"[^\w\s]")


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


def folded_key(text: str) -> str:
    """What typed text and a place's name are matched on: case, accents, punctuation and
    spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(
        c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn"
    )
    return " ".join(PUNCTUATION.sub(" ", folded).split())


def match_key(text: str) -> str:
    """`folded_key`, at a tenth of its cost for ASCII text (most of the gazetteer's
    names): there NFKC and NFD change nothing, casefold is lower and no accent exists."""
    if text.isascii():
        return " ".join(PUNCTUATION.sub(" ", text.lower()).split())
    return folded_key(text)


class Gazetteer:
    """Places and postcodes, read from the folder's CSV files at the first lookup of each:
    start-up does not wait for them, and no lookup pays for the other table."""

    def __init__(self, folder: Path = GAZETTEER) -> None:
        self.folder = folder

    def find(self, text: str, country: str | None = None) -> Place | None:
        """The place a person typed: a UK postcode or district, a US ZIP, or a town.
        Where a name is in both countries, the person's own country wins, then size."""
        cleaned = " ".join(unicodedata.normalize("NFKC", text).upper().split())
        if match := US_ZIP.match(cleaned):
            return self._postcode("US", match.group(1))
        if match := UK_POSTCODE.match(cleaned):
            found = self._postcode("GB", match.group(1))
            if found is not None:
                return found
        places = self.names.get(match_key(text), [])
        if not places:
            return None
        return max(places, key=lambda p: (p.country == country, p.population))

    def _postcode(self, country: str, code: str) -> Place | None:
        centre = self.postcodes.get((country, code))
        return None if centre is None else Place(code, country, country, Point(*centre))

    @cached_property
    def names(self) -> dict[str, list[Place]]:
        """Each town's matching key (its name and other names) -> the places so called."""
        names: dict[str, list[Place]] = {}
        rows = _rows(self.folder / "places.csv")
        for row in (dict(zip(rows[0], values, strict=False)) for values in rows[1:]):
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
                    names.setdefault(match_key(name), []).append(place)
        return names

    @cached_property
    def postcodes(self) -> dict[tuple[str, str], tuple[float, float]]:
        """(country, UK district or US ZIP) -> latitude and longitude of its centre. Kept
        as numbers, not Places: there are ~45,000, and a lookup makes the one it needs."""
        rows = _rows(self.folder / "postcodes.csv")
        if len(rows) < 2:
            return {}
        column = {name: i for i, name in enumerate(rows[0])}
        country, code = column["country"], column["code"]
        latitude, longitude = column["latitude"], column["longitude"]
        return {
            (row[country], row[code].upper()): (float(row[latitude]), float(row[longitude]))
            for row in rows[1:]
        }


def _rows(file: Path) -> list[list[str]]:
    """The file's rows, its header first (an empty header when there is no file)."""
    if not file.is_file():
        return [[]]
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle)) or [[]]


@cache
def gazetteer(folder: Path = GAZETTEER) -> Gazetteer:
    return Gazetteer(folder)
