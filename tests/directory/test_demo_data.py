"""The demo area Onward ships is an HSDS CSV data package: it goes through the importer an
NGO's file goes through, is complete in every language, and is plainly fictional."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.formats import TRANSLATIONS_CSV, read
from directory.hsds import ORDER, TABLES, TRANSLATED_LOCALES, DataError, Dataset, Record
from directory.seed import DATA, DEMO
from directory.store import DirectoryStore
from directory.taxonomy import categories

PACKAGE = DATA / DEMO
DEMO_MARK = {
    "en": " (demo)",
    "ar": " (تجريبي)",
    "es": " (demo)",
    "fr": " (démo)",
    "ru": " (демо)",
    "zh_Hans": "（演示）",
}
OFCOM_DRAMA = re.compile(r"^0161 496 0\d{3}$")
EXAMPLE_ORG = re.compile(r"^https://example\.org/[a-z0-9-]+$")


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read(PACKAGE)


def services(demo: Dataset) -> list[Record]:
    return list(demo.records["service"].values())


def parts(demo: Dataset, table: str, service: Record) -> list[Record]:
    key = "link_id" if table == "attribute" else "service_id"
    return [r for r in demo.records[table].values() if r.fields.get(key) == service.id]


async def test_the_demo_package_imports_through_the_importer(database: AsyncEngine):
    store = DirectoryStore(database)
    summary = await store.import_dataset(read(PACKAGE))
    assert summary.counts == read(PACKAGE).count()
    assert (await store.counts())["service"] == summary.counts["service"] >= 40
    # Every service that is open for business can be found by place or region.
    active = [s for s in services(read(PACKAGE)) if s.fields["status"] == "active"]
    assert summary.searchable == len(active)


def test_every_file_the_package_lists_is_there_and_used(demo: Dataset):
    package = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    listed = {resource["path"] for resource in package["resources"]}
    assert listed == {p.name for p in PACKAGE.glob("*.csv")}
    # Taxonomy terms name their taxonomy in a column; every other table holds records.
    assert set(demo.count()) == set(ORDER) - {"taxonomy"}


def test_every_text_is_translated_into_every_language(demo: Dataset):
    for record in demo.all():
        fields = [f for f in TABLES[record.table].translatable if record.fields.get(f)]
        given = record.onward.get("translations") or {}
        if not fields:
            assert not given, record.origin
            continue
        assert set(given) == set(TRANSLATED_LOCALES), record.origin
        for locale in TRANSLATED_LOCALES:
            assert set(given[locale]) == set(fields), f"{record.origin} {locale}"
            assert all(given[locale][f].strip() for f in fields), f"{record.origin} {locale}"


def test_demo_entries_are_fictional_and_marked_in_every_language(demo: Dataset):
    for record in [*services(demo), *demo.records["organization"].values()]:
        assert record.fields["name"].endswith(DEMO_MARK["en"]), record.origin
        for locale in TRANSLATED_LOCALES:
            name = record.onward["translations"][locale]["name"]
            assert name.endswith(DEMO_MARK[locale]), f"{record.origin} {locale}"
    for service in services(demo):
        assert service.onward["demo"] is True, service.origin
        assert EXAMPLE_ORG.match(service.fields["url"]), service.origin
        assert service.fields["email"].endswith("@example.org"), service.origin
    for phone in demo.records["phone"].values():
        assert OFCOM_DRAMA.match(phone.fields["number"]), phone.origin
    for address in demo.records["address"].values():
        assert address.fields["postal_code"].endswith(" 9ZZ"), address.origin


def test_every_service_has_hours_a_phone_a_language_and_a_need(demo: Dataset):
    for service in services(demo):
        for table in ("schedule", "phone", "language", "attribute"):
            assert parts(demo, table, service), f"{service.origin}: no {table}"
        assert service.onward["timezone"] == "Europe/London", service.origin
        if not parts(demo, "service_at_location", service):
            assert service.onward["coverage"], f"{service.origin}: no building, no coverage"


def test_the_demo_area_has_every_need(demo: Dataset):
    terms = demo.records["taxonomy_term"]
    found = {
        terms[attribute.fields["taxonomy_term_id"]].fields["code"]
        for attribute in demo.records["attribute"].values()
    }
    assert found == set(categories().codes)


def test_the_demo_shows_the_cases_a_reader_meets(demo: Dataset):
    """Night hours, a monthly session, closed services and a helpline: the cases the
    conversation words differently are all there to try."""
    schedules = list(demo.records["schedule"].values())
    assert any(s.fields["closes_at"] < s.fields["opens_at"] for s in schedules)
    assert any(s.fields["freq"] == "MONTHLY" for s in schedules)
    statuses = {s.fields["status"] for s in services(demo)}
    assert {"active", "inactive", "temporarily closed"} <= statuses
    assert any(s.onward.get("coverage") for s in services(demo))


def broken_copy(tmp_path: Path, file: str, row: int, column: str, value: str) -> Path:
    """The shipped package with one cell changed, as a spreadsheet edit would."""
    folder = tmp_path / "demo"
    shutil.copytree(PACKAGE, folder)
    path = folder / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 2][column] = value  # row 1 is the header, as a spreadsheet counts
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "problem"),
    [
        ("services.csv", 3, "status", "", "demo: services.csv row 3 (service "),
        ("schedules.csv", 5, "opens_at", "25:00", "demo: schedules.csv row 5 (schedule "),
        (TRANSLATIONS_CSV, 7, "value", "", f"{TRANSLATIONS_CSV}: row 7: value: "),
    ],
)
async def test_a_broken_copy_is_refused_naming_file_and_row(
    tmp_path: Path,
    database: AsyncEngine,
    file: str,
    row: int,
    column: str,
    value: str,
    problem: str,
):
    store = DirectoryStore(database)
    with pytest.raises(DataError) as raised:
        await store.import_dataset(read(broken_copy(tmp_path, file, row, column, value)))
    messages = [str(p) for p in raised.value.problems]
    assert any(m.startswith(problem) and f": {column}: " in m for m in messages), messages
    assert set((await store.counts()).values()) == {0}
