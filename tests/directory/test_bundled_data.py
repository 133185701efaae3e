"""The directory Onward ships: valid HSDS, national entries checked at a named source,
demo entries fictional and marked as demos in every language."""

from __future__ import annotations

import json
import re

from sqlalchemy.ext.asyncio import AsyncEngine

from directory.formats import read_json
from directory.hsds import TRANSLATED_LOCALES, validate
from directory.seed import DATA, seed_directory
from directory.store import DirectoryStore
from directory.taxonomy import categories

DEMO_MARK = {
    "en": " (demo)",
    "ar": " (تجريبي)",
    "es": " (demo)",
    "fr": " (démo)",
    "ru": " (демо)",
    "zh_Hans": "（演示）",
}
OFCOM_DRAMA = re.compile(r"^0161 496 0\d{3}$")


def services(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_bundled_files_are_valid_hsds():
    for name in ("national.json", "demo.json"):
        validate(read_json(DATA / name))  # raises, naming each problem


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


def test_demo_entries_are_fictional_and_marked_in_every_language():
    demo = services("demo.json")
    assert len(demo) >= 40
    for service in demo:
        assert service["onward"]["demo"] is True
        assert service["name"].endswith(DEMO_MARK["en"])
        for locale in TRANSLATED_LOCALES:
            assert service["onward"]["translations"][locale]["name"].endswith(DEMO_MARK[locale])
        for phone in service.get("phones", []):
            assert OFCOM_DRAMA.match(phone["number"]), phone["number"]
        assert service.get("url", "https://example.org/").startswith("https://example.org/")


def test_the_demo_area_has_every_need():
    found = {
        attribute["taxonomy_term"]["code"]
        for service in services("demo.json")
        for attribute in service["attributes"]
    }
    assert found == set(categories().codes)


async def test_a_new_install_is_seeded_once_and_own_data_is_never_touched(database: AsyncEngine):
    assert await seed_directory(database)
    store = DirectoryStore(database)
    count = (await store.counts())["service"]
    assert count == len(services("national.json")) + len(services("demo.json"))
    assert not await seed_directory(database)
    assert (await store.counts())["service"] == count
