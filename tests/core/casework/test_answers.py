"""A client's answer to a reminder they received: only theirs, only once, only while the
link stands; "remind me later" comes again an hour on; and the reason they may give for
not coming, taken only from a reply to the very question that asked for it."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select, update

from core.casework import answers, links, reminders, schema
from core.casework.schema import reminder_t
from tests.helpers.world import World, link_id

ALICE, BOB, EVE = 301, 302, 303
QUESTION = (
    "I've told Alice you can't make it to the court date on Wednesday, March 25, 2026, "
    "2:30\u202fPM. If you want to say why, reply to this message."
)


async def sent(world: World) -> tuple[int, int, int]:
    """Alice's client Bob has received the first of his two reminders; returns Bob's id,
    the link's and that reminder's."""
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    bob = await world.person(BOB)
    link = await link_id(world, await world.link(alice, bob))
    first, _ = await world.schedule(alice, link, dt.datetime(2026, 3, 25, 14, 30), "court")
    async with world.store.transaction() as conn:
        await conn.execute(update(reminder_t).where(reminder_t.c.id == first).values(state="sent"))
    return bob, link, first


async def rows(world: World) -> list[dict]:
    async with world.store.transaction() as conn:
        found = await conn.execute(select(reminder_t).order_by(reminder_t.c.id))
        return [dict(r._mapping) for r in found]


async def test_only_the_client_answers_and_only_once(world: World):
    bob, _, first = await sent(world)
    eve = await world.person(EVE)
    async with world.store.transaction() as conn:
        assert await answers.answer(conn, first, eve, "no", world.clock.now) is None
        unsent = first + 1
        assert await answers.answer(conn, unsent, bob, "yes", world.clock.now) is None
        found = await answers.answer(conn, first, bob, "yes", world.clock.now)
        assert found is not None
        assert (found["name"], found["label"]) == ("Alice", "J.S.")
        assert await answers.answer(conn, first, bob, "no", world.clock.now) is None
    assert [(r["state"], r["answer"]) for r in await rows(world)] == [
        ("answered", "yes"),
        ("scheduled", None),
    ]


async def test_an_answer_under_a_stopped_link_or_a_suspended_case_worker_finds_nothing(
    world: World,
):
    bob, link, first = await sent(world)
    async with world.store.transaction() as conn:
        await conn.execute(update(schema.caseworker_t).values(suspended_at=world.clock.now))
        assert await answers.answer(conn, first, bob, "yes", world.clock.now) is None
        await conn.execute(update(schema.caseworker_t).values(suspended_at=None))
        assert await links.revoke(conn, link, bob, world.clock.now)
        await conn.execute(update(reminder_t).where(reminder_t.c.id == first).values(state="sent"))
        assert await answers.answer(conn, first, bob, "yes", world.clock.now) is None


async def test_remind_me_later_comes_again_an_hour_on_but_not_past_the_appointment(
    world: World,
):
    bob, _, first = await sent(world)
    later = world.clock.now
    async with world.store.transaction() as conn:
        assert await answers.answer(conn, first, bob, "later", later) is not None
    again = (await rows(world))[-1]
    assert (again["state"], again["lead_minutes"], again["kind"]) == ("scheduled", -1, "court")
    assert again["due_at"].replace(tzinfo=dt.UTC) == later + schema.AGAIN_AFTER
    async with world.store.transaction() as conn:  # sent too, and answered late in the day
        await conn.execute(update(reminder_t).values(state="sent"))
        close = dt.datetime(2026, 3, 25, 13, 45, tzinfo=dt.UTC)
        assert await answers.answer(conn, again["id"], bob, "later", close) is not None
    assert len(await rows(world)) == 3  # nothing after the appointment


def test_a_question_is_known_again_whatever_its_spaces_and_direction_marks():
    digest = answers.question_digest(QUESTION)
    assert answers.question_digest(f"  {QUESTION.replace(' ', '  ')}\n") == digest
    assert answers.question_digest(QUESTION.replace("\u202f", " ")) == digest
    marked = QUESTION.replace("Alice", "\u2068Alice\u2069")  # as rendered in Arabic
    assert answers.question_digest(marked) == digest
    assert answers.question_digest(QUESTION.replace("court", "count")) != digest


async def test_a_reason_is_only_a_reply_to_the_question_and_only_for_fifteen_minutes(
    world: World,
):
    bob, _, first = await sent(world)
    now = world.clock.now
    async with world.store.transaction() as conn:
        await answers.answer(conn, first, bob, "no", now)
        await answers.asked_reason(conn, first, QUESTION)
        assert await answers.awaiting_reason(conn, bob, "Where is the food bank?", now) is None
        found = await answers.awaiting_reason(conn, bob, QUESTION, now)
        assert found is not None
        assert (found["id"], found["kind"], found["label"]) == (first, "court", "J.S.")
        too_late = now + dt.timedelta(minutes=15)
        assert await answers.awaiting_reason(conn, bob, QUESTION, too_late) is None


async def test_a_question_kept_before_direction_marks_were_left_out_is_still_known(
    world: World,
):
    bob, _, first = await sent(world)
    marked = QUESTION.replace("Alice", "\u2068Alice\u2069")
    old_digest = hashlib.sha256(" ".join(marked.split()).encode()).hexdigest()
    async with world.store.transaction() as conn:
        await answers.answer(conn, first, bob, "no", world.clock.now)
        await conn.execute(update(reminder_t).values(reason_asked=old_digest))
        assert await answers.awaiting_reason(conn, bob, marked, world.clock.now) is not None


async def test_a_reason_is_kept_once_and_cut_to_its_limit(world: World):
    bob, _, first = await sent(world)
    now = world.clock.now
    async with world.store.transaction() as conn:
        await answers.answer(conn, first, bob, "no", now)
        await answers.asked_reason(conn, first, QUESTION)
        await answers.give_reason(conn, first, bob, "x" * (schema.MAX_WORDS + 50))
        assert await answers.awaiting_reason(conn, bob, QUESTION, now) is None  # said once
    kept = (await rows(world))[0]
    assert kept["reason"] == "x" * schema.MAX_WORDS
    assert (kept["reason_until"], kept["reason_asked"]) == (None, None)


async def test_no_to_ones_own_appointment_asks_nobody_why(world: World):
    bob = await world.person(BOB, zone="Europe/London")
    appointment = reminders.Appointment("self", dt.datetime(2026, 3, 25, 14, 30), "Probation")
    own = reminders.own(bob, "Europe/London")
    async with world.store.transaction() as conn:
        first, _ = await reminders.schedule(
            conn, reminders.reminder_rows(own, appointment, world.clock.now)
        )
        await conn.execute(update(reminder_t).where(reminder_t.c.id == first).values(state="sent"))
        found = await answers.answer(conn, first, bob, "no", world.clock.now)
    assert found is not None
    assert found["link_id"] is None
    assert (await rows(world))[0]["reason_until"] is None
