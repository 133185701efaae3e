"""Case work for the web console, on the suite's database: a case worker sees and acts
for their own clients who agree, and no one else's; scheduling goes through /remind's
checks and the scheduler sends what it writes; files are previewed without writing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select, update

from core.casework import desk, history, links, texts
from core.casework.schema import consent_t, link_t, reminder_t
from core.storage.deployment import deployment_t
from flows.engine import Engine
from tests.helpers.world import World, link_id

ALICE, MALLORY, ANA, BEN = 401, 402, 403, 404
LATER = dt.datetime(2026, 3, 25, 14, 30, tzinfo=dt.UTC)


async def setting(world: World) -> tuple[int, int, int]:
    """Alice's client Ana (agreed, in Detroit, speaking Spanish); Mallory, another case worker."""
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    mallory, _ = await world.new_caseworker(MALLORY, "Mallory")
    ana = await world.person(ANA, locale="es", zone="America/Detroit")
    return alice, mallory, await link_id(world, await world.link(alice, ana, "A."))


async def count_reminders(world: World) -> int:
    async with world.store.transaction() as conn:
        return int((await conn.execute(select(func.count()).select_from(reminder_t))).scalar_one())


async def schedule(world: World, caseworker: int, link: int, **form: str) -> desk.ScheduleResult:
    fields = {"date": "2026-03-25", "time": "14:30", "kind": "court"} | form
    async with world.store.transaction() as conn:
        result = await desk.schedule(conn, caseworker, link, now=world.clock.now, **fields)
    assert result is not None
    return result


async def test_another_case_workers_link_gives_nothing_anywhere(world: World, engine: Engine):
    alice, mallory, link = await setting(world)
    (first, _) = (await schedule(world, alice, link)).reminder_ids
    now = world.clock.now
    async with world.store.transaction() as conn:
        assert await desk.client_of(conn, alice, link) is not None
        assert await desk.client_of(conn, mallory, link) is None
        form = {"date": "2026-03-26", "time": "10:00", "kind": "appointment"}
        assert await desk.schedule(conn, mallory, link, now=now, **form) is None
        assert await desk.templates(conn, engine.catalogs, mallory, link, when=LATER) is None
        assert await history.reminders_of_client(conn, mallory, link) is None
        assert await history.timeline(conn, mallory, link) is None
        assert await history.cancel_reminder(conn, mallory, first, now) is False
        assert await desk.my_clients(conn, mallory, now) == []
        csv = b"client,date,time,type\n1,2026-03-26,10:00,court\n"
        assert (await desk.bulk_preview(conn, mallory, "a.csv", csv, now)).problems == [
            "a.csv: row 2: client: '1' is not a client who agreed to this case worker's reminders"
        ]
    assert await count_reminders(world) == 2  # Alice's two, and nothing of Mallory's


async def test_a_client_is_described_only_while_they_agree(world: World):
    alice, _, link = await setting(world)
    ben = await world.person(BEN, locale="fr", zone="Europe/Paris")
    bens = await link_id(world, await world.link(alice, ben, "B."))
    await world.link(alice, None, "offered")
    async with world.store.transaction() as conn:
        ana, _benrow, offered = await desk.my_clients(conn, alice, world.clock.now)
        assert (ana.state, ana.remindable, ana.locale, ana.zone) == (
            "agreed", True, "es", "America/Detroit"
        )  # fmt: skip
        assert (ana.last_seen, ana.reachable) == (world.clock.now, True)
        assert (offered.state, offered.locale, offered.last_seen) == ("offered", None, None)
        # Ben stops the link; Ana withdraws her consent to Onward.
        assert await links.revoke(conn, bens, ben, world.clock.now) is not None
        await conn.execute(update(consent_t).values(withdrawn_at=world.clock.now))
        rows = await desk.my_clients(conn, alice, world.clock.now)
        assert await desk.client_of(conn, alice, link) is None
        assert await history.reminders_of_client(conn, alice, link) is None
    assert [(r.state, r.remindable) for r in rows] == [
        ("agreed", False), ("revoked", False), ("offered", False)
    ]  # fmt: skip
    for row in rows:
        assert (row.locale, row.zone, row.last_seen, row.reachable) == (None, None, None, None)


