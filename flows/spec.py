"""The typed shape of a flow file.

A flow is a small graph of nodes. Authors write it in YAML; these models say exactly
what each node may hold, so a typo is caught at start-up rather than in a conversation.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
QuestionType = Literal["choice", "yes_no", "date", "number", "text", "location"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Condition(Strict):
    """A test on an answer given earlier: exactly one of equals, in, given or above."""

    answer: str
    equals: Any = None
    one_of: list[Any] | None = Field(default=None, alias="in")
    given: bool | None = None
    above: float | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.equals, self.one_of, self.given, self.above]
        if sum(test is not None for test in tests) != 1:
            raise ValueError("a condition needs exactly one of 'equals', 'in', 'given' or 'above'")
        return self


class Route(Strict):
    """Where to go next; the first route whose condition holds is taken."""

    to: str
    when: Condition | None = None


Routes = list[Route]


def _routes(value: Any) -> Any:
    return [{"to": value}] if isinstance(value, str) else value


class Button(Strict):
    label: str
    to: str
    # One English label that means two things ("Keep them for me": answers, or conditions)
    # needs two translations: the context tells translators which one this is (msgctxt).
    context: str | None = None


class Option(Strict):
    value: str | int | bool
    label: str


class MessageNode(Strict):
    """Text and buttons. With no buttons it shows its text and moves on to `next`."""

    kind: Literal["message"]
    text: str
    buttons: list[Button] = []
    next: Routes = []

    _norm = field_validator("next", mode="before")(_routes)


class QuestionNode(Strict):
    """A typed question whose answer is kept under `save_as`."""

    kind: Literal["question"]
    type: QuestionType
    text: str
    save_as: str
    options: list[Option] = []
    options_from: Literal["languages"] | None = None
    example: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 500
    skip_label: str | None = None
    accept_text: bool = False
    """For a location: a typed place or postcode is kept as {'typed': text}."""
    past: bool = False
    """For a date: it must not be in the future (a conviction, a birth)."""
    not_before: str | None = None
    """For a date: it must not be before the date answered under this name."""
    upcoming: bool = False
    """For a date: an appointment, from today to about five years ahead."""
    next: Routes

    _norm = field_validator("next", mode="before")(_routes)

    @model_validator(mode="after")
    def _choice_has_options(self) -> QuestionNode:
        has_options = bool(self.options) or self.options_from is not None
        if self.type == "choice" and not has_options:
            raise ValueError("a choice question needs 'options' or 'options_from'")
        if self.type != "choice" and has_options:
            raise ValueError("only a choice question takes 'options'")
        if self.accept_text and self.type != "location":
            raise ValueError("only a location question takes 'accept_text'")
        if (self.past or self.not_before or self.upcoming) and self.type != "date":
            raise ValueError("only a date question takes 'past', 'upcoming' or 'not_before'")
        if self.past and self.upcoming:
            raise ValueError("a date cannot be both 'past' and 'upcoming'")
        return self


class ActionNode(Strict):
    """Runs a function the runtime registered; its result is kept under `save_as`."""

    kind: Literal["action"]
    action: str
    params: dict[str, str] = {}
    save_as: str | None = None
    next: Routes

    _norm = field_validator("next", mode="before")(_routes)


class ResultsNode(Strict):
    """Runs an action that lists things to choose from, a page at a time, with "more".

    The chosen item's value is kept under `save_as` before going on to `next`; the
    buttons below the list go elsewhere, as a message's do.
    """

    kind: Literal["results"]
    action: str
    params: dict[str, str] = {}
    save_as: str
    page_size: int = Field(default=4, ge=1, le=8)
    more_label: str
    buttons: list[Button] = []
    next: Routes

    _norm = field_validator("next", mode="before")(_routes)


class CallNode(Strict):
    """Runs another flow from its start; when that flow ends, goes on to `next`."""

    kind: Literal["call"]
    flow: str
    answers: dict[str, str | int | bool] = {}
    """Answers given to the called flow: its questions asking for them are not asked."""
    next: Routes

    _norm = field_validator("next", mode="before")(_routes)


class MenuNode(Strict):
    """Lists every flow that declares a topic; the chosen flow returns here."""

    kind: Literal["menu"]
    text: str


class EndNode(Strict):
    """Ends the flow and returns to whoever called it (the main menu by default)."""

    kind: Literal["end"]
    text: str | None = None


Node = Annotated[
    MessageNode | QuestionNode | ActionNode | ResultsNode | CallNode | MenuNode | EndNode,
    Field(discriminator="kind"),
]


class Topic(Strict):
    """How a flow appears in the main menu."""

    label: str
    order: int = 100
    counted: bool = True
    """Whether the operator's report counts the people who reach it (core/usage.py):
    settings and privacy are not help, so they say `counted: false`."""


class FlowSpec(Strict):
    flow: str
    start: str
    topic: Topic | None = None
    nodes: dict[str, Node]

    @field_validator("flow")
    @classmethod
    def _flow_name(cls, value: str) -> str:
        if not NAME.match(value):
            raise ValueError(f"flow name '{value}' must be lowercase letters, digits and _")
        return value

    @field_validator("nodes")
    @classmethod
    def _node_names(cls, nodes: dict[str, Node]) -> dict[str, Node]:
        for name in nodes:
            if not NAME.match(name):
                raise ValueError(f"node name '{name}' must be lowercase letters, digits and _")
        return nodes
