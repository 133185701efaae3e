"""Reading YAML: the one loader for every file Onward reads (flows, rule packs and their
examples, guidance, crisis words, directory data), and the line each value came from.

Flow authors are NGO staff, not programmers: every complaint about a file must point
at the line to fix, so the loader keeps a map from each value's path to its line.
A key written twice in one mapping is refused: plain YAML keeps the second silently,
so a rule pack could lose a question without anyone noticing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from directory.sourcefiles import Problem, SourceFileError, read_text

PathKey = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each value of one YAML file stands: path -> 1-based line."""

    file: Path
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping names the same key twice; its mark is the second one."""

    def __init__(self, key: Any, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(
            problem=f"the key '{key}' is written twice (first on line {first.line + 1}); keep one",
            problem_mark=again,
        )


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *anchor` may be overridden by the keys beside it
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list):
                continue  # not hashable; the base constructor names it
            if key in seen:
                raise DuplicateKeyError(key, seen[key], key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


def parse(text: str) -> Any:
    """YAML text as Python values; raises yaml.YAMLError (with its line) when malformed
    or when a mapping repeats a key."""
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


def yaml_problem(file: Path, error: yaml.YAMLError) -> Problem:
    """`file:line: reason` for a YAML error, as every other content problem is named."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    reason = getattr(error, "problem", None) or str(error)
    return Problem(file, line, f"not valid YAML: {reason}")


def load_file(file: Path) -> Any:
    """A content file's values; raises SourceFileError naming file and line when it is not
    UTF-8, not valid YAML, or repeats a key."""
    try:
        return parse(read_text(file))
    except yaml.YAMLError as error:
        raise SourceFileError([yaml_problem(file, error)]) from None


def _to_python(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> Any:
    # A mapping's entry is found by its key's line, which is where an author looks.
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        firsts: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            key = str(yaml.safe_load(yaml.serialize(key_node)))
            if key in firsts:
                raise DuplicateKeyError(key, firsts[key], key_node.start_mark)
            firsts[key] = key_node.start_mark
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def load_yaml(file: Path) -> tuple[Any, SourceMap]:
    """Parse `file`; raises yaml.YAMLError (which carries its own line) when malformed or
    when a mapping repeats a key."""
    text = read_text(file)  # SourceFileError when it is not UTF-8
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    source = SourceMap(file)
    if node is None:
        return None, source
    return _to_python(node, (), source.lines), source
