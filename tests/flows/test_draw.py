import shutil
from pathlib import Path

import yaml

from flows.draw import TALL_FROM, diagram_path, mermaid
from flows.machine import CONTENT_DIR, Flows, load_flows
from flows.spec import EndNode


def test_committed_diagrams_match_the_flows():
    """A stale diagram misleads the NGO reviewing it: run `onward flows draw`."""
    flows = load_flows()
    for flow in flows.specs:
        assert diagram_path(flows, flow).read_text(encoding="utf-8") == mermaid(flows, flow), flow


def test_a_diagram_shows_buttons_conditions_and_calls():
    diagram = mermaid(load_flows(), "onboarding")
    assert "stateDiagram-v2" in diagram.splitlines()
    assert "welcome --> agree: tap: Yes, that's OK" in diagram
    assert "welcome --> change_language: tap: Change language" in diagram
    assert "app_language --> welcome: if language given" in diagram
    assert "choose_language --> flow_language: runs, then returns" in diagram


def test_a_diagram_shows_the_answers_a_call_gives():
    diagram = mermaid(load_flows(), "tonight")
    assert "search --> flow_find_help: runs with need housing_tonight, then returns" in diagram


def chain(tmp_path: Path, steps: int) -> Flows:
    """The shipped flows and one of `steps` messages in a row and an end (steps + 1 states)."""
    for shipped in CONTENT_DIR.glob("*.yaml"):
        shutil.copy(shipped, tmp_path)
    nodes = {
        f"step{i}": {"kind": "message", "text": "Hi", "next": f"step{i + 1}"} for i in range(steps)
    }
    nodes[f"step{steps}"] = {"kind": "end"}
    flow = {"flow": "chain", "start": "step0", "nodes": nodes}
    (tmp_path / "chain.yaml").write_text(yaml.safe_dump(flow), encoding="utf-8")
    return load_flows(tmp_path)


def direction(diagram: str) -> str:
    return next(line.split()[1] for line in diagram.splitlines() if "direction" in line.split())


def test_every_end_step_and_nothing_else_leads_to_the_end_mark():
    flows = load_flows()
    for flow, spec in flows.specs.items():
        ends = {name for name, node in spec.nodes.items() if isinstance(node, EndNode)}
        marked = {
            line.split()[0]
            for line in mermaid(flows, flow).splitlines()
            if line.endswith("--> [*]")
        }
        assert marked == ends, flow
    forget = mermaid(flows, "forget").splitlines()
    assert "  erased --> [*]" in forget
    assert "  kept --> [*]" in forget


def test_no_step_is_drawn_as_the_active_one():
    """The drawing's machine sits in the start state; a reader must not see it highlighted."""
    flows = load_flows()
    for flow, spec in flows.specs.items():
        diagram = mermaid(flows, flow)
        assert f"Class {spec.start} s_default" in diagram, flow
        assert not [
            line
            for line in diagram.splitlines()
            if line.startswith("  Class ") and not line.endswith(" s_default")
        ], flow


def test_a_short_flow_reads_left_to_right_and_a_long_one_top_to_bottom(tmp_path: Path):
    assert direction(mermaid(chain(tmp_path, 3), "chain")) == "LR"
    assert direction(mermaid(chain(tmp_path, TALL_FROM - 2), "chain")) == "LR"
    assert direction(mermaid(chain(tmp_path, TALL_FROM - 1), "chain")) == "TB"
    assert direction(mermaid(chain(tmp_path, 50), "chain")) == "TB"


def test_the_long_shipped_flows_are_drawn_top_to_bottom():
    flows = load_flows()
    assert direction(mermaid(flows, "my_record")) == "TB"
    assert direction(mermaid(flows, "forget")) == "LR"
