"""A place shared once serves every later search in the conversation.

The place a search found (a rounded point, and a town's name when one was typed) is kept
in the conversation's answers under `_place`, with the time it was last used. It is
dropped by "Forget my place" (/privacy), by /forget, and once it has gone a day without a
search: the engine drops it when the conversation is next loaded after that, and
core/forget_places.py tidies away those of people who do not come back. Dropping it also
drops what a search left that names a place (its list and page, and the steps /back
could return to), so nothing of it outlives the day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_
from flows.conversation import Conversation
from flows.turn_base import LISTED, PAGE

KEPT_PLACE = "_place"
KEPT_FOR = dt.timedelta(days=1)
NEAR = "near"  # where the search under way looks from (flows/finding.py)
PLACE_ANSWERS = (KEPT_PLACE, NEAR, PAGE, LISTED)
"""Every answer that can name the place: the list shown and its page name it too."""
PLACE_KEPT = N_(
    "I also keep the place you last looked near: {place}.\n"
    "I forget it when you have not used it for a day."
)


def last_used(place: Any) -> dt.datetime | None:
    if not isinstance(place, dict):
        return None
    try:
        used = dt.datetime.fromisoformat(str(place.get("used")))
    except ValueError:
        return None
    return used if used.tzinfo is not None else None


def unused_for_a_day(place: Any, now: dt.datetime) -> bool:
    """True for a place not used for a day, or one whose time of use cannot be read."""
    used = last_used(place)
    return used is None or now - used >= KEPT_FOR


def drop_unused_place(conversation: Conversation, now: dt.datetime) -> bool:
    """Drop the kept place if it has gone a day unused; True if it was dropped."""
    place = conversation.answers.get(KEPT_PLACE)
    if place is None:  # none kept ("anywhere" keeps none): nothing of a place to drop
        return False
    if not unused_for_a_day(place, now):
        return False
    for answers in [conversation.answers, *(step.answers for step in conversation.history)]:
        for name in PLACE_ANSWERS:
            answers.pop(name, None)
    return True


def only_the_kept_place_in_history(conversation: Conversation) -> None:
    """The steps /back can return to hold the kept place as it is now, or none: a place
    changed or forgotten stays nowhere, and going back never brings one back."""
    kept = conversation.answers.get(KEPT_PLACE)
    for step in conversation.history:
        if kept is None:
            step.answers.pop(KEPT_PLACE, None)
        else:
            step.answers[KEPT_PLACE] = kept


def _point(place: dict[str, Any]) -> dict[str, Any]:
    return {key: place.get(key) for key in ("latitude", "longitude", "name")}


async def recall_place(ctx: ActionContext) -> ActionResult:
    """Where to search from: the kept place, if it was used within the day."""
    place = ctx.answers.get(KEPT_PLACE)
    if not isinstance(place, dict) or unused_for_a_day(place, ctx.now):
        return ActionResult(value=None)
    return ActionResult(value=_point(place))


async def keep_place(ctx: ActionContext) -> ActionResult:
    """Keep the place this search looks from, as used now, for the searches to come.
    "Anywhere" is not a place: the one kept before stays as it was."""
    near = ctx.answers.get(NEAR)
    if isinstance(near, dict) and "latitude" in near:
        return ActionResult(value={**_point(near), "used": ctx.now.isoformat()})
    return ActionResult(value=ctx.answers.get(KEPT_PLACE))


async def forget_my_place(ctx: ActionContext) -> ActionResult:
    return ActionResult(forget=PLACE_ANSWERS)


async def place_summary(ctx: ActionContext) -> ActionResult:
    """For /privacy: the kept place, as the person would name it."""
    place = ctx.answers.get(KEPT_PLACE)
    if not isinstance(place, dict):
        return ActionResult()
    text = ctx.translator.gettext(PLACE_KEPT).format(place=ctx.describe(KEPT_PLACE, place))
    return ActionResult(texts=[text])


def register(registry: ActionRegistry) -> None:
    registry.register("recall_place", recall_place)
    registry.register("keep_place", keep_place)
    registry.register("forget_my_place", forget_my_place)
    registry.register("place_summary", place_summary)
