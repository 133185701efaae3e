"""Actions for "Work and training": what the person's own My record answer means for
telling an employer, and a letter about their conviction that they build by answering a
few questions. The law is in flows/guidance/work_*.yaml; here are only the choices of
which text applies, and the letter's words."""

from __future__ import annotations

import dataclasses
import gettext
import re
from functools import cache

from flows import record
from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_
from flows.guidance import show_guidance
from flows.i18n import SHIPPED_LOCALES, SOURCE_LOCALE, Catalogs, Translator
from flows.replies import Attachment

KEPT = record.KEPT
KEPT_HEADING = N_("You kept this answer from My record:")
# What each line of a kept England and Wales answer says, by the template it was made from.
SPENT, UNSPENT, UNDECIDED = "spent", "unspent", "undecided"
LINE_KINDS = (
    (record.SPENT_SINCE, SPENT),
    (record.AT_ONCE, SPENT),
    (record.SPENT_ON, UNSPENT),
    (record.NEVER, UNSPENT),
    (record.MISSING, UNDECIDED),
    (record.NOT_COVERED, UNDECIDED),
    (record.DEPENDS, UNDECIDED),
)
PARTS = {SPENT: "kept_spent", UNSPENT: "kept_unspent", UNDECIDED: "kept_undecided"}

# The letter: every answer the flow asks for it, dropped as soon as the letter is sent.
LETTER = (
    "letter_offence",
    "letter_offence_words",
    "letter_year",
    "letter_since",
    "letter_since_words",
    "letter_want",
    "letter_want_words",
)
TRANSIENT = (*LETTER, "set_aside_now")
OWN = "own"
OFFENCES = {
    "theft": N_("I was convicted of theft."),
    "drugs": N_("I was convicted of a drugs offence."),
    "violence": N_("I was convicted of a violent offence."),
    "driving": N_("I was convicted of a driving offence."),
    "fraud": N_("I was convicted of fraud."),
    "public_order": N_("I was convicted of a public order offence."),
    "private": N_("I have a criminal conviction."),
}
OWN_OFFENCE = N_("My conviction: {words}")
YEAR = N_("That was in {year}.")
SINCE = {
    "work": N_("Since then, I have worked or volunteered."),
    "training": N_("Since then, I have done training or a course."),
    "support": N_("Since then, I have had support to make changes in my life."),
    "family": N_("Since then, I have looked after my family."),
}
OWN_SINCE = N_("Since then: {words}")
WANT = {
    "honest": N_("I want to be honest with you about my past. I have learned from it."),
    "reliable": N_("I am ready to work hard, and you can rely on me."),
    "unrelated": N_("My conviction has nothing to do with the work in this job."),
}
GREETING = N_("Dear [name of the employer],")
OPENING = N_(
    "I am applying for the job of [name of the job]. "
    "I want to tell you about my criminal record myself."
)
CLOSING = N_("I am happy to talk about this with you.")
SIGN_OFF = N_("Yours sincerely,")
SIGNATURE = N_("[Your name]")
SENT = N_("Here is your letter. I have not kept your answers.")
CAPTION_OWN = N_("Your letter in {language}. Open it to read it, and to change it.")
CAPTION_ENGLISH = N_(
    "Your letter in English, for the employer. Change the words in [brackets] before you send it."
)
CAPTION_WORDS = N_(
    "Your own words are in it as you typed them. Put them into English before you send it."
)
ENGLISH = Translator(SOURCE_LOCALE, gettext.NullTranslations())
# A plain text file opens on every phone and in every editor, and can be changed there;
# the byte order mark tells older editors it is UTF-8, so Arabic and Chinese read right.
BOM, NEWLINE = "\ufeff", "\r\n"


@cache
def _translators() -> tuple[Translator, ...]:
    catalogs = Catalogs()
    return tuple(catalogs.translator(locale) for locale in SHIPPED_LOCALES)


@cache
def _pattern(text: str) -> re.Pattern[str]:
    """A template as a pattern: its words exactly, each {name} any text."""
    parts = re.split(r"\{[a-z]+\}", text)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)


def line_kind(line: str, first: Translator) -> str:
    """Spent, unspent or undecided: what a kept line says, in whichever language it was
    kept. A line that fits no template cannot be read, so nothing is said of it."""
    found = _kind_in(line, first)
    if found is None:  # kept in another language: the other catalogues, loaded once
        found = next(filter(None, (_kind_in(line, t) for t in _translators())), None)
    return found or UNDECIDED


