"""`onward caseworkers` and `onward reminders`: what an NGO's operator does from a shell."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.telegram.render import render as telegram_render
from core.app import migrate
from core.casework import caseworkers, imports, schema, texts
from core.casework.requests import telegram_start_link
from core.people import Someone
from core.settings import Settings
from core.storage.engine import create_engine
from core.storage.queues import Outbox
from core.storage.store import Store
from flows.i18n import Catalogs
from flows.replies import Reply

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
            if args.step in CHANGES:
                return await CHANGES[args.step](store, args)
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
        token = await caseworkers.invite(conn, name, organisation, now)
    until = (now + schema.INVITE_LIFETIME).date().isoformat()
    if settings.bot_username:
        print(f"{telegram_start_link(settings.bot_username)}cw_{token}")
    else:
        print(f"/start cw_{token}")
        print("(The case worker sends that line to the bot. Set BOT_USERNAME for a link.)")
    print(f"Give this to {name} only. It works once, until {until}.")
    return 0


async def _list(store: Store) -> int:
    t = schema.caseworker_t
    async with store.transaction() as conn:
        rows = list(
            await conn.execute(
                select(
                    t.c.id, t.c.name, t.c.organisation, t.c.joined_at, t.c.suspended_at
                ).order_by(t.c.id)
            )
        )
    if not rows:
        print("No case workers yet. Invite one with:")
        print("  onward caseworkers invite --name NAME --organisation ORG")
    for row in rows:
        joined = f"joined {row.joined_at:%Y-%m-%d}" if row.joined_at else "invited, not joined"
        if row.suspended_at is not None:
            joined += f", suspended {row.suspended_at:%Y-%m-%d}"
        print(f"{row.id}\t{row.name}\t{row.organisation}\t{joined}")
    return 0


async def _import(store: Store, args: argparse.Namespace) -> int:
    path: Path = args.file
    now = dt.datetime.now(dt.UTC)
    try:
        rows = imports.read_rows(path)
        async with store.transaction() as conn:
            found = await _caseworker(conn, args.caseworker)
            if found is None or found["person_id"] is None:
                print(f"There is no case worker {args.caseworker} who has joined.")
                print("See: onward caseworkers list")
                return 1
            if found["suspended_at"] is not None:
                print(f"Case worker {args.caseworker} is suspended: nothing can be scheduled")
                print(
                    f"for their clients. To lift it: onward caseworkers resume {args.caseworker}"
                )
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


async def _caseworker(conn: AsyncConnection, caseworker_id: int) -> dict[str, Any] | None:
    t = schema.caseworker_t
    row = (await conn.execute(select(t).where(t.c.id == caseworker_id))).first()
    return dict(row._mapping) if row is not None else None


async def _tell_clients(
    conn: AsyncConnection, caseworker: dict[str, Any], template: str, now: dt.datetime
) -> int:
    """Each agreed client hears of the change in their own language. The messages wait
    in the outbox, written in this transaction, for the running bot to deliver; a client
    on a channel with no outbox (the terminal) is not told, nor counted."""
    catalogs = Catalogs()
    told = 0
    for client in await caseworkers.agreed_clients(conn, caseworker["id"]):
        someone = Someone(client["channel"], client["address"])
        text = catalogs.translator(client["locale"]).gettext(template)
        shown = text.format(name=caseworker["name"], organisation=caseworker["organisation"])
        # Rendered by the outbox's channel, Telegram (core/storage/chats.py), as the
        # scheduler renders reminders: one way replies become outbox rows.
        if await Outbox.say(conn, telegram_render, someone, [Reply(shown)], now) is not None:
            told += 1
    return told


def _no_such(caseworker_id: int) -> int:
    print(f"There is no case worker {caseworker_id}. See: onward caseworkers list")
    return 1


async def _suspend(store: Store, args: argparse.Namespace) -> int:
    now = dt.datetime.now(dt.UTC)
    async with store.transaction() as conn:
        found = await _caseworker(conn, args.id)
        if found is None:
            return _no_such(args.id)
        cancelled = await caseworkers.suspend(conn, args.id, now)
        if cancelled is None:
            print(f"{found['name']} is already suspended.")
            return 0
        told = await _tell_clients(conn, found, texts.CASEWORKER_PAUSED, now)
    print(f"Suspended {found['name']}: they can no longer schedule or send reminders.")
    print(f"Cancelled {cancelled} reminder(s) still to be sent (they are not kept for later:")
    print("their clients are told this case worker's reminders have stopped).")
    print(f"{told} client(s) will be told in their language when the bot next runs.")
    return 0


async def _resume(store: Store, args: argparse.Namespace) -> int:
    now = dt.datetime.now(dt.UTC)
    async with store.transaction() as conn:
        found = await _caseworker(conn, args.id)
        if found is None:
            return _no_such(args.id)
        if not await caseworkers.resume(conn, args.id):
            print(f"{found['name']} is not suspended.")
            return 0
        told = await _tell_clients(conn, found, texts.CASEWORKER_BACK, now)
    print(f"{found['name']} can schedule reminders again; what was cancelled stays cancelled.")
    print(f"{told} client(s) will be told, with how to stop it (/links).")
    return 0


async def _remove(store: Store, args: argparse.Namespace) -> int:
    now = dt.datetime.now(dt.UTC)
    async with store.transaction() as conn:
        found = await _caseworker(conn, args.id)
        if found is None:
            return _no_such(args.id)
        links, agreed, waiting = await _their_counts(conn, args.id)
        if not args.yes:
            print(f"This deletes case worker {args.id} ({found['name']}, {found['organisation']})")
            print(f"with their {links} client link(s) and every reminder under them,")
            print(f"{waiting} of them still to be sent. Their {agreed} agreed client(s) are told")
            print("this case worker can no longer send them reminders. It cannot be undone.")
            print(f"To do it: onward caseworkers remove {args.id} --yes")
            return 1
        told = 0
        if found["suspended_at"] is None:  # suspended: their clients were told then
            told = await _tell_clients(conn, found, texts.CASEWORKER_PAUSED, now)
        await caseworkers.remove(conn, args.id)
    print(f"Removed {found['name']}, {links} client link(s) and their reminders.")
    print(f"{told} client(s) will be told in their language when the bot next runs.")
    return 0


async def _their_counts(conn: AsyncConnection, caseworker_id: int) -> tuple[int, int, int]:
    link, reminder = schema.link_t, schema.reminder_t
    mine = link.c.caseworker_id == caseworker_id
    links = (await conn.execute(select(func.count()).where(mine))).scalar_one()
    agreed = (
        await conn.execute(select(func.count()).where(mine, link.c.state == schema.AGREED))
    ).scalar_one()
    waiting = (
        await conn.execute(
            select(func.count())
            .select_from(reminder.join(link, link.c.id == reminder.c.link_id))
            .where(mine, reminder.c.state.in_(schema.OPEN_STATES))
        )
    ).scalar_one()
    return int(links), int(agreed), int(waiting)


CHANGES = {"suspend": _suspend, "resume": _resume, "remove": _remove}
