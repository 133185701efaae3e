"""Case work for the web console: what a case worker's pages ask, through the very checks
Telegram's commands use (`links.agreed_to` for consent, `for_caseworkers.plan` for the
timing, `reminders` for the rows, `imports` for files).

Every function taking a link id goes through `client_of`: a link that is not this case
worker's, or whose client does not agree (or withdrew their consent to Onward), gives
None (the console answers 403 and shows nothing). Problems with what was typed come back
as field -> English message, and nothing is written. The timeline is in `history`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import for_caseworkers, imports, links, reminders, strict, texts
from core.casework.links import Client
from core.casework.requests import client_link, telegram_start_link
from core.casework.schema import KINDS, MAX_WORDS, caseworker_t, link_t, person_t
from core.casework.strict import Refused
from core.casework.timing import DEFAULT_LEADS, local_of, to_utc
from core.storage.deployment import deployment_t
from core.storage.models import as_utc
from flows.i18n import Catalogs

REPEATS = {
    "none": None,
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
}
MAX_LEAD = 7 * 24 * 60  # a reminder at most a week before
MAX_LEADS = 3
FIELDS = {
    texts.BAD_DATE: "date",
    texts.TOO_FAR_AHEAD: "date",
    texts.ALREADY_PAST: "time",
    texts.BAD_TIME: "time",
    texts.BAD_KIND: "kind",
    texts.NEEDS_WORDS: "words",
    texts.WORDS_TOO_LONG: "words",
    texts.BAD_CHARACTERS: "words",
    texts.TOO_OFTEN: "repeat",
    texts.BAD_RULE: "repeat",
    texts.LABEL_TOO_LONG: "label",
}


class Invalid(Exception):  # noqa: N818 - a kind answer, not a failure
    """What was typed cannot be used: field -> English message; nothing was written."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def english(refused: Refused) -> str:
    return refused.template.format(**refused.values)


def _problem(refused: Refused) -> dict[str, str]:
    return {FIELDS.get(refused.template, "form"): english(refused)}


async def _active(conn: AsyncConnection, caseworker_id: int) -> None:
    row = (
        await conn.execute(
            select(caseworker_t.c.suspended_at).where(caseworker_t.c.id == caseworker_id)
        )
    ).first()
    if row is None or row.suspended_at is not None:
        raise Invalid({"form": texts.CW_SUSPENDED})


# -- clients ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ClientRow:
    link_id: int
    number: int
    label: str | None
    state: str
    """offered, locked, expired, agreed, declined or revoked (`links.link_state`)."""
    created_at: dt.datetime
    expires_at: dt.datetime
    decided_at: dt.datetime | None
    remindable: bool
    """The case worker may act for this client now (`client_of` finds them). Only then
    are the fields below filled; otherwise they are None."""
    locale: str | None = None
    zone: str | None = None
    last_seen: dt.datetime | None = None
    reachable: bool | None = None
    unreachable_since: dt.datetime | None = None


async def my_clients(
    conn: AsyncConnection, caseworker_id: int, now: dt.datetime
) -> list[ClientRow]:
    found = await links.clients(conn, caseworker_id)
    people = {
        row.id: row
        for row in await conn.execute(
            select(
                link_t.c.id,
                person_t.c.locale,
                person_t.c.timezone,
                person_t.c.last_seen,
                person_t.c.unreachable_since,
            )
            .join(person_t, person_t.c.id == link_t.c.client_id)
            .where(links.agreed_to(caseworker_id))
        )
    }
    rows = []
    for link in found:
        row = ClientRow(
            link["id"],
            link["number"],
            link["label"],
            links.link_state(link, now),
            as_utc(link["created_at"]),
            as_utc(link["expires_at"]),
            as_utc(link["decided_at"]) if link["decided_at"] else None,
            link["id"] in people,
        )
        person = people.get(link["id"])
        if person is not None:
            unreachable = as_utc(person.unreachable_since) if person.unreachable_since else None
            row = _with_person(row, person.locale, person.timezone, person.last_seen, unreachable)
        rows.append(row)
    return rows


def _with_person(
    row: ClientRow,
    locale: str,
    zone: str | None,
    last_seen: dt.datetime,
    unreachable_since: dt.datetime | None,
) -> ClientRow:
    return replace(
        row,
        locale=locale,
        zone=zone or "UTC",
        last_seen=as_utc(last_seen),
        reachable=unreachable_since is None,
        unreachable_since=unreachable_since,
    )


