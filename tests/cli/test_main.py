"""The `onward` command, run as an operator or a flow author would run it."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from core.storage.engine import alembic_config
from flows.i18n import Catalogs
from flows.machine import CONTENT_DIR
from tests.helpers.cli import onward
from tests.helpers.databases import Databases, sync_engine


def test_flows_check_passes_on_the_shipped_flows(tmp_path: Path):
    result = onward("flows", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_flows_check_fails_on_a_broken_flow_with_file_line_and_reason(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    urgent = content / "urgent.yaml"
    urgent.write_text(urgent.read_text().replace("action: urgent_help", "action: urgent_hlep"))
    result = onward("flows", "check", "--dir", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{urgent}:10: action 'urgent_hlep' is not registered" in result.stderr


def test_flows_check_names_the_byte_of_a_flow_file_that_is_not_utf8(tmp_path: Path):
    """A flow saved as Latin-1 used to end in a traceback."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    urgent = content / "urgent.yaml"
    data = urgent.read_bytes()
    at = data.index(b"\n", data.index(b"\n") + 1) + 1  # the start of line 3
    urgent.write_bytes(data[:at] + b"# caf\xe9\n" + data[at:])
    result = onward("flows", "check", "--dir", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{urgent}:3: not UTF-8 text: byte {at + 5} (0xe9) cannot be read" in result.stderr


def test_flows_draw_check_reports_a_stale_diagram(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    (content / "menu.mmd").write_text("stale\n")
    result = onward("flows", "draw", "--check", "--dir", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert "menu.mmd is out of date" in result.stdout
    assert onward("flows", "draw", "--dir", str(content), cwd=tmp_path).returncode == 0
    assert onward("flows", "draw", "--check", "--dir", str(content), cwd=tmp_path).returncode == 0


def test_db_upgrade_migrates_a_new_database_to_the_newest_revision(
    tmp_path: Path, databases: Databases
):
    url = databases.url()
    result = onward("db", "upgrade", cwd=tmp_path, database=url)
    assert result.returncode == 0, result.stderr
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = sync_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [
                (head,)
            ]
    finally:
        engine.dispose()


def test_an_unusable_database_stops_start_up_with_a_clear_message(
    tmp_path: Path, databases: Databases
):
    result = onward("db", "upgrade", cwd=tmp_path, database=databases.unusable())
    assert result.returncode == 1
    assert "Could not prepare the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_in_the_terminal_numbers_the_buttons(tmp_path: Path, databases: Databases):
    result = onward(
        "chat", "--lang", "fr", cwd=tmp_path, stdin="3\n4\n/sticker\n", database=databases.url()
    )
    assert result.returncode == 0, result.stderr
    french = Catalogs().translator("fr").gettext
    assert "[1] " + french("Yes, that's OK") in result.stdout
    assert "[3] " + french("🌐 Change language") in result.stdout
    assert "[4] Français" in result.stdout
    assert french("Sorry, I can only read text, buttons and locations.") in result.stdout
    assert "Traceback" not in result.stderr
