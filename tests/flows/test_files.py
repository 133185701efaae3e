"""Content files saved in another encoding than UTF-8 (flows, guidance, rule packs, crisis
words, translations) stop start-up naming the file, line and byte, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.app import build_engine
from flows.crisis import WORDS_FILE, CrisisDetector
from flows.errors import FlowError
from flows.guidance import GUIDANCE_DIR, GuidanceError, load_guidance
from flows.i18n import LOCALES_DIR, Catalogs
from flows.machine import CONTENT_DIR
from flows.rulebook.load import RULES_DIR, PackError, load_packs

LATIN1 = b"# caf\xe9\n"


def spoil(file: Path) -> int:
    """A Latin-1 line as the file's second; returns the offset of the bad byte."""
    data = file.read_bytes()
    at = data.index(b"\n") + 1
    file.write_bytes(data[:at] + LATIN1 + data[at:])
    return at + LATIN1.index(b"\xe9")


def reason(offset: int) -> str:
    return f"not UTF-8 text: byte {offset} (0xe9) cannot be read; save the file as UTF-8"


def test_a_flow_file(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    offset = spoil(content / "urgent.yaml")
    with pytest.raises(FlowError) as error:
        build_engine(content)
    assert f"{content / 'urgent.yaml'}:2: {reason(offset)}" in map(str, error.value.problems)


def test_guidance(tmp_path: Path):
    folder = tmp_path / "guidance"
    shutil.copytree(GUIDANCE_DIR, folder)
    spoiled = sorted(folder.glob("*.yaml"))[0]
    offset = spoil(spoiled)
    with pytest.raises(GuidanceError) as error:
        load_guidance(folder)
    assert [str(p) for p in error.value.problems] == [f"{spoiled}:2: {reason(offset)}"]


def test_a_rule_pack_and_its_examples(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    pack = sorted(rules.glob("*/pack.yaml"))[0]
    examples = sorted(rules.glob("*/examples/*.yaml"))[-1]
    pack_offset, examples_offset = spoil(pack), spoil(examples)
    with pytest.raises(PackError) as error:
        load_packs(rules)
    found = [str(p) for p in error.value.problems]
    assert f"{pack}:2: {reason(pack_offset)}" in found
    assert f"{examples}:2: {reason(examples_offset)}" in found


def test_crisis_words(tmp_path: Path):
    words = tmp_path / "crisis_words.yaml"
    shutil.copy(WORDS_FILE, words)
    offset = spoil(words)
    with pytest.raises(FlowError) as error:
        CrisisDetector.load(words)
    assert [str(p) for p in error.value.problems] == [f"{words}:2: {reason(offset)}"]


def test_a_translation(tmp_path: Path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    catalogue = locales / "fr" / "LC_MESSAGES" / "messages.po"
    offset = spoil(catalogue)
    with pytest.raises(FlowError) as error:
        Catalogs(locales)
    assert [str(p) for p in error.value.problems] == [f"{catalogue}:2: {reason(offset)}"]
