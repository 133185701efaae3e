"""What a client (or an invited case worker) does, through the core every channel runs,
on a real store: open an invitation or a link, agree or decline, list and stop links,
list and cancel their own appointments, answer a reminder and say why they cannot come.
Whoever else hears of it (the case worker) hears in their own language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from core.casework import caseworkers, reminders, schema, texts
from core.casework.commands import Casework
from core.casework.requests import ReplyText, Request, Say, Tap, Who, command
from core.casework.schema import reminder_t
from core.people import TELEGRAM, Someone
from flows.engine import Engine
from flows.replies import Button, Reply
from tests.helpers.casework import said
from tests.helpers.world import World, link_id

CW, ANA, EVE = 900, 901, 902
TOLD_NO = (
    "I've told Sam Taylor you can't make it to the court date on "
    "Wednesday, March 25, 2026, 2:30\u202fPM. If you want to say why, reply to this message."
)


def to(chat: int) -> Someone:
    return Someone(TELEGRAM, str(chat))


async def say(world: World, engine: Engine, chat: int, text: str) -> list[Say]:
    typed = command(text)
    assert typed is not None
    return await said(world.store, engine, world.clock.now, chat, typed)


async def tap(world: World, engine: Engine, chat: int, data: str) -> list[Say]:
    return await said(world.store, engine, world.clock.now, chat, Tap(data))


def says(chat: int, text: str) -> Say:
    return Say(to(chat), Reply(text))


def texts_of(replies: list[Say]) -> list[str]:
    return [s.reply.text for s in replies]


async def test_an_invitation_opens_once_for_someone_set_up(world: World, engine: Engine):
    await world.person(ANA)
    await world.person(EVE, consented=False)
    async with world.store.transaction() as conn:
        token = await caseworkers.invite(conn, "Sam Taylor", "Reentry Project", world.clock.now)
    opened = texts_of(await say(world, engine, EVE, f"/start cw_{token}"))
    assert opened == [texts.CW_SET_UP_FIRST]
    welcome = texts_of(await say(world, engine, ANA, f"/start cw_{token}"))
    assert welcome == [texts.CW_WELCOME.format(name="Sam Taylor")]
    again = texts_of(await say(world, engine, ANA, f"/start cw_{token}"))
    assert again == [texts.CW_INVITE_GONE]
    assert texts_of(await say(world, engine, ANA, "/start cw_x")) == [texts.CW_INVITE_GONE]


async def test_opening_a_link_offers_it_with_two_buttons(world: World, engine: Engine):
    cw, _ = await world.new_caseworker(CW)
    await world.person(ANA)
    await world.person(EVE, consented=False)
    code = await world.link(cw, None)
    assert texts_of(await say(world, engine, ANA, "/link")) == [texts.LINK_USAGE]
    unset = texts_of(await say(world, engine, EVE, f"/link {code.lower()}"))
    assert unset == [texts.SET_UP_FIRST.format(code=code)]
    own = texts_of(await say(world, engine, CW, f"/start c_{code}"))
    assert own == [texts.LINK_OWN]
    (offer,) = await say(world, engine, ANA, f"/link {code.lower()}")
    assert offer.to == to(ANA)
    assert offer.reply.text == texts.LINK_OFFER.format(
        name="Sam Taylor", organisation="Reentry Project"
    )
    assert offer.reply.buttons == (
        Button(texts.AGREE, f"lk:{code}:y"),
        Button(texts.DECLINE, f"lk:{code}:n"),
    )


async def test_agreeing_or_declining_is_told_to_the_case_worker_in_their_language(
    world: World, engine: Engine
):
    cw, _ = await world.new_caseworker(CW)
    async with world.store.transaction() as conn:  # the case worker reads Arabic
        await conn.execute(
            update(schema.person_t).where(schema.person_t.c.address == str(CW)).values(locale="ar")
        )
    await world.person(ANA)
    await world.person(EVE)
    ar = engine.catalogs.translator("ar")
    agreed, declined = await world.link(cw, None, "A."), await world.link(cw, None, "E.")
    assert await tap(world, engine, ANA, f"lk:{agreed}:y") == [
        says(ANA, texts.LINK_AGREED.format(name="Sam Taylor")),
        says(CW, ar.gettext(texts.HEARS_AGREED).format(label="A.")),
    ]
    assert await tap(world, engine, EVE, f"lk:{declined}:n") == [
        says(EVE, texts.LINK_DECLINED.format(name="Sam Taylor")),
        says(CW, ar.gettext(texts.HEARS_DECLINED).format(label="E.")),
    ]
    assert texts_of(await tap(world, engine, EVE, f"lk:{agreed}:y")) == [texts.LINK_GONE]


async def test_a_stranger_or_someone_not_set_up_cannot_agree(world: World, engine: Engine):
    cw, _ = await world.new_caseworker(CW)
    await world.person(EVE, consented=False)
    code = await world.link(cw, None)
    assert texts_of(await tap(world, engine, EVE, f"lk:{code}:y")) == [texts.SET_UP_FIRST_BUTTON]
    assert texts_of(await tap(world, engine, 999, f"lk:{code}:y")) == [texts.OLD_LINK_BUTTON]
    assert texts_of(await tap(world, engine, EVE, "zz:1")) == [texts.OLD_LINK_BUTTON]


async def test_wrong_codes_make_a_person_wait_and_a_passed_around_code_locks(
    world: World, engine: Engine
):
    cw, _ = await world.new_caseworker(CW)
    await world.person(EVE)
    code = await world.link(cw, None)
    for guess in ("AAAAAAAA", "BBBBBBBB", "not a code", "CCCCCCCC"):
        assert await say(world, engine, EVE, f"/link {guess}") != []
    assert texts_of(await tap(world, engine, EVE, "lk:DDDDDDDD:y")) == [texts.LINK_GONE]
    refused = await tap(world, engine, EVE, f"lk:{code}:y")  # even the right one, for now
    assert texts_of(refused) == [texts.TOO_MANY_TRIES.format(minutes=15)]
    world.clock.now += schema.MISS_WINDOW
    assert texts_of(await say(world, engine, EVE, f"/link {code}")) != [texts.LINK_GONE]
    for _ in range(schema.MAX_OPENS):
        await say(world, engine, EVE, f"/link {code}")
    assert texts_of(await tap(world, engine, EVE, f"lk:{code}:y")) == [texts.LINK_GONE]
    async with world.store.transaction() as conn:
        old = world.clock.now - schema.MISS_WINDOW
        kept = await conn.execute(select(func.count()).where(schema.attempt_t.c.at <= old))
        assert kept.scalar_one() == 0  # pruned as new ones come


async def test_a_client_lists_their_links_and_stops_one(world: World, engine: Engine):
    cw, _ = await world.new_caseworker(CW)
    ana = await world.person(ANA)
    assert texts_of(await say(world, engine, ANA, "/links")) == [texts.NO_LINKS]
    link = await link_id(world, await world.link(cw, ana, "A."))
    (listed,) = await say(world, engine, ANA, "/links")
    assert listed.reply.text == "\n".join(
        [
            texts.LINKS_HEADING,
            texts.LINKS_LINE.format(
                name="Sam Taylor", organisation="Reentry Project", date="March 20, 2026"
            ),
        ]
    )
    assert listed.reply.buttons == (Button("Stop Sam Taylor's reminders", f"lr:{link}"),)
    assert await tap(world, engine, ANA, f"lr:{link}") == [
        says(ANA, texts.REVOKED.format(name="Sam Taylor")),
        says(CW, texts.HEARS_REVOKED.format(label="A.")),
    ]
    assert texts_of(await tap(world, engine, ANA, f"lr:{link}")) == [texts.OLD_LINK_BUTTON]


async def test_a_suspended_case_worker_hears_nothing_of_a_client_stopping(
    world: World, engine: Engine
):
    cw, _ = await world.new_caseworker(CW)
    link = await link_id(world, await world.link(cw, await world.person(ANA)))
    async with world.store.transaction() as conn:
        await caseworkers.suspend(conn, cw, world.clock.now)
    stopped = await tap(world, engine, ANA, f"lr:{link}")
    assert stopped == [says(ANA, texts.REVOKED.format(name="Sam Taylor"))]


async def test_a_person_lists_and_cancels_their_own_appointments(world: World, engine: Engine):
    ana = await world.person(ANA, zone="Europe/London")
    assert texts_of(await say(world, engine, ANA, "/appointments")) == [texts.NO_APPOINTMENTS]
    appointment = reminders.Appointment("self", dt.datetime(2026, 3, 25, 14, 30), "Probation")
    async with world.store.transaction() as conn:
        first, _ = await reminders.schedule(
            conn,
            reminders.reminder_rows(
                reminders.own(ana, "Europe/London"), appointment, world.clock.now
            ),
        )
    (listed,) = await say(world, engine, ANA, "/appointments")
    when = "Wednesday, March 25, 2026, 2:30\u202fPM"
    assert listed.reply.text == f"{texts.APPOINTMENTS_HEADING}\n1. Probation: {when}"
    assert listed.reply.buttons == (Button("Cancel 1", f"ap:{first}"),)
    cancelled = texts_of(await tap(world, engine, ANA, f"ap:{first}"))
    assert cancelled == [texts.APPOINTMENT_CANCELLED.format(what="Probation", when=when)]
    assert texts_of(await tap(world, engine, ANA, f"ap:{first}")) == [texts.OLD_LINK_BUTTON]


async def a_court_reminder_sent(world: World) -> int:
    """Sam's client Ana has received a court reminder; returns its id."""
    cw, _ = await world.new_caseworker(CW)
    ana = await world.person(ANA, zone="Europe/London")
    link = await link_id(world, await world.link(cw, ana, "A."))
    first, _ = await world.schedule(cw, link, dt.datetime(2026, 3, 25, 14, 30), "court")
    async with world.store.transaction() as conn:
        await conn.execute(update(reminder_t).where(reminder_t.c.id == first).values(state="sent"))
    return first


