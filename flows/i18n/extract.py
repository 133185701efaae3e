"""A Babel extraction method for our YAML: flow texts and the curated directory texts.

Babel calls `extract_yaml` for each file the mapping in babel.cfg sends to it, so one
`pybabel extract` (wrapped by `onward i18n extract`) collects Python and YAML strings.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

# Keys whose string values a person reads. Anything else (ids, numbers, URLs) is not text.
TRANSLATABLE_KEYS = frozenset(
    {"text", "label", "skip_label", "more_label", "example", "hours", "what", "help", "says"}
)

# A mapping's `context` names the sense of its texts when one English text means two
# things; Babel reads ("pgettext", (context, text)) as a msgctxt and a msgid.
CONTEXT_KEY = "context"

Extracted = tuple[int, str | None, str | tuple[str, str], list[str]]


def _context(node: yaml.MappingNode) -> str | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == CONTEXT_KEY:
            return str(value.value) if isinstance(value, yaml.ScalarNode) else None
    return None


def _walk(node: yaml.Node) -> Iterator[Extracted]:
    if isinstance(node, yaml.MappingNode):
        context = _context(node)
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value in TRANSLATABLE_KEYS
                and isinstance(value, yaml.ScalarNode)
                and value.tag.endswith(":str")
                and value.value.strip()
            ):
                line = value.start_mark.line + 1
                if context:
                    yield line, "pgettext", (context, value.value), []
                else:
                    yield line, None, value.value, []
            else:
                yield from _walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item)


def extract_yaml(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield (line, function, message, comments) for every text in a YAML file."""
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    if root is not None:
        yield from _walk(root)