async def test_a_scheduled_reminder_is_sent_by_the_scheduler(world: World):
    alice, _, link = await setting(world)
    result = await schedule(world, alice, link, repeat="weekly")
    assert result.ok
    assert len(result.reminder_ids) == 2
    assert (result.event_at, result.zone) == (
        dt.datetime(2026, 3, 25, 18, 30, tzinfo=dt.UTC), "America/Detroit"
    )  # fmt: skip
    world.clock.now = dt.datetime(2026, 3, 24, 18, 30, tzinfo=dt.UTC)
    assert await world.scheduler.tick() == 1
    (sent,) = world.sent_to(ANA)
    assert sent.startswith("Recordatorio de Alice")  # in Ana's language
    async with world.store.transaction() as conn:
        rows = await history.reminders_of_client(conn, alice, link)
        rule = (await conn.execute(select(reminder_t.c.rrule).limit(1))).scalar_one()
    assert rows is not None
    assert [(r.status, r.lead_minutes) for r in rows] == [("sent", 1440), ("scheduled", 120)]
    assert rule == "DTSTART:20260325T143000\nRRULE:FREQ=WEEKLY"


async def test_problems_name_their_field_and_write_nothing(world: World):
    alice, _, link = await setting(world)
    cases = [
        ({"date": "2026-02-30"}, {"date": texts.BAD_DATE.format(value="2026-02-30")}),
        ({"date": "3/25/2026", "time": "25:00"}, {"date": "'3/25/2026' is not a date. "
          "Write it like 2026-12-03.", "time": texts.BAD_TIME.format(value="25:00")}),
        ({"date": "2026-03-19"}, {"time": texts.ALREADY_PAST.format(zone="America/Detroit")}),
        ({"date": "2036-03-19"}, {"date": texts.TOO_FAR_AHEAD}),
        ({"kind": "own"}, {"words": texts.NEEDS_WORDS}),
        ({"kind": "party"}, {"kind": texts.BAD_KIND.format(value="party")}),
        ({"repeat": "hourly"}, {"repeat": "Repeat must be one of none, weekly, fortnightly, "
          "monthly."}),
    ]  # fmt: skip
    for form, problems in cases:
        assert (await schedule(world, alice, link, **form)).problems == problems, form
    async with world.store.transaction() as conn:
        bad_lead = await desk.schedule(
            conn, alice, link, date="2026-03-25", time="14:30", kind="court", lead=[0, 20000],
            now=world.clock.now,
        )  # fmt: skip
    assert bad_lead is not None
    assert set(bad_lead.problems) == {"lead"}
    assert await count_reminders(world) == 0
    own = await schedule(world, alice, link, kind="own", words="Bring payslips")
    assert own.ok
    assert await count_reminders(world) == 2


async def test_templates_show_what_the_client_will_read(world: World, engine: Engine):
    alice, _, link = await setting(world)
    async with world.store.transaction() as conn:
        found = await desk.templates(conn, engine.catalogs, alice, link, when=LATER)
    assert found is not None
    court = next(t for t in found if t.kind == "court")
    spanish = engine.catalogs.translator("es")
    assert court.name == spanish.gettext(texts.KINDS["court"])
    expected = spanish.gettext(texts.REMINDER_TEXTS["court"])
    assert court.text.startswith(expected[: expected.index("{")].format())
    assert "Alice" in court.text
    assert court.text != texts.REMINDER_TEXTS["court"]


