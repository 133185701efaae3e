"""The YAML loader reads with libyaml where it can, and must give exactly what the
pure-Python SafeLoader gives: the same values, of the same types, on the same lines, and
the same complaint about a malformed file."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from directory.yamlsource import (
    FAST_LOADER,
    Loader,
    UniqueKeyLoader,
    load_yaml,
    parse,
    values,
    values_and_lines,
)

ROOT = Path(__file__).resolve().parents[2]
LOADERS = pytest.mark.parametrize(
    "loader", [FAST_LOADER, UniqueKeyLoader], ids=["libyaml", "pure-python"]
)
# One scalar a line, each a way YAML 1.1 resolves (or refuses to resolve) a plain word.
SCALARS = """\
- 12
- -7
- +3
- 0o17
- 017
- 0x1F
- 0b101
- 1_000
- 1:30
- 3.25
- 1e3
- 6.8523015e+5
- .inf
- -.Inf
- .NaN
- 1.
- true
- False
- yes
- No
- on
- OFF
- y
- n
- null
- ~
-
- Null
- 2024-02-29
- 2001-12-14t21:59:43.10-05:00
- 2001-12-14 21:59:43.10
- "12"
- '3.5'
- "yes"
- 'null'
- "~"
- "2024-02-29"
- !!str 12
- !!float 1
- !!int "42"
- !!binary aGVsbG8=
- plain words
- "line\\nbreak"
- |
  kept
  lines
- >
  folded
  lines
- 'it''s'
- 010
- 1.5e
- 12:61
- 0x
- .5
- +.inf
"""


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type, all the way down (NaN counts as itself)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def safe_load(text: str) -> Any:
    return yaml.safe_load(text)


def test_libyaml_is_used_where_pyyaml_has_it():
    assert (FAST_LOADER is not UniqueKeyLoader) == yaml.__with_libyaml__


@LOADERS
def test_scalars_resolve_as_safe_load_resolves_them(loader: Loader):
    expected = safe_load(SCALARS)
    assert same(values(SCALARS, loader), expected)
    assert same(values_and_lines(SCALARS, loader)[0], expected)
    assert same(parse(SCALARS), expected)


@LOADERS
def test_keys_become_the_words_safe_load_reads(loader: Loader):
    text = "1: a\n2024-01-02: b\ntrue: c\n~: d\n'x': e\n1.5: f\n[1, 2]: g\n0x1F: h\n"
    found, lines = values_and_lines(text, loader)
    keys = ["1", "2024-01-02", "True", "None", "x", "1.5", "[1, 2]", "31"]
    assert found == dict(zip(keys, "abcdefgh", strict=True))
    assert lines == {(): 1} | {(key,): n for n, key in enumerate(keys, start=1)}


@LOADERS
def test_a_key_repeated_once_read_names_both_lines(loader: Loader):
    with pytest.raises(yaml.YAMLError) as error:
        values_and_lines("a:\n  1: x\n  '1': y\n", loader)
    assert error.value.problem_mark.line + 1 == 3  # type: ignore[attr-defined]
    assert "'1' is written twice (first on line 2)" in str(error.value)


def test_every_yaml_file_in_the_repository_reads_the_same_both_ways():
    skip = {".venv", "node_modules", ".git"}
    files = [f for f in sorted(ROOT.glob("**/*.y*ml")) if not skip & set(f.parts)]
    assert len(files) > 20
    for file in files:
        text = file.read_text(encoding="utf-8")
        fast, fast_lines = values_and_lines(text, FAST_LOADER)
        pure, pure_lines = values_and_lines(text, UniqueKeyLoader)
        assert same(fast, pure), file
        assert fast_lines == pure_lines, file
        assert same(values(text, FAST_LOADER), values(text, UniqueKeyLoader)), file


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n b: 2\n",
        "a: [1, 2\nb: 3\n",
        "a:\n\t- 1\n",
        "a: 'open\n",
        "- a\nb: c\n",
        "a: *nowhere\n",
        "a: !custom 1\n",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_a_malformed_file_gets_the_pure_python_complaint(tmp_path: Path, text: str):
    with pytest.raises(yaml.YAMLError) as expected:
        values_and_lines(text, UniqueKeyLoader)
    with pytest.raises(yaml.YAMLError) as parsed:
        parse(text)
    assert str(parsed.value) == str(expected.value)
    file = tmp_path / "bad.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as loaded:
        load_yaml(file)
    assert str(loaded.value) == str(expected.value)


def test_lines_of_nested_values():
    text = "top:\n  - name: a\n    items:\n      - 1\n      -\n        deep: x\n  -\n    name: b\n"
    for loader in (FAST_LOADER, UniqueKeyLoader):
        _, lines = values_and_lines(text, loader)
        assert lines == {
            (): 1,
            ("top",): 1,
            ("top", 0): 2,
            ("top", 0, "name"): 2,
            ("top", 0, "items"): 3,
            ("top", 0, "items", 0): 4,
            ("top", 0, "items", 1): 6,
            ("top", 0, "items", 1, "deep"): 6,
            ("top", 1): 8,
            ("top", 1, "name"): 8,
        }
