"""Reading YAML: the one loader for every file Onward reads (flows, rule packs and their
examples, guidance, crisis words, directory data), and the line each value came from.

Flow authors are NGO staff, not programmers: every complaint about a file must point
at the line to fix, so the loader keeps a map from each value's path to its line.
A key written twice in one mapping is refused: plain YAML keeps the second silently,
so a rule pack could lose a question without anyone noticing.

Files are read with libyaml where PyYAML has it (start-up reads every flow, guidance
and rule-pack file), with the pure-Python reader otherwise and whenever libyaml finds a
file malformed, so a complaint is worded and placed as it always was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.constructor import SafeConstructor

from directory.sourcefiles import Problem, SourceFileError, read_text

PathKey = tuple[str | int, ...]
T = TypeVar("T")
STR_TAG = "tag:yaml.org,2002:str"


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


class RefusesRepeatedKeys(SafeConstructor):
    """A constructor that refuses a key written twice in one mapping."""

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


class UniqueKeyLoader(RefusesRepeatedKeys, yaml.SafeLoader):
    """The pure-Python SafeLoader, refusing a key written twice in one mapping."""


# libyaml reads a file about ten times faster than the pure-Python reader; the nodes it
# builds are the same classes, tagged by the same Python resolver and constructed by
# the same SafeConstructor, so the values (and the lines they came from) are the same.
Loader = type[yaml.SafeLoader] | type[yaml.CSafeLoader]
if yaml.__with_libyaml__:

    class FastUniqueKeyLoader(RefusesRepeatedKeys, yaml.CSafeLoader):
        """libyaml's SafeLoader, refusing a key written twice in one mapping."""

    FAST_LOADER: Loader = FastUniqueKeyLoader
else:  # pragma: no cover - PyYAML built without libyaml
    FAST_LOADER = UniqueKeyLoader


def _first_that_reads(text: str, read: Callable[[str, Loader], T]) -> T:
    """`read(text, loader)` with the fast loader. When that fails, again with the
    pure-Python one: its error is the one Onward has always given, in the same words and
    on the same line (and where libyaml is stricter, its values are the ones always read)."""
    if FAST_LOADER is not UniqueKeyLoader:
        try:
            return read(text, FAST_LOADER)
        except yaml.YAMLError:
            pass
    return read(text, UniqueKeyLoader)


def values(text: str, loader: Loader) -> Any:
    """The values of `text`, read by `loader` (FAST_LOADER or UniqueKeyLoader)."""
    return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader


def parse(text: str) -> Any:
    """YAML text as Python values; raises yaml.YAMLError (with its line) when malformed
    or when a mapping repeats a key."""
    return _first_that_reads(text, values)


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


class _Walk:
    """Turns composed nodes into plain values, noting the line of each path."""

    def __init__(self, lines: dict[PathKey, int]) -> None:
        self.lines = lines
        self.scalars = SafeConstructor()  # resolves each scalar as yaml.safe_load does

    def value(self, node: yaml.Node, path: PathKey) -> Any:
        # A mapping's entry is found by its key's line, which is where an author looks.
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == STR_TAG:
            return node.value  # what the str constructor returns, without its overhead
        return self.scalars.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        firsts: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            key = str(self.scalars.construct_object(key_node, deep=True))
            if key in firsts:
                raise DuplicateKeyError(key, firsts[key], key_node.start_mark)
            firsts[key] = key_node.start_mark
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, (*path, key))
        return result


def values_and_lines(text: str, loader: Loader) -> tuple[Any, dict[PathKey, int]]:
    """The values of `text`, keys as strings, and the line of each path, read by `loader`."""
    node = yaml.compose(text, Loader=loader)
    lines: dict[PathKey, int] = {}
    if node is None:
        return None, lines
    return _Walk(lines).value(node, ()), lines


def load_yaml(file: Path) -> tuple[Any, SourceMap]:
    """Parse `file`; raises yaml.YAMLError (which carries its own line) when malformed or
    when a mapping repeats a key."""
    text = read_text(file)  # SourceFileError when it is not UTF-8
    data, lines = _first_that_reads(text, values_and_lines)
    return data, SourceMap(file, lines)
