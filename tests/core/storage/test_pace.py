"""Workers sharing a PostgreSQL database keep to one sending pace (core/storage/pace.py)."""

from __future__ import annotations

import datetime as dt
import itertools

from core.limits import NoLimits, SendLimits
from core.storage.engine import create_engine
from core.storage.pace import SharedPace, shared_limits


async def test_two_workers_take_moments_an_interval_apart(postgres_url: str):
    engines = [create_engine(postgres_url), create_engine(postgres_url)]
    try:
        paces = [SharedPace(engine, per_second=10) for engine in engines]
        moments = [(await paces[i % 2].take_moment())[0] for i in range(20)]
        gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
        # Taken back to back, each is the one before plus a tenth of a second: whichever
        # worker took it, none comes sooner.
        assert all(gap == dt.timedelta(seconds=0.1) for gap in gaps[1:]), gaps
        assert (await paces[0].take_moment())[1] > 1.5  # twenty ahead: about 2 s to wait
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_429_holds_back_every_worker(postgres_url: str):
    engines = [create_engine(postgres_url), create_engine(postgres_url)]
    try:
        told, other = (SharedPace(engine) for engine in engines)
        await told._pause_everyone(30)
        _, delay = await other.take_moment()
        assert delay > 25
    finally:
        for engine in engines:
            await engine.dispose()


async def test_only_telegrams_limits_on_postgresql_are_shared(postgres_url: str, tmp_path):
    postgres = create_engine(postgres_url)
    sqlite = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'one.db'}")
    try:
        assert isinstance(shared_limits(SendLimits(), postgres), SharedPace)
        assert not isinstance(shared_limits(NoLimits(), postgres), SharedPace)
        assert not isinstance(shared_limits(SendLimits(), sqlite), SharedPace)
    finally:
        await postgres.dispose()
        await sqlite.dispose()
