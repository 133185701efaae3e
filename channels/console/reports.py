"""The operator's report: people helped by topic and week, searches that found nothing by
need and place, reminders sent and answered. Counts only; a count under 5 is shown as
"fewer than 5" (core/usage.py decides, this page only words it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from channels.console.i18n import bot_texts
from channels.console.web import Operator, console, gettext_for, render
from core.staff.texts import console_text
from core.usage import usage_report
from directory.taxonomy import categories
from flows.machine import load_flows

router = APIRouter()
WEEKS = (4, 8, 12, 26, 52)
# core/usage.py's words for a hidden count, for this catalogue.
HIDDEN = (console_text("fewer than 5"), console_text("not shown"))


@cache
def _topic_labels() -> dict[str, str]:
    flows = load_flows()
    return {name: spec.topic.label for name, spec in flows.specs.items() if spec.topic}


def _naming(locale: str) -> Callable[[str], str]:
    """A topic or need in the reader's language, by the bot's own catalogue (the menu's
    button, the category's name), so the report says what people saw."""
    bot = bot_texts().translator(locale)
    needs = {c.code: c.name for c in categories().all}
    topics = _topic_labels()

    def name(key: str) -> str:
        english = topics.get(key) or needs.get(key)
        return bot.gettext(english) if english else key

    return name


@router.get("/reports")
async def reports(request: Request, staff: Operator, weeks: int = 8) -> Response:
    weeks = weeks if weeks in WEEKS else 8
    here = console(request)
    report = await usage_report(here.database, weeks=weeks, today=here.clock().date())
    t = gettext_for(staff)
    return render(
        request, "reports.html", staff, report=report, weeks=weeks, choices=WEEKS,
        name=_naming(staff.locale), shown=lambda count: t(count.text),
    )  # fmt: skip
