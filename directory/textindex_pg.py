"""Free-text search on PostgreSQL: the same words as on SQLite, in a tsvector.

PostgreSQL's own parsers split and fold words by rules of their own (a host name, a
hyphenated word, the database's locale deciding what a letter is), so they would find
other things than SQLite does. Here the words are made by SQLite's FTS5 tokenizer
itself (unicode61, diacritics removed), run in process through Python's sqlite3 on an
in-memory table, and written to PostgreSQL as a tsvector of exactly those words at their
positions. Chinese, Japanese and Korean characters are single words, as on SQLite, and a
run of them is asked for as a phrase ('庇' <-> '护' <-> '所'). Places and regions are
words too (directory.textindex's cells and coverage words), so a GIN index intersects
words and place in one lookup. No extension is needed: not pg_trgm, not unaccent.

The table, directory_fts, and its GIN index are made by migration 0008.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import BigInteger, bindparam, column, false, literal_column, select, table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from directory.textindex import FTS_TABLE, query_words, spaced, text_key

MAX_POSITION = 16383  # PostgreSQL keeps word positions up to this one
VOCABULARY = "directory_fts_words"
MAX_EXPANSION = 64  # a prefix beginning more words than this is asked as a prefix
TOKENIZER = "unicode61 remove_diacritics 2"  # as directory.textindex.CREATE
_local = threading.local()


def _tokenizer() -> sqlite3.Connection:
    """This thread's in-memory FTS5 table, whose vocabulary gives each word's position."""
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.execute(
            f"CREATE VIRTUAL TABLE words USING fts5(body, content='', tokenize='{TOKENIZER}')"
        )
        conn.execute("CREATE VIRTUAL TABLE temp.found USING fts5vocab(main, words, instance)")
        _local.conn = conn
    return conn


def tokens(texts: Sequence[str]) -> list[list[tuple[int, str]]]:
    """Each text's words as FTS5 makes them, as (position from 0, word), in order."""
    out: list[list[tuple[int, str]]] = [[] for _ in texts]
    if not texts:
        return out
    conn = _tokenizer()
    with conn:
        conn.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)", enumerate(texts))
        for doc, position, word in conn.execute("SELECT doc, offset, term FROM found"):
            out[doc].append((position, word))
        conn.execute("INSERT INTO words (words) VALUES ('delete-all')")
    for words in out:
        words.sort()
    return out


