"""Actions for "My supervision": the person's own conditions (kept only if they ask) and
their own appointments, which the reminder scheduler sends at the times they chose."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import APPOINTMENT_AHEAD, N_, known_zone, parse_time
from flows.replies import Attachment, RemindMe

LEADS = {"both": (24 * 60, 120), "day_before": (24 * 60,), "two_hours": (120,)}
APPOINTMENT = ("appt_what", "appt_date", "appt_time", "appt_leads")
DRAFT, KEPT = "conditions_draft", "my_conditions"
ADDED = N_("Done. I will remind you about {what} on {when}.")
SEE_THEM = N_("To see your appointments or cancel one: /appointments")


async def go_on(ctx: ActionContext) -> ActionResult:
    """Nothing to do: lets a button go where an earlier answer says."""
    return ActionResult()


async def keep_conditions(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=ctx.answers.get(DRAFT), forget=(DRAFT,))


async def forget_conditions(ctx: ActionContext) -> ActionResult:
    return ActionResult(forget=(DRAFT, KEPT))


async def add_appointment(ctx: ActionContext) -> ActionResult:
    """The appointment becomes reminders, in the person's own time zone; the details
    asked for it are not kept in the conversation."""
    zone = known_zone(ctx.profile.timezone)
    if zone is None:
        return ActionResult(value="no_zone")
    clock = parse_time(str(ctx.answers.get("appt_time") or ""))
    if clock is None:
        return ActionResult(value="bad_time")
    local = _local(ctx.answers.get("appt_date"), clock)
    moment = _moment(local, zone, ctx.now) if local else None
    if local is None or moment is None:
        return ActionResult(value="bad_date")
    if moment <= ctx.now:
        return ActionResult(value="past")
    what = str(ctx.answers.get("appt_what") or "").strip()
    leads = LEADS.get(str(ctx.answers.get("appt_leads")), LEADS["both"])
    effect = RemindMe(what, local.isoformat(timespec="minutes"), str(zone), leads)
    t = ctx.translator
    text = t.gettext(ADDED).format(what=what, when=t.moment(moment)) + "\n" + t.gettext(SEE_THEM)
    event = Attachment(
        "appointment.ics", "text/calendar", calendar_event(what, moment, leads, ctx.now)
    )
    return ActionResult(
        texts=[text], value="added", effects=[effect], forget=APPOINTMENT, attachments=[event]
    )


def _local(day: object, clock: dt.time) -> dt.datetime | None:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(str(day)), clock)
    except ValueError:
        return None


def _moment(local: dt.datetime, zone: ZoneInfo, now: dt.datetime) -> dt.datetime | None:
    """The appointment as a moment, or None when it is beyond what the reminders can
    reach. The date question already keeps it in reach; this holds for an answer kept
    from before that check, since reminders for year 10000 cannot be stored."""
    try:
        moment = local.replace(tzinfo=zone)
        reachable = moment.astimezone(dt.UTC) - now <= APPOINTMENT_AHEAD
    except (OverflowError, ValueError):
        return None
    return moment if reachable else None


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next, after a space (RFC 5545 3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " "
        current += char
    return [*out, current]


def calendar_event(
    what: str, moment: dt.datetime, leads: tuple[int, ...], now: dt.datetime
) -> str:
    """One VEVENT, in UTC so no VTIMEZONE is needed, with an alarm per reminder chosen."""
    stamp = "%Y%m%dT%H%M%SZ"
    start = moment.astimezone(dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Onward//My supervision//EN",
        "BEGIN:VEVENT",
        f"UID:{uuid.uuid4()}@onward",
        f"DTSTAMP:{now.astimezone(dt.UTC).strftime(stamp)}",
        f"DTSTART:{start.strftime(stamp)}",
        f"DTEND:{(start + dt.timedelta(hours=1)).strftime(stamp)}",
        f"SUMMARY:{_escape(what)}",
    ]
    for lead in leads:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(what)}",
            f"TRIGGER:-PT{lead}M",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"


def register(registry: ActionRegistry) -> None:
    registry.register("go_on", go_on)
    registry.register("keep_conditions", keep_conditions)
    registry.register("forget_conditions", forget_conditions)
    registry.register("add_appointment", add_appointment)
