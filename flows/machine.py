"""Loading flow files and compiling them, once, into one shared hierarchical machine.

Each flow is a parent state and its nodes are children (`flow.node`). Only three
triggers exist (press, proceed, call), because attaching a model to the machine binds
every trigger to it: few triggers keep each turn's attach cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, cast

import yaml
from pydantic import ValidationError
from transitions.core import EventData
from transitions.extensions.nesting import HierarchicalMachine, NestedState

from directory.yamlsource import PathKey, SourceMap, load_yaml, yaml_problem
from flows.errors import FlowError, Problem
from flows.spec import (
    CallNode,
    Condition,
    FlowSpec,
    MenuNode,
    MessageNode,
    Node,
    QuestionNode,
    ResultsNode,
    Route,
    Topic,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
ENTRY_FLOW = "onboarding"
MENU_FLOW = "menu"
URGENT_FLOW = "urgent"
LANGUAGE_FLOW = "language"
PRIVACY_FLOW = "privacy"
FORGET_FLOW = "forget"
REQUIRED_FLOWS = (ENTRY_FLOW, MENU_FLOW, URGENT_FLOW, LANGUAGE_FLOW, PRIVACY_FLOW, FORGET_FLOW)
SEPARATOR = "."


class FlowNodeState(NestedState):
    """Node names use `_`, so flows and nodes are joined with a dot instead."""

    separator = SEPARATOR


class FlowMachine(HierarchicalMachine):
    state_cls = FlowNodeState

    def _add_model_to_state(self, state: Any, model: Any) -> None:
        """Skip binding `is_<state>` helpers and per-state triggers to each turn's model.

        The engine only calls `model.trigger(...)`; binding a helper for every state on
        every turn was most of the cost of attaching a model.
        """


class _HasAnswers(Protocol):
    answers: dict[str, Any]


@dataclass(frozen=True)
class AnswerTest:
    """A route's condition, evaluated against the answers on the attached model."""

    condition: Condition

    def __call__(self, event: EventData) -> bool:
        return holds(self.condition, cast(_HasAnswers, event.model).answers)


@dataclass(frozen=True)
class ButtonIs:
    choice: int | str

    def __call__(self, event: EventData) -> bool:
        return bool(event.kwargs.get("choice") == self.choice)


def holds(condition: Condition, answers: dict[str, Any]) -> bool:
    value = answers.get(condition.answer)
    if condition.given is not None:
        return (value is not None) == condition.given
    if condition.one_of is not None:
        return value in condition.one_of
    if condition.above is not None:
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and value > condition.above
        )
    return bool(value == condition.equals)


def state_name(flow: str, node: str) -> str:
    return f"{flow}{SEPARATOR}{node}"


def routes_of(node: Node) -> list[Route]:
    return list(getattr(node, "next", []))


@dataclass
class Flows:
    """Every flow, its source lines, and the one machine compiled from them."""

    specs: dict[str, FlowSpec]
    sources: dict[str, SourceMap]
    machine: FlowMachine = field(init=False)
    state_names: list[str] = field(init=False)
    state_ids: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.state_names = [state_name(f, n) for f, spec in self.specs.items() for n in spec.nodes]
        self.state_ids = {name: i for i, name in enumerate(self.state_names)}
        self.machine = _compile(self)

    def node(self, state: str) -> tuple[FlowSpec, str, Node]:
        flow, _, node = state.partition(SEPARATOR)
        spec = self.specs[flow]
        return spec, node, spec.nodes[node]

    def start_of(self, flow: str) -> str:
        return state_name(flow, self.specs[flow].start)

    def topics(self) -> list[tuple[str, Topic]]:
        """Flows shown in the main menu, in their declared order."""
        listed = [(name, spec.topic) for name, spec in self.specs.items() if spec.topic]
        return sorted(listed, key=lambda item: (item[1].order, item[0]))

    def questions(self) -> Iterator[tuple[str, str, QuestionNode]]:
        for flow, spec in self.specs.items():
            for name, node in spec.nodes.items():
                if isinstance(node, QuestionNode):
                    yield flow, name, node

    @cached_property
    def question_asking(self) -> dict[str, QuestionNode]:
        """The question whose answer is kept under each name."""
        return {question.save_as: question for _, _, question in self.questions()}

    def line_of(self, flow: str, *path: str | int) -> int:
        return self.sources[flow].line_of(path)


def _compile(flows: Flows) -> FlowMachine:
    states = [
        {"name": flow, "children": list(spec.nodes), "initial": spec.start}
        for flow, spec in flows.specs.items()
    ]
    machine = FlowMachine(
        model=None,
        states=states,
        initial=None,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=True,
    )
    for flow, spec in flows.specs.items():
        for name, node in spec.nodes.items():
            for trigger, dest, conditions in _edges(flows, flow, node):
                machine.add_transition(
                    trigger, state_name(flow, name), dest, conditions=conditions
                )
    return machine


