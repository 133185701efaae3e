"""`onward flows check`: what would strand a person or speak to them in the wrong language."""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path

from directory.yamlsource import PathKey
from flows.actions import ActionRegistry
from flows.crisis import CRISIS_TOPIC
from flows.errors import FlowError, Problem
from flows.guidance import GUIDANCE_DIR, Guidance, GuidanceError, load_guidance
from flows.guidance import texts as guidance_texts
from flows.i18n import SHIPPED_LOCALES, Catalogs
from flows.machine import REQUIRED_FLOWS, Flows, routes_of
from flows.needs import NeedsDetector, given_problem, needs_problems
from flows.rulebook.load import (
    RULES_DIR,
    LoadedPack,
    PackError,
    failing_examples,
    load_packs,
)
from flows.sources import links_with_titles, unknown_publishers
from flows.spec import (
    ActionNode,
    CallNode,
    EndNode,
    FlowSpec,
    MenuNode,
    MessageNode,
    QuestionNode,
    ResultsNode,
)

# Values every text may name in braces besides earlier answers, filled by the engine.
TEXT_VARIABLES = frozenset({"language_name"})
# Answers the engine itself keeps, which a route's condition may test.
ENGINE_ANSWERS = frozenset({CRISIS_TOPIC})


def texts_of(spec: FlowSpec) -> Iterator[tuple[PathKey, str]]:
    """Every text a person can read in a flow, with where it stands in the file."""
    if spec.topic:
        yield ("topic", "label"), spec.topic.label
    for name, node in spec.nodes.items():
        at: PathKey = ("nodes", name)
        text = getattr(node, "text", None)
        if text:
            yield (*at, "text"), text
        if isinstance(node, MessageNode | ResultsNode):
            for i, button in enumerate(node.buttons):
                yield (*at, "buttons", i, "label"), button.label
        if isinstance(node, ResultsNode):
            yield (*at, "more_label"), node.more_label
        if isinstance(node, QuestionNode):
            for i, option in enumerate(node.options):
                yield (*at, "options", i, "label"), option.label
            if node.skip_label:
                yield (*at, "skip_label"), node.skip_label
            if node.example:
                yield (*at, "example"), node.example


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _local_edges(spec: FlowSpec, name: str) -> list[str]:
    node = spec.nodes[name]
    targets = [route.to for route in routes_of(node)]
    if isinstance(node, MessageNode | ResultsNode):
        targets += [button.to for button in node.buttons]
    return targets


