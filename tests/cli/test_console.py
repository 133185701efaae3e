"""`onward console adduser` and `onward console`, run as an operator runs them."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import sqlalchemy as sa

from core.staff.schema import user_t
from tests.helpers.cli import onward
from tests.helpers.databases import Databases, sync_engine


def accounts(url: str) -> list[tuple[str, str]]:
    engine = sync_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(user_t.c.login, user_t.c.role))
            return [(login, role) for login, role in rows]
    finally:
        engine.dispose()


def test_adduser_makes_the_first_operator(tmp_path: Path, databases: Databases):
    url = databases.url("console")
    made = onward(
        "console", "adduser", "Ada", "--password-stdin", cwd=tmp_path, stdin="a long passphrase\n",
        database=url,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Account ada (operator) is ready" in made.stdout
    assert "a long passphrase" not in made.stdout + made.stderr
    assert accounts(url) == [("ada", "operator")]


def test_adduser_refuses_a_short_password_or_a_name_taken(tmp_path: Path, databases: Databases):
    url = databases.url("console")
    short = onward(
        "console", "adduser", "ada", "--password-stdin", cwd=tmp_path, stdin="short\n",
        database=url,
    )  # fmt: skip
    assert short.returncode == 1
    assert "A password needs at least 12 characters." in short.stdout
    assert "Traceback" not in short.stderr
    first = onward(
        "console", "adduser", "ada", "--password-stdin", cwd=tmp_path,
        stdin="a long passphrase\n", database=url,
    )  # fmt: skip
    assert first.returncode == 0
    again = onward(
        "console", "adduser", "ADA", "--role", "editor", "--password-stdin", cwd=tmp_path,
        stdin="another long one\n", database=url,
    )  # fmt: skip
    assert again.returncode == 1
    assert "There is already an account called ada." in again.stdout
    assert accounts(url) == [("ada", "operator")]


async def test_onward_console_serves_the_sign_in_page_on_its_port(
    tmp_path: Path, databases: Databases
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": databases.url("console"),
        "CONSOLE_PORT": str(port),
        "CONSOLE_SECRET": "x" * 40,
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - a server we stop below
        [sys.executable, "-m", "cli", "console"], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient() as web:
            for _ in range(600):
                try:
                    page = await web.get(f"http://127.0.0.1:{port}/login")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the console did not start")
        assert page.status_code == 200
        assert "Sign in" in page.text
        assert "httponly" in page.headers["set-cookie"].lower()
    finally:
        process.terminate()
        process.wait(timeout=30)
