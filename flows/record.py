"""Actions for "My record": gathering convictions one at a time, and explaining what the
rule pack decides. The decision itself is `outcome_json`, the same as `onward rules run`."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_
from flows.rulebook.load import LoadedPack, load_packs, outcome_json

ITEM_FIELDS = ("date", "age", "disposal", "length_months", "ends", "schedule_18", "paid_in_full")
ORDERS = frozenset(
    {"community_order", "youth_rehabilitation_order", "referral_order", "conditional_discharge"}
)
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
MEANING = N_(
    "Once a conviction or caution is spent, it is not on a basic DBS check, and you usually "
    "do not have to tell an employer. It can still show on a standard or enhanced check, "
    "unless it is filtered."
)
SOURCE = N_("Source: {source}, last reviewed {date}")
NOT_ADVICE = N_("This is general information, not legal advice.")
MEANING_SOURCE = (
    "GOV.UK, Check if you need to tell someone about your criminal record "
    "(https://www.gov.uk/tell-employer-or-college-about-criminal-record)"
)
MEANING_REVIEWED = dt.date(2026, 11, 22)


@cache
def packs() -> dict[str, LoadedPack]:
    return load_packs()


async def add_conviction(ctx: ActionContext) -> ActionResult:
    """The answers about one conviction become an item of the list, and are asked afresh
    for the next."""
    item = {name: ctx.answers[name] for name in ITEM_FIELDS if ctx.answers.get(name) is not None}
    if item.get("disposal") in ORDERS and ctx.answers.get("order_has_end") is False:
        item["ends"] = "none"  # the order itself gives no end date
    listed = [*(ctx.answers.get(CONVICTIONS) or []), item]
    return ActionResult(value=listed, forget=(*ITEM_FIELDS, "order_has_end"))


def record_outcome_action() -> Any:
    async def record_outcome(ctx: ActionContext) -> ActionResult:
        loaded = packs()[ctx.params["pack"]]
        items = list(ctx.answers.get(CONVICTIONS) or [])
        found = outcome_json(loaded, ctx.params["ruleset"], {CONVICTIONS: items})["spent"]
        t = ctx.translator
        lines = [t.gettext(HEADING)]
        cited: dict[str, str] = {}
        for number, (item, decision) in enumerate(zip(items, found, strict=True), start=1):
            lines.append(_line(number, item, decision, loaded, ctx))
            if decision.get("decided"):
                for source in [
                    decision["source"],
                    *(e["source"] for e in decision["extended_by"]),
                ]:
                    cited[f"{source['title']} ({source['url']})"] = source["last_reviewed"]
        meaning_source = t.gettext(SOURCE).format(
            source=MEANING_SOURCE, date=t.date(MEANING_REVIEWED)
        )
        lines += ["", t.gettext(MEANING), meaning_source]
        for source, reviewed in cited.items():
            lines.append(
                t.gettext(SOURCE).format(
                    source=source, date=t.date(dt.date.fromisoformat(reviewed))
                )
            )
        lines.append(t.gettext(NOT_ADVICE))
        return ActionResult(texts=["\n".join(lines)], value=lines[1 : 1 + len(items)])

    return record_outcome


def _line(
    number: int,
    item: dict[str, Any],
    decision: dict[str, Any],
    loaded: LoadedPack,
    ctx: ActionContext,
) -> str:
    t = ctx.translator
    what = ctx.describe("disposal", item.get("disposal"))
    when = (
        t.date(dt.date.fromisoformat(item["date"])) if isinstance(item.get("date"), str) else "?"
    )
    values: dict[str, Any] = {"number": number, "what": what, "date": when}
    if not decision.get("decided"):
        missing = decision.get("missing") or []
        if decision.get("depends_on") and not missing:
            others = t.join([t.number(n) for n in decision["depends_on"]])
            return t.gettext(DEPENDS).format(**values, others=others)
        if not missing:
            return t.gettext(NOT_COVERED).format(**values)
        asked = [t.gettext(loaded.pack.questions[name].text) for name in missing]
        return t.gettext(MISSING).format(**values, missing=" ".join(asked))
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
    return text


async def keep_record(ctx: ActionContext) -> ActionResult:
    """Keep the answer, as the person read it, and not the details behind it."""
    return ActionResult(
        value=ctx.answers.get("record_lines"), forget=(CONVICTIONS, "record_lines")
    )


async def forget_record(ctx: ActionContext) -> ActionResult:
    return ActionResult(forget=(CONVICTIONS, "record_lines", KEPT, *ITEM_FIELDS, "order_has_end"))


def register(registry: ActionRegistry) -> None:
    registry.register("add_conviction", add_conviction)
    registry.register("record_outcome", record_outcome_action())
    registry.register("keep_record", keep_record)
    registry.register("forget_record", forget_record)