Edge = tuple[str, str, list[Any]]


def _edges(flows: Flows, flow: str, node: Node) -> list[Edge]:
    edges: list[Edge] = []
    if isinstance(node, MessageNode | ResultsNode):
        for index, button in enumerate(node.buttons):
            edges.append(("press", state_name(flow, button.to), [ButtonIs(index)]))
    if isinstance(node, MenuNode):
        for topic, _ in flows.topics():
            edges.append(("press", flows.start_of(topic), [ButtonIs(topic)]))
    if isinstance(node, CallNode):
        edges.append(("call", flows.start_of(node.flow), []))
    for route in routes_of(node):
        conditions = [AnswerTest(route.when)] if route.when else []
        edges.append(("proceed", state_name(flow, route.to), conditions))
    return edges


def _validation_problems(error: ValidationError, source: SourceMap) -> list[Problem]:
    problems = []
    for item in error.errors():
        path = _without_union_tag(tuple(item["loc"]))
        where = ".".join(str(p) for p in path) or "the file"
        problems.append(Problem(source.file, source.line_of(path), f"{where}: {item['msg']}"))
    return problems


NODE_KINDS = frozenset({"message", "question", "action", "results", "call", "menu", "end"})


def _without_union_tag(loc: tuple[str | int, ...]) -> PathKey:
    """Pydantic puts the node kind into error paths (nodes.x.message.text); the file does not."""
    if len(loc) > 2 and loc[0] == "nodes" and loc[2] in NODE_KINDS:
        return (*loc[:2], *loc[3:])
    return loc


def _reference_problems(
    specs: dict[str, FlowSpec], sources: dict[str, SourceMap]
) -> list[Problem]:
    """Every `to`, `start` and called flow names something that exists."""
    problems: list[Problem] = []
    for flow, spec in specs.items():
        source = sources[flow]
        if spec.start not in spec.nodes:
            problems.append(
                Problem(
                    source.file,
                    source.line_of(("start",)),
                    f"start node '{spec.start}' is not in this flow",
                )
            )
        for name, node in spec.nodes.items():
            targets: list[tuple[PathKey, str]] = [
                (("nodes", name, "next", i, "to"), r.to) for i, r in enumerate(routes_of(node))
            ]
            if isinstance(node, MessageNode | ResultsNode):
                targets += [
                    (("nodes", name, "buttons", i, "to"), b.to) for i, b in enumerate(node.buttons)
                ]
            for path, target in targets:
                if target not in spec.nodes:
                    problems.append(
                        Problem(
                            source.file,
                            source.line_of(path),
                            f"'{target}' is not a node of flow '{flow}'",
                        )
                    )
            if isinstance(node, CallNode) and node.flow not in specs:
                problems.append(
                    Problem(
                        source.file,
                        source.line_of(("nodes", name, "flow")),
                        f"flow '{node.flow}' does not exist",
                    )
                )
    missing = [f for f in REQUIRED_FLOWS if f not in specs]
    if missing and sources:
        first = next(iter(sources.values()))
        problems.append(Problem(first.file.parent, 1, f"required flows missing: {missing}"))
    return problems


def _read(file: Path) -> tuple[FlowSpec | None, SourceMap, list[Problem]]:
    try:
        data, source = load_yaml(file)
    except FlowError as error:
        return None, SourceMap(file), error.problems
    except yaml.YAMLError as error:
        return None, SourceMap(file), [yaml_problem(file, error)]
    if not isinstance(data, dict):
        return None, source, [Problem(file, 1, "a flow file must be a mapping with 'flow:'")]
    try:
        return FlowSpec.model_validate(data), source, []
    except ValidationError as error:
        return None, source, _validation_problems(error, source)


def load_flows(content_dir: Path = CONTENT_DIR) -> Flows:
    """Read and compile every flow; raises FlowError naming each bad file and line."""
    specs: dict[str, FlowSpec] = {}
    sources: dict[str, SourceMap] = {}
    problems: list[Problem] = []
    for file in sorted(content_dir.glob("*.yaml")):
        spec, source, found = _read(file)
        problems += found
        if spec is None:
            continue
        if spec.flow in specs:
            problems.append(
                Problem(
                    file,
                    source.line_of(("flow",)),
                    f"flow '{spec.flow}' is also defined in {sources[spec.flow].file}",
                )
            )
            continue
        specs[spec.flow], sources[spec.flow] = spec, source
    if not specs and not problems:
        problems.append(Problem(content_dir, 1, "no flow files (*.yaml) found"))
    problems += _reference_problems(specs, sources)
    if problems:
        raise FlowError(problems)
    return Flows(specs, sources)
