"""Reading YAML while remembering the line each value came from.

Flow authors are NGO staff, not programmers: every complaint about a file must point
at the line to fix, so the loader keeps a map from each value's path to its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flows.errors import read_text

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


def _to_python(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> Any:
    # A mapping's entry is found by its key's line, which is where an author looks.
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(yaml.safe_load(yaml.serialize(key_node)))
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def load_yaml(file: Path) -> tuple[Any, SourceMap]:
    """Parse `file`; raises yaml.YAMLError (which carries its own line) when malformed."""
    text = read_text(file)  # FlowError when it is not UTF-8
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    source = SourceMap(file)
    if node is None:
        return None, source
    return _to_python(node, (), source.lines), source
