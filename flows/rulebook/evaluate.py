"""Working out a ruleset's outcomes from a person's answers. Pure: answers in, decisions out.

Expressions are small YAML mappings:
  "$name"                      an answer (inside a list, the item's own answer first)
  "$$name"                     inside `count`/`latest_of`, the answer of the item being decided
  {add: [date, {years: n}, {months: n}, {days: n}]}
  {latest: [a, b, ...]}, {earliest: [...]}, {first_of_month: date}
  {count: condition}, {latest_of: expression, where: condition}   over the list's items
  {distinct: [expression, condition]}   how many different values, over the list's items
  {plus: [a, b, ...]}                   a sum of counts
Conditions: {all: [...]}, {any: [...]}, {not: c}, {is: [a, b]}, {in: [a, [...]]},
  {lt|le|gt|ge: [a, b]}, {given: "$name"}.
"never" is a date after every other; "none" (an event that did not happen, such as a
release from prison for someone never inside) is passed over by `latest` and `earliest`.
A rule whose outcome is "undecided" says the pack knows it cannot settle the case.
A per-item outcome can read one decided before it, by its name, as `$name`: a rule whose
outcome is just `$name` keeps what extended that one, and one that reads an undecided
outcome is undecided the same way (what is missing, which items it waits on).
An outcome may also be a verdict, a word such as "over_cap" rather than a date: combining
rules only read and push on outcomes that are dates.
An answer the person did not give ("I don't know", "prefer not to say", or none) cannot
decide anything: a rule that needs it leaves the outcome undecided, naming what is
missing, rather than guessing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.rulebook.spec import PREFER_NOT, UNKNOWN, Outcome, Rule, Ruleset

NEVER = "never"
NONE = "none"
UNSETTLED = "undecided"
NEVER_DATE = dt.date.max
IMMEDIATELY = "immediately"
IMMEDIATELY_DATE = dt.date.min  # spent before anything else happens
COMBINE_ROUNDS = 50  # a chain longer than any record; stops a pack that never settles


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


@dataclass(frozen=True)
class Scope:
    answers: Mapping[str, Any]
    items: Sequence[Mapping[str, Any]] = ()
    item: Mapping[str, Any] | None = None
    outer: Mapping[str, Any] | None = None

    def lookup(self, name: str) -> Any:
        if name.startswith("$$"):
            found, source = self._get(self.outer, name[2:])
        else:
            found, source = self._get(self.item, name[1:])
            if source is None:
                found, source = self._get(self.answers, name[1:])
        if isinstance(found, Decision):
            if found.decided:
                return found.value
            # an earlier outcome this one rests on
            raise Undecided(set(found.missing), found.depends_on, found.unsettled_by)
        if source is None or found in (None, UNKNOWN, PREFER_NOT):
            raise Undecided({name.lstrip("$")})
        return found

    @staticmethod
    def _get(values: Mapping[str, Any] | None, key: str) -> tuple[Any, Mapping[str, Any] | None]:
        if values is not None and key in values:
            return values[key], values
        return None, None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day so many months on; the month's last day where it is shorter."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _date(value: Any) -> dt.date:
    if value == NEVER:
        return NEVER_DATE
    if value == IMMEDIATELY:
        return IMMEDIATELY_DATE
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise RuleError(f"{value!r} is not a date")


def value(expression: Any, scope: Scope) -> Any:
    if isinstance(expression, str) and expression.startswith("$"):
        return scope.lookup(expression)
    if not isinstance(expression, dict):
        return expression
    if len(expression) == 1 or "latest_of" in expression:
        return _operation(expression, scope)
    raise RuleError(f"an expression has one operation, not {sorted(expression)}")


def _operation(expression: dict[str, Any], scope: Scope) -> Any:
    if "latest_of" in expression:
        return _latest_of(expression, scope)
    ((name, argument),) = expression.items()
    operation = _OPERATIONS.get(name)
    if operation is None:
        raise RuleError(f"unknown operation '{name}'")
    return operation(argument, scope)


def _extreme(name: str, argument: list[Any], scope: Scope) -> Any:
    # An empty `latest_of` (no other item matched) gives nothing, and is passed over.
    dates = [_date(v) for part in argument if (v := value(part, scope)) not in (None, NONE)]
    if not dates:
        return None
    found = max(dates) if name == "latest" else min(dates)
    return NEVER if found == NEVER_DATE else found


def _first_of_month(argument: Any, scope: Scope) -> Any:
    found = value(argument, scope)
    return None if found is None else _date(found).replace(day=1)


def _count(argument: Any, scope: Scope) -> int:
    return sum(1 for item in scope.items if holds(argument, _inner(scope, item)))


def _plus(argument: list[Any], scope: Scope) -> int:
    return sum(_number(value(part, scope)) for part in argument)


def _distinct(argument: list[Any], scope: Scope) -> int:
    """How many different values `argument[0]` takes over the items where `argument[1]`
    holds: convictions the law counts as one (one event) are counted once."""
    of, where = argument
    found = set()
    for item in scope.items:
        inner = _inner(scope, item)
        if holds(where, inner):
            found.add(value(of, inner))
    return len(found)


def _number(found: Any) -> int:
    if isinstance(found, bool) or not isinstance(found, int):
        raise RuleError(f"{found!r} is not a number")
    return found


def _inner(scope: Scope, item: Mapping[str, Any]) -> Scope:
    return Scope(scope.answers, scope.items, item, scope.item)


def _add(argument: list[Any], scope: Scope) -> Any:
    base = value(argument[0], scope)
    if base == NEVER:
        return NEVER
    day = _date(base)
    for duration in argument[1:]:
        ((unit, amount),) = duration.items()
        number = value(amount, scope)
        if unit == "years":
            day = add_months(day, round(float(number) * 12))
        elif unit == "months":
            day = add_months(day, round(float(number)))
        elif unit == "days":
            day = day + dt.timedelta(days=round(float(number)))
        else:
            raise RuleError(f"unknown unit '{unit}'")
    return day


def _latest_of(expression: dict[str, Any], scope: Scope) -> Any:
    found: list[dt.date] = []
    for item in scope.items:
        inner = _inner(scope, item)
        if "where" in expression and not holds(expression["where"], inner):
            continue
        found.append(_date(value(expression["latest_of"], inner)))
    if not found:
        return None
    latest = max(found)
    return NEVER if latest == NEVER_DATE else latest


def is_dated(found: Any) -> bool:
    """Whether an outcome is a day (or never, or immediately), not a verdict."""
    if isinstance(found, dt.date) or found in (NEVER, IMMEDIATELY):
        return True
    try:
        dt.date.fromisoformat(found)
    except (TypeError, ValueError):
        return False
    return True


def _comparable(a: Any, b: Any) -> tuple[Any, Any]:
    if isinstance(a, dt.date) or isinstance(b, dt.date) or {a, b} & {NEVER, IMMEDIATELY}:
        return _date(a), _date(b)
    return a, b


COMPARISONS = {
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


def holds(condition: Any, scope: Scope) -> bool:
    """Whether a condition holds; raises Undecided when it needs an answer not given."""
    if condition is None or condition is True:
        return True
    ((name, argument),) = condition.items()
    if name in {"all", "any"}:
        return _junction(name, argument, scope)
    test = CONDITIONS.get(name)
    if test is None:
        raise RuleError(f"unknown condition '{name}'")
    return bool(test(argument, scope))


def _given(argument: Any, scope: Scope) -> bool:
    try:
        scope.lookup(argument)
    except Undecided:
        return False
    return True


def _compare(name: str) -> Any:
    def compare(argument: Any, scope: Scope) -> bool:
        left, right = _comparable(value(argument[0], scope), value(argument[1], scope))
        if left is None or right is None:
            return False
        return bool(COMPARISONS[name](left, right))

    return compare


CONDITIONS: dict[str, Any] = {
    "not": lambda argument, scope: not holds(argument, scope),
    "given": _given,
    "is": lambda argument, scope: value(argument[0], scope) == value(argument[1], scope),
    "in": lambda argument, scope: value(argument[0], scope) in argument[1],
    **{name: _compare(name) for name in COMPARISONS},
}


def _junction(name: str, parts: list[Any], scope: Scope) -> bool:
    """`all` is false as soon as one part is; `any` true as soon as one part is; only
    when no part settles it does a missing answer leave it undecided."""
    missing: set[str] = set()
    for part in parts:
        try:
            if holds(part, scope) is (name == "any"):
                return name == "any"
        except Undecided as undecided:
            missing |= undecided.missing
    if missing:
        raise Undecided(missing)
    return name == "all"


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


def decide(rules: Sequence[Rule], scope: Scope) -> Decision:
    for rule in rules:
        try:
            if holds(rule.when, scope):
                found = value(rule.then, scope)
                if found == UNSETTLED:
                    return Decision(unsettled_by=rule)
                return Decision(found, rule, extended_by=_carried(rule, scope))
        except Undecided as undecided:
            # An earlier rule might apply if we knew: never skip to a later one.
            return Decision(
                missing=undecided.missing,
                depends_on=undecided.depends_on,
                unsettled_by=undecided.unsettled_by if not undecided.missing else None,
            )
    return Decision()


def _carried(rule: Rule, scope: Scope) -> list[Rule]:
    """A rule whose outcome is an earlier outcome ("$name") keeps what extended that one,
    so a person still reads that a later conviction held it."""
    then = rule.then
    if not (isinstance(then, str) and then.startswith("$") and not then.startswith("$$")):
        return []
    found, _ = Scope._get(scope.item, then[1:])
    return list(found.extended_by) if isinstance(found, Decision) else []


def run(ruleset: Ruleset, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every outcome of the ruleset: a Decision, or for a per-item outcome, one each."""
    items = list(answers.get(ruleset.items.name) or []) if ruleset.items else []
    scope = Scope(answers, items)
    decisions: dict[str, Any] = {}
    for name, outcome in ruleset.outcomes.items():
        if outcome.per_item:
            decisions[name] = found = _per_item(outcome, scope, items)
            items = [{**item, name: d} for item, d in zip(items, found, strict=True)]
            scope = Scope(answers, items)
        else:
            decisions[name] = decide(outcome.rules, scope)
    return decisions


