"""An import's preview: what would change, named by table and by service, with nothing
written; and reading an uploaded file, a broken one named."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from directory import changes
from directory.formats import read
from directory.hsds import DataError
from directory.seed import DATA, DEMO
from directory.store import DirectoryStore

JOBS_CLUB = "01e4e03b-0061-5c27-ae51-41ecd6141058"
OAKBRIDGE_TRUST = "f1eec126-5f72-5c60-a9d4-723d7d9ed8cb"


@pytest.fixture
async def demo(directory_store: DirectoryStore) -> DirectoryStore:
    await directory_store.import_dataset(read(DATA / DEMO))
    return directory_store


async def test_one_phone_changed_is_exactly_what_the_preview_says(demo: DirectoryStore):
    document = json.loads(await changes.dataset_json(demo))
    service = next(s for s in document if s["id"] == JOBS_CLUB)
    service["phones"][0]["number"] = "0161 496 0999"
    before = await demo.dataset()
    incoming = changes.read_upload("directory.json", json.dumps(document).encode())
    found = await changes.preview(demo, incoming, allowed_organization=None)
    assert found.ok, found.problems
    assert {
        k: v
        for k, v in found.tables.items()
        if v.unchanged != sum((v.added, v.changed, v.unchanged, v.removed))
    } == {"phone": changes.TableChanges(changed=1, unchanged=50)}
    assert found.services == [
        changes.ServiceChange(JOBS_CLUB, "Jobs Club (demo)", added=False, fields=("phones",))
    ]
    after = await demo.dataset()
    assert after.records["phone"] == before.records["phone"]  # nothing written


async def test_the_csv_export_previews_as_no_change(demo: DirectoryStore):
    incoming = changes.read_upload("directory.zip", await changes.dataset_csv_zip(demo))
    found = await changes.preview(demo, incoming, allowed_organization=None)
    assert found.ok
    assert found.services == []
    assert all(t.added == t.changed == t.removed == 0 for t in found.tables.values())
    assert found.tables["service"].unchanged == 51


async def test_translations_hours_and_removed_parts_are_named(demo: DirectoryStore):
    document = json.loads(await changes.dataset_json(demo))
    service = next(s for s in document if s["id"] == JOBS_CLUB)
    service["onward"]["translations"]["es"]["name"] = "Club de empleo"
    service["schedules"] = service["schedules"][1:]
    incoming = changes.read_upload("d.json", json.dumps(document).encode())
    found = await changes.preview(demo, incoming, allowed_organization=None)
    assert [s.fields for s in found.services] == [("hours", "name.es")]
    assert found.tables["schedule"].removed == 1


async def test_problems_are_returned_not_raised(demo: DirectoryStore):
    document = json.loads(await changes.dataset_json(demo))
    document[0]["status"] = "open"
    incoming = changes.read_upload("d.json", json.dumps(document).encode())
    found = await changes.preview(demo, incoming, allowed_organization=None)
    assert [(p.field, p.reason.split(":")[0]) for p in found.problems] == [
        ("status", "'open' is not one of")
    ]
    assert found.tables == {}
    assert found.services == []


async def test_another_organisations_services_are_problems(demo: DirectoryStore):
    document = json.loads(await changes.dataset_json(demo))
    mine = [s for s in document if s.get("organization", {}).get("id") == OAKBRIDGE_TRUST]
    incoming = changes.read_upload("d.json", json.dumps(mine).encode())
    assert (await changes.preview(demo, incoming, allowed_organization=OAKBRIDGE_TRUST)).ok
    incoming = changes.read_upload("d.json", json.dumps(document[:8]).encode())
    found = await changes.preview(demo, incoming, allowed_organization=OAKBRIDGE_TRUST)
    assert not found.ok
    assert {p.reason for p in found.problems} == {
        "belongs to another organisation than yours",
        "is another organisation than yours",
    }


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("d.json", '[{"id": "é"}]'.encode("latin-1"), "is not UTF-8 text"),
        ("d.json", b'[{"id": ', "is not JSON"),
        ("services.csv", b"id,name\n", "is one CSV file"),
        ("d.zip", b"not a zip", "is not a zip file"),
        ("d.zip", zipped({"services.csv": b"id,name\n"}), "holds no datapackage.json"),
        ("d.zip", zipped({"datapackage.json": b"{}", "phones.csv": b"id\n"}), "holds no services"),
        (
            "d.zip",
            zipped({"x/datapackage.json": b"{}", "x/services.csv": "é".encode("latin-1")}),
            "is not UTF-8 text",
        ),
        ("d.xlsx", b"", "is neither a .json file nor a .zip"),
    ],
)
def test_a_broken_upload_is_named(name: str, data: bytes, says: str):
    with pytest.raises(DataError) as raised:
        changes.read_upload(name, data)
    assert says in str(raised.value)


def test_a_zipped_package_in_a_folder_is_read():
    package = {
        "pkg/datapackage.json": (DATA / DEMO / "datapackage.json").read_bytes(),
        **{f"pkg/{p.name}": p.read_bytes() for p in (DATA / DEMO).glob("*.csv")},
    }
    data = changes.read_upload("demo.zip", zipped(package))
    assert data.count() == read(DATA / DEMO).count()
    assert data.file == "demo.zip"
