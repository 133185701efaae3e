"""The rule packs' expression language: values and conditions read from a person's answers.

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
An answer the person did not give ("I don't know", "prefer not to say", or none) cannot
decide anything: reading it raises Undecided, naming what is missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flows.rulebook.decision import Decision, RuleError, Undecided
from flows.rulebook.spec import PREFER_NOT, UNKNOWN

NEVER = "never"
NONE = "none"
NEVER_DATE = dt.date.max
IMMEDIATELY = "immediately"
IMMEDIATELY_DATE = dt.date.min  # spent before anything else happens


@dataclass(frozen=True)
class Scope:
    answers: Mapping[str, Any]
    items: Sequence[Mapping[str, Any]] = ()
    item: Mapping[str, Any] | None = None
    outer: Mapping[str, Any] | None = None

    def lookup(self, name: str) -> Any:
        if name.startswith("$$"):
            found, source = self.entry(self.outer, name[2:])
        else:
            found, source = self.entry(self.item, name[1:])
            if source is None:
                found, source = self.entry(self.answers, name[1:])
        if isinstance(found, Decision):
            if found.decided:
                return found.value
            # an earlier outcome this one rests on
            raise Undecided(set(found.missing), found.depends_on, found.unsettled_by)
        if source is None or found in (None, UNKNOWN, PREFER_NOT):
            raise Undecided({name.lstrip("$")})
        return found

    @staticmethod
    def entry(values: Mapping[str, Any] | None, key: str) -> tuple[Any, Mapping[str, Any] | None]:
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


def as_date(value: Any) -> dt.date:
    """A date an expression gave; "never" and "immediately" as the last and first days."""
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
    dates = [as_date(v) for part in argument if (v := value(part, scope)) not in (None, NONE)]
    if not dates:
        return None
    found = max(dates) if name == "latest" else min(dates)
    return NEVER if found == NEVER_DATE else found


def _first_of_month(argument: Any, scope: Scope) -> Any:
    found = value(argument, scope)
    return None if found is None else as_date(found).replace(day=1)


def _count(argument: Any, scope: Scope) -> int:
    return sum(1 for item in scope.items if holds(argument, item_scope(scope, item)))


def _plus(argument: list[Any], scope: Scope) -> int:
    return sum(_number(value(part, scope)) for part in argument)


def _distinct(argument: list[Any], scope: Scope) -> int:
    """How many different values `argument[0]` takes over the items where `argument[1]`
    holds: convictions the law counts as one (one event) are counted once."""
    of, where = argument
    found = set()
    for item in scope.items:
        inner = item_scope(scope, item)
        if holds(where, inner):
            found.add(value(of, inner))
    return len(found)


def _number(found: Any) -> int:
    if isinstance(found, bool) or not isinstance(found, int):
        raise RuleError(f"{found!r} is not a number")
    return found


def item_scope(scope: Scope, item: Mapping[str, Any]) -> Scope:
    """The scope inside one item of the list, the outer item reachable as "$$name"."""
    return Scope(scope.answers, scope.items, item, scope.item)


def _add(argument: list[Any], scope: Scope) -> Any:
    base = value(argument[0], scope)
    if base == NEVER:
        return NEVER
    day = as_date(base)
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
        inner = item_scope(scope, item)
        if "where" in expression and not holds(expression["where"], inner):
            continue
        found.append(as_date(value(expression["latest_of"], inner)))
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
        return as_date(a), as_date(b)
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
    when no part settles it does a missing answer leave it undecided, or an earlier
    outcome the pack cannot settle, or one that waits on other items."""
    missing: set[str] = set()
    unsure: list[Undecided] = []
    for part in parts:
        try:
            if holds(part, scope) is (name == "any"):
                return name == "any"
        except Undecided as undecided:
            missing |= undecided.missing
            unsure.append(undecided)
    if missing:
        raise Undecided(missing)
    if unsure:
        # Not a missing answer, but a part still unknown: it must not count as holding.
        waits = sorted({item for u in unsure for item in u.depends_on})
        raise Undecided(set(), waits, unsure[0].unsettled_by)
    return name == "all"


_OPERATIONS: dict[str, Callable[[Any, Scope], Any]] = {
    "add": _add,
    "latest": lambda argument, scope: _extreme("latest", argument, scope),
    "earliest": lambda argument, scope: _extreme("earliest", argument, scope),
    "first_of_month": _first_of_month,
    "count": _count,
    "distinct": _distinct,
    "plus": _plus,
}
