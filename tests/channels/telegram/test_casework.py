"""A case worker and a client on Telegram, end to end through the stand-in: the client
agrees, a reminder reaches them in their language, their answer reaches the case worker
in theirs, and once they stop the link nothing more can be scheduled or seen."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from channels.sandbox.standin import BOT_USER
from channels.telegram.runtime import Runtime
from core.casework import texts
from flows.engine import Engine
from flows.i18n import readable
from tests.helpers.casework import invite, person, until_message
from tests.helpers.telegram import Sandbox

CASEWORKER, CLIENT = 5101, 5102


async def test_a_case_worker_reminds_a_consenting_client_who_answers(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    onward.scheduler.quiet = None  # quiet hours are tried on a controlled clock elsewhere
    en = engine.catalogs.translator("en").gettext
    ar = engine.catalogs.translator("ar").gettext
    worker = await person(sandbox, engine, CASEWORKER, "en", "en")
    client = await person(sandbox, engine, CLIENT, "ar", "ar")

    token = await invite(onward)
    welcome = await worker.say(f"/start cw_{token}")
    assert welcome[0]["text"].startswith("Welcome, Sam Taylor.")
    again = await worker.say(f"/start cw_{token}")  # an invitation works once
    assert again[0]["text"] == en(texts.CW_INVITE_GONE)

    # Before any client agrees, nothing can be scheduled for anyone.
    refused = await worker.say("/remind 1 2030-01-01 10:00 appointment")
    assert refused[0]["text"] == en(texts.BAD_CLIENT).format(value="1")

    made = await worker.say("/newclient J.S.")
    link = re.search(r"start=c_([A-Z0-9]+)", made[0]["text"])
    assert link is not None
    assert f"https://t.me/{BOT_USER['username']}?start=c_" in made[0]["text"]
    offer = await client.say(f"/start c_{link.group(1)}")
    assert "Sam Taylor" in offer[0]["text"]
    assert "Reentry Project" in offer[0]["text"]
    agreed = await client.tap(ar(texts.AGREE), expect=1)
    # As it reaches the screen: the Latin name isolated in the Arabic sentence.
    assert agreed[0]["text"] == readable(ar(texts.LINK_AGREED).format(name="Sam Taylor"))
    heard = await until_message(worker, "agreed to your reminders")
    assert heard["text"] == "J.S. agreed to your reminders."

    clients = await worker.say("/clients")
    number = int(clients[0]["text"].split(".")[0])
    # An hour from now: too late for the day-before and two-hour reminders, so one goes now.
    soon = dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(hours=1)
    when = soon.strftime("%Y-%m-%d %H:%M")
    scheduled = await worker.say(f"/remind {number} {when} court")
    assert scheduled[0]["text"].startswith("Scheduled for J.S.: court date on ")

    reminder = await until_message(client, ar(texts.REMINDER_TEXTS["court"]).split("{")[0])
    assert "Sam Taylor" in reminder["text"]
    labels = [row[0]["text"] for row in reminder["buttons"]]
    assert labels == [ar(texts.ANSWER_YES), ar(texts.ANSWER_LATER), ar(texts.ANSWER_NO)]

    told = await client.tap(ar(texts.ANSWER_NO))
    assert "Sam Taylor" in told[0]["text"]
    assert ar(texts.KINDS["court"]) in told[0]["text"]  # the question names the appointment
    cannot = await until_message(worker, "can't make it")
    assert cannot["text"].startswith("J.S. can't make it to the court date on ")
    await client.do("send", text="الحافلة لا تعمل", reply_to=told[0]["message_id"])
    why = await until_message(worker, "says why")
    assert why["text"] == "J.S. says why: الحافلة لا تعمل"
    listed = await worker.say("/reminders")
    assert "delivered, answered: I can't make it (الحافلة لا تعمل)" in listed[0]["text"]

    # The same button again, or a forged one for another reminder, changes nothing.
    again = await client.tap(ar(texts.ANSWER_YES))
    assert again[0]["text"] == ar(texts.ALREADY_ANSWERED)

    # The client stops the link: the case worker hears, can schedule nothing, sees nothing.
    links = await client.say("/links")
    assert "Sam Taylor" in links[0]["text"]
    stopped = await client.tap(readable(ar(texts.STOP_BUTTON).format(name="Sam Taylor")))
    assert stopped[0]["text"] == readable(ar(texts.REVOKED).format(name="Sam Taylor"))
    await until_message(worker, "stopped your reminders")
    refused = await worker.say(f"/remind {number} {when} appointment")
    assert refused[0]["text"] == en(texts.BAD_CLIENT).format(value=str(number))
    nothing = await worker.say("/reminders")
    assert nothing[0]["text"] == en(texts.NO_REMINDERS)


async def test_an_appointment_reminder_and_its_calendar_file_over_telegram(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    someone = await person(sandbox, engine, 5103, "en", "en")
    await someone.tap("My supervision")
    await someone.tap("Remind me of an appointment")
    await someone.say("Probation, 12 Oak Street")
    await someone.say("2030-06-03")
    await someone.say("09:30")
    got = await someone.tap("The day before and 2 hours before", expect=2)
    (document,) = [m for m in got if "document" in m]
    assert document["document"]["file_name"] == "appointment.ics"
    assert document["text"] == "Open this file to add it to your phone's calendar."
    content = sandbox.standin.files[document["message_id"]].decode()
    assert "SUMMARY;LANGUAGE=en:Probation\\, 12 Oak Street\r\n" in content
    # 09:30 on London's clock, with London's rules in the file (summer time then).
    assert "DTSTART;TZID=Europe/London:20300603T093000\r\n" in content
    assert "TZOFFSETTO:+0100\r\nTZNAME:BST\r\n" in content

    listed = await someone.say("/appointments")
    assert listed[0]["text"] == (
        "Your appointments with reminders:\n"
        "1. Probation, 12 Oak Street: Monday, June 3, 2030, 9:30\u202fAM"
    )
    cancelled = await someone.tap("Cancel 1")
    assert cancelled[0]["text"].startswith("Cancelled: Probation, 12 Oak Street")
    again = await someone.say("/appointments")
    assert again[0]["text"] == (
        "You have no appointments with reminders. You can add one in My supervision."
    )
