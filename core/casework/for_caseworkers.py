"""A case worker's commands: /newclient, /clients, /remind, /reminders and /drop. Each
acts only on the case worker's own rows, read strictly (`strict`), checked in the
database (`links`, `reminders`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.casework import caseworkers, links, reminders, strict, texts
from core.casework.console import console_link
from core.casework.context import Ctx, kind_of, moment
from core.casework.requests import Command, client_link
from core.casework.schema import (
    AGREED,
    ANSWERED,
    CANCELLED,
    DECLINED,
    MISSED,
    OFFERED,
    SCHEDULED,
    SENDING,
    SENT,
)
from core.casework.strict import Refused
from core.casework.timing import (
    TimingError,
    TooOftenError,
    check_within_reach,
    local_of,
    series_rule,
    to_utc,
)
from core.storage.models import as_utc
from flows.i18n import Translator

LISTED = 30  # reminders shown at once, newest appointments last


async def caseworker_command(ctx: Ctx, command: Command, start_link: str) -> None:
    caseworker = await caseworkers.caseworker_of(ctx.conn, ctx.me.person_id)
    if caseworker is None:
        ctx.say_text(texts.NOT_A_CASEWORKER)
    elif caseworker["suspended_at"] is not None:
        ctx.say_text(texts.CW_SUSPENDED)
    elif command.name == "newclient":
        await new_client(ctx, caseworker, command.argument, start_link)
    elif command.name == "clients":
        await list_clients(ctx, caseworker)
    elif command.name == "remind":
        await remind(ctx, caseworker, command.argument)
    elif command.name == "reminders":
        await list_reminders(ctx, caseworker)
    elif command.name == "console":
        await console_link(ctx, caseworker)
    else:
        await drop(ctx, caseworker, command.argument)


async def new_client(ctx: Ctx, caseworker: dict[str, Any], label: str, start_link: str) -> None:
    note = strict.note(label)
    code, expires = await links.new_link(ctx.conn, caseworker["id"], note or None, ctx.now)
    link = client_link(start_link, code)
    ctx.say_text(texts.NEW_LINK, link=link, code=code, date=ctx.t.date(expires.date()))


def state_text(t: Translator, link: dict[str, Any], now: dt.datetime) -> str:
    state = links.link_state(link, now)
    if state == links.LOCKED:
        return t.gettext(texts.STATE_LOCKED)
    if state == links.EXPIRED:
        return t.gettext(texts.STATE_EXPIRED)
    if state == OFFERED:
        return t.gettext(texts.STATE_OFFERED).format(
            date=t.date(as_utc(link["expires_at"]).date())
        )
    if state == AGREED:
        return t.gettext(texts.STATE_AGREED).format(date=t.date(as_utc(link["decided_at"]).date()))
    return t.gettext(texts.STATE_DECLINED if state == DECLINED else texts.STATE_REVOKED)


async def list_clients(ctx: Ctx, caseworker: dict[str, Any]) -> None:
    found = await links.clients(ctx.conn, caseworker["id"])
    if not found:
        ctx.say_text(texts.NO_CLIENTS)
        return
    lines = [
        ctx.t.gettext(texts.CLIENT_LINE).format(
            number=link["number"],
            label=link["label"] or ctx.t.gettext(texts.NO_LABEL),
            state=state_text(ctx.t, link, ctx.now),
        )
        for link in found
    ]
    ctx.say("\n".join(lines))


def _when(local: dt.datetime, zone: str, now: dt.datetime) -> dt.datetime:
    """The appointment in UTC, if it is one a reminder can be for."""
    try:
        event_at = to_utc(local, zone)
    except TimingError:
        raise Refused(texts.BAD_DATE, value=local.date().isoformat()) from None
    try:
        check_within_reach(event_at, now)
    except TimingError:
        raise Refused(texts.TOO_FAR_AHEAD) from None
    return event_at


def _series(rule: str | None, local: dt.datetime) -> str | None:
    if rule is None:
        return None
    try:
        return series_rule(rule, local)
    except TooOftenError:
        raise Refused(texts.TOO_OFTEN) from None
    except ValueError:  # TimingError, or a reader below it that gave up ('²')
        raise Refused(texts.BAD_RULE, value=strict.shown(rule, 60)) from None


def plan(client: links.Client, line: strict.RemindLine, now: dt.datetime) -> reminders.Appointment:
    """The appointment a reminder line asks for, for this client, through every check
    (a real date, within reach, not too often, still to come); Refused when it fails
    one. The web console's scheduling goes through it too."""
    local = dt.datetime.combine(line.day, line.at)
    event_at = _when(local, client.zone, now)
    kept = _series(line.rule, local)
    if event_at <= now:
        raise Refused(texts.ALREADY_PAST, zone=client.zone)
    return reminders.Appointment(line.kind, local, line.words, kept)


