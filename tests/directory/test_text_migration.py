"""Revision 0008: PostgreSQL's text index table, and the id in its index of places, made
and taken away; SQLite's FTS5 table (made by 0003) untouched both ways."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from core.storage.engine import alembic_config, sync_url, upgrade


def _text_tables(url: str) -> dict[str, list[str]]:
    """The text index's tables and their indexes' definitions."""
    engine = sa.create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                rows = conn.execute(
                    sa.text(
                        "SELECT tablename, indexdef FROM pg_indexes "
                        "WHERE tablename = 'directory_fts' OR indexname = 'ix_directory_search_near' "
                        "ORDER BY indexname"
                    )
                )
            else:
                rows = conn.execute(
                    sa.text("SELECT name, sql FROM sqlite_master WHERE name = 'directory_fts'")
                )
            found: dict[str, list[str]] = {}
            for table, definition in rows:
                found.setdefault(table, []).append(definition)
            return found
    finally:
        engine.dispose()


def test_0008_makes_the_postgresql_text_index_and_takes_it_away(database_url: str):
    at_head = _text_tables(database_url)
    command.downgrade(alembic_config(database_url), "0007")
    before = _text_tables(database_url)
    upgrade(database_url)
    assert _text_tables(database_url) == at_head
    if database_url.startswith("postgresql"):
        assert "directory_fts" not in before
        assert "INCLUDE" not in before["directory_search"][0]
        assert "INCLUDE (id)" in at_head["directory_search"][0]
        assert any("USING gin (words)" in d for d in at_head["directory_fts"])
        assert any("(text_key, locale)" in d for d in at_head["directory_fts"])
    else:
        assert before == at_head
        assert "fts5" in at_head["directory_fts"][0]
