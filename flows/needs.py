"""Needs a person types in their own words ("I need a bed tonight", "food", "我需要吃的"),
in any shipped language, and the flow each one leads to.

The words are data (needs_words.yaml), written in the pattern syntax of the crisis words
(flows/crisis.py) and normalised the same way: letter case, accents, Arabic letter forms
and doubled letters never decide a match, and Chinese is matched without spaces. As with
crisis words, every language is checked on every message: people do not always write in
the language they chose.

A need is only ever looked for after the crisis words (flows/engine.py): "I have nowhere
to sleep tonight" is urgent help first, never a search.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from directory.yamlsource import SourceMap, load_yaml, yaml_problem
from flows.crisis import Rule, compile_pattern, compile_rules, normalise
from flows.errors import FlowError, Problem
from flows.spec import FlowSpec, QuestionNode

NEEDS_FILE = Path(__file__).resolve().parent / "needs_words.yaml"
Given = Mapping[str, str | int | bool]
WANTED_NEED = "_wanted_need"
"""The answer under which the engine keeps a need typed before setting up was finished."""
_KEYS = frozenset({"flow", "answers", "alone", "words"})


@dataclass(frozen=True)
class Need:
    """Where a need leads: a flow, and the answers it is given so it does not ask them."""

    name: str
    flow: str
    answers: Given = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    line: int = 1

    def heard_in(self, plain: str) -> bool:
        return any(rule.holds(plain) for rule in self.rules)


@dataclass(frozen=True)
class NeedsDetector:
    """The needs in the order of the file: the first one a message names is the one."""

    needs: tuple[Need, ...]
    file: Path = NEEDS_FILE

    @classmethod
    def load(cls, file: Path = NEEDS_FILE) -> NeedsDetector:
        try:
            data, source = load_yaml(file)  # FlowError when it is not UTF-8
        except yaml.YAMLError as error:
            raise FlowError([yaml_problem(file, error)]) from None
        if not isinstance(data, dict) or not data:
            raise FlowError([Problem(file, 1, "needs are a mapping of name to flow and words")])
        problems: list[Problem] = []
        needs = [_need(str(name), entry, source, problems) for name, entry in data.items()]
        if problems:
            raise FlowError(problems)
        return cls(tuple(need for need in needs if need is not None), file)

    def detect(self, text: str) -> Need | None:
        plain = normalise(text)
        if not plain:
            return None
        return next((need for need in self.needs if need.heard_in(plain)), None)

    def named(self, name: str) -> Need | None:
        return next((need for need in self.needs if need.name == name), None)


def _need(name: str, entry: Any, source: SourceMap, problems: list[Problem]) -> Need | None:
    line = source.line_of((name,))
    if not isinstance(entry, dict) or not set(entry) <= _KEYS or "flow" not in entry:
        problems.append(
            Problem(source.file, line, f"{name}: a need has 'flow', and 'alone' or 'words'")
        )
        return None
    answers = entry.get("answers") or {}
    if not isinstance(answers, dict) or not all(
        isinstance(v, str | int | bool) for v in answers.values()
    ):
        problems.append(Problem(source.file, line, f"{name}: 'answers' maps names to values"))
        return None
    rules = compile_rules((name, "words"), entry.get("words") or {}, source, problems)
    alone = _alone(name, entry.get("alone") or {}, source, problems)
    if not rules and not alone:
        problems.append(Problem(source.file, line, f"{name}: no words"))
    given = {str(k): v for k, v in answers.items()}
    return Need(name, str(entry["flow"]), given, (*alone, *rules), line)


def _alone(
    name: str, by_language: dict[str, Any], source: SourceMap, problems: list[Problem]
) -> tuple[Rule, ...]:
    """Words that name the need only when they are the whole message ("food", "job")."""
    whole: list[str] = []
    for language, pattern in by_language.items():
        try:
            if not isinstance(pattern, str):
                raise ValueError("'alone' is one pattern a language")
            whole.append(f"^(?:{compile_pattern(pattern)})$")
        except (ValueError, re.error) as error:
            line = source.line_of((name, "alone", language))
            problems.append(Problem(source.file, line, f"{name}, {language}: {error}"))
    return (Rule(re.compile("|".join(whole))),) if whole else ()


def given_problem(spec: FlowSpec, name: str, value: Any) -> str | None:
    """Why an answer given to a flow cannot stand for one of its questions, if it cannot."""
    question = next(
        (q for q in spec.nodes.values() if isinstance(q, QuestionNode) and q.save_as == name),
        None,
    )
    if question is None:
        return f"flow '{spec.flow}' asks no question kept as '{name}'"
    if question.type == "yes_no" and not isinstance(value, bool):
        return f"'{name}' is answered yes or no (true or false)"
    values = [option.value for option in question.options]
    if question.type == "choice" and question.options_from is None and value not in values:
        return f"'{value}' is not one of the options of '{name}' in flow '{spec.flow}'"
    return None


def needs_problems(detector: NeedsDetector, specs: Mapping[str, FlowSpec]) -> list[Problem]:
    """The answers a need gives its flow are answers that flow's questions take.

    A need whose flow is not there is not heard (an NGO may leave a flow out), so it is
    not a problem here; tests/flows/test_needs.py holds the shipped needs to their flows.
    """
    problems = []
    for need in detector.needs:
        spec = specs.get(need.flow)
        if spec is None:
            continue
        for name, value in need.answers.items():
            reason = given_problem(spec, name, value)
            if reason:
                problems.append(Problem(detector.file, need.line, f"{need.name}: {reason}"))
    return problems
