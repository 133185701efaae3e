"""What a client (or an invited case worker) does: open an invitation or a link, agree
or decline, list and stop their links, list and cancel their own appointments, answer
a reminder and say why they cannot come."""

from __future__ import annotations

from typing import Any

from core.casework import answers, caseworkers, links, reminders, strict, texts
from core.casework.context import Ctx, kind_of, moment
from core.casework.schema import ANSWERS, MAX_WORDS
from core.casework.strict import Refused
from core.storage.models import as_utc
from flows.replies import Button


def _consented(ctx: Ctx) -> int | None:
    """The person's id, if they have accepted Onward's privacy notice."""
    return ctx.me.person_id if ctx.me.profile.consented else None


async def join(ctx: Ctx, token: str) -> None:
    person_id = _consented(ctx)
    if person_id is None:
        ctx.say_text(texts.CW_SET_UP_FIRST)
        return
    joined = await caseworkers.join(ctx.conn, strict.token(token), person_id, ctx.now)
    if joined is None:
        ctx.say_text(texts.CW_INVITE_GONE)
        return
    ctx.say_text(texts.CW_WELCOME, name=joined["name"])


async def _read_code(ctx: Ctx, person_id: int, typed: str) -> str:
    """A well-formed code; a malformed one counts as a code that found nothing."""
    try:
        return strict.code(typed)
    except Refused:
        await ctx.missed(person_id)
        raise


async def open_link(ctx: Ctx, typed: str) -> None:
    if not typed.strip():
        ctx.say_text(texts.LINK_USAGE)
        return
    person_id = _consented(ctx)
    if person_id is None:
        ctx.say_text(texts.SET_UP_FIRST, code=strict.shown(typed.upper(), 16))
        return
    await ctx.may_try_codes(person_id)
    code = await _read_code(ctx, person_id, typed)
    found = await links.offer(ctx.conn, code, person_id, ctx.now)
    if found is None:
        await ctx.missed(person_id)
        ctx.say_text(texts.LINK_GONE)
        return
    if found["caseworker_person"] == person_id:
        ctx.say_text(texts.LINK_OWN)
        return
    buttons = (
        Button(ctx.t.gettext(texts.AGREE), f"lk:{code}:y"),
        Button(ctx.t.gettext(texts.DECLINE), f"lk:{code}:n"),
    )
    text = ctx.t.gettext(texts.LINK_OFFER).format(
        name=found["name"], organisation=found["organisation"]
    )
    ctx.say(text, buttons)


async def list_links(ctx: Ctx) -> None:
    person_id = ctx.me.person_id
    found = await links.client_links(ctx.conn, person_id) if person_id else []
    if not found:
        ctx.say_text(texts.NO_LINKS)
        return
    lines, buttons = [ctx.t.gettext(texts.LINKS_HEADING)], []
    for link in found:
        since = ctx.t.date(as_utc(link["decided_at"]).date())
        lines.append(
            ctx.t.gettext(texts.LINKS_LINE).format(
                name=link["name"], organisation=link["organisation"], date=since
            )
        )
        label = ctx.t.gettext(texts.STOP_BUTTON).format(name=link["name"])
        buttons.append(Button(label[:60], f"lr:{link['id']}"))
    ctx.say("\n".join(lines), tuple(buttons))


async def list_appointments(ctx: Ctx) -> None:
    person_id = ctx.me.person_id
    found = await reminders.own_appointments(ctx.conn, person_id, ctx.now) if person_id else []
    if not found:
        ctx.say_text(texts.NO_APPOINTMENTS)
        return
    lines, buttons = [ctx.t.gettext(texts.APPOINTMENTS_HEADING)], []
    for number, row in enumerate(found, start=1):
        when = moment(ctx.t, row["event_at"], row["zone"])
        line = ctx.t.gettext(texts.APPOINTMENT_LINE)
        lines.append(line.format(number=number, what=row["words"], when=when))
        label = ctx.t.gettext(texts.CANCEL_APPOINTMENT).format(number=number)
        buttons.append(Button(label, f"ap:{row['id']}"))
    ctx.say("\n".join(lines), tuple(buttons))


# -- buttons -------------------------------------------------------------------------
async def button(ctx: Ctx, data: str) -> None:
    """One tapped case-work button, read strictly; anything else is an old button."""
    kind, _, rest = data.partition(":")
    person_id = ctx.me.person_id
    if person_id is None or kind not in TAPS:
        raise Refused(texts.OLD_LINK_BUTTON)
    await TAPS[kind](ctx, person_id, rest)


