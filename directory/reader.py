"""The directory as the conversation engine reads it, over the database.

It has the shape of `flows.directory_reader.DirectoryReader` (checked by mypy where
core/app.py hands it to the flows); this package does not import flows, which sit above it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from directory.details import DetailsReader
from directory.found import Details, Hit, Query
from directory.search import Directory

# Each chat's search runs in its own turn, beside the others, on a connection from the
# pool the turns' loads and saves draw from too. A few at once keep the database busy;
# more would only queue for connections, and could leave a save waiting behind them.
READS_AT_ONCE = 4


class DatabaseDirectory:
    """Searches and details, each on a short read-only connection of its own."""

    def __init__(self, engine: AsyncEngine, at_once: int = READS_AT_ONCE) -> None:
        self._search = Directory(engine)
        self._details = DetailsReader(engine)
        self._turns = asyncio.Semaphore(at_once)

    async def search(self, query: Query) -> list[Hit]:
        async with self._turns:
            return await self._search.search(query)

    async def details(
        self, ids: Sequence[tuple[str, str | None]], locale: str
    ) -> dict[str, Details]:
        async with self._turns:
            return await self._details.read(ids, locale)

    async def hours_of(
        self, service_id: str, location_id: str | None, now: dt.datetime
    ) -> Hit | None:
        async with self._turns:
            return await self._search.hours_of(service_id, location_id, now)
