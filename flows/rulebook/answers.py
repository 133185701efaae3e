"""Answers given to a ruleset from outside a flow (`onward rules run --answers FILE`),
checked against its questions before the rules read them: a wrong type or a date
no rule can count from is named, never a traceback."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from flows.rulebook.expressions import NONE
from flows.rulebook.spec import PREFER_NOT, UNKNOWN, Pack, Question, Ruleset

# The rules add periods of years to these dates; outside this, no conviction or claim.
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)


def _date_problem(value: Any) -> str | None:
    if value == NONE:
        return None  # an event that did not happen (never in prison): `latest` passes it over
    if value is None or isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and len(value) == 10 and value.isascii():
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date like 2024-01-31"
    else:
        return f"{value!r} is not a date like 2024-01-31"
    if day is not None and not EARLIEST <= day <= LATEST:
        return f"{value} is not between {EARLIEST.year} and {LATEST.year}"
    return None


def _number_problem(value: Any, question: Question) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"{value!r} is not a number"
    low = question.minimum if question.minimum is not None else -math.inf
    high = question.maximum if question.maximum is not None else math.inf
    if not low <= value <= high:
        return f"{value} is not between {question.minimum} and {question.maximum}"
    return None


def _problem(value: Any, question: Question) -> str | None:
    if (value == UNKNOWN and question.unknown) or (value == PREFER_NOT and question.prefer_not):
        return None
    if question.type == "date":
        return _date_problem(value)
    if question.type == "number":
        return _number_problem(value, question)
    if question.type == "yes_no":
        return None if isinstance(value, bool) else f"{value!r} is not true or false"
    values = [o.value for o in question.options]
    return None if value in values else f"{value!r} is not one of {', '.join(values)}"


def _check(given: Mapping[str, Any], asked: list[str], pack: Pack, where: str) -> list[str]:
    found = [f"{where}{k}: not a question here" for k in given if k not in asked]
    for name in asked:
        question = pack.questions.get(name)  # None: the list of items, checked apart
        if name in given and question and (problem := _problem(given[name], question)):
            found.append(f"{where}{name}: {problem}")
    return found


def answer_problems(pack: Pack, ruleset: Ruleset, answers: Any) -> list[str]:
    """Each answer that does not fit its question, as `question: what is wrong`."""
    if not isinstance(answers, dict):
        return ["the answers must be a JSON object: question to answer"]
    asked = list(ruleset.questions) + ([ruleset.items.name] if ruleset.items else [])
    problems = _check(answers, asked, pack, "")
    if ruleset.items and ruleset.items.name in answers:
        items = answers[ruleset.items.name]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return [*problems, f"{ruleset.items.name}: must be a list of objects"]
        for number, item in enumerate(items, start=1):
            where = f"{ruleset.items.name}[{number}]."
            problems += _check(item, ruleset.items.questions, pack, where)
    return problems
