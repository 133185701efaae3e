"""A wrong setting stops `onward` with one sentence that names it and says what would
work: exit code 1, no traceback, and never the token itself."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import Settings

SETTINGS = (
    "DATABASE_URL",
    "LOG_LEVEL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_URL",
    "BOT_USERNAME",
    "SANDBOX_PORT",
    "ONWARD_RUNTIME",
    "TELEGRAM_LIMITS",
)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def onward(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`onward ARGS` in `cwd`, with only the settings given here."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    # Whatever else goes wrong, never Telegram's real servers, nor the default port.
    clean.update(
        SANDBOX_PORT=str(closed_port()), TELEGRAM_API_URL=f"http://127.0.0.1:{closed_port()}"
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def plain_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What was said to the operator: every line but the JSON log lines."""
    lines = (result.stdout + result.stderr).splitlines()
    return [line for line in lines if line.strip() and not is_log(line)]


def is_log(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def assert_refused(result: subprocess.CompletedProcess[str], setting: str, works: str) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    lines = plain_lines(result)
    assert len(lines) == 1, lines
    assert setting in lines[0]
    assert works in lines[0]
    return lines[0]


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


WRONG = [
    ("SANDBOX_PORT", "abc", "from 1 to 65535"),
    ("SANDBOX_PORT", "99999", "from 1 to 65535"),
    ("SANDBOX_PORT", "-1", "from 1 to 65535"),
    ("SANDBOX_PORT", "8²", "from 1 to 65535"),
    ("LOG_LEVEL", "LOUD", "DEBUG, INFO, WARNING, ERROR or CRITICAL"),
    ("DATABASE_URL", "sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ("DATABASE_URL", "sqlite+pysqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ("DATABASE_URL", "onward.db", "sqlite+aiosqlite:///onward.db"),
    ("DATABASE_URL", "mysql+nosuchdriver://h/db", "sqlite+aiosqlite:///onward.db"),
    ("TELEGRAM_BOT_TOKEN", "", "@BotFather"),
    ("TELEGRAM_BOT_TOKEN", "123456:ABC DEF", "@BotFather"),
    ("TELEGRAM_BOT_TOKEN", "not-a-token", "@BotFather"),
    ("TELEGRAM_API_URL", "ftp://127.0.0.1:8081", "http://127.0.0.1:8081"),
    ("TELEGRAM_API_URL", "127.0.0.1:8081", "http://127.0.0.1:8081"),
    ("TELEGRAM_API_URL", "http://127.0.0.1:99999", "http://127.0.0.1:8081"),
    ("TELEGRAM_API_URL", "https://api.telegram.org/bot123456:ABC-secret", "TELEGRAM_BOT_TOKEN"),
    ("BOT_USERNAME", "my bot", "onward_help_bot"),
    ("ONWARD_RUNTIME", "telethon", "aiogram (the default) or ptb"),
    ("TELEGRAM_LIMITS", "off", "telegram (the default) or none"),
]


@pytest.mark.parametrize(("setting", "value", "works"), WRONG)
def test_a_wrong_setting_stops_onward_run_with_one_sentence(
    tmp_path: Path, setting: str, value: str, works: str
):
    sentence = assert_refused(onward(tmp_path, "run", **{setting: value}), setting, works)
    if setting == "TELEGRAM_BOT_TOKEN" and value:
        assert value not in sentence
    if "secret" in value:
        assert "secret" not in sentence


@pytest.mark.parametrize("command", [("db", "upgrade"), ("caseworkers", "list"), ("chat",)])
def test_every_command_that_reads_settings_stops_on_a_wrong_one(
    tmp_path: Path, command: tuple[str, ...]
):
    result = onward(tmp_path, *command, LOG_LEVEL="LOUD")
    assert_refused(result, "LOG_LEVEL", "INFO")


def test_a_database_driver_that_is_not_installed_is_named(tmp_path: Path):
    if installed("asyncpg") and installed("psycopg"):
        pytest.skip("asyncpg and psycopg are installed here")
    result = onward(tmp_path, "run", DATABASE_URL="postgresql+asyncpg://onward:pw1@db/onward")
    sentence = assert_refused(result, "DATABASE_URL", "pip install")
    assert "pw1" not in sentence


def test_a_plain_postgresql_url_without_its_driver_is_refused(tmp_path: Path):
    if installed("psycopg"):
        pytest.skip("psycopg is installed here")
    result = onward(tmp_path, "run", DATABASE_URL="postgresql://onward:pw1@db/onward")
    sentence = assert_refused(result, "DATABASE_URL", "pip install")
    assert "pw1" not in sentence


def test_a_dotenv_that_is_not_utf8_is_named_with_its_byte(tmp_path: Path):
    (tmp_path / ".env").write_bytes(b"LOG_LEVEL=INFO\nBOT_USERNAME=caf\xe9_bot\n")
    assert_refused(onward(tmp_path, "run"), ".env", "UTF-8")


def test_a_dotenv_setting_is_checked_like_the_environment(tmp_path: Path):
    (tmp_path / ".env").write_text("SANDBOX_PORT=eighty\n", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "run"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert_refused(result, "SANDBOX_PORT", "8080")


def test_a_sandbox_port_in_use_stops_start_up(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = onward(tmp_path, "run", SANDBOX_PORT=str(port))
    assert_refused(result, f"SANDBOX_PORT {port}", "free port")


def test_two_wrong_settings_are_both_named(tmp_path: Path):
    result = onward(tmp_path, "run", LOG_LEVEL="LOUD", SANDBOX_PORT="abc")
    assert result.returncode == 1
    lines = plain_lines(result)
    assert len(lines) == 2
    assert any("LOG_LEVEL" in line for line in lines)
    assert any("SANDBOX_PORT" in line for line in lines)


def test_the_token_is_never_in_a_validation_error():
    token = "123456:ABC DEF-very-secret"
    with pytest.raises(ValidationError) as raised:
        Settings(telegram_bot_token=token)
    assert "very-secret" not in str(raised.value)
    assert "very-secret" not in repr(raised.value.errors(include_input=False))


def test_good_settings_are_taken_as_an_operator_would_write_them():
    settings = Settings(
        log_level="debug",
        bot_username="@onward_help_bot",
        telegram_api_url="",
        sandbox_port=" 8081 ",
        telegram_bot_token="123456:ABC-DEF_1234",
        onward_runtime=" PTB ",
    )
    assert settings.log_level == "DEBUG"
    assert settings.bot_username == "onward_help_bot"
    assert settings.telegram_api_url is None
    assert settings.sandbox_port == 8081
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123456:ABC-DEF_1234"
    assert settings.onward_runtime == "ptb"
    assert Settings.model_fields["onward_runtime"].default == "aiogram"


def test_telegram_limits_can_be_lifted_only_for_a_server_of_ones_own():
    token = "123456:ABC-DEF_1234"
    with pytest.raises(ValidationError, match="Telegram's own server needs its limits"):
        Settings(telegram_bot_token=token, telegram_limits="none")
    own = Settings(
        telegram_bot_token=token, telegram_api_url="http://127.0.0.1:8081", telegram_limits="NONE"
    )
    assert not own.keeps_telegram_limits
    assert Settings(telegram_bot_token=token).keeps_telegram_limits


def test_the_console_url_is_an_address_case_workers_can_open():
    assert Settings().console_url == "http://127.0.0.1:8090"
    assert Settings(console_url=" https://console.example.org/ ").console_url == (
        "https://console.example.org"
    )
    for bad in ("console.example.org", "ftp://example.org", "https://", "https://x.org/?a=1"):
        with pytest.raises(ValidationError, match="CONSOLE_URL must be"):
            Settings(console_url=bad)
