"""`onward flows draw`: each flow as a Mermaid state diagram, for an NGO to review.

Drawn by transitions' own mermaid engine from a machine built for the drawing, whose
triggers are the words a person sees, so the diagram reads like the conversation. Two
things the engine does not do for a flat machine are added here: end steps lead to
`[*]`, and the start is not coloured as the machine's current state (nobody is in it).
A long flow is laid out top to bottom, because left to right it is too wide to read.
"""

from __future__ import annotations

import re
from pathlib import Path

from transitions.extensions import GraphMachine

from flows.machine import Flows, routes_of
from flows.spec import CallNode, Condition, EndNode, FlowSpec, MenuNode, MessageNode, ResultsNode

_UNSAFE = re.compile(r"[^\w '?!,.()/-]")
TALL_FROM = 21
"""A flow drawing this many states or more is laid out top to bottom."""


class _Drawing:
    """The model a GraphMachine needs to draw; it is never run."""


def _label(text: str) -> str:
    return _UNSAFE.sub("", " ".join(text.split())).strip()[:48]


def _when(condition: Condition | None) -> str:
    if condition is None:
        return "next"
    if condition.given is not None:
        return f"if {condition.answer} {'given' if condition.given else 'skipped'}"
    if condition.one_of is not None:
        return f"if {condition.answer} in {', '.join(map(str, condition.one_of))}"
    if condition.above is not None:
        return f"if {condition.answer} over {condition.above:g}"
    return f"if {condition.answer} = {condition.equals}"


def _edges(flows: Flows, spec: FlowSpec) -> list[tuple[str, str, str]]:
    edges = []
    for name, node in spec.nodes.items():
        if isinstance(node, MessageNode | ResultsNode):
            edges += [(f"tap: {_label(b.label)}", name, b.to) for b in node.buttons]
        if isinstance(node, ResultsNode):
            edges.append((f"tap: {_label(node.more_label)}", name, name))
        if isinstance(node, MenuNode):
            edges += [(f"tap: {_label(t.label)}", name, f"flow_{f}") for f, t in flows.topics()]
        if isinstance(node, CallNode):
            given = "".join(f" with {k} {v}" for k, v in node.answers.items())
            edges.append((_label(f"runs{given}, then returns"), name, f"flow_{node.flow}"))
        edges += [(_label(_when(r.when)), name, r.to) for r in routes_of(node)]
    return edges


def mermaid(flows: Flows, flow: str) -> str:
    spec = flows.specs[flow]
    edges = _edges(flows, spec)
    called = sorted({dest for _, _, dest in edges if dest.startswith("flow_")})
    states = [*spec.nodes, *called]
    drawing = _Drawing()
    machine = GraphMachine(
        model=drawing,
        states=states,
        initial=spec.start,
        auto_transitions=False,
        graph_engine="mermaid",
        title=flow,
        show_state_attributes=False,
    )
    machine.machine_attributes = {
        **machine.machine_attributes,
        "rankdir": "TB" if len(states) >= TALL_FROM else "LR",
    }
    for trigger, source, dest in edges:
        machine.add_transition(trigger, source, dest)
    # The machine marks the state its model is in, the start, as active: a reader would
    # take it for a highlighted step.
    machine.model_graphs[id(drawing)].reset_styling()
    text: str = drawing.get_graph().draw(None)  # type: ignore[attr-defined]
    ends = [f"  {name} --> [*]" for name, node in spec.nodes.items() if isinstance(node, EndNode)]
    return "\n".join([text.rstrip(), *ends]) + "\n"


def diagram_path(flows: Flows, flow: str) -> Path:
    return flows.sources[flow].file.with_suffix(".mmd")


def draw_all(flows: Flows, only: str | None = None) -> list[Path]:
    """Write each flow's diagram beside its YAML; returns the files written."""
    written = []
    for flow in flows.specs:
        if only in (None, flow):
            path = diagram_path(flows, flow)
            path.write_text(mermaid(flows, flow), encoding="utf-8")
            written.append(path)
    return written