def _reachability(flows: Flows) -> list[Problem]:
    problems = []
    called = {
        n.flow for s in flows.specs.values() for n in s.nodes.values() if isinstance(n, CallNode)
    }
    entered = called | {flow for flow, _ in flows.topics()} | set(REQUIRED_FLOWS)
    for flow, spec in flows.specs.items():
        if flow not in entered:
            problems.append(
                Problem(
                    flows.sources[flow].file,
                    flows.line_of(flow, "flow"),
                    f"no menu topic, call or command ever starts flow '{flow}'",
                )
            )
        seen, todo = {spec.start}, [spec.start]
        while todo:
            for target in _local_edges(spec, todo.pop()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        for name in spec.nodes:
            if name not in seen:
                problems.append(
                    Problem(
                        flows.sources[flow].file,
                        flows.line_of(flow, "nodes", name),
                        f"node '{name}' cannot be reached from '{spec.start}'",
                    )
                )
    return problems


def _way_out(flows: Flows) -> list[Problem]:
    problems = []
    for flow, spec in flows.specs.items():
        for name, node in spec.nodes.items():
            routes = routes_of(node)
            line = flows.line_of(flow, "nodes", name)
            stuck = False
            if isinstance(node, MessageNode):
                stuck = not node.buttons and not routes
            elif isinstance(node, MenuNode):
                stuck = not flows.topics()
            elif not isinstance(node, EndNode):
                stuck = not routes
            if stuck:
                problems.append(
                    Problem(
                        flows.sources[flow].file,
                        line,
                        f"node '{name}' has no way out: add buttons or 'next'",
                    )
                )
            if routes and routes[-1].when is not None:
                problems.append(
                    Problem(
                        flows.sources[flow].file,
                        flows.line_of(flow, "nodes", name, "next"),
                        f"node '{name}': the last route needs no 'when', "
                        "so there is always a way on",
                    )
                )
    return problems


def _answers_and_actions(flows: Flows, actions: ActionRegistry) -> list[Problem]:
    problems = []
    answers = answer_names(flows) | ENGINE_ANSWERS
    for flow, spec in flows.specs.items():
        file = flows.sources[flow].file
        for name, node in spec.nodes.items():
            if isinstance(node, ActionNode | ResultsNode) and node.action not in actions:
                problems.append(
                    Problem(
                        file,
                        flows.line_of(flow, "nodes", name, "action"),
                        f"action '{node.action}' is not registered",
                    )
                )
            for i, route in enumerate(routes_of(node)):
                if route.when and route.when.answer not in answers:
                    problems.append(
                        Problem(
                            file,
                            flows.line_of(flow, "nodes", name, "next", i, "when", "answer"),
                            f"condition names answer '{route.when.answer}', "
                            "which no question gives",
                        )
                    )
    return problems


def _given_answers(flows: Flows, needs: NeedsDetector | None) -> list[Problem]:
    """Answers a call gives the flow it calls, and those a typed need gives (the needs
    lexicon, flows/needs_words.yaml), name questions of that flow and fit them."""
    problems = []
    for flow, spec in flows.specs.items():
        for name, node in spec.nodes.items():
            if not isinstance(node, CallNode) or node.flow not in flows.specs:
                continue
            for key, value in node.answers.items():
                reason = given_problem(flows.specs[node.flow], key, value)
                if reason:
                    line = flows.line_of(flow, "nodes", name, "answers", key)
                    problems.append(Problem(flows.sources[flow].file, line, reason))
    try:
        detector = needs or NeedsDetector.load()
    except FlowError as error:
        return problems + error.problems
    return problems + needs_problems(detector, flows.specs)


def answer_names(flows: Flows) -> set[str]:
    """Every name an answer is kept under, by a question or an action."""
    return {
        node.save_as
        for spec in flows.specs.values()
        for node in spec.nodes.values()
        if isinstance(node, QuestionNode | ActionNode | ResultsNode) and node.save_as
    }


def _translations(flows: Flows, catalogs: Catalogs) -> list[Problem]:
    problems = []
    known = TEXT_VARIABLES | answer_names(flows)
    for flow, spec in flows.specs.items():
        file = flows.sources[flow].file
        for path, text in texts_of(spec):
            line = flows.line_of(flow, *path)
            unknown = _fields(text) - known
            if unknown:
                problems.append(
                    Problem(file, line, f"text names unknown values {sorted(unknown)}")
                )
            for locale in SHIPPED_LOCALES:
                if catalogs.missing(locale, [text]):
                    problems.append(
                        Problem(file, line, f"not translated into {locale}: {text[:40]!r}")
                    )
                elif _fields(catalogs.translator(locale).gettext(text)) != _fields(text):
                    problems.append(
                        Problem(file, line, f"{locale} translation changes the {{names}}")
                    )
    return problems


def _guidance(flows: Flows, catalogs: Catalogs) -> list[Problem]:
    """Each guidance a flow shows exists, and every guidance text is translated."""
    try:
        guidance = load_guidance()
    except GuidanceError as error:
        return error.problems
    problems = []
    for flow, spec in flows.specs.items():
        for name, node in spec.nodes.items():
            if not (isinstance(node, ActionNode) and node.action == "show_guidance"):
                continue
            topic = guidance.get(node.params.get("topic", ""))
            if topic is None or node.params.get("part") not in topic.parts:
                problems.append(
                    Problem(
                        flows.sources[flow].file,
                        flows.line_of(flow, "nodes", name, "params"),
                        f"no guidance {node.params}: topics are {sorted(guidance)}",
                    )
                )
    for locale in SHIPPED_LOCALES:
        for text in catalogs.missing(locale, guidance_texts(guidance)):
            problems.append(
                Problem(GUIDANCE_DIR, 1, f"guidance not translated into {locale}: {text[:40]!r}")
            )
    return problems + _guidance_sources(guidance)


def _guidance_sources(guidance: dict[str, Guidance]) -> list[Problem]:
    """Every guidance text names its source (a link, or that it is general information),
    and a reader can be told in their language who published each link."""
    problems = []
    for topic, each in guidance.items():
        for region, entries in each.regions.items():
            for part, entry in entries.items():
                where = f"guidance {topic}, {region}, {part}"
                if not entry.source.strip():
                    problems.append(Problem(GUIDANCE_DIR, 1, f"{where}: no source"))
                links = [link for _, link in links_with_titles(entry.source)]
                problems += [
                    Problem(GUIDANCE_DIR, 1, f"{where}: no description of who publishes {link}")
                    for link in unknown_publishers(links)
                ]
    return problems


def _pack_texts(loaded: LoadedPack) -> list[str]:
    """Everything a pack shows a person: questions, their help and options, and what each
    rule says when it decides."""
    words = []
    for question in loaded.pack.questions.values():
        words += [question.text, *([question.help] if question.help else [])]
        words += [option.label for option in question.options]
    for ruleset in loaded.pack.rulesets.values():
        for outcome in ruleset.outcomes.values():
            words += [r.says for r in [*outcome.rules, *outcome.combine] if r.says]
    return words


def _rule_packs(catalogs: Catalogs, rules_dir: Path) -> list[Problem]:
    """Each pack loads, agrees with its worked examples, and asks in every language."""
    try:
        packs = load_packs(rules_dir)
    except PackError as error:
        return error.problems
    problems = []
    for loaded in packs.values():
        problems += failing_examples(loaded)
        file = loaded.folder / "pack.yaml"
        for locale in SHIPPED_LOCALES:
            for text in catalogs.missing(locale, _pack_texts(loaded)):
                problems.append(Problem(file, 1, f"not translated into {locale}: {text[:40]!r}"))
        links = [source.url for source in loaded.pack.sources.values()]
        problems += [
            Problem(file, 1, f"no description of who publishes {link} (flows/sources.py)")
            for link in unknown_publishers(links)
        ]
    return problems


def check_flows(
    flows: Flows,
    catalogs: Catalogs,
    actions: ActionRegistry,
    rules_dir: Path = RULES_DIR,
    needs: NeedsDetector | None = None,
) -> list[Problem]:
    """Everything wrong with the loaded flows; an empty list means they are fit to run."""
    return (
        _reachability(flows)
        + _way_out(flows)
        + _answers_and_actions(flows, actions)
        + _given_answers(flows, needs)
        + _translations(flows, catalogs)
        + _guidance(flows, catalogs)
        + _rule_packs(catalogs, rules_dir)
    )