async def client_of(conn: AsyncConnection, caseworker_id: int, link_id: int) -> Client | None:
    """The client under this case worker's link, while the case worker may act for them
    (the same condition as Telegram's /remind); None otherwise."""
    return await links.agreed_client_by_id(conn, caseworker_id, link_id)


async def _locale(conn: AsyncConnection, client: Client) -> str:
    found = await conn.execute(select(person_t.c.locale).where(person_t.c.id == client.person_id))
    return str(found.scalar_one())


# -- inviting ------------------------------------------------------------------------
@dataclass(frozen=True)
class Invitation:
    link_id: int
    number: int
    label: str | None
    code: str
    expires_at: dt.datetime
    link: str
    """The Telegram deep link to give the client (draw its QR code), or, when the bot's
    username is not known, "/link CODE" for them to type to the bot."""


async def bot_username(conn: AsyncConnection) -> str | None:
    """The username of the bot this database served most recently on Telegram."""
    found = await conn.execute(
        select(deployment_t.c.bot_username)
        .where(deployment_t.c.bot_username.is_not(None))
        .order_by(deployment_t.c.last_seen.desc())
        .limit(1)
    )
    name = found.scalar_one_or_none()
    return str(name) if name else None


async def invite(
    conn: AsyncConnection,
    caseworker_id: int,
    label: str,
    now: dt.datetime,
    *,
    username: str | None = None,
) -> Invitation:
    """A new client link. `username`: the bot's (settings' BOT_USERNAME), else the one
    the deployment table holds. Invalid: the note will not do, or the case worker is
    suspended."""
    await _active(conn, caseworker_id)
    try:
        note = strict.note(label.strip())
    except Refused as refused:
        raise Invalid(_problem(refused)) from None
    code, expires = await links.new_link(conn, caseworker_id, note or None, now)
    row = (
        await conn.execute(select(link_t.c.id, link_t.c.number).where(link_t.c.code == code))
    ).one()
    start = telegram_start_link(username or await bot_username(conn))
    return Invitation(row.id, row.number, note or None, code, expires, client_link(start, code))


# -- scheduling ----------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleResult:
    reminder_ids: tuple[int, ...] = ()
    event_at: dt.datetime | None = None
    """The appointment in UTC (in the client's zone: `zone`)."""
    zone: str | None = None
    problems: dict[str, str] = field(default_factory=dict)
    """field (date, time, kind, words, repeat, lead, form) -> English message; when
    there are any, nothing was written."""

    @property
    def ok(self) -> bool:
        return not self.problems


def _leads(lead: Sequence[int] | None) -> tuple[int, ...]:
    if lead is None:
        return DEFAULT_LEADS
    leads = tuple(sorted(set(lead), reverse=True))
    if not 0 < len(leads) <= MAX_LEADS or not all(0 <= m <= MAX_LEAD for m in leads):
        raise Invalid({"lead": f"Choose 1 to {MAX_LEADS} reminder times, at most a week before."})
    return leads


def _line(date: str, time: str, kind: str, words: str, repeat: str) -> strict.RemindLine:
    """The form's fields, read by the same strict readers as /remind's words."""
    if repeat not in REPEATS:
        raise Invalid({"repeat": f"Repeat must be one of {', '.join(REPEATS)}."})
    problems: dict[str, str] = {}
    for read in (lambda: strict.date(date.strip()), lambda: strict.clock(time.strip()[:5])):
        try:
            read()
        except Refused as refused:
            problems |= _problem(refused)
    kind = kind.strip().lower()
    own = words.strip() or None
    try:
        if kind not in KINDS:
            raise Refused(texts.BAD_KIND, value=strict.shown(kind, 30))
        if kind == "own" and not own:
            raise Refused(texts.NEEDS_WORDS)
        if own is not None:
            strict.plain(own, MAX_WORDS, texts.WORDS_TOO_LONG)
    except Refused as refused:
        problems |= _problem(refused)
    if problems:
        raise Invalid(problems)
    day, at = strict.date(date.strip()), strict.clock(time.strip()[:5])
    return strict.RemindLine(0, day, at, REPEATS[repeat], kind, own if kind == "own" else None)