async def remind(ctx: Ctx, caseworker: dict[str, Any], rest: str) -> None:
    line = strict.remind(rest)
    client = await links.agreed_client(
        ctx.conn, caseworker["id"], line.client, ctx.me.profile.timezone
    )
    if client is None:
        raise Refused(texts.BAD_CLIENT, value=str(line.client))
    zone_name = ctx.t.timezone(client.zone)
    try:
        appointment = plan(client, line, ctx.now)
    except Refused as refused:
        if refused.template == texts.ALREADY_PAST:
            raise Refused(texts.ALREADY_PAST, zone=zone_name) from None
        raise
    await reminders.schedule(ctx.conn, reminders.reminder_rows(client, appointment, ctx.now))
    event_at = to_utc(appointment.event_local, client.zone)
    text = ctx.t.gettext(texts.SCHEDULED).format(
        label=client.label or ctx.t.gettext(texts.NO_LABEL),
        kind=kind_of(ctx.t, line.kind),
        when=ctx.t.moment(local_of(event_at, client.zone)),
        zone=zone_name,
    )
    if line.rule is not None:
        text += "\n" + ctx.t.gettext(texts.SCHEDULED_REPEAT).format(rule=line.rule)
    ctx.say(text)


SIMPLE_STATES = {
    SENDING: texts.R_SENDING,
    SENT: texts.R_SENT,
    CANCELLED: texts.R_CANCELLED,
    MISSED: texts.R_MISSED,
}


REASON_SHOWN = 200  # of the reason a client gave, what a case worker is shown


def reminder_status(row: dict[str, Any]) -> str:
    """What became of a reminder, as one word: scheduled, sending, sent, yes, later,
    no, blocked, failed, cancelled or missed."""
    state, answer = row["state"], row["answer"]
    if state == ANSWERED:
        return answer if answer in ("yes", "later") else "no"
    if state not in (SCHEDULED, *SIMPLE_STATES):
        return "blocked" if row["note"] == "blocked" else "failed"
    return str(state)


def shown_reason(row: dict[str, Any]) -> str | None:
    """The reason a client gave for not coming, as far as a case worker is shown it."""
    if row["state"] == ANSWERED and row["answer"] == "no" and row["reason"]:
        return str(row["reason"])[:REASON_SHOWN]
    return None


STATUS_TEXTS = {
    "yes": texts.R_YES,
    "later": texts.R_LATER,
    "no": texts.R_NO,
    "blocked": texts.R_BLOCKED,
    "failed": texts.R_FAILED,
}


def reminder_state(t: Translator, row: dict[str, Any]) -> str:
    status = reminder_status(row)
    if status == SCHEDULED:
        return t.gettext(texts.R_SCHEDULED).format(due=moment(t, row["due_at"], row["zone"]))
    reason = shown_reason(row)
    if reason is not None:
        return t.gettext(texts.R_NO_REASON).format(reason=reason)
    if row["state"] in SIMPLE_STATES:
        return t.gettext(SIMPLE_STATES[row["state"]])
    return t.gettext(STATUS_TEXTS[status])


async def list_reminders(ctx: Ctx, caseworker: dict[str, Any]) -> None:
    rows = (await reminders.reminders_of(ctx.conn, caseworker["id"]))[-LISTED:]
    if not rows:
        ctx.say_text(texts.NO_REMINDERS)
        return
    lines = [
        ctx.t.gettext(texts.REMINDER_LINE).format(
            id=row["id"],
            label=row["label"] or ctx.t.gettext(texts.NO_LABEL),
            kind=kind_of(ctx.t, row["kind"]),
            when=moment(ctx.t, row["event_at"], row["zone"]),
            state=reminder_state(ctx.t, row),
        )
        for row in rows
    ]
    ctx.say("\n".join(lines))


async def drop(ctx: Ctx, caseworker: dict[str, Any], rest: str) -> None:
    number = strict.number(rest.removeprefix("#"), texts.DROP_USAGE)
    if await reminders.cancel(ctx.conn, caseworker["id"], number, ctx.now):
        ctx.say_text(texts.DROPPED, id=number)
    else:
        ctx.say_text(texts.CANNOT_DROP, value=number)
