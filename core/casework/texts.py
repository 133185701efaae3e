"""What Onward says to case workers and to their clients about links and reminders."""

from __future__ import annotations

from flows.answers import N_

# -- case workers ------------------------------------------------------------------
CW_WELCOME = N_(
    "Welcome, {name}. You can now link with clients who agree to it.\n"
    "/newclient makes a link to give a client.\n"
    "/clients lists your clients.\n"
    "/remind schedules a reminder.\n"
    "/reminders shows what you scheduled and what happened to it."
)
CW_INVITE_GONE = N_(
    "This invitation has already been used or has expired. Ask your organisation for a new one."
)
CW_SET_UP_FIRST = N_(
    "Before you join as a case worker, let's set things up: tap /start. "
    "Then open your invitation link again."
)
CW_SUSPENDED = N_(
    "Your organisation has paused your case work in Onward, so you cannot do this now. "
    "Ask them if you think this is a mistake."
)
NOT_A_CASEWORKER = N_(
    "Only case workers can do this. If you are one, ask your organisation for an invitation."
)
NEW_LINK = N_(
    "Give this link to your client: {link}\n"
    "Or they can type /link {code} to me. It works once, until {date}."
)
LABEL_TOO_LONG = N_("A note to tell a client apart can be at most {maximum} characters.")
BAD_CHARACTERS = N_(
    "Please use only letters, numbers, spaces and punctuation: no line breaks or special marks."
)
NO_CLIENTS = N_("You have no clients yet. Make a link with /newclient.")
CLIENT_LINE = N_("{number}. {label}: {state}")
NO_LABEL = N_("(no note)")
STATE_OFFERED = N_("link not used yet (until {date})")
STATE_AGREED = N_("agreed on {date}")
STATE_DECLINED = N_("said no")
STATE_REVOKED = N_("stopped your reminders")
STATE_EXPIRED = N_("link expired")
STATE_LOCKED = N_("link locked: it was opened too many times. Make a new one with /newclient")
REMIND_USAGE = N_(
    "To schedule a reminder, type:\n"
    "/remind CLIENT DATE TIME TYPE\n"
    "For example: /remind 3 2026-12-03 10:00 appointment\n"
    "CLIENT is the number from /clients. TYPE is appointment, court, checkin, documents, "
    "or own followed by your own words.\n"
    "To repeat it, put a rule before the type, for example FREQ=WEEKLY;COUNT=4.\n"
    "The time is in the client's time zone. Reminders go out the day before and two hours before."
)
BAD_CLIENT = N_("There is no client {value} who has agreed to your reminders. See /clients.")
BAD_DATE = N_("'{value}' is not a date. Write it like 2026-12-03.")
BAD_TIME = N_("'{value}' is not a time. Write it like 09:30.")
BAD_KIND = N_(
    "'{value}' is not a type of reminder. Use appointment, court, checkin, documents or own."
)
NEEDS_WORDS = N_(
    "With own, write your words after it, for example: "
    "/remind 3 2026-12-03 10:00 own Bring your payslips"
)
WORDS_TOO_LONG = N_("Your words can be at most {maximum} characters.")
BAD_RULE = N_("'{value}' is not a repeat rule. Use one such as FREQ=WEEKLY;COUNT=4.")
TOO_OFTEN = N_("A reminder can repeat at most once a day.")
TOO_FAR_AHEAD = N_("That date is too far ahead. A reminder can be at most five years ahead.")
ALREADY_PAST = N_("That time has already passed where your client lives ({zone}).")
SCHEDULED = N_(
    "Scheduled for {label}: {kind} on {when} ({zone}). "
    "Reminders go out the day before and two hours before."
)
SCHEDULED_REPEAT = N_("It repeats: {rule}")
NO_REMINDERS = N_("Nothing scheduled. Schedule a reminder with /remind.")
REMINDER_LINE = N_("#{id} {label}, {kind} on {when}: {state}")
R_SCHEDULED = N_("to be sent {due}")
R_SENDING = N_("being sent")
R_SENT = N_("delivered, no answer yet")
R_YES = N_("delivered, answered: I'll be there")
R_LATER = N_("delivered, answered: remind me later")
R_NO = N_("delivered, answered: I can't make it")
R_NO_REASON = N_("delivered, answered: I can't make it ({reason})")
R_BLOCKED = N_("not delivered: they blocked Onward")
R_FAILED = N_("not delivered: Telegram refused it")
R_CANCELLED = N_("cancelled")
R_MISSED = N_("not sent: Onward was down and the appointment had passed")
CONSOLE_LINK = N_(
    "Open this link to sign in to the Onward console, where you can see your clients and "
    "schedule reminders: {url}\n"
    "It works once, for {minutes} minutes. Do not share it."
)
DROP_USAGE = N_("To cancel a reminder, type /drop and its number from /reminders, e.g. /drop 12.")
DROPPED = N_("Cancelled reminder #{id}.")
CANNOT_DROP = N_("There is no reminder #{value} of yours that can still be cancelled.")
HEARS_NO = N_("{label} can't make it to the {kind} on {when}.")
HEARS_REASON = N_("{label} says why: {reason}")
HEARS_BLOCKED = N_("A reminder to {label} could not be delivered: they have blocked Onward.")
HEARS_AGREED = N_("{label} agreed to your reminders.")
HEARS_DECLINED = N_("{label} said no to your reminders.")
HEARS_REVOKED = N_("{label} stopped your reminders. What you had scheduled for them is cancelled.")

