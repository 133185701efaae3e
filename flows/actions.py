"""Actions: named functions a flow can run. The runtime registers them; these are built in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from directory.crisis_lines import CountryLines, CrisisDirectory, CrisisLine, load_crisis_lines
from flows.answers import N_
from flows.conversation import Profile
from flows.i18n import SHIPPED_LOCALES, Translator, language_name
from flows.replies import Attachment, Effect, Forget, GiveConsent, SetProfile

CONSENT_KIND = "privacy_notice"
CONSENT_VERSION = 1
# A region that lies in one time zone sets it; elsewhere we do not guess.
REGION_ZONES = {
    "GB-EAW": "Europe/London",
    "GB-SCT": "Europe/London",
    "GB-NIR": "Europe/London",
    "US-MI": "America/Detroit",
}


@dataclass(frozen=True)
class ActionContext:
    answers: Mapping[str, Any]
    profile: Profile
    translator: Translator
    now: dt.datetime
    crisis_topic: str | None
    describe: Callable[[str, Any], str]
    """The answer to a question, as the person saw it (an option's translated label)."""
    params: Mapping[str, str] = field(default_factory=dict)
    page: int = 0
    page_size: int = 4
    language_code: str | None = None
    """The language the person's app says they use (Telegram's `language_code`)."""


@dataclass
class ActionResult:
    texts: list[str] = field(default_factory=list)
    value: Any = None
    effects: list[Effect] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    """For a results node: this page's items, as (value kept, button label)."""
    more: bool = False
    """For a results node: whether another page follows."""
    forget: tuple[str, ...] = ()
    """Answers to drop: what a flow no longer needs is not kept."""
    keep: dict[str, Any] = field(default_factory=dict)
    """Answers to set besides `value`: what the flow needs again on a later turn."""
    attachments: list[Attachment] = field(default_factory=list)
    """Files to send after the texts (each with a caption)."""


Action = Callable[[ActionContext], Awaitable[ActionResult]]


class ActionRegistry:
    def __init__(self) -> None:
        self._actions: dict[str, Action] = {}

    def register(self, name: str, action: Action) -> None:
        self._actions[name] = action

    def get(self, name: str) -> Action | None:
        return self._actions.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._actions


async def set_language(ctx: ActionContext) -> ActionResult:
    locale = ctx.answers.get("language")
    if locale not in SHIPPED_LOCALES:
        return ActionResult()
    return ActionResult(value=locale, effects=[SetProfile("locale", str(locale))])


async def set_region(ctx: ActionContext) -> ActionResult:
    region = ctx.answers.get("region")
    zone = REGION_ZONES.get(str(region))
    return ActionResult(
        value=region, effects=[SetProfile("region", region), SetProfile("timezone", zone)]
    )


async def save_role(ctx: ActionContext) -> ActionResult:
    role = ctx.answers.get("role")
    return ActionResult(value=role, effects=[SetProfile("role", role)])


async def record_consent(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=True, effects=[GiveConsent(CONSENT_KIND, CONSENT_VERSION)])


async def forget_person(ctx: ActionContext) -> ActionResult:
    return ActionResult(effects=[Forget()])


async def privacy_summary(ctx: ActionContext) -> ActionResult:
    t, profile = ctx.translator, ctx.profile
    unset = t.gettext("not given")
    rows = [
        (N_("Language"), language_name(profile.locale)),
        (N_("Which fits you"), ctx.describe("role", profile.role) if profile.role else unset),
        (
            N_("Where you live"),
            ctx.describe("region", profile.region) if profile.region else unset,
        ),
        (N_("Time zone"), t.timezone(profile.timezone) if profile.timezone else unset),
        (N_("First message"), t.date(profile.first_seen.date()) if profile.first_seen else unset),
        (
            N_("Agreed to this notice"),
            t.date(profile.consented_at.date()) if profile.consented_at else unset,
        ),
    ]
    lines = [t.gettext("This is everything I keep about you:")]
    lines += [f"• {t.gettext(label)}: {value}" for label, value in rows]
    answers = [
        _in_words(ctx, key, value)
        for key, value in ctx.answers.items()
        if not key.startswith("_") and value is not None
    ]
    given = t.gettext("• Answers you gave me: {answers}")
    lines.append(given.format(answers=t.join(answers) if answers else unset))
    lines.append(
        t.gettext("• Case workers you let send you reminders, and their reminders: /links")
    )
    lines.append(t.gettext("• Your own appointments with reminders: /appointments"))
    lines.append(t.gettext("I do not keep your name, your phone number or your messages."))
    return ActionResult(texts=["\n".join(lines)])


# Answers a flow keeps without asking (a region worked out from the profile) are read
# as the question that offers the same choices would show them.
_ASKED_AS = ("region", "role", "language")
_CODE = re.compile(r"[a-z][a-z0-9_]*|[A-Z]{2}(-[A-Z]+)?|True|False")


def _in_words(ctx: ActionContext, key: str, value: Any) -> str:
    """An answer as the person would say it: the label they chose, a date in their
    locale, each item of a list (a conviction) by its own answers; never a stored code."""
    if isinstance(value, list):
        items = [_in_words(ctx, key, item) for item in value if item is not None]
        return "; ".join(items)
    if isinstance(value, dict) and "latitude" not in value:
        # What the flow noted for itself ("ends": "none", "indefinite": False) has no words
        # of its own: the answer it came from is shown.
        fields = [
            _in_words(ctx, name, each)
            for name, each in value.items()
            if each is not None and not _CODE.fullmatch(ctx.describe(name, each))
        ]
        return f"({', '.join(fields)})"
    described = ctx.describe(key, value)
    if isinstance(value, bool) and described == str(value):
        return ctx.translator.gettext("Yes") if value else ctx.translator.gettext("No")
    for other in _ASKED_AS:
        if described != str(value):
            break
        described = ctx.describe(other, value)
    return described


def _line_text(line: CrisisLine, t: Translator) -> str:
    how = t.gettext("Text {number}") if line.text_only else t.gettext("Call {number}")
    return "\n".join(
        [
            f"{line.name}: {how.format(number=t.phone(line.number))}",
            t.gettext(line.what),
            t.gettext(line.hours),
        ]
    )


def _country_text(
    country: CountryLines, region: str | None, topic: str | None, t: Translator
) -> str:
    emergency = t.gettext("In danger right now? Call {number}.")
    parts = [emergency.format(number=t.phone(country.emergency.number))]
    parts += [_line_text(line, t) for line in country.for_person(region, topic)]
    return "\n\n".join(parts)


COUNTRY_NAMES = {"GB": N_("In the UK"), "US": N_("In the USA")}


def urgent_help_action(directory: CrisisDirectory) -> Action:
    async def urgent_help(ctx: ActionContext) -> ActionResult:
        t = ctx.translator
        region = ctx.profile.region or str(ctx.answers.get("region") or "")
        country = region.split("-", 1)[0]
        if country in directory.countries:
            lines = directory.countries[country]
            return ActionResult(texts=[_country_text(lines, region, ctx.crisis_topic, t)])
        texts = [t.gettext("In danger right now? Call your local emergency number.")]
        for code, lines in directory.countries.items():
            heading = t.gettext(COUNTRY_NAMES.get(code, code))
            texts.append(f"{heading}\n\n{_country_text(lines, None, ctx.crisis_topic, t)}")
        return ActionResult(texts=texts)

    return urgent_help


def builtin_actions(directory: CrisisDirectory | None = None) -> ActionRegistry:
    registry = ActionRegistry()
    registry.register("set_language", set_language)
    registry.register("set_region", set_region)
    registry.register("save_role", save_role)
    registry.register("record_consent", record_consent)
    registry.register("forget_person", forget_person)
    registry.register("privacy_summary", privacy_summary)
    registry.register("urgent_help", urgent_help_action(directory or load_crisis_lines()))
    return registry
