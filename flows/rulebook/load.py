"""Reading rule packs, checking them as strictly as flows, and running their examples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from directory.yamlsource import load_file
from flows.errors import FlowError, Problem
from flows.rulebook.decision import Decision, RuleError
from flows.rulebook.evaluate import run
from flows.rulebook.expressions import NEVER
from flows.rulebook.spec import Example, Pack, Rule, Ruleset

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
RESULT = "result"  # what a combining rule calls the item's outcome so far


@dataclass
class LoadedPack:
    pack: Pack
    folder: Path
    examples: dict[str, list[Example]] = field(default_factory=dict)


class PackError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _yaml(file: Path) -> Any:
    return load_file(file)  # FlowError naming file:line: not UTF-8, bad YAML, a key twice


def _names(expression: Any) -> Iterator[str]:
    """Every answer an expression or condition names."""
    if isinstance(expression, str) and expression.startswith("$"):
        yield expression.lstrip("$")
    elif isinstance(expression, dict):
        for part in expression.values():
            yield from _names(part)
    elif isinstance(expression, list):
        for part in expression:
            yield from _names(part)


def _rule_problems(file: Path, pack: Pack, ruleset_id: str, ruleset: Ruleset) -> list[Problem]:
    problems = []
    asked = set(ruleset.questions) | set(ruleset.items.questions if ruleset.items else [])
    for name in sorted(asked - set(pack.questions)):
        problems.append(
            Problem(file, 1, f"ruleset '{ruleset_id}' asks '{name}', which is not a question")
        )
    for outcome_name, outcome in ruleset.outcomes.items():
        for rule, known in [(r, asked) for r in outcome.rules] + [
            (r, asked | {RESULT}) for r in outcome.combine
        ]:
            where = f"ruleset '{ruleset_id}', outcome '{outcome_name}', rule '{rule.id}'"
            if rule.cite not in pack.sources:
                problems.append(
                    Problem(file, 1, f"{where} cites '{rule.cite}', which is not a source")
                )
            for name in sorted(set(_names([rule.when, rule.then])) - known):
                problems.append(
                    Problem(file, 1, f"{where} uses '{name}', which the ruleset does not ask")
                )
        if outcome.per_item:
            asked = asked | {outcome_name}  # later outcomes may read this one
    return problems


def load_pack(folder: Path) -> LoadedPack:
    file = folder / "pack.yaml"
    try:
        pack = Pack.model_validate(_yaml(file))
    except FlowError as error:
        raise PackError(error.problems) from None
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise PackError([Problem(file, 1, f"not a valid rule pack: {error}")]) from error
    problems = []
    for ruleset_id, ruleset in pack.rulesets.items():
        problems += _rule_problems(file, pack, ruleset_id, ruleset)
    loaded = LoadedPack(pack, folder)
    for examples_file in sorted((folder / "examples").glob("*.yaml")):
        ruleset_id = examples_file.stem
        if ruleset_id not in pack.rulesets:
            problems.append(Problem(examples_file, 1, f"no ruleset '{ruleset_id}' in this pack"))
            continue
        try:
            loaded.examples[ruleset_id] = [
                Example.model_validate(e) for e in _yaml(examples_file) or []
            ]
        except FlowError as error:
            problems += error.problems
        except (yaml.YAMLError, ValidationError) as error:
            problems.append(Problem(examples_file, 1, f"not valid examples: {error}"))
    if problems:
        raise PackError(problems)
    return loaded


def load_packs(rules_dir: Path = RULES_DIR) -> dict[str, LoadedPack]:
    """Every pack with a pack.yaml; raises PackError naming every problem."""
    packs: dict[str, LoadedPack] = {}
    problems: list[Problem] = []
    for file in sorted(rules_dir.glob("*/pack.yaml")):
        try:
            loaded = load_pack(file.parent)
        except PackError as error:
            problems += error.problems
            continue
        packs[loaded.pack.pack] = loaded
    if problems:
        raise PackError(problems)
    return packs


def shown(value: Any) -> Any:
    """An outcome as JSON shows it, and as examples write it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_json(decision: Decision, pack: Pack) -> dict[str, Any]:
    if not decision.decided:
        found: dict[str, Any] = {"decided": False}
        if decision.missing:
            found["missing"] = sorted(decision.missing)
        if decision.depends_on:
            found["depends_on"] = decision.depends_on
        if decision.unsettled_by is not None:
            found["rule"] = decision.unsettled_by.id
            found["source"] = _cited(decision.unsettled_by, pack)
        return found
    assert decision.rule is not None
    return {
        "decided": True,
        "value": shown(decision.value),
        "rule": decision.rule.id,
        "source": _cited(decision.rule, pack),
        "extended_by": [{"rule": r.id, "source": _cited(r, pack)} for r in decision.extended_by],
    }


def _cited(rule: Rule, pack: Pack) -> dict[str, str]:
    source = pack.sources[rule.cite]
    return {
        "title": source.title,
        "url": source.url,
        "last_reviewed": rule.last_reviewed.isoformat(),
    }


def outcome_json(loaded: LoadedPack, ruleset_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    """What `onward rules run` prints, and what a flow shows: one code path."""
    decisions = run(loaded.pack.rulesets[ruleset_id], answers)
    return {
        name: [as_json(d, loaded.pack) for d in found]
        if isinstance(found, list)
        else as_json(found, loaded.pack)
        for name, found in decisions.items()
    }


def _simple(found: Any) -> Any:
    if isinstance(found, list):
        return [_simple(x) for x in found]
    return found["value"] if found.get("decided") else "undecided"


def failing_examples(loaded: LoadedPack, ruleset_id: str | None = None) -> list[Problem]:
    """Each worked example whose outcome is not what its source says."""
    problems = []
    for rid, examples in loaded.examples.items():
        if ruleset_id not in (None, rid):
            continue
        file = loaded.folder / "examples" / f"{rid}.yaml"
        for example in examples:
            try:
                got = {
                    k: _simple(v) for k, v in outcome_json(loaded, rid, example.answers).items()
                }
            except RuleError as error:
                problems.append(Problem(file, 1, f"'{example.name}': the rules fail: {error}"))
                continue
            want = {k: _expected(v) for k, v in example.expected.items()}
            wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
            if wrong:
                detail = "; ".join(f"{k}: got {g}, expected {w}" for k, (g, w) in wrong.items())
                problems.append(Problem(file, 1, f"'{example.name}' ({example.source}): {detail}"))
    return problems


def _expected(value: Any) -> Any:
    if isinstance(value, list):
        return [_expected(v) for v in value]
    return shown(value) if value != NEVER else NEVER