def _per_item(outcome: Outcome, scope: Scope, items: list[Mapping[str, Any]]) -> list[Decision]:
    decided = [decide(outcome.rules, _inner(scope, item)) for item in items]
    if not outcome.combine:
        return decided
    for _ in range(COMBINE_ROUNDS):
        if not _combine_round(outcome, scope, items, decided):
            break
    _wait_for_undecided(outcome, scope, items, decided)
    return decided


def _results(items: list[Mapping[str, Any]], decided: list[Decision]) -> list[dict[str, Any]]:
    """Each item with its outcome so far as `result`, for the combining rules to read."""
    return [
        {**item, "result": d.value if d.decided and is_dated(d.value) else None}
        for item, d in zip(items, decided, strict=True)
    ]


def _combine_round(
    outcome: Outcome, scope: Scope, items: list[Mapping[str, Any]], decided: list[Decision]
) -> bool:
    seen = _results(items, decided)
    changed = False
    for index, decision in enumerate(decided):
        if not decision.decided or not is_dated(decision.value):
            continue
        later = _later(outcome, Scope(scope.answers, seen, seen[index]), decision)
        if later is not None:
            value, rules = later
            decision.value, changed = value, True
            decision.extended_by += rules
            seen[index]["result"] = value
    return changed


def _later(outcome: Outcome, scope: Scope, decision: Decision) -> tuple[Any, list[Rule]] | None:
    """The combining rules' later date for an item, if any pushes it on."""
    value, rules = decision.value, list[Rule]()
    for rule in outcome.combine:
        extended = decide([rule], scope)
        if extended.rule is None or extended.value is None:
            continue
        if _date(extended.value) > _date(value):
            value, rules = extended.value, [*rules, rule]
    return (value, rules) if rules else None


