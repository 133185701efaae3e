"""Free-text search over services, in every language they are written in.

Behind a small interface, one for each database: on SQLite an FTS5 table (here), on
PostgreSQL a tsvector column with a GIN index (directory/textindex_pg.py) holding the
very words FTS5 makes. FTS5's tokenizer splits words at spaces, which Chinese does not
use, so Han, kana and Hangul characters are indexed and searched one by one, as
phrases: 住房 matches 紧急住房服务.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import Integer, bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection

FTS_TABLE = "directory_fts"
CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")
WORD = re.compile(r"\w+")
MAX_TERMS = 8
LOCALES = ("en", "ar", "es", "fr", "ru", "zh_Hans")
SLOTS = 8  # rows a service may have: one per locale, with room to spare


def text_key(service_id: str) -> int:
    """A service's number in the index, from its UUID: its rows are text_key * SLOTS
    onwards, so replacing them is a lookup, and a match names the service by its row id
    alone, without reading the row."""
    return uuid.UUID(service_id).int >> 78


def row_ids(service_id: str) -> range:
    base = text_key(service_id) * SLOTS
    return range(base, base + SLOTS)


CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "service_id UNINDEXED, locale UNINDEXED, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


# Places are indexed as words too: the grid cells a service stands in, at two sizes (a
# tenth of a degree, about 10 km, and a whole degree). A search near a point asks for its
# words AND the cells around the point, and the index intersects the two itself.
# (bench/directory.py: a third size, coarser or finer, only added a query.)
CELL_SIZES = {"zq": 10, "zr": 1}  # cells per degree, smallest first


def _cell(prefix: str, per_degree: int, latitude: float, longitude: float) -> str:
    row = math.floor((latitude + 90) * per_degree)
    column = math.floor((longitude + 180) * per_degree)
    return f"{prefix}{row}x{column}"


def cell_words(latitude: float, longitude: float) -> list[str]:
    return [_cell(p, n, latitude, longitude) for p, n in CELL_SIZES.items()]


def around(latitude: float, longitude: float, prefix: str) -> list[str]:
    """The cell holding the point and the eight around it, as words (any will do)."""
    per_degree = CELL_SIZES[prefix]
    step = 1 / per_degree
    cells = {
        _cell(prefix, per_degree, latitude + dlat * step, longitude + dlon * step)
        for dlat in (-1, 0, 1)
        for dlon in (-1, 0, 1)
    }
    return sorted(cells)


COVERAGE_PREFIX = "zc"


def coverage_words(codes: Iterable[str]) -> list[str]:
    """The regions a helpline serves, as words: GB-EAW is zcgbeaw."""
    return [COVERAGE_PREFIX + code.replace("-", "").lower() for code in codes]


def covering(codes: Sequence[str]) -> list[str]:
    """Any of these regions, or, with none named, any region at all (a word ending in
    * is a prefix)."""
    if not codes:
        return [f"{COVERAGE_PREFIX}*"]
    return coverage_words(codes)


def spaced(value: str) -> str:
    """Text as the index stores it: Han and similar characters stand apart."""
    return CJK.sub(r" \1 ", unicodedata.normalize("NFKC", value))


def query_words(query: str) -> list[tuple[str, bool]]:
    """The words a query asks for, each with whether it may be a prefix: every word must
    appear; longer words also match as prefixes (shelter finds shelters); a run of
    Chinese characters must appear together, as a phrase of single characters."""
    terms = []
    for chunk in unicodedata.normalize("NFKC", query).split():
        for word in WORD.findall(chunk):
            if CJK.search(word):
                terms.append((" ".join(CJK.sub(r" \1 ", word).split()), False))
            else:
                terms.append((word, len(word) >= 3))
    return terms[:MAX_TERMS]


def match_expression(query: str) -> str | None:
    """An FTS5 query for the words of `query_words`; None when there are none."""
    terms = [f'"{word}"*' if prefix else f'"{word}"' for word, prefix in query_words(query)]
    return " AND ".join(terms) or None


class TextIndex(Protocol):
    async def matching(
        self, conn: AsyncConnection, query: str, near: Sequence[str] | None = None
    ) -> Any:
        """A SQL selectable of the text keys of services that match, for `IN (...)`;
        with `near` (from `around` or `covering`), only those with one of those words:
        standing in those cells, or serving those regions."""
        ...

    async def replace(
        self,
        conn: AsyncConnection,
        service_ids: Sequence[str],
        rows: Iterable[tuple[str, str, str]],
    ) -> None: ...


# The table name is a constant of ours, never input: formatting it in is safe.
DELETE_ROWS = text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN :ids").bindparams(  # noqa: S608
    bindparam("ids", expanding=True)
)
INSERT_ROW = text(
    f"INSERT INTO {FTS_TABLE} (rowid, service_id, locale, body) VALUES (:r, :s, :l, :b)"  # noqa: S608
)
MATCHING_KEYS = text(f"SELECT rowid / {SLOTS} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q")  # noqa: S608


class SqliteTextIndex:
    async def replace(
        self,
        conn: AsyncConnection,
        service_ids: Sequence[str],
        rows: Iterable[tuple[str, str, str]],
    ) -> None:
        keys = [key for service in service_ids for key in row_ids(service)]
        for start in range(0, len(keys), 800):
            await conn.execute(DELETE_ROWS, {"ids": keys[start : start + 800]})
        values = [
            {"r": row_ids(s)[LOCALES.index(locale)], "s": s, "l": locale, "b": spaced(body)}
            for s, locale, body in rows
        ]
        if values:
            await conn.execute(INSERT_ROW, values)

    async def matching(
        self, conn: AsyncConnection, query: str, near: Sequence[str] | None = None
    ) -> Any:
        expression = match_expression(query) or '""'
        if near is not None:
            expression = f"({expression}) AND ({' OR '.join(near)})"
        return MATCHING_KEYS.bindparams(q=expression).columns(key=Integer)


def text_index_for(dialect: str) -> TextIndex:
    """The text index of the database named by the SQLAlchemy dialect."""
    if dialect == "postgresql":
        from directory.textindex_pg import PostgresTextIndex  # it builds on this module

        return PostgresTextIndex()
    return SqliteTextIndex()
