"""The directory an install starts with: national services, and the demo area."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.formats import read
from directory.models import Service
from directory.store import DirectoryStore

DATA = Path(__file__).resolve().parent / "data"
# The demo area is an HSDS CSV data package, in the same form an NGO imports, so it goes
# through the same reading and checks as `onward directory import`.
DEMO = "demo"
BUNDLED = ("national.json", DEMO)
log = logging.getLogger(__name__)


async def seed_directory(database: AsyncEngine, files: tuple[str, ...] = BUNDLED) -> bool:
    """Load the bundled files into an empty directory; an NGO's own data is never
    touched. True when something was loaded."""
    table = Service.__table__  # type: ignore[attr-defined]
    async with database.connect() as conn:
        if (await conn.execute(select(func.count()).select_from(table))).scalar_one():
            return False
    store = DirectoryStore(database)
    for name in files:
        path = DATA / name
        if path.exists():
            summary = await store.import_dataset(read(path))
            log.info(
                "directory seeded",
                extra={"file": name, "services": summary.counts.get("service", 0)},
            )
    return True
