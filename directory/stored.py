"""Reading a few stored records back as HSDS records, without reading the whole directory.

An edit or an import preview looks at one service, or the records a file names: this
reads just those, with their translations, as the `Record`s a file would give, so they can
be compared with, or written back beside, what an editor changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from directory.hsds import ORDER, Record
from directory.store import _record
from directory.tables import chunks, table_of, translation_t


class StoredRecords:
    """Records read so far, by table and id; each read adds to them."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self.records: dict[str, dict[str, Record]] = {name: {} for name in ORDER}
        self._translated: set[str] = set()

    async def where(self, name: str, *conditions: ColumnElement[bool]) -> list[Record]:
        table = table_of(name)
        result = await self.conn.execute(select(table).where(*conditions).order_by(table.c.id))
        found = [_record(name, dict(row), None) for row in result.mappings()]
        for record in found:
            self.records[name].setdefault(record.id, record)
        return [self.records[name][r.id] for r in found]

    async def by_ids(self, name: str, ids: Iterable[str]) -> list[Record]:
        wanted = sorted({i for i in ids if i})
        column = table_of(name).c.id
        found: list[Record] = []
        for chunk in chunks(wanted):
            found += await self.where(name, column.in_(chunk))
        return found

    async def by_key(
        self, name: str, key: str, ids: Iterable[str], *only: ColumnElement[bool]
    ) -> list[Record]:
        wanted = sorted({i for i in ids if i})
        column = table_of(name).c[key]
        found: list[Record] = []
        for chunk in chunks(wanted):
            found += await self.where(name, column.in_(chunk), *only)
        return found

    def ids(self, name: str) -> list[str]:
        return list(self.records[name])

    def field(self, name: str, key: str) -> set[str]:
        return {str(r.fields[key]) for r in self.records[name].values() if r.fields.get(key)}

    async def terms_with_parents(self, ids: Iterable[str]) -> None:
        """Taxonomy terms, their parents and taxonomies: what an attribute names must be
        in the same file."""
        tried: set[str] = set()
        wanted = set(ids) - set(self.records["taxonomy_term"])
        while wanted:
            tried |= wanted
            await self.by_ids("taxonomy_term", wanted)
            wanted = self.field("taxonomy_term", "parent_id") - set(self.records["taxonomy_term"])
            wanted -= tried
        await self.by_ids("taxonomy", self.field("taxonomy_term", "taxonomy_id"))

    async def attributes(self) -> None:
        """The attributes of every record read, and the terms they name (an import
        replaces a record's attributes with the file's)."""
        for _ in range(3):  # attributes of terms name terms too; real data stops at once
            linked = [i for name in ORDER for i in self.records[name]]
            before = len(self.records["attribute"])
            await self.by_key("attribute", "link_id", linked)
            await self.terms_with_parents(self.field("attribute", "taxonomy_term_id"))
            if len(self.records["attribute"]) == before:
                break

    async def translations(self) -> None:
        """Every record read gets its translations, as a file carries them."""
        owners = {r.id: r for name in ORDER for r in self.records[name].values()}
        wanted = sorted(set(owners) - self._translated)
        texts: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
        for chunk in chunks(wanted):
            rows = await self.conn.execute(
                select(translation_t).where(translation_t.c.entity_id.in_(chunk))
            )
            for row in rows.mappings():
                key = (row["entity"], row["entity_id"])
                texts.setdefault(key, {}).setdefault(row["locale"], {})[row["field"]] = row[
                    "value"
                ]
        for ident in wanted:
            record = owners[ident]
            found = texts.get((record.table, ident))
            if found:
                record.onward["translations"] = found
        self._translated.update(wanted)
