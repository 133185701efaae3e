"""Actions for "My supervision": the person's own conditions (kept only if they ask) and
their own appointments, which the reminder scheduler sends at the times they chose."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import APPOINTMENT_AHEAD, N_, known_zone, parse_time
from flows.calendar_file import Appointment, calendar_file
from flows.replies import Attachment, RemindMe

LEADS = {"both": (24 * 60, 120), "day_before": (24 * 60,), "two_hours": (120,)}
APPOINTMENT = ("appt_what", "appt_date", "appt_time", "appt_leads")
DRAFT, KEPT = "conditions_draft", "my_conditions"
CALENDAR_KEY = "_calendar_key"
"""A random value, made once a conversation, that makes each appointment's calendar UID."""
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
    key = str(ctx.answers.get(CALENDAR_KEY) or secrets.token_hex(16))
    appointment = Appointment(what, moment, zone, leads, ctx.profile.locale, key)
    event = Attachment("appointment.ics", "text/calendar", calendar_file(appointment, ctx.now))
    return ActionResult(
        texts=[text],
        value="added",
        effects=[effect],
        forget=APPOINTMENT,
        attachments=[event],
        keep={CALENDAR_KEY: key},
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


def register(registry: ActionRegistry) -> None:
    registry.register("go_on", go_on)
    registry.register("keep_conditions", keep_conditions)
    registry.register("forget_conditions", forget_conditions)
    registry.register("add_appointment", add_appointment)
