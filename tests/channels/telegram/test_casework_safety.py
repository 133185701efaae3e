"""Case work over the stand-in, tried as a careless or hostile person would: an agree
button forged by someone who never accepted the privacy notice, a reply to the wrong
message taken for a reason, buttons and commands with odd characters, and buttons
forged for reminders and links that are not the person's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from channels.telegram.runtime import Runtime
from core.casework import schema, texts
from flows.engine import Engine
from tests.helpers.casework import invite, person, until_message
from tests.helpers.telegram import Person, Sandbox, onboard

CASEWORKER, CLIENT, STRANGER = 5201, 5202, 5203


async def _links(onward: Runtime) -> list[tuple[str, int | None]]:
    store = onward.app.conversations.store
    async with store.transaction() as conn:
        rows = await conn.execute(select(schema.link_t.c.state, schema.link_t.c.client_id))
        return [(r.state, r.client_id) for r in rows]


async def test_a_forged_agree_button_from_someone_without_consent_records_nothing(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    en = engine.catalogs.translator("en").gettext
    worker = await person(sandbox, engine, CASEWORKER, "en", "en")
    await worker.say(f"/start cw_{await invite(onward)}")
    made = await worker.say("/newclient J.S.")
    code = re.search(r"/link ([A-Z0-9]+)|start=c_([A-Z0-9]+)", made[0]["text"])
    assert code is not None
    code_text = code.group(1) or code.group(2)

    stranger = sandbox.person(STRANGER, "en")
    await stranger.say("/start")  # known to Onward, but never accepted the privacy notice
    message = (await stranger.bot_messages())[-1]
    reply = await stranger.do("press", message_id=message["message_id"], data=f"lk:{code_text}:y")
    assert reply[-1]["text"] == en(texts.SET_UP_FIRST_BUTTON)
    offered = await stranger.say(f"/link {code_text}")
    assert offered[-1]["text"] == en(texts.SET_UP_FIRST).format(code=code_text)
    assert await _links(onward) == [(schema.OFFERED, None)]


async def told_cannot_come(
    sandbox: Sandbox, onward: Runtime, engine: Engine
) -> tuple[Person, Person, list[dict[str, Any]]]:
    """A case worker and a client who agreed; a court reminder arrives and the client
    taps "I can't make it". Returns the worker, the client and the bot's why-question."""
    onward.scheduler.quiet = None
    en = engine.catalogs.translator("en").gettext
    worker = await person(sandbox, engine, CASEWORKER, "en", "en")
    client = await person(sandbox, engine, CLIENT, "en", "en")
    await worker.say(f"/start cw_{await invite(onward)}")
    made = await worker.say("/newclient J.S.")
    link = re.search(r"start=c_([A-Z0-9]+)", made[0]["text"])
    assert link is not None
    await client.say(f"/start c_{link.group(1)}")
    await client.tap(en(texts.AGREE))
    await until_message(worker, "agreed to your reminders")
    soon = dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(hours=1)
    await worker.say(f"/remind 1 {soon:%Y-%m-%d %H:%M} court")
    await until_message(client, "your court date is")
    told = await client.tap(en(texts.ANSWER_NO))
    return worker, client, told


async def test_only_a_reply_to_the_why_question_reaches_the_case_worker(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    worker, client, told = await told_cannot_come(sandbox, onward, engine)
    assert told[0]["text"].startswith("I've told Sam Taylor")
    await until_message(worker, "can't make it")

    # A reply to an earlier, unrelated message of ours (here the offer) is the
    # conversation's: the case worker hears nothing of it.
    earlier = next(m for m in await client.bot_messages() if "would like to send" in m["text"])
    await client.do("send", text="12 Oak Street, Leeds", reply_to=earlier["message_id"])
    await worker.nothing_more()
    assert not [m for m in await worker.bot_messages() if "says why" in m["text"]]

    await client.do("send", text="The bus is not running", reply_to=told[0]["message_id"])
    why = await until_message(worker, "says why")
    assert why["text"] == "J.S. says why: The bus is not running"


async def test_crisis_words_in_a_reason_bring_urgent_help_first(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    worker, client, told = await told_cannot_come(sandbox, onward, engine)
    en = engine.catalogs.translator("en").gettext
    said = await client.do(
        "send", text="I want to end my life", reply_to=told[0]["message_id"], expect=2
    )
    urgent = [m for m in said if "You are not alone" in m["text"]]
    passed = [m for m in said if m["text"] == en(texts.REASON_PASSED_ON).format(name="Sam Taylor")]
    assert urgent, [m["text"] for m in said]
    assert passed
    assert said.index(urgent[0]) < said.index(passed[0])  # help comes first
    await until_message(worker, "says why")


async def test_odd_characters_in_buttons_and_commands_are_answered_kindly(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    en = engine.catalogs.translator("en").gettext
    worker = await person(sandbox, engine, CASEWORKER, "en", "en")
    await worker.say(f"/start cw_{await invite(onward)}")
    message = (await worker.bot_messages())[-1]
    for data in ("ap:²", "lr:²", "ra:²:y", "ra:٣:y", "lk:２２２２２２２２:y"):
        reply = await worker.do("press", message_id=message["message_id"], data=data)
        assert reply[-1]["text"] in {en(texts.OLD_LINK_BUTTON), en(texts.ALREADY_ANSWERED)}
    assert (await worker.say("/drop ²"))[-1]["text"] == en(texts.DROP_USAGE)
    refused = await worker.say("/remind ² 2030-01-01 10:00 court")
    assert refused[-1]["text"] == en(texts.BAD_CLIENT).format(value="²")
    made = await worker.say("/newclient")
    code = re.search(r"start=c_([A-Z0-9]+)", made[0]["text"])
    assert code is not None
    client = await person(sandbox, engine, CLIENT, "en", "en")
    await client.say(f"/start c_{code.group(1)}")
    await client.tap(en(texts.AGREE))
    await until_message(worker, "agreed to your reminders")
    far = await worker.say("/remind 1 9999-12-31 23:30 court")
    assert far[-1]["text"] == en(texts.TOO_FAR_AHEAD)


@pytest.mark.parametrize(
    "data", ["ra:1:y", "ra:1:n", "lr:1", "lk:AAAAAAAA:y", "lk::y", "ra:x:y", "ap:1", "ap:"]
)
async def test_forged_buttons_change_nothing(
    data: str, sandbox: Sandbox, onward: Runtime, engine: Engine
):
    someone = sandbox.person(STRANGER)
    someone.locale = "en"
    await onboard(someone, engine.catalogs.translator("en").gettext)
    message = (await someone.bot_messages())[-1]
    reply = await someone.do("press", message_id=message["message_id"], data=data)
    assert reply[-1]["text"] in {
        "This reminder is closed. It was answered or cancelled.",
        "That button is no longer valid.",
        "This link has expired or has already been used. Ask your case worker for a new one.",
    }
    store = onward.app.conversations.store
    async with store.transaction() as conn:
        assert (await conn.execute(schema.link_t.select())).first() is None
