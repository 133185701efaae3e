"""`onward rules ...`: test, describe and run rule packs from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from flows.rulebook.answers import answer_problems
from flows.rulebook.decision import RuleError
from flows.rulebook.load import (
    RULES_DIR,
    LoadedPack,
    PackError,
    failing_examples,
    load_packs,
    outcome_json,
)
from flows.rulebook.spec import Ruleset


def run(args: argparse.Namespace) -> int:
    try:
        packs = load_packs(args.dir or RULES_DIR)
    except PackError as error:
        print("The rule packs have problems:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.step == "test":
        return _test(packs, args.pack)
    found = _ruleset(packs, args.pack, args.ruleset)
    if found is None:
        return 1
    loaded, ruleset = found
    if args.step == "describe":
        _describe(loaded.pack.questions, ruleset.questions, ruleset.items)
        return 0
    return _run(loaded, args.ruleset, ruleset, Path(args.answers))


def _run(loaded: LoadedPack, name: str, ruleset: Ruleset, file: Path) -> int:
    """The outcome for a file of answers, each checked against its question first."""
    try:
        answers = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:  # UnicodeDecodeError and bad JSON are both
        print(f"Could not read the answers in {file}: {error}")
        return 1
    wrong = answer_problems(loaded.pack, ruleset, answers)
    if wrong:
        print(f"Some answers in {file} do not fit their questions:")
        for problem in wrong:
            print(f"  {problem}")
        return 1
    try:
        outcome = outcome_json(loaded, name, answers)
    except (RuleError, ArithmeticError, ValueError) as error:
        print(f"The rules could not use the answers in {file}: {error}")
        return 1
    print(json.dumps(outcome, indent=2, ensure_ascii=False))
    return 0


def _ruleset(
    packs: dict[str, LoadedPack], code: str, name: str
) -> tuple[LoadedPack, Ruleset] | None:
    loaded = packs.get(code)
    if loaded is None:
        print(f"There is no pack '{code}'. Packs: {', '.join(sorted(packs)) or 'none'}")
        return None
    ruleset = loaded.pack.rulesets.get(name)
    if ruleset is None:
        print(f"Pack {code} has no ruleset '{name}': {', '.join(loaded.pack.rulesets)}")
        return None
    return loaded, ruleset


def _test(packs: dict[str, Any], only: str | None) -> int:
    chosen = {code: p for code, p in packs.items() if only in (None, code)}
    if only and not chosen:
        print(f"There is no pack '{only}'.")
        return 1
    failed = 0
    for code, loaded in sorted(chosen.items()):
        problems = failing_examples(loaded)
        total = sum(len(e) for e in loaded.examples.values())
        failed += len(problems)
        for problem in problems:
            print(f"  FAIL {problem}")
        print(
            f"{code}: {total - len(problems)} of {total} worked examples agree with their source."
        )
    return 1 if failed else 0


def _describe(questions: dict[str, Any], asked: list[str], items: Any) -> None:
    for name in asked:
        _question(name, questions[name], "")
    if items is not None:
        print(f"{items.name}: a list; each one answers:")
        for name in items.questions:
            _question(name, questions[name], "  ")


def _question(name: str, question: Any, indent: str) -> None:
    kinds = question.type
    if question.options:
        kinds += " (" + ", ".join(o.value for o in question.options) + ")"
    extra = [
        w for w, on in (("unknown", question.unknown), ("prefer_not", question.prefer_not)) if on
    ]
    also = f"; may be {' or '.join(extra)}" if extra else ""
    print(f"{indent}{name}: {kinds}{also} - {question.text}")