async def test_a_file_is_previewed_without_writing_then_written_whole(world: World):
    alice, _, link = await setting(world)
    good = b"client,date,time,type,words,repeat\n1,2026-03-26,10:00,court,,FREQ=WEEKLY;COUNT=2\n"
    bad = good + b"1,2026-03-27,99:00,court,,\n"
    async with world.store.transaction() as conn:
        refused = await desk.bulk_preview(conn, alice, "week.csv", bad, world.clock.now)
        preview = await desk.bulk_preview(conn, alice, "week.csv", good, world.clock.now)
    assert refused.rows == []
    assert refused.problems == ["week.csv: row 3: time: '99:00' is not a time like 09:30"]
    (row,) = preview.rows
    assert (row.link_id, row.label, row.kind, row.zone, row.reminders) == (
        link, "A.", "court", "America/Detroit", 2
    )  # fmt: skip
    assert row.event_local == dt.datetime(2026, 3, 26, 10, 0)
    assert await count_reminders(world) == 0
    async with world.store.transaction() as conn:
        assert (await desk.bulk_write(conn, alice, "week.csv", bad, world.clock.now)).problems
    assert await count_reminders(world) == 0
    async with world.store.transaction() as conn:
        assert not (await desk.bulk_write(conn, alice, "week.csv", good, world.clock.now)).problems
    assert await count_reminders(world) == 2


async def test_the_timeline_is_in_time_order(world: World):
    alice, _, link = await setting(world)
    start = world.clock.now
    world.clock.now = start + dt.timedelta(hours=1)
    first, second = (await schedule(world, alice, link)).reminder_ids
    world.clock.now = dt.datetime(2026, 3, 24, 18, 30, tzinfo=dt.UTC)
    await world.scheduler.tick()
    async with world.store.transaction() as conn:
        await conn.execute(
            update(reminder_t)
            .where(reminder_t.c.id == first)
            .values(state="answered", answer="no", answered_at=world.clock.now, reason="x" * 300)
        )
        assert await history.cancel_reminder(conn, alice, second, world.clock.now)
        events = await history.timeline(conn, alice, link)
    assert events is not None
    assert [(e.kind, e.reminder_id) for e in events] == [
        ("invited", None), ("agreed", None), ("scheduled", first), ("scheduled", second),
        ("cancelled", second), ("sent", first), ("answered", first),
    ]  # fmt: skip
    assert events[-1].answer == "no"
    assert events[-1].reason == "x" * 200
    known = [e.at for e in events if e.at is not None]
    assert known == sorted(known)


async def test_an_invitation_carries_the_bots_link_or_the_command(world: World):
    alice, _ = await world.new_caseworker(ALICE, "Alice")
    async with world.store.transaction() as conn:
        plain = await desk.invite(conn, alice, " J.S. ", world.clock.now)
        await conn.execute(
            insert(deployment_t).values(
                bot_id=7, bot_username="onward_help_bot", api_host="api.telegram.org",
                first_seen=world.clock.now, last_seen=world.clock.now,
            )
        )  # fmt: skip
        linked = await desk.invite(conn, alice, "", world.clock.now)
        code = await conn.execute(select(link_t.c.code).where(link_t.c.id == linked.link_id))
    assert (plain.number, plain.label, plain.link) == (1, "J.S.", f"/link {plain.code}")
    assert linked.link == f"https://t.me/onward_help_bot?start=c_{code.scalar_one()}"
    assert (linked.number, linked.label) == (2, None)
    assert linked.expires_at == world.clock.now + dt.timedelta(days=7)
    async with world.store.transaction() as conn:
        with pytest.raises(desk.Invalid) as invalid:
            await desk.invite(conn, alice, "x" * 41, world.clock.now)
    assert invalid.value.problems == {"label": texts.LABEL_TOO_LONG.format(maximum=40)}


async def test_a_client_who_stopped_the_link_leaves_only_the_links_own_events(world: World):
    alice, _, link = await setting(world)
    await schedule(world, alice, link)
    world.clock.now += dt.timedelta(hours=2)
    async with world.store.transaction() as conn:
        ana = (await conn.execute(select(link_t.c.client_id))).scalar_one()
        assert await links.revoke(conn, link, ana, world.clock.now) is not None
        events = await history.timeline(conn, alice, link)
    assert events is not None
    assert [(e.kind, e.at) for e in events] == [
        ("invited", world.clock.now - dt.timedelta(hours=2)), ("revoked", world.clock.now)
    ]  # fmt: skip
