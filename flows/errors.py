"""Errors that name where in a flow file something is wrong: the same problems every
content file reports (directory.sourcefiles), under the name the flows use."""

from __future__ import annotations

from directory.sourcefiles import Problem, not_utf8, read_text
from directory.sourcefiles import SourceFileError as FlowError

__all__ = ["FlowError", "Problem", "not_utf8", "read_text"]
