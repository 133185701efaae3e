"""A key written twice in one YAML mapping is refused, naming the file and the line, in
every file Onward loads: plain YAML keeps the second silently (the Michigan pack once
defined `released` twice and lost one question's meaning without anyone noticing)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from core.app import build_engine
from directory.crisis_lines import DATA_FILE as CRISIS_LINES_FILE
from directory.crisis_lines import load_crisis_lines
from directory.taxonomy import TAXONOMY_FILE, categories
from directory.yamlsource import load_file, parse
from flows.crisis import WORDS_FILE, CrisisDetector
from flows.errors import FlowError
from flows.guidance import GUIDANCE_DIR, GuidanceError, load_guidance
from flows.machine import CONTENT_DIR
from flows.rulebook.load import RULES_DIR, PackError, load_packs

ROOT = Path(__file__).resolve().parents[2]


def repeat_first_key(file: Path) -> tuple[str, int, int]:
    """Writes the file's first top-level entry again at its end; returns the key, the
    line it was first on and the line of the repeat."""
    lines = file.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line[:1].isalpha() and ":" in line)
    key = lines[first].split(":", 1)[0]
    lines.append(lines[first])
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return key, first + 1, len(lines)


def reason(key: str, first: int) -> str:
    return f"not valid YAML: the key '{key}' is written twice (first on line {first}); keep one"


def test_the_loader_names_the_line_of_the_repeat_and_of_the_first():
    text = "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n"
    with pytest.raises(yaml.YAMLError) as error:
        parse(text)
    assert error.value.problem_mark.line + 1 == 5  # type: ignore[attr-defined]
    assert "'c' is written twice (first on line 3)" in str(error.value)


def test_the_same_key_in_different_mappings_and_a_merge_override_are_fine():
    text = "a: {x: 1}\nb: {x: 2}\nbase: &base {y: 1, z: 2}\nc:\n  <<: *base\n  y: 3\n"
    assert parse(text)["c"] == {"y": 3, "z": 2}


def test_a_flow_file_stops_flows_check_and_start_up(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    key, first, again = repeat_first_key(content / "urgent.yaml")
    expected = f"{content / 'urgent.yaml'}:{again}: {reason(key, first)}"
    with pytest.raises(FlowError) as error:
        build_engine(content)
    assert expected in map(str, error.value.problems)
    run = subprocess.run(
        [sys.executable, "-m", "cli", "flows", "check", "--dir", str(content)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 1
    assert expected in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_a_rule_pack_and_its_examples(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    pack = rules / "US-MI" / "pack.yaml"
    examples = rules / "GB-EAW" / "examples" / "record.yaml"
    pack_key, pack_first, pack_again = repeat_first_key(pack)
    # An examples file is a list: repeat a key inside its first example instead.
    text = examples.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("- name:"))
    text.insert(at + 1, "  " + text[at][2:])
    examples.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_packs(rules)
    found = [str(p) for p in error.value.problems]
    assert f"{pack}:{pack_again}: {reason(pack_key, pack_first)}" in found
    assert f"{examples}:{at + 2}: {reason('name', at + 1)}" in found


def test_guidance(tmp_path: Path):
    folder = tmp_path / "guidance"
    shutil.copytree(GUIDANCE_DIR, folder)
    spoiled = sorted(folder.glob("*.yaml"))[0]
    key, first, again = repeat_first_key(spoiled)
    with pytest.raises(GuidanceError) as error:
        load_guidance(folder)
    assert [str(p) for p in error.value.problems] == [f"{spoiled}:{again}: {reason(key, first)}"]


@pytest.mark.parametrize(
    ("original", "load"),
    [
        (WORDS_FILE, CrisisDetector.load),
        (CRISIS_LINES_FILE, load_crisis_lines),
        (TAXONOMY_FILE, categories.__wrapped__),
    ],
    ids=["crisis words", "crisis lines", "taxonomy"],
)
def test_crisis_words_and_directory_data(tmp_path: Path, original: Path, load: object):
    copy = tmp_path / original.name
    shutil.copy(original, copy)
    key, first, again = repeat_first_key(copy)
    with pytest.raises(FlowError) as error:
        load(copy)  # type: ignore[operator]
    assert [str(p) for p in error.value.problems] == [f"{copy}:{again}: {reason(key, first)}"]


def test_no_yaml_file_in_the_repository_repeats_a_key():
    skip = {".venv", "node_modules", ".git"}
    for file in sorted(ROOT.glob("**/*.y*ml")):
        if skip & set(file.relative_to(ROOT).parts):
            continue
        load_file(file)  # raises FlowError naming file:line