def _kind_in(line: str, translator: Translator) -> str | None:
    for template, kind in LINE_KINDS:
        if _pattern(translator.gettext(template)).match(line):
            return kind
    return None


def _kept_lines(ctx: ActionContext) -> list[str]:
    kept = ctx.answers.get(KEPT)
    return [str(line) for line in kept] if isinstance(kept, list) else []


async def _guidance(ctx: ActionContext, topic: str, part: str) -> list[str]:
    shown = await show_guidance(dataclasses.replace(ctx, params={"topic": topic, "part": part}))
    return shown.texts


async def kept_record(ctx: ActionContext) -> ActionResult:
    """The person's kept My record answer, and what it means for telling an employer
    (England and Wales); in Michigan the answer is shown, and a question follows."""
    t, lines = ctx.translator, _kept_lines(ctx)
    topic = ctx.params.get("topic", "work_gb")
    texts = ["\n".join([t.gettext(KEPT_HEADING), *lines])] if lines else []
    if topic != "work_gb":
        return ActionResult(texts=texts)
    if not lines:
        return ActionResult(texts=await _guidance(ctx, topic, "not_kept"))
    kinds = {line_kind(line, t) for line in lines}
    for kind in (SPENT, UNSPENT, UNDECIDED):
        if kind in kinds:
            texts += await _guidance(ctx, topic, PARTS[kind])
    return ActionResult(texts=texts)


def _chosen(ctx: ActionContext, name: str, phrases: dict[str, str], own: str) -> str | None:
    """One sentence of the letter, in the words of `ctx.translator`: the chosen phrase,
    or the person's own words."""
    value = ctx.answers.get(name)
    words = str(ctx.answers.get(f"{name}_words") or "").strip()
    if value == OWN and words:
        return ctx.translator.gettext(own).format(words=words) if own else words
    return ctx.translator.gettext(phrases[value]) if value in phrases else None


def _year(ctx: ActionContext) -> str | None:
    year = ctx.answers.get("letter_year")
    if not isinstance(year, int | float) or year > ctx.now.year:
        return None
    return ctx.translator.gettext(YEAR).format(year=ctx.translator.left_to_right(str(int(year))))


def letter_text(ctx: ActionContext) -> str:
    """The letter in the language of `ctx.translator`, as lines of a plain text file."""
    t = ctx.translator
    conviction = [_chosen(ctx, "letter_offence", OFFENCES, OWN_OFFENCE), _year(ctx)]
    body = [
        t.gettext(OPENING),
        " ".join(part for part in conviction if part) or t.gettext(OFFENCES["private"]),
        _chosen(ctx, "letter_since", SINCE, OWN_SINCE),
        _chosen(ctx, "letter_want", WANT, ""),
        t.gettext(CLOSING),
    ]
    paragraphs = [t.gettext(GREETING), *(p for p in body if p)]
    paragraphs.append(f"{t.gettext(SIGN_OFF)}{NEWLINE}{t.gettext(SIGNATURE)}")
    return BOM + (NEWLINE * 2).join(paragraphs) + NEWLINE


def _file(locale: str, content: str, caption: str) -> Attachment:
    name = locale.replace("_", "-")
    return Attachment(f"letter-{name}.txt", "text/plain", content, caption=caption)


def _own_words(ctx: ActionContext) -> bool:
    return any(
        ctx.answers.get(name) == OWN and ctx.answers.get(f"{name}_words")
        for name in ("letter_offence", "letter_since", "letter_want")
    )


async def make_letter(ctx: ActionContext) -> ActionResult:
    """The letter in the person's language and in English, sent as files they can change;
    the answers it was made from are dropped at once."""
    t = ctx.translator
    english = dataclasses.replace(ctx, translator=ENGLISH)
    english_caption = t.gettext(CAPTION_ENGLISH)
    files = []
    if t.locale != SOURCE_LOCALE:
        caption = t.gettext(CAPTION_OWN).format(language=t.language_name())
        files.append(_file(t.locale, letter_text(ctx), caption))
        if _own_words(ctx):
            english_caption += " " + t.gettext(CAPTION_WORDS)
    files.append(_file(SOURCE_LOCALE, letter_text(english), english_caption))
    return ActionResult(texts=[t.gettext(SENT)], attachments=files, forget=LETTER)


async def forget_work(ctx: ActionContext) -> ActionResult:
    """What the Work flow asked only for a moment is not kept once it is used."""
    return ActionResult(forget=TRANSIENT)


def register(registry: ActionRegistry) -> None:
    registry.register("kept_record", kept_record)
    registry.register("make_letter", make_letter)
    registry.register("forget_work", forget_work)
