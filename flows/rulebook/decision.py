"""What deciding one outcome gives: a Decision, or, while it is being worked out, Undecided
naming what is missing; and RuleError for a pack that asks what the evaluator cannot do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.rulebook.spec import Rule


class Undecided(Exception):  # noqa: N818 - a result, not a failure
    def __init__(
        self,
        missing: set[str],
        depends_on: Sequence[int] = (),
        unsettled_by: Rule | None = None,
    ) -> None:
        self.missing = missing
        # An earlier outcome this one reads may wait on other items, or be one the pack
        # cannot settle: this one says the same, rather than "not covered".
        self.depends_on = list(depends_on)
        self.unsettled_by = unsettled_by
        super().__init__(", ".join(sorted(missing)))


class RuleError(Exception):
    """A pack asked for something the evaluator cannot do (checked at load)."""


@dataclass
class Decision:
    """One outcome: the value, the rule that gave it, or what is missing to decide."""

    value: Any = None
    rule: Rule | None = None
    missing: set[str] = field(default_factory=set)
    extended_by: list[Rule] = field(default_factory=list)
    unsettled_by: Rule | None = None
    """The rule that says the pack cannot settle this case."""
    depends_on: list[int] = field(default_factory=list)
    """Items (from 1) this one waits on: undecided, they might still change it."""

    @property
    def decided(self) -> bool:
        return self.rule is not None and not self.missing and not self.depends_on