async def schedule(
    conn: AsyncConnection,
    caseworker_id: int,
    link_id: int,
    *,
    date: str,
    time: str,
    kind: str,
    words: str = "",
    repeat: str = "none",
    lead: Sequence[int] | None = None,
    now: dt.datetime,
) -> ScheduleResult | None:
    """A reminder for the client under `link_id`, in their zone: `date` YYYY-MM-DD and
    `time` HH:MM as a browser's date and time fields give them, `kind` one of KINDS
    ("own" with `words`), `repeat` one of REPEATS, `lead` minutes before (None: the
    day before and two hours before). None: not this case worker's client."""
    client = await client_of(conn, caseworker_id, link_id)
    if client is None:
        return None
    try:
        line = _line(date, time, kind, words, repeat)
        appointment = for_caseworkers.plan(client, line, now)
        leads = _leads(lead)
    except Invalid as invalid:
        return ScheduleResult(problems=invalid.problems)
    except Refused as refused:
        return ScheduleResult(problems=_problem(refused))
    appointment = reminders.Appointment(
        appointment.kind, appointment.event_local, appointment.words, appointment.rrule, leads
    )
    ids = await reminders.schedule(conn, reminders.reminder_rows(client, appointment, now))
    return ScheduleResult(tuple(ids), to_utc(appointment.event_local, client.zone), client.zone)


@dataclass(frozen=True)
class Template:
    kind: str
    name: str
    """The kind as the client's language names it."""
    text: str
    """What the client will read, in their language, for an appointment at `when`."""


async def templates(
    conn: AsyncConnection,
    catalogs: Catalogs,
    caseworker_id: int,
    link_id: int,
    *,
    when: dt.datetime,
    words: str = "",
) -> list[Template] | None:
    """Each kind's reminder in the client's language, for an appointment at `when`
    (aware, any zone; shown in the client's). None: not this case worker's client."""
    client = await client_of(conn, caseworker_id, link_id)
    if client is None:
        return None
    t = catalogs.translator(await _locale(conn, client))
    name = (
        await conn.execute(select(caseworker_t.c.name).where(caseworker_t.c.id == caseworker_id))
    ).scalar_one()
    shown = t.moment(local_of(when, client.zone))
    return [
        Template(
            kind,
            t.gettext(texts.KINDS[kind]),
            reminders.reminder_text(t, kind, name, shown, words),
        )
        for kind in KINDS
    ]


# -- files ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedRow:
    link_id: int
    label: str | None
    kind: str
    event_local: dt.datetime
    zone: str
    repeat: str | None
    reminders: int
    """How many reminders this appointment's first occurrence will send."""


@dataclass(frozen=True)
class BulkPreview:
    rows: list[PlannedRow]
    problems: list[str]
    """Each with its row (or event) and field; when there are any, nothing can be written."""


async def _checked(
    conn: AsyncConnection, caseworker_id: int, name: str, data: bytes, now: dt.datetime
) -> list[imports.Checked]:
    return await imports.check_rows(conn, caseworker_id, imports.read_data(name, data), now)


async def bulk_preview(
    conn: AsyncConnection, caseworker_id: int, name: str, data: bytes, now: dt.datetime
) -> BulkPreview:
    """What a CSV or iCalendar file (see `imports`) would schedule; writes nothing."""
    try:
        checked = await _checked(conn, caseworker_id, name, data, now)
    except imports.RejectedFile as rejected:
        return BulkPreview([], rejected.problems)
    rows = [
        PlannedRow(
            int(c.client.link_id or 0),
            c.client.label,
            c.appointment.kind,
            c.appointment.event_local,
            c.client.zone,
            c.appointment.rrule,
            len(reminders.reminder_rows(c.client, c.appointment, now)),
        )
        for c in checked
    ]
    return BulkPreview(rows, [])


async def bulk_write(
    conn: AsyncConnection, caseworker_id: int, name: str, data: bytes, now: dt.datetime
) -> BulkPreview:
    """Check the file again, as at the preview, and write all of it or nothing: the
    preview of what was written, or of the problems."""
    preview = await bulk_preview(conn, caseworker_id, name, data, now)
    if not preview.problems:
        await imports.write(conn, await _checked(conn, caseworker_id, name, data, now), now)
    return preview
