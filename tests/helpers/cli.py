"""Running the `onward` command as an operator would: a real process, its own database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def onward(
    *args: str, cwd: Path, stdin: str = "", database: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`onward ARGS` in `cwd`, on `database` (a `DATABASE_URL`; the `databases` fixture
    gives one on the database the suite runs on), or else on onward.db in `cwd`."""
    url = database or f"sqlite+aiosqlite:///{cwd / 'onward.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