async def decide(ctx: Ctx, person_id: int, rest: str) -> None:
    if not ctx.me.profile.consented:
        raise Refused(texts.SET_UP_FIRST_BUTTON)
    await ctx.may_try_codes(person_id)
    try:
        chosen = strict.decision(rest)
    except Refused:
        await ctx.missed(person_id)
        raise
    found = await links.decide(ctx.conn, chosen.code, person_id, chosen.agree, ctx.now)
    if found is None:
        await ctx.missed(person_id)
        ctx.say_text(texts.LINK_GONE)
        return
    ctx.say_text(texts.LINK_AGREED if chosen.agree else texts.LINK_DECLINED, name=found["name"])
    theirs = texts.HEARS_AGREED if chosen.agree else texts.HEARS_DECLINED
    await ctx.tell(found["caseworker_person"], theirs, label=found["label"])


async def stop_link(ctx: Ctx, person_id: int, rest: str) -> None:
    found = await links.revoke(ctx.conn, strict.number(rest), person_id, ctx.now)
    if found is None:
        ctx.say_text(texts.OLD_LINK_BUTTON)
        return
    ctx.say_text(texts.REVOKED, name=found["name"])
    if found["suspended_at"] is None:  # a suspended case worker hears nothing of clients
        await ctx.tell(found["caseworker_person"], texts.HEARS_REVOKED, label=found["label"])


async def cancel_appointment(ctx: Ctx, person_id: int, rest: str) -> None:
    found = await reminders.cancel_own(ctx.conn, person_id, strict.number(rest))
    if found is None:
        ctx.say_text(texts.OLD_LINK_BUTTON)
        return
    when = moment(ctx.t, found["event_at"], found["zone"])
    ctx.say_text(texts.APPOINTMENT_CANCELLED, what=found["words"], when=when)


async def answer(ctx: Ctx, person_id: int, rest: str) -> None:
    tapped = strict.answer(rest)
    said = ANSWERS[tapped.choice]
    found = await answers.answer(ctx.conn, tapped.reminder, person_id, said, ctx.now)
    if found is None:
        ctx.say_text(texts.ALREADY_ANSWERED)
    elif said == "yes":
        ctx.say_text(texts.THANKS_YES)
    elif said == "later":
        ctx.say_text(texts.THANKS_LATER)
    elif found["link_id"] is None:
        ctx.say_text(texts.OWN_CANNOT)  # their own: nobody to tell
    else:
        await _ask_why(ctx, found)
        await _tell_cannot_come(ctx, found)


TAPS = {"lk": decide, "lr": stop_link, "ap": cancel_appointment, "ra": answer}


async def _ask_why(ctx: Ctx, found: dict[str, Any]) -> None:
    """Ask for the reason, naming the appointment, and note exactly what was asked: a
    reply is a reason only when the message it answers is this question."""
    question = ctx.t.gettext(texts.TOLD_NO).format(
        name=found["name"],
        kind=kind_of(ctx.t, found["kind"]),
        when=moment(ctx.t, found["event_at"], found["zone"]),
    )
    ctx.say(question, answer=True)
    await answers.asked_reason(ctx.conn, found["id"], question)


async def _tell_cannot_come(ctx: Ctx, found: dict[str, Any]) -> None:
    target = await ctx.reach(found["cw_person"])
    if target is None:
        return
    caseworker, t = target
    text = t.gettext(texts.HEARS_NO).format(
        label=found["label"] or t.gettext(texts.NO_LABEL),
        kind=kind_of(t, found["kind"]),
        when=moment(t, found["event_at"], found["zone"]),
    )
    ctx.say_to(caseworker, text)


async def reason(ctx: Ctx, text: str, replied_to: str) -> bool:
    """A reply to the question "why can't you go?": the reason goes to the case worker,
    if still wanted. False: the reply answers some other message, and is not ours."""
    person_id = ctx.me.person_id
    if person_id is None:
        return False
    pending = await answers.awaiting_reason(ctx.conn, person_id, replied_to, ctx.now)
    if pending is None:
        return False
    await answers.give_reason(ctx.conn, pending["id"], person_id, text)
    ctx.say_text(texts.REASON_PASSED_ON, name=pending["name"])
    label, said = pending["label"], text[:MAX_WORDS]
    await ctx.tell(pending["cw_person"], texts.HEARS_REASON, label=label, reason=said)
    return True
