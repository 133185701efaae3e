"""Case workers and their clients on Telegram: invitations, links a client agrees to or
declines (and can stop), scheduling reminders, and a client's answers to them.

Everything a person types or taps is read by `bot.reminders.strict`, which refuses
anything unexpected with a kind answer; everything is then checked in the database
against the person who sent it (see `bot.reminders.service`): a forged button or a
guessed number finds nothing, and codes that find nothing are counted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, User
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.telegram.handlers import on_message
from channels.telegram.turn import TelegramTurn
from core.casework import service, strict, texts
from core.casework.service import Appointment
from core.casework.strict import Refused
from core.casework.timing import (
    TimingError,
    TooOftenError,
    check_within_reach,
    local_of,
    series_rule,
    to_utc,
)
from core.outgoing import Outgoing
from core.storage.models import as_utc
from core.storage.store import Loaded
from flows.i18n import Catalogs, Translator, negotiate

CASEWORK_COMMANDS = {
    "newclient", "clients", "remind", "reminders", "drop", "link", "links", "appointments"
}  # fmt: skip
START_PREFIXES = ("cw_", "c_")
CALLBACK_PREFIXES = ("lk:", "lr:", "ra:", "ap:")
LISTED = 30  # reminders shown at once, newest appointments last


def command_parts(text: str) -> tuple[str, str]:
    head, _, rest = text.strip().partition(" ")
    return head[1:].split("@", 1)[0].lower(), rest.strip()


async def casework_command(message: Message) -> bool:
    if message.chat.type != ChatType.PRIVATE or message.from_user is None:
        return False
    text = message.text or ""
    if not text.startswith("/"):
        return False
    name, rest = command_parts(text)
    return name in CASEWORK_COMMANDS or (name == "start" and rest.startswith(START_PREFIXES))


async def casework_button(query: CallbackQuery) -> bool:
    return (query.data or "").startswith(CALLBACK_PREFIXES)


async def reply_to_bot(message: Message) -> bool:
    """A reply to one of our messages: maybe the reason a client cannot come."""
    replied = message.reply_to_message
    return (
        message.chat.type == ChatType.PRIVATE
        and message.text is not None
        and not message.text.startswith("/")
        and replied is not None
        and replied.from_user is not None
        and replied.from_user.is_bot
    )


@dataclass
class Said:
    """What one update makes Onward say: to this person, and perhaps to someone else."""

    chat: int
    calls: list[Outgoing]

    def to(self, chat: int, text: str, markup: dict[str, Any] | None = None) -> None:
        params: dict[str, Any] = {"chat_id": chat, "text": text}
        if markup is not None:
            params["reply_markup"] = markup
        self.calls.append(Outgoing("sendMessage", params))

    def me(self, text: str, markup: dict[str, Any] | None = None) -> None:
        self.to(self.chat, text, markup)


@dataclass
class Ctx:
    conn: AsyncConnection
    me: Loaded
    t: Translator
    said: Said
    now: dt.datetime
    catalogs: Catalogs

    def refuse(self, refused: Refused) -> None:
        self.said.me(self.t.gettext(refused.template).format(**refused.values))


async def _in_turn(turn: TelegramTurn, user: User, work: Callable[[Ctx], Awaitable[None]]) -> None:
    async with turn.store.transaction() as conn:
        me = await turn.store.load(user.id, negotiate(user.language_code), conn)
        t = turn.catalogs.translator(me.profile.locale)
        ctx = Ctx(conn, me, t, Said(user.id, []), turn.clock(), turn.catalogs)
        await work(ctx)
        await turn.write(conn, user.id, ctx.said.calls)


async def _chat_of(conn: AsyncConnection, person_id: int | None) -> tuple[int, str] | None:
    if person_id is None:
        return None
    row = (
        await conn.execute(
            select(service.person_t.c.telegram_id, service.person_t.c.locale).where(
                service.person_t.c.id == person_id
            )
        )
    ).first()
    return (int(row.telegram_id), str(row.locale)) if row is not None else None


async def _tell(ctx: Ctx, person_id: int | None, template: str, **values: Any) -> None:
    """A message to someone else, in their own language."""
    found = await _chat_of(ctx.conn, person_id)
    if found is None:
        return
    chat, locale = found
    t = ctx.catalogs.translator(locale)
    shown = {
        k: (t.gettext(texts.NO_LABEL) if k == "label" and not v else v) for k, v in values.items()
    }
    ctx.said.to(chat, t.gettext(template).format(**shown))


# -- commands ------------------------------------------------------------------------
async def on_command(message: Message, turn: TelegramTurn, bot_username: str = "") -> None:
    assert message.from_user is not None
    assert message.text is not None
    name, rest = command_parts(message.text)

    async def work(ctx: Ctx) -> None:
        await command(ctx, name, rest, bot_username)

    await _in_turn(turn, message.from_user, work)


async def command(ctx: Ctx, name: str, rest: str, bot_username: str = "") -> None:
    """One case-work command; whatever it refuses is answered kindly, and what it wrote
    before refusing (a code that missed) is kept."""
    try:
        if name == "start" and rest.startswith("cw_"):
            await join(ctx, rest.removeprefix("cw_"))
        elif name in {"start", "link"}:
            await open_link(ctx, rest.removeprefix("c_"))
        elif name == "links":
            await list_links(ctx)
        elif name == "appointments":
            await list_appointments(ctx)
        else:
            await casework(ctx, name, rest, bot_username)
    except Refused as refused:
        ctx.refuse(refused)


async def join(ctx: Ctx, token: str) -> None:
    if ctx.me.person_id is None or not ctx.me.profile.consented:
        ctx.said.me(ctx.t.gettext(texts.CW_SET_UP_FIRST))
        return
    joined = await service.join(ctx.conn, strict.token(token), ctx.me.person_id, ctx.now)
    if joined is None:
        ctx.said.me(ctx.t.gettext(texts.CW_INVITE_GONE))
        return
    ctx.said.me(ctx.t.gettext(texts.CW_WELCOME).format(name=joined["name"]))


async def _may_try_codes(ctx: Ctx, person_id: int) -> None:
    wait = await service.wait_before_codes(ctx.conn, person_id, ctx.now)
    if wait is not None:
        raise Refused(texts.TOO_MANY_TRIES, minutes=max(1, math.ceil(wait.total_seconds() / 60)))


async def _read_code(ctx: Ctx, person_id: int, typed: str) -> str:
    """A well-formed code; a malformed one counts as a code that found nothing."""
    try:
        return strict.code(typed)
    except Refused:
        await service.missed_code(ctx.conn, person_id, ctx.now)
        raise


async def open_link(ctx: Ctx, typed: str) -> None:
    if not typed.strip():
        ctx.said.me(ctx.t.gettext(texts.LINK_USAGE))
        return
    if ctx.me.person_id is None or not ctx.me.profile.consented:
        ctx.said.me(ctx.t.gettext(texts.SET_UP_FIRST).format(code=strict.shown(typed.upper(), 16)))
        return
    person_id = ctx.me.person_id
    await _may_try_codes(ctx, person_id)
    code = await _read_code(ctx, person_id, typed)
    found = await service.offer(ctx.conn, code, person_id, ctx.now)
    if found is None:
        await service.missed_code(ctx.conn, person_id, ctx.now)
        ctx.said.me(ctx.t.gettext(texts.LINK_GONE))
        return
    if found["caseworker_person"] == person_id:
        ctx.said.me(ctx.t.gettext(texts.LINK_OWN))
        return
    buttons = [
        [{"text": ctx.t.gettext(texts.AGREE), "callback_data": f"lk:{code}:y"}],
        [{"text": ctx.t.gettext(texts.DECLINE), "callback_data": f"lk:{code}:n"}],
    ]
    text = ctx.t.gettext(texts.LINK_OFFER).format(
        name=found["name"], organisation=found["organisation"]
    )
    ctx.said.me(text, {"inline_keyboard": buttons})


async def list_links(ctx: Ctx) -> None:
    links = await service.client_links(ctx.conn, ctx.me.person_id) if ctx.me.person_id else []
    if not links:
        ctx.said.me(ctx.t.gettext(texts.NO_LINKS))
        return
    lines = [ctx.t.gettext(texts.LINKS_HEADING)]
    buttons = []
    for link in links:
        since = ctx.t.date(as_utc(link["decided_at"]).date())
        lines.append(
            ctx.t.gettext(texts.LINKS_LINE).format(
                name=link["name"], organisation=link["organisation"], date=since
            )
        )
        label = ctx.t.gettext(texts.STOP_BUTTON).format(name=link["name"])
        buttons.append([{"text": label[:60], "callback_data": f"lr:{link['id']}"}])
    ctx.said.me("\n".join(lines), {"inline_keyboard": buttons})


async def list_appointments(ctx: Ctx) -> None:
    found = []
    if ctx.me.person_id is not None:
        found = await service.own_appointments(ctx.conn, ctx.me.person_id, ctx.now)
    if not found:
        ctx.said.me(ctx.t.gettext(texts.NO_APPOINTMENTS))
        return
    lines, buttons = [ctx.t.gettext(texts.APPOINTMENTS_HEADING)], []
    for number, row in enumerate(found, start=1):
        when = ctx.t.moment(local_of(as_utc(row["event_at"]), row["zone"]))
        lines.append(
            ctx.t.gettext(texts.APPOINTMENT_LINE).format(
                number=number, what=row["words"], when=when
            )
        )
        label = ctx.t.gettext(texts.CANCEL_APPOINTMENT).format(number=number)
        buttons.append([{"text": label, "callback_data": f"ap:{row['id']}"}])
    ctx.said.me("\n".join(lines), {"inline_keyboard": buttons})


async def cancel_appointment(ctx: Ctx, person_id: int, rest: str) -> None:
    found = await service.cancel_own(ctx.conn, person_id, strict.number(rest))
    if found is None:
        ctx.said.me(ctx.t.gettext(texts.OLD_LINK_BUTTON))
        return
    when = ctx.t.moment(local_of(as_utc(found["event_at"]), found["zone"]))
    ctx.said.me(ctx.t.gettext(texts.APPOINTMENT_CANCELLED).format(what=found["words"], when=when))


async def casework(ctx: Ctx, name: str, rest: str, bot_username: str) -> None:
    caseworker = await service.caseworker_of(ctx.conn, ctx.me.person_id)
    if caseworker is None:
        ctx.said.me(ctx.t.gettext(texts.NOT_A_CASEWORKER))
        return
    if caseworker["suspended_at"] is not None:
        ctx.said.me(ctx.t.gettext(texts.CW_SUSPENDED))
        return
    if name == "newclient":
        await new_client(ctx, caseworker, rest, bot_username)
    elif name == "clients":
        await list_clients(ctx, caseworker)
    elif name == "remind":
        await remind(ctx, caseworker, rest)
    elif name == "reminders":
        await list_reminders(ctx, caseworker)
    else:
        await drop(ctx, caseworker, rest)


async def new_client(ctx: Ctx, caseworker: dict[str, Any], label: str, bot_username: str) -> None:
    note = strict.note(label)
    code, expires = await service.new_link(ctx.conn, caseworker["id"], note or None, ctx.now)
    link = f"https://t.me/{bot_username}?start=c_{code}" if bot_username else f"/link {code}"
    text = ctx.t.gettext(texts.NEW_LINK).format(
        link=link, code=code, date=ctx.t.date(expires.date())
    )
    ctx.said.me(text)


def _state_text(t: Translator, link: dict[str, Any], now: dt.datetime) -> str:
    state = link["state"]
    if state == service.OFFERED and link["opened"] >= service.MAX_OPENS:
        return t.gettext(texts.STATE_LOCKED)
    if state == service.OFFERED and as_utc(link["expires_at"]) <= now:
        return t.gettext(texts.STATE_EXPIRED)
    if state == service.OFFERED:
        return t.gettext(texts.STATE_OFFERED).format(
            date=t.date(as_utc(link["expires_at"]).date())
        )
    if state == service.AGREED:
        return t.gettext(texts.STATE_AGREED).format(date=t.date(as_utc(link["decided_at"]).date()))
    return t.gettext(texts.STATE_DECLINED if state == service.DECLINED else texts.STATE_REVOKED)


async def list_clients(ctx: Ctx, caseworker: dict[str, Any]) -> None:
    links = await service.clients(ctx.conn, caseworker["id"])
    if not links:
        ctx.said.me(ctx.t.gettext(texts.NO_CLIENTS))
        return
    lines = [
        ctx.t.gettext(texts.CLIENT_LINE).format(
            number=link["number"],
            label=link["label"] or ctx.t.gettext(texts.NO_LABEL),
            state=_state_text(ctx.t, link, ctx.now),
        )
        for link in links
    ]
    ctx.said.me("\n".join(lines))


def parse_remind(rest: str) -> strict.RemindLine:
    """Kept under its old name: `strict.remind` reads a /remind line."""
    return strict.remind(rest)


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


async def remind(ctx: Ctx, caseworker: dict[str, Any], rest: str) -> None:
    line = strict.remind(rest)
    client = await service.agreed_client(
        ctx.conn, caseworker["id"], line.client, ctx.me.profile.timezone
    )
    if client is None:
        raise Refused(texts.BAD_CLIENT, value=str(line.client))
    local = dt.datetime.combine(line.day, line.at)
    event_at = _when(local, client.zone, ctx.now)
    kept = None
    if line.rule is not None:
        try:
            kept = series_rule(line.rule, local)
        except TooOftenError:
            raise Refused(texts.TOO_OFTEN) from None
        except ValueError:  # TimingError, or a reader below it that gave up ('²')
            raise Refused(texts.BAD_RULE, value=strict.shown(line.rule, 60)) from None
    zone_name = ctx.t.timezone(client.zone)
    if event_at <= ctx.now:
        raise Refused(texts.ALREADY_PAST, zone=zone_name)
    appointment = Appointment(line.kind, local, line.words, kept)
    await service.schedule(ctx.conn, service.reminder_rows(client, appointment, ctx.now))
    text = ctx.t.gettext(texts.SCHEDULED).format(
        label=client.label or ctx.t.gettext(texts.NO_LABEL),
        kind=ctx.t.gettext(texts.KINDS[line.kind]),
        when=ctx.t.moment(local_of(event_at, client.zone)),
        zone=zone_name,
    )
    if line.rule is not None:
        text += "\n" + ctx.t.gettext(texts.SCHEDULED_REPEAT).format(rule=line.rule)
    ctx.said.me(text)


ANSWERED_STATES = {"yes": texts.R_YES, "later": texts.R_LATER}


def _kind(t: Translator, kind: str) -> str:
    template = texts.KINDS[kind]
    return t.gettext(template)


def reminder_state(t: Translator, row: dict[str, Any]) -> str:
    state, answer = row["state"], row["answer"]
    if state == service.SCHEDULED:
        due = local_of(as_utc(row["due_at"]), row["zone"])
        return t.gettext(texts.R_SCHEDULED).format(due=t.moment(due))
    if state == service.ANSWERED and answer == "no" and row["reason"]:
        return t.gettext(texts.R_NO_REASON).format(reason=row["reason"][:200])
    simple = {
        service.SENDING: texts.R_SENDING,
        service.SENT: texts.R_SENT,
        service.CANCELLED: texts.R_CANCELLED,
        service.MISSED: texts.R_MISSED,
    }
    if state in simple:
        return t.gettext(simple[state])
    if state == service.ANSWERED:
        template = ANSWERED_STATES.get(answer, texts.R_NO)
    else:
        template = texts.R_BLOCKED if row["note"] == "blocked" else texts.R_FAILED
    return t.gettext(template)


async def list_reminders(ctx: Ctx, caseworker: dict[str, Any]) -> None:
    rows = (await service.reminders_of(ctx.conn, caseworker["id"]))[-LISTED:]
    if not rows:
        ctx.said.me(ctx.t.gettext(texts.NO_REMINDERS))
        return
    lines = [
        ctx.t.gettext(texts.REMINDER_LINE).format(
            id=row["id"],
            label=row["label"] or ctx.t.gettext(texts.NO_LABEL),
            kind=_kind(ctx.t, row["kind"]),
            when=ctx.t.moment(local_of(as_utc(row["event_at"]), row["zone"])),
            state=reminder_state(ctx.t, row),
        )
        for row in rows
    ]
    ctx.said.me("\n".join(lines))


async def drop(ctx: Ctx, caseworker: dict[str, Any], rest: str) -> None:
    number = strict.number(rest.removeprefix("#"), texts.DROP_USAGE)
    if await service.cancel(ctx.conn, caseworker["id"], number, ctx.now):
        ctx.said.me(ctx.t.gettext(texts.DROPPED).format(id=number))
    else:
        ctx.said.me(ctx.t.gettext(texts.CANNOT_DROP).format(value=number))


# -- buttons -------------------------------------------------------------------------
async def on_button(query: CallbackQuery, turn: TelegramTurn) -> None:
    turn.beside(turn.answer_query(query.id))
    data = query.data or ""

    async def work(ctx: Ctx) -> None:
        await button(ctx, data)

    await _in_turn(turn, query.from_user, work)


async def button(ctx: Ctx, data: str) -> None:
    """One tapped case-work button, read strictly; anything else is an old button."""
    kind, _, rest = data.partition(":")
    person_id = ctx.me.person_id
    try:
        if person_id is None:
            raise Refused(texts.OLD_LINK_BUTTON)
        if kind == "lk":
            await decide(ctx, person_id, rest)
        elif kind == "lr":
            await stop_link(ctx, person_id, rest)
        elif kind == "ap":
            await cancel_appointment(ctx, person_id, rest)
        elif kind == "ra":
            await answer(ctx, person_id, rest)
        else:
            raise Refused(texts.OLD_LINK_BUTTON)
    except Refused as refused:
        ctx.refuse(refused)


async def decide(ctx: Ctx, person_id: int, rest: str) -> None:
    if not ctx.me.profile.consented:
        raise Refused(texts.SET_UP_FIRST_BUTTON)
    await _may_try_codes(ctx, person_id)
    try:
        chosen = strict.decision(rest)
    except Refused:
        await service.missed_code(ctx.conn, person_id, ctx.now)
        raise
    agree = chosen.agree
    found = await service.decide(ctx.conn, chosen.code, person_id, agree, ctx.now)
    if found is None:
        await service.missed_code(ctx.conn, person_id, ctx.now)
        ctx.said.me(ctx.t.gettext(texts.LINK_GONE))
        return
    mine = texts.LINK_AGREED if agree else texts.LINK_DECLINED
    ctx.said.me(ctx.t.gettext(mine).format(name=found["name"]))
    theirs = texts.HEARS_AGREED if agree else texts.HEARS_DECLINED
    await _tell(ctx, found["caseworker_person"], theirs, label=found["label"])


async def stop_link(ctx: Ctx, person_id: int, rest: str) -> None:
    found = await service.revoke(ctx.conn, strict.number(rest), person_id, ctx.now)
    if found is None:
        ctx.said.me(ctx.t.gettext(texts.OLD_LINK_BUTTON))
        return
    ctx.said.me(ctx.t.gettext(texts.REVOKED).format(name=found["name"]))
    if found["suspended_at"] is None:  # a suspended case worker hears nothing of clients
        await _tell(ctx, found["caseworker_person"], texts.HEARS_REVOKED, label=found["label"])


async def answer(ctx: Ctx, person_id: int, rest: str) -> None:
    tapped = strict.answer(rest)
    said = service.ANSWERS[tapped.choice]
    found = await service.answer(ctx.conn, tapped.reminder, person_id, said, ctx.now)
    if found is None:
        ctx.said.me(ctx.t.gettext(texts.ALREADY_ANSWERED))
    elif said == "yes":
        ctx.said.me(ctx.t.gettext(texts.THANKS_YES))
    elif said == "later":
        ctx.said.me(ctx.t.gettext(texts.THANKS_LATER))
    elif found["link_id"] is None:
        ctx.said.me(ctx.t.gettext(texts.OWN_CANNOT))  # their own: nobody to tell
    else:
        await _ask_why(ctx, found)
        await _tell_cannot_come(ctx, found)


async def _ask_why(ctx: Ctx, found: dict[str, Any]) -> None:
    """Ask for the reason, naming the appointment, and note exactly what was asked: a
    reply is a reason only when the message it answers is this question."""
    when = ctx.t.moment(local_of(found["event_at"], found["zone"]))
    question = ctx.t.gettext(texts.TOLD_NO).format(
        name=found["name"], kind=_kind(ctx.t, found["kind"]), when=when
    )
    ctx.said.me(question, {"force_reply": True})
    await service.asked_reason(ctx.conn, found["id"], question)


async def _tell_cannot_come(ctx: Ctx, found: dict[str, Any]) -> None:
    target = await _chat_of(ctx.conn, found["cw_person"])
    if target is None:
        return
    t = ctx.catalogs.translator(target[1])
    when = t.moment(local_of(as_utc(found["event_at"]), found["zone"]))
    label = found["label"] or t.gettext(texts.NO_LABEL)
    text = t.gettext(texts.HEARS_NO).format(label=label, kind=_kind(t, found["kind"]), when=when)
    ctx.said.to(target[0], text)


async def on_reason(message: Message, turn: TelegramTurn) -> None:
    """A reply to the question "why can't you go?": the reason goes to the case worker,
    if still wanted. A reply to any other message is the conversation's."""
    assert message.from_user is not None
    assert message.text is not None
    assert message.reply_to_message is not None
    text = message.text
    replied_to = message.reply_to_message.text or ""

    async def work(ctx: Ctx) -> None:
        pending = None
        if ctx.me.person_id is not None:
            pending = await service.awaiting_reason(
                ctx.conn, ctx.me.person_id, replied_to, ctx.now
            )
        if pending is None:
            raise _NotOurs
        await service.give_reason(ctx.conn, pending["id"], ctx.me.person_id or 0, text)
        ctx.said.me(ctx.t.gettext(texts.REASON_PASSED_ON).format(name=pending["name"]))
        await _tell(
            ctx,
            pending["cw_person"],
            texts.HEARS_REASON,
            label=pending["label"],
            reason=text[: service.MAX_WORDS],
        )

    # Crisis words come before anything else, here as anywhere: urgent help first, and
    # then the reason still goes where it was meant to (nothing typed is lost).
    crisis = turn.batcher.conversations.engine.crisis.detect(text) is not None
    if crisis:
        await on_message(message, turn)
    first = turn.written
    try:
        await _in_turn(turn, message.from_user, work)
    except _NotOurs:
        if not crisis:
            await on_message(message, turn)
    else:
        turn.written = first + turn.written  # both turns' replies go out, in order


class _NotOurs(Exception):  # noqa: N818 - passes a message on to the conversation
    pass


def router() -> Router:
    casework = Router(name="casework")
    casework.message.register(on_command, casework_command)
    casework.message.register(on_reason, reply_to_bot)
    casework.callback_query.register(on_button, casework_button)
    return casework
