"""The gazetteer is read at its first lookup, not at start-up, so its shipped files are
checked here, whole; and the quick key for ASCII names must match the full one."""

from __future__ import annotations

import csv
from pathlib import Path

from directory.geo import GAZETTEER, Gazetteer, folded_key, gazetteer, match_key


def test_every_row_of_the_shipped_gazetteer_reads():
    places = gazetteer()
    with (GAZETTEER / "postcodes.csv").open(encoding="utf-8", newline="") as handle:
        postcodes = list(csv.DictReader(handle))
    assert len(places.postcodes) == len(postcodes) > 40_000
    for latitude, longitude in places.postcodes.values():
        assert -90 <= latitude <= 90
        assert -180 <= longitude <= 180
    everywhere = {id(p): p for found in places.names.values() for p in found}.values()
    with (GAZETTEER / "places.csv").open(encoding="utf-8", newline="") as handle:
        assert len(everywhere) == sum(1 for _ in csv.DictReader(handle)) > 9_000
    for place in everywhere:
        assert -90 <= place.point.latitude <= 90
        assert -180 <= place.point.longitude <= 180
        assert place.country in {"GB", "US"}
        assert place.population >= 0


def test_the_ascii_key_is_the_full_key():
    tricky = ["St. Albans", "O'Fallon", "Winston-Salem", "  Ab  c\t", "_x_", "K\u0041", "a&b"]
    with (GAZETTEER / "places.csv").open(encoding="utf-8", newline="") as handle:
        names = [
            n for row in csv.DictReader(handle) for n in [row["name"], *row["names"].split("|")]
        ]
    ascii_names = [n for n in [*names, *tricky] if n.isascii()]
    assert len(ascii_names) > 9_000
    for name in ascii_names:
        assert match_key(name) == folded_key(name), name
    assert match_key("Ḿünchen-Straße") == folded_key("Ḿünchen-Straße") == "munchen strasse"


def test_a_postcode_district_and_a_zip_become_places():
    manchester = gazetteer().find("m1 1ae", "GB")
    assert manchester is not None
    assert (manchester.name, manchester.country, manchester.region) == ("M1", "GB", "GB")
    detroit = gazetteer().find("48226-1234")
    assert detroit is not None
    assert (detroit.name, detroit.country, detroit.region) == ("48226", "US", "US")


def test_a_folder_without_files_finds_nothing(tmp_path: Path):
    empty = Gazetteer(tmp_path)
    assert empty.find("Leeds") is None
    assert empty.find("LS1") is None
    assert empty.find("48226") is None
