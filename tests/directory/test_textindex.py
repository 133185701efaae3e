"""Words are split and folded the same on both databases (this module runs on each):
as SQLite's FTS5 unicode61 tokenizer does, not as PostgreSQL's own parser would (which
keeps a host name or a hyphenated word whole, and decides what a letter is by the
database's locale)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from directory.formats import read_json
from directory.geo import Point
from directory.search import Directory, Query
from directory.store import DirectoryStore
from directory.textindex_pg import tokens, tsquery, tsvector
from tests.helpers import sample_directory as sample

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
DESCRIPTION = (
    "Café-bar at help.example.org, naïve Straße; مَلجأ آمن; 紧急住房服务; 한국어 상담; "
    "ёлка; foo_bar; open 24/7 (M1 1AE)"
)


@pytest.fixture
async def directory(directory_store: DirectoryStore, tmp_path: Path) -> Directory:
    record = sample.service("words", "Words", ["food"], at=sample.MANCHESTER)
    record["description"] = DESCRIPTION
    await directory_store.import_dataset(read_json(sample.write(tmp_path, [record])))
    return Directory(directory_store.engine)


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("cafe", True),  # diacritics go
        ("CAFÉ", True),
        ("bar", True),  # a hyphen parts words
        ("example", True),  # so does a full stop in a host name
        ("help.example.org", True),  # asked as the same three words, one after another
        ("naive strasse", False),  # ß is not ss
        ("straße", True),
        ("آمن", True),
        ("ملجأ", False),  # a vowel mark parts an Arabic word, as FTS5 has it
        ("住房", True),
        ("房住", False),  # Chinese characters asked for together, in order
        ("紧急 服务", True),
        ("한국", True),
        ("ёлка", True),
        ("елка", False),  # ё stays ё
        ("foo", True),  # _ parts words
        ("24", True),
        ("1ae", True),
        ("shelter", False),
    ],
)
async def test_words_are_found_as_sqlite_finds_them(directory: Directory, words: str, found: bool):
    query = Query(now=NOW, text=words, near=Point(*sample.MANCHESTER), region="GB-EAW")
    assert bool(await directory.search(query)) is found


def test_positions_and_quoting_in_postgresql_literals():
    assert tokens(["Café-bar 紧 急", ""]) == [[(0, "cafe"), (1, "bar"), (2, "紧"), (3, "急")], []]
    assert tsvector([(0, "a"), (1, "it's"), (2, "a"), (20000, "b\\")]) == (
        "'a':1,3 'b\\\\':16383 'it''s':2"
    )
    assert (
        tsquery("foo_bar 庇护所 to") == "('foo' <-> 'bar':*) & ('庇' <-> '护' <-> '所') & ('to')"
    )
    assert tsquery("shelter", ["zq1x2", "zc*"]) == "('shelter':*) & ('zq1x2' | 'zc':*)"
    assert tsquery("_") is None
    assert tsquery("  ") is None


def test_a_prefix_is_asked_as_the_words_it_begins():
    expanded = {"shelter": ["shelter", "shelters"], "bar": []}
    assert tsquery("shelter", None, expanded) == "(('shelter' | 'shelters'))"
    assert tsquery("foo_bar", None, expanded) is None  # no word begins "bar"
    assert tsquery("cafe", None, expanded) == "('cafe':*)"  # too many to name: a prefix


@pytest.mark.parametrize("words", ["cafe", "caf", "bar", "exam", "ёлк", "strass"])
async def test_prefixes_find_what_sqlite_finds(directory: Directory, words: str):
    query = Query(now=NOW, text=words, near=Point(*sample.MANCHESTER), region="GB-EAW")
    assert bool(await directory.search(query)) is (words != "strass")
