from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.engine import create_engine, upgrade
from directory.formats import read, read_csv_package, read_json, write_csv_package, write_json
from directory.hsds import Dataset
from directory.models import Phone, Service
from directory.store import DirectoryStore
from tests.helpers import sample_directory as sample


def contents(data: Dataset) -> dict[str, dict[str, Any]]:
    """Every record's fields and extension, comparable across formats."""
    return {
        f"{table}/{ident}": {"fields": _plain(r.fields), "onward": r.onward}
        for table, records in data.records.items()
        for ident, r in records.items()
    }


def _plain(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (float(v) if k in {"latitude", "longitude"} else v) for k, v in fields.items()}


async def fresh(tmp_path: Path, name: str) -> DirectoryStore:
    url = f"sqlite+aiosqlite:///{tmp_path / name}"
    upgrade(url)
    return DirectoryStore(create_engine(url))


async def test_nested_json_imports_every_record_once(loaded: DirectoryStore):
    counts = await loaded.counts()
    assert counts["service"] == 6
    assert counts["organization"] == 1  # shared by every service: one record
    assert counts["location"] == 4
    assert counts["attribute"] == 7
    assert counts["taxonomy_term"] == 3


async def test_json_export_then_import_loses_nothing(loaded: DirectoryStore, tmp_path: Path):
    before = await loaded.dataset()
    assert len(contents(before)) > 40
    out = tmp_path / "export.json"
    write_json(before, out)
    again = await fresh(tmp_path, "again.db")
    await again.import_dataset(read_json(out))
    assert contents(await again.dataset()) == contents(before)
    await again.engine.dispose()


async def test_csv_package_export_then_import_loses_nothing(
    loaded: DirectoryStore, tmp_path: Path
):
    before = await loaded.dataset()
    folder = tmp_path / "package"
    write_csv_package(before, folder)
    assert (folder / "datapackage.json").is_file()
    assert (folder / "service_at_location.csv").is_file()
    again = await fresh(tmp_path, "again.db")
    await again.import_dataset(read_csv_package(folder))
    assert contents(await again.dataset()) == contents(before)
    await again.engine.dispose()


async def test_a_csv_package_written_by_hand_imports(
    tmp_path: Path, directory_store: DirectoryStore
):
    folder = tmp_path / "hand"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps({"resources": []}))
    org, svc = sample.uid("o"), sample.uid("s")
    (folder / "organizations.csv").write_text(f"id,name,description\n{org},Trust,Helps\n")
    (folder / "services.csv").write_text(
        f"id,organization_id,name,status,assured_date\n{svc},{org},Advice,active,2026-01-02\n"
    )
    (folder / "x_onward_translations.csv").write_text(
        f"link_entity,link_id,field,locale,value\nservice,{svc},name,fr,Conseils\n"
    )
    summary = await directory_store.import_dataset(read(folder))
    assert summary.counts == {"organization": 1, "service": 1}
    exported = await directory_store.dataset()
    assert exported.records["service"][svc].onward == {
        "translations": {"fr": {"name": "Conseils"}}
    }


async def test_importing_the_same_file_again_updates_in_place(
    loaded: DirectoryStore, database: AsyncEngine, tmp_path: Path
):
    def rename_and_drop_phone(records: list[dict[str, Any]]) -> None:
        records[0]["name"] = "Night shelter (renamed)"
        records[0]["phones"] = []

    await loaded.import_dataset(
        read_json(sample.write(tmp_path, sample.changed(rename_and_drop_phone)))
    )
    service, phone = Service.__table__, Phone.__table__  # type: ignore[attr-defined]
    async with database.connect() as conn:
        names = (
            (
                await conn.execute(
                    select(service.c.name).where(service.c.id == sample.uid("night-shelter"))
                )
            )
            .scalars()
            .all()
        )
        phones = (
            await conn.execute(
                select(func.count())
                .select_from(phone)
                .where(phone.c.service_id == sample.uid("night-shelter"))
            )
        ).scalar_one()
    assert names == ["Night shelter (renamed)"]
    assert phones == 0
    assert (await loaded.counts())["service"] == 6
