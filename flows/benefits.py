"""Actions for "Money and benefits": what a rule pack decides about one benefit, in the
words each rule gives, with its source; the same call as `onward rules run`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_
from flows.record import MISSING_ANY, NOT_ADVICE, SOURCE, packs
from flows.rulebook.load import LoadedPack, outcome_json
from flows.rulebook.spec import Rule
from flows.sources import described

LINES, KEPT = "benefit_lines", "my_benefits"
UNSETTLED = N_("The rules I have do not settle this. A benefits advice service can tell you.")


def _rule(loaded: LoadedPack, ruleset: str, outcome: str, rule_id: str) -> Rule:
    found = loaded.pack.rulesets[ruleset].outcomes[outcome]
    return next(r for r in [*found.rules, *found.combine] if r.id == rule_id)


def _shown(value: Any, ctx: ActionContext) -> str:
    try:
        return ctx.translator.date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


async def benefit_outcome(ctx: ActionContext) -> ActionResult:
    loaded, ruleset = packs()[ctx.params["pack"]], ctx.params["ruleset"]
    asked = loaded.pack.rulesets[ruleset].questions
    answers = {q: ctx.answers[q] for q in asked if ctx.answers.get(q) is not None}
    t = ctx.translator
    lines: list[str] = []
    cited: dict[str, str] = {}
    for name, decision in outcome_json(loaded, ruleset, answers).items():
        line = _line(name, decision, loaded, ruleset, ctx)
        if line and line not in lines:
            lines.append(line)
        if "source" in decision:
            source = decision["source"]
            # In the reader's words, its official English title in brackets (flows.sources).
            cited[described(source["title"], source["url"], t)] = source["last_reviewed"]
    footer = [
        t.gettext(SOURCE).format(source=s, date=t.date(dt.date.fromisoformat(day)))
        for s, day in cited.items()
    ]
    text = "\n".join([*lines, "", *footer, t.gettext(NOT_ADVICE)])
    return ActionResult(texts=[text], value=lines, forget=tuple(asked))


def _line(
    name: str, decision: dict[str, Any], loaded: LoadedPack, ruleset: str, ctx: ActionContext
) -> str | None:
    t = ctx.translator
    if decision.get("decided"):
        rule = _rule(loaded, ruleset, name, decision["rule"])
        if rule.says is None:
            return None
        return t.gettext(rule.says).format(value=_shown(decision["value"], ctx))
    if decision.get("missing"):
        asked = [t.gettext(loaded.pack.questions[q].text) for q in decision["missing"]]
        return t.gettext(MISSING_ANY).format(missing=" ".join(asked))
    if "rule" in decision:
        return t.gettext(UNSETTLED)
    return None  # no rule applies: this outcome says nothing for these answers


async def keep_benefit(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=ctx.answers.get(LINES), forget=(LINES,))


async def forget_benefit(ctx: ActionContext) -> ActionResult:
    return ActionResult(forget=(LINES, KEPT))


def register(registry: ActionRegistry) -> None:
    registry.register("benefit_outcome", benefit_outcome)
    registry.register("keep_benefit", keep_benefit)
    registry.register("forget_benefit", forget_benefit)
