"""`onward caseworkers` and `onward reminders`: what an NGO's operator does from a shell."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.app import migrate
from bot.db.engine import create_engine
from bot.db.store import Store
from bot.reminders import imports, service
from bot.settings import Settings

MAX_NAME = 80
MAX_ORGANISATION = 120


async def run(args: argparse.Namespace, settings: Settings) -> int:
    await migrate(settings.database_url)
    database = create_engine(settings.database_url)
    try:
        store = Store(database)
        if args.command == "caseworkers":
            if args.step == "invite":
                return await _invite(store, args, settings)
            return await _list(store)
        return await _import(store, args)
    finally:
        await database.dispose()


async def _invite(store: Store, args: argparse.Namespace, settings: Settings) -> int:
    name, organisation = args.name.strip(), args.organisation.strip()
    if not name or len(name) > MAX_NAME:
        print(f"The name must be 1 to {MAX_NAME} characters: it is what clients will see.")
        return 1
    if not organisation or len(organisation) > MAX_ORGANISATION:
        print(f"The organisation must be 1 to {MAX_ORGANISATION} characters.")
        return 1
    now = dt.datetime.now(dt.UTC)
    async with store.transaction() as conn:
        token = await service.invite(conn, name, organisation, now)
    until = (now + service.INVITE_LIFETIME).date().isoformat()
    if settings.bot_username:
        print(f"https://t.me/{settings.bot_username}?start=cw_{token}")
    else:
        print(f"/start cw_{token}")
        print("(The case worker sends that line to the bot. Set BOT_USERNAME for a link.)")
    print(f"Give this to {name} only. It works once, until {until}.")
    return 0


async def _list(store: Store) -> int:
    t = service.caseworker_t
    async with store.transaction() as conn:
        rows = list(
            await conn.execute(
                select(t.c.id, t.c.name, t.c.organisation, t.c.joined_at).order_by(t.c.id)
            )
        )
    if not rows:
        print("No case workers yet. Invite one with:")
        print("  onward caseworkers invite --name NAME --organisation ORG")
    for row in rows:
        joined = f"joined {row.joined_at:%Y-%m-%d}" if row.joined_at else "invited, not joined"
        print(f"{row.id}\t{row.name}\t{row.organisation}\t{joined}")
    return 0


async def _import(store: Store, args: argparse.Namespace) -> int:
    path: Path = args.file
    now = dt.datetime.now(dt.UTC)
    try:
        rows = imports.read_rows(path)
        async with store.transaction() as conn:
            if not await _caseworker(conn, args.caseworker):
                print(f"There is no case worker {args.caseworker} who has joined.")
                print("See: onward caseworkers list")
                return 1
            checked = await imports.check_rows(conn, args.caseworker, rows, now)
            written = await imports.write(conn, checked, now)
    except imports.RejectedFile as rejected:
        print("Nothing was imported. Please fix:")
        for problem in rejected.problems:
            print(f"  {problem}")
        return 1
    except FileNotFoundError:
        print(f"There is no file {path}.")
        return 1
    except UnicodeDecodeError:
        print(f"{path.name}: not UTF-8 text. Save it as UTF-8 CSV or iCalendar and try again.")
        return 1
    print(f"Imported {len(checked)} appointment(s): {written} reminder(s) scheduled.")
    return 0


async def _caseworker(conn: AsyncConnection, caseworker_id: int) -> bool:
    t = service.caseworker_t
    joined = select(t.c.id).where(t.c.id == caseworker_id, t.c.person_id.is_not(None))
    return (await conn.execute(joined)).first() is not None
