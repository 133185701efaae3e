"""`onward console`: serve the web console; `onward console adduser`: make an account
(the first operator, on a new installation)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import sys

from core.app import StartupError, open_app
from core.settings import Settings
from core.staff.accounts import AccountError, add_user
from core.staff.audit import record


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if first != getpass.getpass("The same password again: "):
        raise AccountError("The two passwords are not the same.")
    return first


async def adduser(args: argparse.Namespace, settings: Settings) -> int:
    try:
        password = _password(args.password_stdin)
        app = await open_app(settings)
    except (AccountError, StartupError) as error:
        print(error)
        return 1
    now = dt.datetime.now(dt.UTC)
    try:
        async with app.database.begin() as conn:
            user_id = await add_user(
                conn,
                login=args.login,
                name=args.name or args.login,
                role=args.role,
                password=password,
                now=now,
                organization_id=args.organization,
                email=args.email,
            )
            who = {"id": user_id, "login": "onward console adduser"}
            await record(conn, who, "add account", f"account {user_id}", now=now)
    except AccountError as error:
        print(error)
        return 1
    finally:
        await app.close()
    print(f"Account {args.login.strip().lower()} ({args.role}) is ready. Sign in at the console.")
    return 0


async def serve(settings: Settings) -> int:
    import uvicorn

    from channels.console.app import console_app
    from channels.telegram.webhook import listening

    try:
        app = await open_app(settings)
    except StartupError as error:
        print(error)
        return 1
    try:
        sock = listening(
            settings.console_host, settings.console_port, "CONSOLE_PORT", "CONSOLE_HOST"
        )
    except StartupError as error:
        await app.close()
        print(error)
        return 1
    web = console_app(app.database, settings)
    config = uvicorn.Config(web, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    print(f"The console is at http://{settings.console_host}:{settings.console_port}/")
    try:
        await server.serve(sockets=[sock])
    finally:
        sock.close()
        await app.close()
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.step == "adduser":
        return asyncio.run(adduser(args, settings))
    return asyncio.run(serve(settings))
