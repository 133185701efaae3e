"""Whatever anyone taps or types for case work is acted on or refused with a message:
never an exception, never silence. Through the core every channel runs, on a real SQLite
store, with a case worker who has an agreed client (so some lines really schedule)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.casework import strict, texts
from core.casework.requests import Command, Tap
from flows.engine import Engine
from tests.helpers.casework import ask
from tests.helpers.world import World

CW, CLIENT = 600, 601
PROPERTY = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Digits Python reads differently: '²' passes isdigit() but not int(); '٣' and '３'
# pass both; and the rest of Unicode.
ODD = st.sampled_from(["²", "٣", "３", "1²", "0", "-1", "99999999999999999999", " ", "", "\n"])
WORD = st.one_of(ODD, st.text(max_size=12))
ANY = st.one_of(st.text(max_size=60), st.lists(WORD, max_size=6).map(" ".join))
DAY = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "２０２６-１２-０３"]),
    WORD,
)
TIME = st.one_of(st.sampled_from(["23:30", "09:00", "24:00", "9.5", "１０:００"]), WORD)
KIND = st.one_of(st.sampled_from(["court", "own", "appointment", "FREQ=DAILY"]), WORD)
REMIND = st.builds(
    lambda *parts: " ".join(parts),
    st.one_of(st.sampled_from(["1", "2"]), WORD),
    DAY,
    TIME,
    KIND,
    st.text(max_size=30),
)


async def _people(world: World) -> None:
    cw, _ = await world.new_caseworker(CW)
    client = await world.person(CLIENT, "ar", "America/Detroit")
    await world.link(cw, client)


def _answered(said: list[str]) -> None:
    assert said, "nobody was answered"
    assert all(0 < len(text) <= 4096 for text in said)


@pytest.mark.parametrize("prefix", ["lk:", "lr:", "ra:", "ap:"])
@PROPERTY
@given(rest=st.one_of(ANY, st.builds(lambda a, b: f"{a}:{b}", WORD, WORD)))
async def test_any_button_data_is_answered(world: World, engine: Engine, prefix: str, rest: str):
    if not world.caseworker:
        await _people(world)
        world.caseworker = 1
    world.clock.now += dt.timedelta(minutes=16)  # each example starts with no misses
    for chat in (CW, CLIENT):
        _answered(await ask(world.store, engine, world.clock.now, chat, Tap(prefix + rest)))


COMMANDS = [
    ("remind", REMIND),
    ("remind", ANY),
    ("drop", ANY),
    ("link", ANY),
    ("newclient", ANY),
    ("start", ANY.map(lambda s: "c_" + s)),
    ("start", ANY.map(lambda s: "cw_" + s)),
]


@pytest.mark.parametrize(
    ("name", "arguments"), COMMANDS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(COMMANDS)]
)
@PROPERTY
@given(data=st.data())
async def test_any_case_work_command_is_answered(
    world: World, engine: Engine, name: str, arguments: st.SearchStrategy[str], data: st.DataObject
):
    if not world.caseworker:
        await _people(world)
        world.caseworker = 1
    world.clock.now += dt.timedelta(minutes=16)
    rest = data.draw(arguments).strip()
    for chat in (CW, CLIENT):
        _answered(await ask(world.store, engine, world.clock.now, chat, Command(name, rest)))


@pytest.mark.parametrize("text", ["²", "٣", "３", "1²", "12\n", "0", "2147483648", ""])
def test_a_number_is_ascii_digits_in_range(text: str):
    with pytest.raises(strict.Refused):
        strict.number(text)


def test_numbers_dates_and_times_read_only_as_written():
    assert strict.number("12") == 12
    assert strict.date("2026-12-03") == dt.date(2026, 12, 3)
    assert strict.clock("9.05") == dt.time(9, 5)
    for day in ("20261203", "2026-12-3", "２０２６-１２-０３", "2026-02-30"):
        with pytest.raises(strict.Refused):
            strict.date(day)
    assert strict.code(" k7m2qxpa ") == "K7M2QXPA"
    with pytest.raises(strict.Refused) as refused:
        strict.code("K7M2QXP0")  # 0 is not in the alphabet
    assert refused.value.template == texts.BAD_CODE


@pytest.mark.parametrize(
    "line",
    [
        "1 2026-12-03 10:00 FREQ=DAILY;INTERVAL=² court",  # isdigit() passes, int() does not
        "1 2026-12-03 10:00 FREQ=WEEKLY;COUNT=٣ court",
        "1 9999-12-31 23:30 court",  # for this client in Michigan: year 10000 in UTC
        "1 2026-12-03 10:00 court",
    ],
)
async def test_odd_lines_a_client_might_be_scheduled_with_are_answered(
    world: World, engine: Engine, line: str
):
    await _people(world)
    _answered(await ask(world.store, engine, world.clock.now, CW, Command("remind", line)))
