from flows.draw import diagram_path, mermaid
from flows.machine import load_flows


def test_committed_diagrams_match_the_flows():
    """A stale diagram misleads the NGO reviewing it: run `onward flows draw`."""
    flows = load_flows()
    for flow in flows.specs:
        assert diagram_path(flows, flow).read_text(encoding="utf-8") == mermaid(flows, flow), flow


def test_a_diagram_shows_buttons_conditions_and_calls():
    diagram = mermaid(load_flows(), "onboarding")
    assert "stateDiagram-v2" in diagram.splitlines()
    assert "welcome --> choose_language: tap: Let's start" in diagram
    assert "choose_language --> flow_language: runs, then returns" in diagram
