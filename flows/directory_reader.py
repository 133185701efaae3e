"""What the finding actions need from the directory, handed in by whoever runs the engine.

The engine does not know how the directory is stored: core/app.py hands it the database
one (directory/reader.py), a test may hand it one that waits. Searches are reads and may be
slow; the caller runs a turn with no write transaction open (see core/batch.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from directory.found import Details, Hit, Query


class DirectoryReader(Protocol):
    async def search(self, query: Query) -> list[Hit]:
        """Places and helplines for the query, best first."""
        ...

    async def details(
        self, ids: Sequence[tuple[str, str | None]], locale: str
    ) -> dict[str, Details]:
        """Details of (service, location) pairs by service id, in `locale` where the
        directory has it; a service gone since the search is left out."""
        ...

    async def hours_of(
        self, service_id: str, location_id: str | None, now: dt.datetime
    ) -> Hit | None:
        """When one place of a service is open (None if it is gone)."""
        ...
