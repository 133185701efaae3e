"""Running the `onward` command as an operator would: a real process, its own database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def onward(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{cwd / 'onward.db'}"}
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
