"""The directory Onward ships: valid HSDS, national entries checked at a named source, and
a new install seeded once. The demo area has its own tests: test_demo_data.py."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncEngine

from directory.formats import read
from directory.seed import DATA, DEMO, seed_directory
from directory.store import DirectoryStore
from directory.validation import validate


def services(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_bundled_files_are_valid_hsds():
    for path in (DATA / "national.json", DATA / DEMO):
        validate(read(path))  # raises, naming each problem


def test_every_national_entry_names_the_page_it_was_checked_against_and_when():
    for service in services("national.json"):
        assert service["onward"]["source_url"].startswith(("https://", "http://")), service["name"]
        assert service["assured_date"], service["name"]
        assert service["onward"].get("demo") is not True
        assert service["onward"]["coverage"], service["name"]


def test_national_entries_cover_both_countries():
    coverage = {
        code.split("-")[0] for s in services("national.json") for code in s["onward"]["coverage"]
    }
    assert coverage == {"GB", "US"}


async def test_a_new_install_is_seeded_once_and_own_data_is_never_touched(database: AsyncEngine):
    assert await seed_directory(database)
    store = DirectoryStore(database)
    count = (await store.counts())["service"]
    assert count == len(services("national.json")) + len(read(DATA / DEMO).records["service"])
    assert not await seed_directory(database)
    assert (await store.counts())["service"] == count
