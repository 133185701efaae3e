"""The typed shape of a rule pack: its sources, questions, rulesets and worked examples.

A pack is a folder `flows/rules/<code>/` written by people who know the law, not Python:
`pack.yaml` (name, sources, questions, rulesets) and `examples/<ruleset>.yaml`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

QuestionType = Literal["date", "number", "choice", "yes_no"]
UNKNOWN = "unknown"
PREFER_NOT = "prefer_not"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(Strict):
    """Where a rule comes from: a statute's section or an official page."""

    title: str
    url: str


class Option(Strict):
    value: str
    label: str


class Question(Strict):
    """What a ruleset needs to know, asked one at a time by a flow."""

    type: QuestionType
    text: str
    help: str | None = None
    options: list[Option] = []
    minimum: float | None = None
    maximum: float | None = None
    unknown: bool = False
    """The person may answer "I don't know"."""
    prefer_not: bool = False
    """The person may answer "Prefer not to say"."""

    @model_validator(mode="after")
    def _options(self) -> Question:
        if (self.type == "choice") != bool(self.options):
            raise ValueError("a choice question, and only a choice question, has 'options'")
        return self


class Rule(Strict):
    """When `when` holds (or always, without it), the outcome is `then`."""

    id: str
    when: Any = None
    then: Any
    cite: str
    last_reviewed: dt.date
    explain: str | None = None
    """Why, for the people who keep the pack."""
    says: str | None = None
    """What a person reads when this rule decides; {value} is the outcome (a date)."""


class Outcome(Strict):
    """One thing a ruleset decides: the first rule that holds gives it."""

    per_item: bool = False
    rules: list[Rule]
    combine: list[Rule] = []
    """For a per-item outcome: rules applied across items afterwards (further convictions)."""


class Items(Strict):
    """A list the person gives several of (convictions), each answering `questions`."""

    name: str
    questions: list[str]


class Ruleset(Strict):
    title: str
    questions: list[str] = []
    items: Items | None = None
    outcomes: dict[str, Outcome]


class Pack(Strict):
    pack: str
    name: str
    sources: dict[str, Source]
    questions: dict[str, Question]
    rulesets: dict[str, Ruleset]


class Example(Strict):
    """A case from the official guidance, with the answer the guidance gives."""

    name: str
    source: str
    answers: dict[str, Any] = Field(default_factory=dict)
    expected: dict[str, Any]
