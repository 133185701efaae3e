"""Actions for "My record": gathering convictions one at a time, and explaining what the
rule pack decides. The decision itself is `outcome_json`, the same as `onward rules run`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_
from flows.rulebook.load import LoadedPack, load_packs, outcome_json
from flows.sources import described

ORDERS = frozenset(
    {
        "community_order",
        "youth_rehabilitation_order",
        "referral_order",
        "conditional_discharge",
        "hospital_order",
        "bind_over",
        "driving_disqualification",
        "other_order",
    }
)
UNTIL_FURTHER_ORDER = "until_further_order"
FLOW_ONLY = ("order_has_end",)  # asked by the flow to tell "no end date" from "I don't know"
CONVICTIONS = "convictions"
KEPT = "my_record"
HEADING = N_("Here is what I worked out:")
SPENT_SINCE = N_("{number}. {what}, {date}: spent since {spent}.")
SPENT_ON = N_("{number}. {what}, {date}: it will be spent on {spent}.")
NEVER = N_("{number}. {what}, {date}: never spent.")
AT_ONCE = N_("{number}. {what}, {date}: spent straight away.")
MISSING = N_("{number}. {what}, {date}: I cannot work this out without: {missing}")
NOT_COVERED = N_(
    "{number}. {what}, {date}: the rules I have do not cover this. "
    "A legal advice service can tell you."
)
KEPT_UNSPENT = N_("A later conviction keeps this one unspent for longer.")
DEPENDS = N_(
    "{number}. {what}, {date}: this depends on conviction {others}, which I could not work out."
)
SOURCE = N_("Source: {source}, last reviewed {date}")
MISSING_ANY = N_("I cannot work this out without: {missing}")
NOT_ADVICE = N_("This is general information, not legal advice.")

# Michigan: one line for the conviction, then what the court route and Clean Slate give.
MI_ITEM = N_("{number}. {what}, convicted {date}:")
A_CONVICTION = N_("A conviction")
APPLY_NOW = N_("You can apply to the court to set it aside now (since {day}).")
APPLY_FROM = N_("You can apply to the court to set it aside from {day}.")
APPLY_OVER_CAP = N_(
    "The court cannot set aside this many convictions of this kind. "
    "A lawyer can check whether some count as one."
)
APPLY_UNSETTLED = N_("Whether you can apply: the rules I have do not settle this. A lawyer can.")
APPLY_MISSING = N_("Whether you can apply: I cannot work this out without: {missing}")
APPLY_DEPENDS = N_("Whether you can apply: this depends on conviction {others}.")
NEVER_SET_ASIDE = N_("It can never be set aside.")
AUTO_DONE = N_("It should have been set aside automatically on {day}.")
AUTO_ON = N_("It should be set aside automatically on {day}, if nothing changes.")
AUTO_NOT = N_("It will not be set aside automatically.")
AUTO_PENDING = N_("It will not be set aside automatically while a case is open.")
AUTO_OVER_CAP = N_(
    "It may not be set aside automatically: only 2 felonies, or 4 misdemeanors that can mean "
    "more than 90 days in jail, can be."
)
AUTO_LATER = N_("A later conviction stops it being set aside automatically.")
AUTO_MISSING = N_("Automatically: I cannot work this out without: {missing}")
AUTO_UNSETTLED = N_("Automatically: the rules I have do not settle this.")
APPLY_VERDICTS = {"never": NEVER_SET_ASIDE, "over_cap": APPLY_OVER_CAP}
# A limit on how many of a kind the court sets aside, which leaves each one open to apply for.
LIMITS = {
    "at_most_two_assaultive": N_(
        "The court can set aside at most 2 convictions for assaultive crimes in your life. "
        "You choose which ones to apply for."
    )
}
AUTO_VERDICTS = {
    "not_automatic": AUTO_NOT,
    "pending_case": AUTO_PENDING,
    "over_cap": AUTO_OVER_CAP,
    "later_conviction": AUTO_LATER,
}


@cache
def packs() -> dict[str, LoadedPack]:
    return load_packs()


def _item_questions(ctx: ActionContext) -> list[str]:
    ruleset = packs()[ctx.params["pack"]].pack.rulesets[ctx.params["ruleset"]]
    return list(ruleset.items.questions) if ruleset.items else []


def _every_question() -> tuple[str, ...]:
    """What any pack asks, person-wide or per conviction: all of it goes when asked to."""
    names = {
        name
        for loaded in packs().values()
        for ruleset in loaded.pack.rulesets.values()
        for name in [*ruleset.questions, *(ruleset.items.questions if ruleset.items else [])]
    }
    return tuple(sorted(names))


async def add_conviction(ctx: ActionContext) -> ActionResult:
    """The answers about one conviction become an item of the list, and are asked afresh
    for the next."""
    fields = _item_questions(ctx)
    item = {name: ctx.answers[name] for name in fields if ctx.answers.get(name) is not None}
    if item.get("disposal") in ORDERS:
        has_end = ctx.answers.get("order_has_end")
        if has_end is False:
            item["ends"] = "none"  # the order itself gives no end date
        if has_end is not None:
            # "until a court ends it" is s.5(2A); an end date or none at all is not
            item["indefinite"] = has_end == UNTIL_FURTHER_ORDER
    listed = [*(ctx.answers.get(CONVICTIONS) or []), item]
    return ActionResult(value=listed, forget=(*fields, *FLOW_ONLY))


Line = Callable[[int, dict[str, Any], dict[str, dict[str, Any]], LoadedPack, ActionContext], str]


def outcome_action(line: Line) -> Any:
    """An action that runs the pack on the convictions given and explains each result,
    citing every rule it used."""

    async def explain(ctx: ActionContext) -> ActionResult:
        loaded = packs()[ctx.params["pack"]]
        items = list(ctx.answers.get(CONVICTIONS) or [])
        answers = {
            name: ctx.answers[name]
            for name in loaded.pack.rulesets[ctx.params["ruleset"]].questions
            if ctx.answers.get(name) is not None
        }
        found = outcome_json(loaded, ctx.params["ruleset"], {**answers, CONVICTIONS: items})
        t = ctx.translator
        lines = [t.gettext(HEADING)]
        cited: dict[str, str] = {}
        for number, item in enumerate(items, start=1):
            decisions = {name: values[number - 1] for name, values in found.items()}
            lines.append(line(number, item, decisions, loaded, ctx))
            for decision in decisions.values():
                for source in _sources(decision):
                    cited_as = described(source["title"], source["url"], t)
                    cited[cited_as] = source["last_reviewed"]
        shown = lines[1 : 1 + len(items)]
        lines.append("")
        for cited_as, reviewed in cited.items():
            day = t.date(dt.date.fromisoformat(reviewed))
            lines.append(t.gettext(SOURCE).format(source=cited_as, date=day))
        lines.append(t.gettext(NOT_ADVICE))
        return ActionResult(texts=["\n".join(lines)], value=shown)

    return explain


def _sources(decision: dict[str, Any]) -> list[dict[str, str]]:
    if decision.get("value") == "none":
        return []  # a law that never applied to this conviction (an older table) is no source
    found = [decision["source"]] if "source" in decision else []
    return found + [e["source"] for e in decision.get("extended_by", [])]


def _when(item: dict[str, Any], ctx: ActionContext) -> str:
    day = item.get("date")
    return ctx.translator.date(dt.date.fromisoformat(day)) if isinstance(day, str) else "?"


def _missing(decision: dict[str, Any], loaded: LoadedPack, ctx: ActionContext) -> str:
    return " ".join(
        ctx.translator.gettext(loaded.pack.questions[name].text)
        for name in decision.get("missing") or []
    )


def _others(decision: dict[str, Any], ctx: ActionContext) -> str:
    t = ctx.translator
    return t.join([t.number(n) for n in decision["depends_on"]])


def spent_line(
    number: int,
    item: dict[str, Any],
    decisions: dict[str, dict[str, Any]],
    loaded: LoadedPack,
    ctx: ActionContext,
) -> str:
    """England and Wales: when the conviction or caution becomes spent."""
    t = ctx.translator
    decision = decisions["spent"]
    what = ctx.describe("disposal", item.get("disposal"))
    values: dict[str, Any] = {"number": number, "what": what, "date": _when(item, ctx)}
    if not decision.get("decided"):
        missing = decision.get("missing") or []
        if decision.get("depends_on") and not missing:
            return t.gettext(DEPENDS).format(**values, others=_others(decision, ctx))
        if not missing:
            return t.gettext(NOT_COVERED).format(**values)
        return t.gettext(MISSING).format(**values, missing=_missing(decision, loaded, ctx))
    spent = decision["value"]
    if spent == "never":
        text = t.gettext(NEVER).format(**values)
    elif spent == "immediately":
        text = t.gettext(AT_ONCE).format(**values)
    else:
        day = dt.date.fromisoformat(spent)
        template = SPENT_SINCE if day <= ctx.now.date() else SPENT_ON
        text = t.gettext(template).format(**values, spent=t.date(day))
    if decision.get("extended_by"):
        text += " " + t.gettext(KEPT_UNSPENT)
    return text + _says(decision, loaded, ctx)


def _says(decision: dict[str, Any], loaded: LoadedPack, ctx: ActionContext) -> str:
    """What the deciding rule adds for the person, such as a day that is only the latest
    one the law allows (LASPO 2012 s.141 for the older rules the pack has not read)."""
    outcome = loaded.pack.rulesets[ctx.params["ruleset"]].outcomes["spent"]
    says = next((r.says for r in outcome.rules if r.id == decision.get("rule")), None)
    return " " + ctx.translator.gettext(says) if says else ""


def set_aside_line(
    number: int,
    item: dict[str, Any],
    decisions: dict[str, dict[str, Any]],
    loaded: LoadedPack,
    ctx: ActionContext,
) -> str:
    """Michigan: whether and when the court can set it aside, and whether Clean Slate will."""
    t = ctx.translator
    level = item.get("level")
    what = ctx.describe("level", level) if level else t.gettext(A_CONVICTION)
    head = t.gettext(MI_ITEM).format(number=number, what=what, date=_when(item, ctx))
    petition, automatic = decisions["petition"], decisions["automatic"]
    parts = [head, _apply(petition, loaded, ctx)]
    limit = decisions.get("limit", {})
    if limit.get("decided") and limit["value"] in LIMITS:
        parts.append(t.gettext(LIMITS[limit["value"]]))
    if not (automatic.get("decided") and automatic["value"] == "never"):
        parts.append(_automatic(automatic, loaded, ctx))
    return " ".join(part for part in parts if part)


def _apply(decision: dict[str, Any], loaded: LoadedPack, ctx: ActionContext) -> str:
    t = ctx.translator
    if not decision.get("decided"):
        if decision.get("missing"):
            return t.gettext(APPLY_MISSING).format(missing=_missing(decision, loaded, ctx))
        if decision.get("depends_on"):
            return t.gettext(APPLY_DEPENDS).format(others=_others(decision, ctx))
        return t.gettext(APPLY_UNSETTLED)
    found = decision["value"]
    if found in APPLY_VERDICTS:
        return t.gettext(APPLY_VERDICTS[found])
    day = dt.date.fromisoformat(found)
    template = APPLY_NOW if day <= ctx.now.date() else APPLY_FROM
    return t.gettext(template).format(day=t.date(day))


def _automatic(decision: dict[str, Any], loaded: LoadedPack, ctx: ActionContext) -> str:
    t = ctx.translator
    if not decision.get("decided"):
        if decision.get("missing"):
            return t.gettext(AUTO_MISSING).format(missing=_missing(decision, loaded, ctx))
        return t.gettext(AUTO_UNSETTLED)
    found = decision["value"]
    if found in AUTO_VERDICTS:
        return t.gettext(AUTO_VERDICTS[found])
    day = dt.date.fromisoformat(found)
    template = AUTO_DONE if day <= ctx.now.date() else AUTO_ON
    return t.gettext(template).format(day=t.date(day))


async def keep_record(ctx: ActionContext) -> ActionResult:
    """Keep the answer, as the person read it, and not the details behind it."""
    return ActionResult(
        value=ctx.answers.get("record_lines"),
        forget=(CONVICTIONS, "record_lines", *_every_question(), *FLOW_ONLY),
    )


async def forget_record(ctx: ActionContext) -> ActionResult:
    return ActionResult(forget=(CONVICTIONS, "record_lines", KEPT, *_every_question(), *FLOW_ONLY))


def register(registry: ActionRegistry) -> None:
    registry.register("add_conviction", add_conviction)
    registry.register("record_outcome", outcome_action(spent_line))
    registry.register("set_aside_outcome", outcome_action(set_aside_line))
    registry.register("keep_record", keep_record)
    registry.register("forget_record", forget_record)