KINDS = {
    "appointment": N_("appointment"),
    "court": N_("court date"),
    "checkin": N_("check-in"),
    "documents": N_("appointment (bring documents)"),
    "own": N_("appointment (your words)"),
}

# -- clients -----------------------------------------------------------------------
LINK_OFFER = N_(
    "{name} from {organisation} would like to send you reminders through Onward.\n"
    "If you agree, they can:\n"
    "• send you reminders about appointments and court dates\n"
    "• see whether each reminder reached you, and what you answered\n"
    "Nothing else: not what you tell me, and not your answers anywhere else. "
    "You can stop it at any time with /links."
)
AGREE = N_("I agree")
DECLINE = N_("No, thank you")
LINK_AGREED = N_("Done. {name} can now send you reminders. To stop them at any time: /links")
LINK_DECLINED = N_("All right. {name} will not be able to send you anything.")
LINK_GONE = N_(
    "This link has expired or has already been used. Ask your case worker for a new one."
)
BAD_CODE = N_(
    "That is not a code from a case worker. "
    "A code has 8 letters and numbers, for example: /link K7M2QXPA"
)
TOO_MANY_TRIES = N_(
    "Too many codes did not work. Please wait {minutes} min, then try again. "
    "If it still does not work, ask your case worker for a new link."
)
SET_UP_FIRST_BUTTON = N_(
    "Before linking with a case worker, let's set things up: tap /start. "
    "Then open your case worker's link again."
)
CASEWORKER_PAUSED = N_(
    "{name} ({organisation}) can no longer send you reminders through Onward. "
    "What they had scheduled for you is cancelled."
)
CASEWORKER_BACK = N_(
    "{name} ({organisation}) can send you reminders through Onward again. "
    "To stop them at any time: /links"
)
LINK_OWN = N_("This is your own link: give it to your client.")
SET_UP_FIRST = N_(
    "Before linking with a case worker, let's set things up: tap /start. "
    "Then type /link {code} to me."
)
LINK_USAGE = N_("Type /link and the code your case worker gave you, for example: /link K7M2QXPA")
NO_LINKS = N_("No case worker can send you reminders.")
LINKS_HEADING = N_("These case workers can send you reminders:")
LINKS_LINE = N_("{name} ({organisation}), since {date}")
STOP_BUTTON = N_("Stop {name}'s reminders")
REVOKED = N_(
    "Stopped. {name} can no longer send you reminders, and what they had scheduled is cancelled."
)
OLD_LINK_BUTTON = N_("That button is no longer valid.")

# -- reminders ---------------------------------------------------------------------
REMINDER_TEXTS = {
    "appointment": N_("Reminder from {name}: you have an appointment on {when}."),
    "court": N_(
        "Reminder from {name}: your court date is {when}. "
        "If you cannot go, tell your lawyer or the court straight away."
    ),
    "checkin": N_("Reminder from {name}: please check in with them on {when}."),
    "documents": N_("Reminder from {name}: bring your documents to your appointment on {when}."),
    "own": N_("Message from {name} about {when}:\n{words}"),
    "self": N_("Reminder: {words}, on {when}."),
}
LATE = N_("(This reminder is late: Onward could not send it on time.)")
ANSWER_YES = N_("I'll be there")
ANSWER_LATER = N_("Remind me later")
ANSWER_NO = N_("I can't make it")
THANKS_YES = N_("Thank you. Good luck!")
THANKS_LATER = N_("I'll remind you again in an hour.")
TOLD_NO = N_(
    "I've told {name} you can't make it to the {kind} on {when}. "
    "If you want to say why, reply to this message."
)
REASON_PASSED_ON = N_("Thank you. I've passed that on to {name}.")
OWN_CANNOT = N_(
    "Contact your officer or agent before the appointment: say why, and ask for a new time. "
    "Keep proof of the reason. For more help: /menu, then My supervision."
)
NO_APPOINTMENTS = N_("You have no appointments with reminders. You can add one in My supervision.")
APPOINTMENTS_HEADING = N_("Your appointments with reminders:")
APPOINTMENT_LINE = N_("{number}. {what}: {when}")
CANCEL_APPOINTMENT = N_("Cancel {number}")
APPOINTMENT_CANCELLED = N_("Cancelled: {what}, {when}. No more reminders for it.")
ALREADY_ANSWERED = N_("This reminder is closed. It was answered or cancelled.")
