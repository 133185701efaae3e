"""`onward directory ...`, run as an NGO's directory maintainer would run it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from subprocess import CompletedProcess

import sqlalchemy as sa

from tests.helpers import sample_directory as sample
from tests.helpers.cli import onward as run_onward
from tests.helpers.databases import Databases, sync_engine, table_names


def test_validate_import_export_round_trip(tmp_path: Path, databases: Databases):
    onward = on(databases)
    path = sample.write(tmp_path)
    checked = onward("directory", "validate", str(path), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "is valid HSDS 3.0: " in checked.stdout
    assert table_names(databases.url()) == []  # validating writes nothing anywhere

    imported = onward("directory", "import", str(path), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "6 service" in imported.stdout

    out = tmp_path / "out.json"
    exported = onward("directory", "export", "--format", "json", "--out", str(out), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert sorted(s["name"] for s in json.loads(out.read_text())) == sorted(
        s["name"] for s in sample.services()
    )
    folder = tmp_path / "package"
    exported = onward("directory", "export", "--format", "csv", "--out", str(folder), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert onward("directory", "validate", str(folder), cwd=tmp_path).returncode == 0


def test_a_rejected_file_names_file_record_and_field_and_imports_nothing(
    tmp_path: Path, databases: Databases
):
    onward = on(databases)
    records = sample.services()
    records[2]["service_at_locations"][0]["location"]["latitude"] = 123.0
    path = sample.write(tmp_path, records)
    result = onward("directory", "import", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert "Nothing was imported: 1 problem(s)" in result.stdout
    assert "sample.json: service 3 (service " in result.stdout
    assert "latitude: 123.0 is outside -90 to 90" in result.stdout
    exported = onward("directory", "export", "--out", str(tmp_path / "o.json"), cwd=tmp_path)
    assert exported.returncode == 0
    assert json.loads((tmp_path / "o.json").read_text()) == []


def test_stale_lists_what_was_not_checked_lately(tmp_path: Path, databases: Databases):
    onward = on(databases)
    onward("directory", "import", str(sample.write(tmp_path)), cwd=tmp_path)
    recent = onward("directory", "stale", "--days", "100000", cwd=tmp_path)
    assert "0 service(s) not verified in 100000 days." in recent.stdout
    old = onward("directory", "stale", "--days", "1", cwd=tmp_path)
    assert "2026-06-01" in old.stdout
    assert "Night shelter" in old.stdout
    assert "6 service(s) not verified in 1 days." in old.stdout


def test_reports_are_listed_and_marked_handled(tmp_path: Path, databases: Databases):
    onward = on(databases)
    onward("directory", "import", str(sample.write(tmp_path)), cwd=tmp_path)
    engine = sync_engine(databases.url())
    with engine.begin() as db:
        db.execute(
            sa.text(
                "INSERT INTO person (id, channel, address, locale, first_seen, last_seen) "
                "VALUES (1, 'telegram', '42', 'en', '2026-11-22 12:00:00', '2026-11-22 12:00:00')"
            )
        )
        db.execute(
            sa.text(
                "INSERT INTO service_report (id, person_id, service_id, problem, note, "
                "reported_at) VALUES (7, 1, :service, 'other', 'door shut', '2026-11-22 12:00:00')"
            ),
            {"service": sample.uid("night-shelter")},
        )
    engine.dispose()
    listed = onward("directory", "reports", cwd=tmp_path)
    assert '#7 [open] 2026-11-22 Night shelter: something else: "door shut"' in listed.stdout
    assert "42" not in listed.stdout  # maintainers never see who reported it
    handled = onward("directory", "reports", "--handled", "7", cwd=tmp_path)
    assert handled.returncode == 0
    assert "0 report(s)" in onward("directory", "reports", cwd=tmp_path).stdout
    assert "#7 [handled]" in onward("directory", "reports", "--all", cwd=tmp_path).stdout
    again = onward("directory", "reports", "--handled", "7", cwd=tmp_path)
    assert again.returncode == 1
    assert "There is no open report 7." in again.stdout


def on(databases: Databases) -> Callable[..., CompletedProcess[str]]:
    """`onward` on this test's database (made when a command first needs it)."""
    return partial(run_onward, database=databases.url())