def _quoted(word: str) -> str:
    """A word as a tsvector or tsquery literal spells it (FTS5's words are letters and
    digits, but nothing here relies on that)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(words: Iterable[tuple[int, str]]) -> str:
    """The tsvector literal of these words at these positions (from 1, as PostgreSQL
    counts; positions past its last are kept at the last)."""
    positions: dict[str, list[int]] = {}
    for position, word in words:
        positions.setdefault(word, []).append(min(position + 1, MAX_POSITION))
    return " ".join(
        f"{_quoted(word)}:{','.join(map(str, sorted(set(at))))}"
        for word, at in sorted(positions.items())
    )


Expansions = Mapping[str, Sequence[str]]


def prefixes(query: str) -> list[str]:
    """The words a query asks for as prefixes, as the index spells them."""
    asked = query_words(query)
    found = tokens([w for w, _ in asked])
    pairs = zip(asked, found, strict=True)
    return sorted({words[-1][1] for (_, prefix), words in pairs if prefix and words})


def tsquery(
    query: str, near: Sequence[str] | None = None, expanded: Expansions | None = None
) -> str | None:
    """The tsquery asking what directory.textindex.match_expression asks of FTS5: every
    word (longer ones as prefixes, a word of several tokens as a phrase), and one of the
    `near` words; None when it can match nothing. A prefix found in `expanded` is asked
    as the words the index holds that start with it."""
    asked = query_words(query)
    if not asked:
        return None
    terms = []
    for (_, prefix), found in zip(asked, tokens([w for w, _ in asked]), strict=True):
        if not found:
            return None  # FTS5 matches nothing for a phrase with no words
        parts = [_quoted(w) for _, w in found]
        if prefix:
            whole = (expanded or {}).get(found[-1][1])
            if whole is None:
                parts[-1] += ":*"
            elif not whole:
                return None  # no word in the index starts so
            else:
                parts[-1] = "(" + " | ".join(_quoted(w) for w in whole) + ")"
        terms.append("(" + " <-> ".join(parts) + ")")
    if near is not None:
        alternatives = [_quoted(w[:-1]) + ":*" if w.endswith("*") else _quoted(w) for w in near]
        terms.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(terms)


# The table name is a constant of ours, never input: formatting it in is safe.
DELETE_ROWS = text(f"DELETE FROM {FTS_TABLE} WHERE text_key IN :keys").bindparams(  # noqa: S608
    bindparam("keys", expanding=True)
)
INSERT_ROW = text(
    f"INSERT INTO {FTS_TABLE} (text_key, locale, words) "  # noqa: S608
    "VALUES (:k, :l, CAST(:w AS tsvector))"
)
# Every word the index holds, so a prefix is asked as the whole words it begins: GIN reads
# every entry of a prefix ('local':*) into memory before it can skip through the others
# (the cells), 18 ms against 1.5 ms for the same words whole, with 1,000,000 services.
# A word no service uses any more stays: it finds nothing.
ADD_WORDS = text(
    f"INSERT INTO {VOCABULARY} (word) SELECT unnest(CAST(:w AS text[])) ON CONFLICT DO NOTHING"
)
WORDS_STARTING = text(
    f"SELECT p.prefix, v.word FROM unnest(CAST(:p AS text[])) AS p(prefix) "  # noqa: S608
    f"JOIN LATERAL (SELECT word FROM {VOCABULARY} "
    'WHERE word >= p.prefix COLLATE "C" AND word < p.prefix || chr(1114111) COLLATE "C" '
    f"ORDER BY word LIMIT {MAX_EXPANSION + 1}) AS v ON true"
)
# The query is written into the statement, not bound: with a bound tsquery, asyncpg's
# prepared statements get PostgreSQL's generic plan after five runs, which cannot know
# how rare the words are, and a search near a place took 150 ms instead of 5 (100,000
# services). Its words are FTS5's (letters and digits) and our cells, quoted twice.
fts_t = table(FTS_TABLE, column("text_key", BigInteger), column("words"))


class PostgresTextIndex:
    async def replace(
        self,
        conn: AsyncConnection,
        service_ids: Sequence[str],
        rows: Iterable[tuple[str, str, str]],
    ) -> None:
        keys = [text_key(service) for service in service_ids]
        for start in range(0, len(keys), 1000):
            await conn.execute(DELETE_ROWS, {"keys": keys[start : start + 1000]})
        rows = list(rows)
        words = tokens([spaced(body) for _, _, body in rows])
        values = [
            {"k": text_key(s), "l": locale, "w": tsvector(found)}
            for (s, locale, _), found in zip(rows, words, strict=True)
        ]
        if values:
            await conn.execute(INSERT_ROW, values)
        vocabulary = sorted({word for found in words for _, word in found})
        for start in range(0, len(vocabulary), 5000):
            await conn.execute(ADD_WORDS, {"w": vocabulary[start : start + 5000]})

    async def matching(
        self, conn: AsyncConnection, query: str, near: Sequence[str] | None = None
    ) -> Any:
        asked = tsquery(query, near, await _expanded(conn, prefixes(query)))
        if asked is None:
            return select(fts_t.c.text_key).where(false())
        written: Any = literal_column("'" + asked.replace("'", "''") + "'::tsquery")
        return select(fts_t.c.text_key).where(fts_t.c.words.op("@@")(written))


async def _expanded(conn: AsyncConnection, asked: list[str]) -> dict[str, list[str]]:
    """The words of the index each prefix begins, for prefixes that begin a few (one
    that begins many is left a prefix)."""
    if not asked:
        return {}
    found: dict[str, list[str]] = {p: [] for p in asked}
    for prefix, word in await conn.execute(WORDS_STARTING, {"p": asked}):
        found[prefix].append(word)
    return {p: words for p, words in found.items() if len(words) <= MAX_EXPANSION}
