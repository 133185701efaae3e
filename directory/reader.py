"""The directory as the conversation engine reads it, over the database.

It has the shape of `flows.directory_reader.DirectoryReader` (checked by mypy where
core/app.py hands it to the flows); this package does not import flows, which sit above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from directory.details import DetailsReader
from directory.found import Details, Hit, Query
from directory.search import Directory


class DatabaseDirectory:
    """Searches and details, each on a short read-only connection of its own."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._search = Directory(engine)
        self._details = DetailsReader(engine)

    async def search(self, query: Query) -> list[Hit]:
        return await self._search.search(query)

    async def details(
        self, ids: Sequence[tuple[str, str | None]], locale: str
    ) -> dict[str, Details]:
        return await self._details.read(ids, locale)

    async def hours_of(
        self, service_id: str, location_id: str | None, now: dt.datetime
    ) -> Hit | None:
        return await self._search.hours_of(service_id, location_id, now)
