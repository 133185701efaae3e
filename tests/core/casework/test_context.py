"""What one case-work request works with: replies to the person asking and to others,
each in their own language; refusals said kindly; how long someone must wait before
trying another code; kinds and times in the reader's words."""

from __future__ import annotations

import datetime as dt

import pytest

from core.casework import links, schema, texts
from core.casework.context import Ctx, kind_of, moment
from core.casework.requests import Say
from core.casework.strict import Refused
from core.people import TELEGRAM, Someone
from flows.engine import Engine
from flows.replies import Button, Reply
from tests.helpers.world import World

ANA, BEN = 800, 801


async def test_replies_go_to_the_person_asking_or_to_someone_else(world: World, engine: Engine):
    someone = Someone(TELEGRAM, str(ANA))
    t = engine.catalogs.translator("en")
    async with world.store.transaction() as conn:
        me = await world.store.load(someone, "en", conn)
        ctx = Ctx(conn, me, someone, t, world.clock.now, engine.catalogs)
        ctx.say("Pick one", (Button("Yes", "lk:X:y"),), answer=True)
        ctx.say_text(texts.LINK_AGREED, name="Sam")
        ctx.refuse(Refused(texts.TOO_MANY_TRIES, minutes=3))
        ctx.say_to(Someone(TELEGRAM, str(BEN)), "For Ben")
    assert ctx.said == [
        Say(someone, Reply("Pick one", (Button("Yes", "lk:X:y"),), wants_answer=True)),
        Say(someone, Reply(texts.LINK_AGREED.format(name="Sam"))),
        Say(someone, Reply(texts.TOO_MANY_TRIES.format(minutes=3))),
        Say(Someone(TELEGRAM, str(BEN)), Reply("For Ben")),
    ]


async def test_someone_else_is_told_in_their_own_language(world: World, engine: Engine):
    await world.person(ANA, "en")
    ben = await world.person(BEN, "ru")
    ru = engine.catalogs.translator("ru")
    async with world.store.transaction() as conn:
        me = await world.store.load(Someone(TELEGRAM, str(ANA)), "en", conn)
        ctx = Ctx(conn, me, Someone(TELEGRAM, str(ANA)), engine.catalogs.translator("en"),
                  world.clock.now, engine.catalogs)  # fmt: skip
        await ctx.tell(ben, texts.HEARS_AGREED, label=None)
        await ctx.tell(ben, texts.HEARS_AGREED, label="J.S.")
        await ctx.tell(999, texts.HEARS_AGREED, label="J.S.")  # nobody: nothing said
        await ctx.tell(None, texts.HEARS_AGREED, label="J.S.")
        assert await ctx.reach(999) is None
    ben_someone = Someone(TELEGRAM, str(BEN))
    assert ctx.said == [
        Say(
            ben_someone,
            Reply(ru.gettext(texts.HEARS_AGREED).format(label=ru.gettext(texts.NO_LABEL))),
        ),
        Say(ben_someone, Reply(ru.gettext(texts.HEARS_AGREED).format(label="J.S."))),
    ]
    assert ru.gettext(texts.NO_LABEL) != texts.NO_LABEL


async def test_after_too_many_misses_a_person_is_told_how_many_minutes_to_wait(
    world: World, engine: Engine
):
    ana = await world.person(ANA)
    now = world.clock.now
    async with world.store.transaction() as conn:
        me = await world.store.load(Someone(TELEGRAM, str(ANA)), "en", conn)
        ctx = Ctx(conn, me, Someone(TELEGRAM, str(ANA)), engine.catalogs.translator("en"),
                  now, engine.catalogs)  # fmt: skip
        for _ in range(schema.MAX_MISSES - 1):
            await ctx.missed(ana)
        await ctx.may_try_codes(ana)  # not yet
        await links.missed_code(conn, ana, now - dt.timedelta(minutes=14, seconds=30))
        with pytest.raises(Refused) as waiting:
            await ctx.may_try_codes(ana)
    assert waiting.value.template == texts.TOO_MANY_TRIES
    assert waiting.value.values == {"minutes": 1}  # 30 seconds, said as a minute


def test_kinds_and_times_are_said_in_the_readers_words(engine: Engine):
    fr = engine.catalogs.translator("fr")
    assert kind_of(fr, "court") == fr.gettext(texts.KINDS["court"]) != texts.KINDS["court"]
    at = dt.datetime(2026, 3, 25, 14, 30)  # as SQLite gives it back: UTC, without a zone
    en = engine.catalogs.translator("en")
    assert moment(en, at, "Europe/London") == "Wednesday, March 25, 2026, 2:30\u202fPM"
    assert moment(en, at, "America/Detroit") == "Wednesday, March 25, 2026, 10:30\u202fAM"
