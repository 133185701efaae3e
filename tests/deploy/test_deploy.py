"""deploy/: the systemd units, the sample settings and the reverse proxy's config,
checked by the tools this machine has (each check skips, saying why, without them)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ONWARD = Path(sys.executable).parent / "onward"
UNITS = ("onward@.service", "onward-migrate.service")


def sample_settings() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "onward.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_every_key_of_the_sample_env_is_a_setting():
    keys = sample_settings()
    assert keys
    unknown = [k for k in keys if k.lower() not in Settings.model_fields or k != k.upper()]
    assert unknown == []
    assert "WEBHOOK_PORT" not in keys  # the unit sets it per worker; the file would win


def test_the_sample_env_is_accepted_as_it_stands(monkeypatch: pytest.MonkeyPatch, tmp_path):
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = Settings(_env_file=DEPLOY / "onward.env")  # type: ignore[call-arg]
    assert settings.webhook_url is not None
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.webhook_host == "127.0.0.1"


def test_the_proxy_serves_the_webhook_path_only_and_reaches_every_worker_port():
    conf = (DEPLOY / "nginx" / "onward.conf").read_text(encoding="utf-8")
    path = Settings(
        telegram_bot_token="1:a", webhook_url=sample_settings()["WEBHOOK_URL"], webhook_secret="s"
    ).webhook_path
    blocks = conf.split("location ")[1:]
    proxied = [b.split()[1] for b in blocks if "proxy_pass" in b and b.startswith("= ")]
    assert proxied == [path]
    assert conf.count("proxy_pass") == 1  # /metrics, /healthz, /readyz are not proxied
    ports = re.findall(r"server 127\.0\.0\.1:(\d+);", conf)
    assert ports == [f"808{n}" for n in range(1, len(ports) + 1)]
    unit = (DEPLOY / "onward@.service").read_text(encoding="utf-8")
    assert "Environment=WEBHOOK_PORT=808%i" in unit


def test_the_units_keep_their_hardening():
    for name in UNITS:
        unit = (DEPLOY / name).read_text(encoding="utf-8")
        for line in (
            "DynamicUser=yes",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "PrivateTmp=yes",
            "EnvironmentFile=/etc/onward/onward.env",
        ):
            assert line in unit.splitlines(), (name, line)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verifies_the_units(tmp_path: Path):
    # The units name /opt/onward/venv/bin/onward; verify checks the command exists, so
    # it is pointed at this environment's own onward.
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("/opt/onward/venv/bin/onward", str(ONWARD)))
    (tmp_path / "onward@1.service").symlink_to(tmp_path / "onward@.service")
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "onward@1.service", "onward-migrate.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "onward" not in done.stderr, done.stderr  # no warning about our units either


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed here")
def test_nginx_accepts_the_proxy_config(tmp_path: Path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=bot.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    conf = (DEPLOY / "nginx" / "onward.conf").read_text(encoding="utf-8")
    conf = conf.replace("/etc/letsencrypt/live/bot.example.org/fullchain.pem", str(cert))
    conf = conf.replace("/etc/letsencrypt/live/bot.example.org/privkey.pem", str(key))
    (tmp_path / "onward.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include {tmp_path}/onward.conf;\n}}\n"
    )
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
