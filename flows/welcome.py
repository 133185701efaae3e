"""The first words: the language the person's app uses, when Onward speaks it, is used
without asking (the person can still change it)."""

from __future__ import annotations

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.i18n import SOURCE_LOCALE, negotiate


def app_locale(language_code: str | None) -> str | None:
    """The shipped locale the app's `language_code` names, or None when it names none
    ('pt-br', 'zh-hant'), or says nothing."""
    if not language_code or not language_code.strip():
        return None
    locale = negotiate(language_code)
    primary = language_code.strip().replace("_", "-").split("-")[0].lower()
    return locale if locale != SOURCE_LOCALE or primary == SOURCE_LOCALE else None


async def language_from_app(ctx: ActionContext) -> ActionResult:
    """The language to speak without asking: the person's own, when their app names one
    Onward ships. Theirs is the one already in use (for someone new, the app's), so a
    language they chose before is never overruled."""
    if app_locale(ctx.language_code) is None:
        return ActionResult(value=None)
    return ActionResult(value=ctx.profile.locale)


def register(registry: ActionRegistry) -> None:
    registry.register("language_from_app", language_from_app)
