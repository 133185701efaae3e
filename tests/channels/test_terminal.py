"""The terminal chat answers case work through the same core as Telegram: /appointments
and /links give the words tests/channels/telegram/test_casework.py sees over Telegram,
their buttons are numbered choices, and a case worker hears a client's answer."""

from __future__ import annotations

import re

from channels.terminal import Terminal, show
from core.casework import caseworkers, texts
from core.conversations import Conversations
from core.people import AT_THE_TERMINAL, TERMINAL, Someone
from flows.engine import Engine
from flows.replies import Reply
from tests.conftest import NOW

CLIENT, CASEWORKER = AT_THE_TERMINAL, Someone(TERMINAL, "a second keyboard")


async def tap(terminal: Terminal, label: str) -> list[Reply]:
    """Type the number shown beside `label`, as a person at the terminal would."""
    labels = [b.label for reply in terminal.last for b in reply.buttons]
    assert label in labels, f"no button {label!r} in {labels}"
    return await terminal.say(str(labels.index(label) + 1))


async def onboarded(conversations: Conversations, person: Someone) -> Terminal:
    terminal = Terminal(conversations, "en", person)
    await terminal.say("/start")
    for label in ("Yes, that's OK", "England or Wales"):
        await tap(terminal, label)
    return terminal


async def test_appointments_over_the_terminal_read_as_over_telegram(
    conversations: Conversations, capsys
):
    someone = await onboarded(conversations, CLIENT)
    none = await someone.say("/appointments")
    assert [r.text for r in none] == [
        "You have no appointments with reminders. You can add one in My supervision."
    ]
    await someone.say("/menu")
    await tap(someone, "My supervision")
    await tap(someone, "Remind me of an appointment")
    for line in ("Probation, 12 Oak Street", "2030-06-03", "09:30"):
        await someone.say(line)
    await tap(someone, "The day before and 2 hours before")

    listed = await someone.say("/appointments")
    assert [r.text for r in listed] == [
        "Your appointments with reminders:\n"
        "1. Probation, 12 Oak Street: Monday, June 3, 2030, 9:30\u202fAM"
    ]
    show(listed)
    assert "  [1] Cancel 1" in capsys.readouterr().out
    cancelled = await someone.say("1")
    assert cancelled[0].text.startswith("Cancelled: Probation, 12 Oak Street")
    again = await someone.say("/appointments")
    assert again[0].text == none[0].text


async def test_links_over_the_terminal_and_the_case_worker_hears(
    conversations: Conversations, engine: Engine
):
    en = engine.catalogs.translator("en")
    worker = await onboarded(conversations, CASEWORKER)
    client = await onboarded(conversations, CLIENT)
    async with conversations.store.transaction() as conn:
        token = await caseworkers.invite(conn, "Sam Taylor", "Reentry Project", NOW)
    welcome = await worker.say(f"/start cw_{token}")
    assert welcome[0].text.startswith("Welcome, Sam Taylor.")
    made = await worker.say("/newclient J.S.")
    code = re.search(r"/link ([A-Z0-9]{8})", made[0].text)  # no start links in a terminal
    assert code is not None

    offer = await client.say(f"/link {code.group(1)}")
    assert "Sam Taylor from Reentry Project" in offer[0].text
    agreed = await tap(client, en.gettext(texts.AGREE))
    assert [r.text for r in agreed] == [en.gettext(texts.LINK_AGREED).format(name="Sam Taylor")]
    assert [(chat, r.text) for chat, r in client.to_others] == [
        (CASEWORKER, "J.S. agreed to your reminders.")
    ]

    links = await client.say("/links")
    since = en.date(NOW.date())
    assert [r.text for r in links] == [
        f"These case workers can send you reminders:\nSam Taylor (Reentry Project), since {since}"
    ]
    stopped = await tap(client, "Stop Sam Taylor's reminders")
    assert stopped[0].text == en.gettext(texts.REVOKED).format(name="Sam Taylor")
    assert (await client.say("/links"))[0].text == en.gettext(texts.NO_LINKS)


async def test_a_line_that_is_not_case_work_goes_to_the_conversation(
    conversations: Conversations,
):
    someone = await onboarded(conversations, CLIENT)
    menu = await someone.say("/menu")
    assert menu[0].buttons  # the conversation's menu, not a case-work answer
    started = await someone.say("/start")  # /start with no case-work code: the conversation's
    assert started[0].text != texts.CW_INVITE_GONE
