"""Putting Onward together at start-up: the flows checked against the actions and the
translations (a problem named with its file and line), the database migrated (or a
sentence an operator can act on), the bundled directory loaded, and closed again."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from core.app import App, StartupError, all_actions, build_engine, migrate, open_app
from core.settings import Settings
from core.storage.engine import alembic_config
from directory.models import Service
from flows.actions import builtin_actions
from flows.engine import Engine
from flows.errors import FlowError
from flows.machine import CONTENT_DIR
from tests.helpers.databases import Databases, sync_engine


def test_every_action_the_flows_name_is_registered():
    registry = all_actions()
    assert "show_guidance" in registry
    with pytest.raises(FlowError) as missing:  # the built-in ones alone are not enough
        build_engine(actions=builtin_actions())
    assert "action 'show_guidance' is not registered" in str(missing.value)


def test_a_text_without_its_translations_stops_start_up_naming_file_and_line(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    family = content / "family.yaml"
    source = family.read_text()
    line = next(n for n, text in enumerate(source.splitlines(), 1) if "text:" in text)
    family.write_text(re.sub(r"text: .*", "text: Words nobody has translated", source, count=1))
    with pytest.raises(FlowError) as refused:
        build_engine(content_dir=content)
    assert f"family.yaml:{line}: not translated into ar: 'Words nobody has translated'" in str(
        refused.value
    )


async def test_a_database_that_cannot_be_prepared_is_named_in_one_sentence(
    tmp_path: Path, databases: Databases
):
    """A file in a folder that is not there; on PostgreSQL, a database never created."""
    if databases.cluster is None:
        url, where = f"sqlite+aiosqlite:///{tmp_path / 'no such folder' / 'onward.db'}", "sqlite"
    else:
        url = databases.cluster.url("no_such_database")
        where = f"127.0.0.1:{databases.cluster.port}/no_such_database"
    with pytest.raises(StartupError, match=rf"^Could not prepare the database at {where}"):
        await migrate(url)


async def test_opening_migrates_loads_the_directory_and_closes(
    databases: Databases, engine: Engine
):
    url = databases.url()  # empty: open_app migrates it
    app = await open_app(Settings(database_url=url), engine)
    try:
        assert app.engine is engine
        assert app.conversations.store.engine is app.database
        async with app.database.connect() as conn:
            services = await conn.execute(
                select(func.count()).select_from(Service.__table__)  # type: ignore[attr-defined]
            )
            assert services.scalar_one() > 0
    finally:
        await app.close()
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    database = sync_engine(url)
    try:
        with database.connect() as db:
            revision = db.execute(text("SELECT version_num FROM alembic_version")).all()
        assert revision == [(head,)]
    finally:
        database.dispose()


async def test_opening_a_database_that_cannot_be_prepared_is_one_sentence_too(
    tmp_path: Path, databases: Databases, engine: Engine
):
    if databases.cluster is None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'no such folder' / 'onward.db'}"
    else:
        url = databases.cluster.url("no_such_database")
    with pytest.raises(StartupError, match=r"^Could not prepare the database at "):
        await open_app(Settings(database_url=url), engine)


async def test_workers_started_together_prepare_a_new_database_once(
    empty_postgres_url: str, engine: Engine
):
    """Four `onward run` on one new PostgreSQL database: one migrates and seeds the
    directory while the others wait. (Without that, two migrating at once fail on each
    other's tables, and two seeding at once deadlock.)"""
    together = asyncio.gather(
        *(open_app(Settings(database_url=empty_postgres_url), engine) for _ in range(4)),
        return_exceptions=True,
    )
    apps = await asyncio.wait_for(together, 120)  # without turns they can hang for ever
    try:
        assert [a for a in apps if isinstance(a, BaseException)] == []
        first = apps[0]
        assert isinstance(first, App)
        async with first.database.connect() as conn:
            table = Service.__table__  # type: ignore[attr-defined]
            assert (await conn.execute(select(func.count()).select_from(table))).scalar_one()
    finally:
        for app in apps:
            if isinstance(app, App):
                await app.close()
