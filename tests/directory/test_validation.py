"""A bad file is rejected whole, naming the file, the record and the field, and the
directory already stored is left exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from directory.formats import read, read_json, write_csv_package
from directory.hsds import DataError
from directory.store import DirectoryStore
from tests.helpers import sample_directory as sample

Records = list[dict[str, Any]]


def first_location(records: Records) -> dict[str, Any]:
    return records[0]["service_at_locations"][0]["location"]


def set_in(
    getter: Callable[[Records], dict[str, Any]], key: str, value: Any
) -> Callable[[Records], None]:
    def mutate(records: Records) -> None:
        target = getter(records)
        if value is None:
            del target[key]
        else:
            target[key] = value

    return mutate


BAD = {
    "missing service name": (set_in(lambda r: r[0], "name", None), "name", "is required"),
    "service id not a UUID": (set_in(lambda r: r[1], "id", "day-centre-1"), "id", "is not a UUID"),
    "unknown status": (set_in(lambda r: r[0], "status", "open"), "status", "is not one of"),
    "latitude out of range": (
        set_in(first_location, "latitude", 95.0),
        "latitude",
        "outside -90 to 90",
    ),
    "longitude out of range": (
        set_in(first_location, "longitude", -190),
        "longitude",
        "outside -180 to 180",
    ),
    "location type unknown": (
        set_in(first_location, "location_type", "building"),
        "location_type",
        "is not one of",
    ),
    "opening time not a time": (
        set_in(lambda r: r[0]["schedules"][0], "opens_at", "8pm"),
        "opens_at",
        "is not a time",
    ),
    "closing time out of range": (
        set_in(lambda r: r[0]["schedules"][0], "closes_at", "25:00"),
        "closes_at",
        "is not a time",
    ),
    "bad day code": (
        set_in(lambda r: r[0]["schedules"][0], "byday", "MON"),
        "byday",
        "is not a day",
    ),
    "bad frequency": (
        set_in(lambda r: r[0]["schedules"][0], "freq", "DAILY"),
        "freq",
        "is not one of",
    ),
    "phone without number": (
        set_in(lambda r: r[0]["phones"][0], "number", None),
        "number",
        "is required",
    ),
    "address without postcode": (
        set_in(lambda r: first_location(r)["addresses"][0], "postal_code", None),
        "postal_code",
        "is required",
    ),
    "unknown time zone": (
        set_in(lambda r: r[0]["onward"], "timezone", "Mars/Olympus"),
        "onward.timezone",
        "is not a time zone",
    ),
    "unknown translation locale": (
        set_in(lambda r: r[0]["onward"], "translations", {"de": {"name": "Nachtasyl"}}),
        "onward.translations",
        "is not one of",
    ),
    "unknown accepts": (
        set_in(lambda r: r[0]["onward"], "accepts", ["everyone"]),
        "onward.accepts",
        "is not one of",
    ),
    "assured date not a date": (
        set_in(lambda r: r[0], "assured_date", "last week"),
        "assured_date",
        "is not a date",
    ),
    "term without description": (
        set_in(lambda r: r[0]["attributes"][0]["taxonomy_term"], "description", None),
        "description",
        "is required",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
async def test_a_bad_json_file_is_rejected_naming_record_and_field(
    case: str, loaded: DirectoryStore, tmp_path: Path
):
    mutate, field, reason = BAD[case]
    before = await loaded.dataset()
    path = sample.write(tmp_path, sample.changed(mutate))
    with pytest.raises(DataError) as raised:
        await loaded.import_dataset(read_json(path))
    messages = [str(p) for p in raised.value.problems]
    assert any(
        m.startswith("sample.json: service ") and f": {field}: " in m and reason in m
        for m in messages
    ), messages
    after = await loaded.dataset()
    assert {
        t: {i: (r.fields, r.onward) for i, r in rs.items()} for t, rs in after.records.items()
    } == {t: {i: (r.fields, r.onward) for i, r in rs.items()} for t, rs in before.records.items()}


async def test_a_reference_to_a_missing_record_is_named(tmp_path: Path, loaded: DirectoryStore):
    folder = tmp_path / "package"
    write_csv_package(await loaded.dataset(), folder)
    services = (folder / "services.csv").read_text(encoding="utf-8")
    organization = sample.uid("org", "shared")
    (folder / "services.csv").write_text(services.replace(organization, sample.uid("nobody"), 1))
    with pytest.raises(DataError) as raised:
        await loaded.import_dataset(read(folder))
    messages = [str(p) for p in raised.value.problems]
    assert any(
        m.startswith("package: services.csv row 2 (service ")
        and ": organization_id: names organization" in m
        and "not in the file" in m
        for m in messages
    ), messages


async def test_a_half_good_file_writes_nothing(tmp_path: Path, directory_store: DirectoryStore):
    """Five good services and one bad: none of the six is stored."""
    path = sample.write(tmp_path, sample.changed(set_in(lambda r: r[5], "status", "maybe")))
    with pytest.raises(DataError):
        await directory_store.import_dataset(read_json(path))
    assert set((await directory_store.counts()).values()) == {0}


def test_a_file_that_is_not_json_is_named(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    data = read_json(path)
    assert data.problems
    assert str(data.problems[0]).startswith("broken.json: cannot be read as JSON")


def test_a_folder_without_a_datapackage_is_named(tmp_path: Path):
    data = read(tmp_path)
    assert "datapackage.json is missing" in str(data.problems[0])


def test_the_same_id_with_other_details_is_named(tmp_path: Path):
    def two_orgs(records: Records) -> None:
        records[1]["organization"] = {**records[1]["organization"], "name": "Another name"}

    data = read_json(sample.write(tmp_path, sample.changed(two_orgs)))
    assert any("is also used by" in str(p) for p in data.problems)


async def test_a_csv_service_must_name_its_organization(tmp_path: Path, loaded: DirectoryStore):
    folder = tmp_path / "package"
    write_csv_package(await loaded.dataset(), folder)
    services = (folder / "services.csv").read_text(encoding="utf-8")
    organization = sample.uid("org", "shared")
    (folder / "services.csv").write_text(services.replace(organization, "", 1))
    with pytest.raises(DataError) as raised:
        await loaded.import_dataset(read(folder))
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith("package: services.csv row 2 (service ")
    assert problem.endswith("): organization_id: is required and missing")
