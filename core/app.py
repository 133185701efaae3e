"""Putting Onward together at start-up: flows checked, database migrated, engine ready."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.conversations import Conversations
from core.settings import DEFAULT_CONSOLE_URL, Settings
from core.storage.claims import preparing
from core.storage.engine import create_engine, upgrade
from core.storage.store import Store
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows import benefits, finding, places, record, supervision, welcome, work
from flows.actions import ActionRegistry, builtin_actions
from flows.check import check_flows
from flows.crisis import CrisisDetector
from flows.directory_reader import DirectoryReader
from flows.engine import Engine
from flows.errors import FlowError
from flows.guidance import show_guidance
from flows.i18n import LOCALES_DIR, Catalogs
from flows.machine import CONTENT_DIR, load_flows


class StartupError(Exception):
    """Onward cannot start; the message says why in words an operator can act on."""


def all_actions(directory: DirectoryReader | None = None) -> ActionRegistry:
    """The built-in actions and those that read the directory. Without a directory (for
    `flows check`) those actions are registered over a database never opened."""
    registry = builtin_actions()
    registry.register("show_guidance", show_guidance)
    finding.register(
        registry, directory or DatabaseDirectory(create_engine("sqlite+aiosqlite://"))
    )
    record.register(registry)
    supervision.register(registry)
    benefits.register(registry)
    work.register(registry)
    places.register(registry)
    welcome.register(registry)
    return registry


def build_engine(
    content_dir: Path = CONTENT_DIR,
    locales_dir: Path = LOCALES_DIR,
    actions: ActionRegistry | None = None,
) -> Engine:
    """Load, check and compile the flows; raises FlowError naming each file and line."""
    flows = load_flows(content_dir)
    catalogs = Catalogs(locales_dir)
    registry = actions or all_actions()
    problems = check_flows(flows, catalogs, registry)
    if problems:
        raise FlowError(problems)
    return Engine(flows, catalogs, registry, CrisisDetector.load())


def unprepared(database_url: str, error: Exception) -> StartupError:
    where = database_url.rsplit("@", maxsplit=1)[-1]  # never print a password
    return StartupError(f"Could not prepare the database at {where}: {error}")


async def migrate(database_url: str) -> None:
    try:
        await asyncio.to_thread(upgrade, database_url)
    except (SQLAlchemyError, OSError) as error:
        raise unprepared(database_url, error) from error


@dataclass
class App:
    engine: Engine
    database: AsyncEngine
    conversations: Conversations
    console_url: str = DEFAULT_CONSOLE_URL
    """CONSOLE_URL: where the bot's /console sends case workers to sign in."""

    async def close(self) -> None:
        await self.conversations.store.close()
        await self.database.dispose()


async def open_app(settings: Settings, engine: Engine | None = None) -> App:
    """Everything a channel needs; the database is migrated to the latest schema first."""
    database = create_engine(settings.database_url)
    try:
        async with preparing(database):
            await migrate(settings.database_url)
            engine = engine or build_engine(actions=all_actions(DatabaseDirectory(database)))
            await seed_directory(database)
    except (SQLAlchemyError, OSError) as error:  # the lock's own connection failed
        await database.dispose()
        raise unprepared(settings.database_url, error) from error
    except BaseException:
        await database.dispose()
        raise
    conversations = Conversations(engine, Store(database))
    return App(engine, database, conversations, settings.console_url)
