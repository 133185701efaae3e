"""A case worker's commands through the core every channel runs, on a real store:
/newclient, /clients, /remind, /reminders and /drop, each acting only on the case
worker's own rows, and refused kindly when the line or the client will not do."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import select, update

from core.casework import caseworkers, texts
from core.casework.for_caseworkers import LISTED, reminder_state, state_text
from core.casework.requests import command
from core.casework.schema import MAX_LABEL, MAX_OPENS, link_t, reminder_t
from core.settings import DEFAULT_CONSOLE_URL
from core.staff.links import use_login_link
from core.staff.schema import user_t
from flows.engine import Engine
from flows.i18n import Translator
from tests.helpers.casework import said
from tests.helpers.world import World, link_number

CW, ANA, BEN = 1000, 1001, 1002
NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
WHEN = "Wednesday, March 25, 2026, 2:30\u202fPM"


async def say(
    world: World, engine: Engine, chat: int, text: str, start_link: str = ""
) -> list[str]:
    typed = command(text)
    assert typed is not None
    replies = await said(world.store, engine, world.clock.now, chat, typed, start_link)
    return [s.reply.text for s in replies]


@pytest.fixture
def en(engine: Engine) -> Translator:
    return engine.catalogs.translator("en")


async def test_only_an_active_case_worker_may_use_the_commands(world: World, engine: Engine):
    await world.person(ANA)
    for line in ("/newclient", "/clients", "/remind 1", "/reminders", "/drop 1"):
        assert await say(world, engine, ANA, line) == [texts.NOT_A_CASEWORKER], line
    cw, _ = await world.new_caseworker(CW)
    async with world.store.transaction() as conn:
        await caseworkers.suspend(conn, cw, world.clock.now)
    assert await say(world, engine, CW, "/clients") == [texts.CW_SUSPENDED]


async def test_a_new_link_is_given_as_the_channels_link_or_else_as_a_command(
    world: World, engine: Engine
):
    await world.new_caseworker(CW)
    (shown,) = await say(world, engine, CW, "/newclient J.S.", "https://t.me/onward_bot?start=")
    async with world.store.transaction() as conn:
        code, label = (await conn.execute(select(link_t.c.code, link_t.c.label))).one()
    assert label == "J.S."
    link = f"https://t.me/onward_bot?start=c_{code}"
    assert shown == texts.NEW_LINK.format(link=link, code=code, date="March 27, 2026")
    (plain,) = await say(world, engine, CW, "/newclient")
    assert plain.startswith("Give this link to your client: /link ")
    too_long = await say(world, engine, CW, "/newclient " + "x" * (MAX_LABEL + 1))
    assert too_long == [texts.LABEL_TOO_LONG.format(maximum=MAX_LABEL)]
    assert await say(world, engine, CW, "/newclient J.\u202eS.") == [texts.BAD_CHARACTERS]


def link(state: str, **more: Any) -> dict[str, Any]:
    return {"state": state, "opened": 0, "expires_at": NOW + dt.timedelta(days=7)} | more


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        (link("offered"), "link not used yet (until March 27, 2026)"),
        (link("offered", opened=MAX_OPENS), texts.STATE_LOCKED),
        (link("offered", expires_at=NOW), texts.STATE_EXPIRED),
        (link("agreed", decided_at=NOW), "agreed on March 20, 2026"),
        (link("declined"), texts.STATE_DECLINED),
        (link("revoked"), texts.STATE_REVOKED),
    ],
)
def test_each_link_is_shown_by_what_became_of_it(row: dict[str, Any], shown: str, en: Translator):
    assert state_text(en, row, NOW) == shown


async def test_clients_are_listed_by_number_with_the_case_workers_notes(
    world: World, engine: Engine
):
    cw, _ = await world.new_caseworker(CW)
    assert await say(world, engine, CW, "/clients") == [texts.NO_CLIENTS]
    await world.link(cw, await world.person(ANA), "A.")
    await world.link(cw, None, None)  # type: ignore[arg-type]  # made without a note
    assert await say(world, engine, CW, "/clients") == [
        "1. A.: agreed on March 20, 2026\n2. (no note): link not used yet (until March 27, 2026)"
    ]


async def a_client(world: World, zone: str = "Europe/London") -> int:
    cw, _ = await world.new_caseworker(CW)
    return await link_number(world, await world.link(cw, await world.person(ANA, zone=zone), "A."))


async def test_a_reminder_is_scheduled_in_the_clients_zone(world: World, engine: Engine):
    number = await a_client(world, "America/Detroit")
    said = await say(world, engine, CW, f"/remind {number} 2026-03-25 14:30 court")
    zone = engine.catalogs.translator("en").timezone("America/Detroit")
    assert said == [texts.SCHEDULED.format(label="A.", kind="court date", when=WHEN, zone=zone)]
    async with world.store.transaction() as conn:
        rows = (await conn.execute(select(reminder_t.c.event_at, reminder_t.c.zone))).all()
    assert {(r.event_at.replace(tzinfo=dt.UTC), r.zone) for r in rows} == {
        (dt.datetime(2026, 3, 25, 18, 30, tzinfo=dt.UTC), "America/Detroit")
    }


async def test_a_repeating_reminder_says_how_it_repeats(world: World, engine: Engine):
    number = await a_client(world)
    line = f"/remind {number} 2026-03-25 14:30 FREQ=WEEKLY;COUNT=4 own Bring your payslips"
    (said,) = await say(world, engine, CW, line)
    assert said.endswith("\nIt repeats: FREQ=WEEKLY;COUNT=4")
    async with world.store.transaction() as conn:
        kept = (await conn.execute(select(reminder_t.c.rrule, reminder_t.c.words))).first()
    assert kept is not None
    assert kept.rrule == "DTSTART:20260325T143000\nRRULE:FREQ=WEEKLY;COUNT=4"
    assert kept.words == "Bring your payslips"


@pytest.mark.parametrize(
    ("rest", "refusal"),
    [
        ("2 2026-03-25 14:30 court", texts.BAD_CLIENT.format(value="2")),
        ("1 2026-03-19 14:30 court", "past"),
        ("1 2099-03-25 14:30 court", texts.TOO_FAR_AHEAD),
        ("1 2026-03-25 14:30 FREQ=HOURLY court", texts.TOO_OFTEN),
        ("1 2026-03-25 14:30 FREQ=WEEKLY;BYSECOND=1 court", "rule"),
        ("1 2026-03-25", texts.REMIND_USAGE),
    ],
)
async def test_a_reminder_that_cannot_be_is_refused_and_nothing_scheduled(
    world: World, engine: Engine, en: Translator, rest: str, refusal: str
):
    await a_client(world)
    expected = {
        "past": texts.ALREADY_PAST.format(zone=en.timezone("Europe/London")),
        "rule": texts.BAD_RULE.format(value="FREQ=WEEKLY;BYSECOND=1"),
    }.get(refusal, refusal)
    assert await say(world, engine, CW, f"/remind {rest}") == [expected]
    async with world.store.transaction() as conn:
        assert (await conn.execute(select(reminder_t.c.id))).first() is None


def reminder(state: str, **more: Any) -> dict[str, Any]:
    return {"state": state, "answer": None, "reason": None, "note": None} | more


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        (
            reminder("scheduled", due_at=dt.datetime(2026, 3, 24, 14, 30), zone="Europe/London"),
            "to be sent Tuesday, March 24, 2026, 2:30\u202fPM",
        ),
        (reminder("sending"), texts.R_SENDING),
        (reminder("sent"), texts.R_SENT),
        (reminder("answered", answer="yes"), texts.R_YES),
        (reminder("answered", answer="later"), texts.R_LATER),
        (reminder("answered", answer="no"), texts.R_NO),
        (
            reminder("answered", answer="no", reason="No bus"),
            "delivered, answered: I can't make it (No bus)",
        ),
        (reminder("cancelled"), texts.R_CANCELLED),
        (reminder("missed"), texts.R_MISSED),
        (reminder("failed", note="blocked"), texts.R_BLOCKED),
        (reminder("failed", note="refused"), texts.R_FAILED),
    ],
)
def test_each_reminder_is_shown_by_what_became_of_it(
    row: dict[str, Any], shown: str, en: Translator
):
    assert reminder_state(en, row) == shown


def test_a_long_reason_is_quoted_in_part(en: Translator):
    row = reminder("answered", answer="no", reason="x" * 300)
    assert reminder_state(en, row) == texts.R_NO_REASON.format(reason="x" * 200)


async def test_reminders_are_listed_newest_appointment_last_and_only_the_latest(
    world: World, engine: Engine
):
    number = await a_client(world)
    assert await say(world, engine, CW, "/reminders") == [texts.NO_REMINDERS]
    for day in range(LISTED // 2 + 1):  # two reminders each: two more than are shown
        await say(world, engine, CW, f"/remind {number} 2026-04-{day + 1:02d} 14:30 court")
    (listed,) = await say(world, engine, CW, "/reminders")
    lines = listed.split("\n")
    assert len(lines) == LISTED
    assert lines[0].startswith("#3 A., court date on Thursday, April 2, 2026")
    assert lines[-1].startswith("#32 A., court date on Thursday, April 16, 2026")


async def test_a_case_worker_drops_a_reminder_of_their_own_once(world: World, engine: Engine):
    number = await a_client(world)
    await say(world, engine, CW, f"/remind {number} 2026-03-25 14:30 court")
    assert await say(world, engine, CW, "/drop #1") == [texts.DROPPED.format(id=1)]
    assert await say(world, engine, CW, "/drop 1") == [texts.CANNOT_DROP.format(value=1)]
    assert await say(world, engine, CW, "/drop 99") == [texts.CANNOT_DROP.format(value=99)]
    assert await say(world, engine, CW, "/drop") == [texts.DROP_USAGE]
    async with world.store.transaction() as conn:
        await conn.execute(update(reminder_t).values(state="sent"))
    assert await say(world, engine, CW, "/drop 2") == [texts.CANNOT_DROP.format(value=2)]


async def test_console_gives_a_sign_in_link_that_works_once(world: World, engine: Engine):
    cw, _ = await world.new_caseworker(CW)
    assert await say(world, engine, ANA, "/console") == [texts.NOT_A_CASEWORKER]
    (first,) = await say(world, engine, CW, "/console")
    (again,) = await say(world, engine, CW, "/console")
    prefix = f"{DEFAULT_CONSOLE_URL}/login/link/"
    tokens = [re.search(re.escape(prefix) + r"(\S+)", text) for text in (first, again)]
    assert all(tokens)
    assert first == texts.CONSOLE_LINK.format(url=prefix + tokens[0][1], minutes=10)  # type: ignore[index]
    async with world.store.transaction() as conn:
        (account,) = (await conn.execute(select(user_t))).all()
        assert (account.login, account.role, account.caseworker_id) == (
            f"caseworker-{cw}", "caseworker", cw
        )  # fmt: skip
        assert account.password_hash is None
        for found in tokens:
            token = found[1]  # type: ignore[index]
            assert await use_login_link(conn, token, world.clock.now) == account.id
            assert await use_login_link(conn, token, world.clock.now) is None  # once
        await conn.execute(update(user_t).values(disabled_at=world.clock.now))
    assert await say(world, engine, CW, "/console") == [texts.CW_SUSPENDED]