async def test_yes_and_later_are_thanked_and_a_reminder_is_answered_once(
    world: World, engine: Engine
):
    first = await a_court_reminder_sent(world)
    assert texts_of(await tap(world, engine, ANA, f"ra:{first}:l")) == [texts.THANKS_LATER]
    assert texts_of(await tap(world, engine, ANA, f"ra:{first}:y")) == [texts.ALREADY_ANSWERED]
    async with world.store.transaction() as conn:
        await conn.execute(update(reminder_t).where(reminder_t.c.id == first).values(state="sent"))
    assert texts_of(await tap(world, engine, ANA, f"ra:{first}:y")) == [texts.THANKS_YES]


async def test_cannot_come_asks_why_and_only_a_reply_to_that_is_passed_on(
    world: World, engine: Engine
):
    first = await a_court_reminder_sent(world)
    asked, heard = await tap(world, engine, ANA, f"ra:{first}:n")
    assert (asked.to, asked.reply.text, asked.reply.wants_answer) == (to(ANA), TOLD_NO, True)
    when = "Wednesday, March 25, 2026, 2:30\u202fPM"
    assert heard == says(CW, texts.HEARS_NO.format(label="A.", kind="court date", when=when))
    elsewhere = Request(Who(to(ANA), "en"), ReplyText("12 Oak Street", "Where do you live?"))
    casework = Casework(world.store, engine.catalogs, world.clock, engine.crisis)
    assert await casework.handle(elsewhere) is None  # not case work's: the conversation's
    reason = await said(world.store, engine, world.clock.now, ANA, ReplyText("No bus", TOLD_NO))
    assert reason == [
        says(ANA, texts.REASON_PASSED_ON.format(name="Sam Taylor")),
        says(CW, texts.HEARS_REASON.format(label="A.", reason="No bus")),
    ]


async def test_cannot_come_to_ones_own_appointment_says_whom_to_contact(
    world: World, engine: Engine
):
    ana = await world.person(ANA, zone="Europe/London")
    appointment = reminders.Appointment("self", dt.datetime(2026, 3, 25, 14, 30), "Probation")
    own = reminders.own(ana, "Europe/London")
    async with world.store.transaction() as conn:
        first, _ = await reminders.schedule(
            conn, reminders.reminder_rows(own, appointment, world.clock.now)
        )
        await conn.execute(update(reminder_t).where(reminder_t.c.id == first).values(state="sent"))
    assert await tap(world, engine, ANA, f"ra:{first}:n") == [says(ANA, texts.OWN_CANNOT)]
