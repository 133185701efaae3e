"""Working out a ruleset's outcomes from a person's answers. Pure: answers in, decisions out.

Rules are written in the expression language of expressions.py.
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

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from flows.rulebook.decision import Decision, Undecided
from flows.rulebook.expressions import NEVER, Scope, as_date, holds, is_dated, item_scope, value
from flows.rulebook.spec import Outcome, Rule, Ruleset

UNSETTLED = "undecided"
COMBINE_ROUNDS = 50  # a chain longer than any record; stops a pack that never settles


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
    found, _ = Scope.entry(scope.item, then[1:])
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
    decided = [decide(outcome.rules, item_scope(scope, item)) for item in items]
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
        if as_date(extended.value) > as_date(value):
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
        if pushed and as_date(extended.value) > as_date(decision.value):
            return True
    return False