def _wait_for_undecided(
    outcome: Outcome, scope: Scope, items: list[Mapping[str, Any]], decided: list[Decision]
) -> None:
    """An item another undecided item could still push on is not decided either: were
    that one never spent, or spent very late, would this one change?"""
    for other, unsure in enumerate(decided):
        if unsure.rule is not None and not unsure.missing:
            continue
        for stand_in in STAND_INS:
            _wait_if_changed(outcome, scope, items, decided, other=other, stand_in=stand_in)


# What an undecided item might turn out to be: never spent, or spent very late. Both are
# tried, as a never-spent sentence holds only what came before it (s.1(1)(b)) while a
# long period also holds what comes during it (s.6(4)).
STAND_INS: tuple[Any, ...] = (NEVER, dt.date(9999, 12, 30))


def _wait_if_changed(
    outcome: Outcome,
    scope: Scope,
    items: list[Mapping[str, Any]],
    decided: list[Decision],
    *,
    other: int,
    stand_in: Any,
) -> None:
    seen = _results(items, decided)
    seen[other]["result"] = stand_in
    for index, decision in enumerate(decided):
        if index == other or (not decision.decided and not decision.depends_on):
            continue
        if not is_dated(decision.value):
            continue
        waits = _could_change(outcome, Scope(scope.answers, seen, seen[index]), decision)
        if waits and (other + 1) not in decision.depends_on:
            decision.depends_on.append(other + 1)


def _could_change(outcome: Outcome, scope: Scope, decision: Decision) -> bool:
    for rule in outcome.combine:
        extended = decide([rule], scope)
        if extended.missing:
            return True  # what the other item lacks leaves even this open
        pushed = extended.rule is not None and extended.value is not None
        if pushed and _date(extended.value) > _date(decision.value):
            return True
    return False


_OPERATIONS: dict[str, Callable[[Any, Scope], Any]] = {
    "add": _add,
    "latest": lambda argument, scope: _extreme("latest", argument, scope),
    "earliest": lambda argument, scope: _extreme("earliest", argument, scope),
    "first_of_month": _first_of_month,
    "count": _count,
    "distinct": _distinct,
    "plus": _plus,
}
