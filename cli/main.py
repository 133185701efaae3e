"""The `onward` command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.app import StartupError, build_engine, migrate
from core.logs import configure as configure_logs
from core.settings import SETTING_ERROR, get_settings
from flows.errors import FlowError
from flows.machine import CONTENT_DIR


def _flows_check(args: argparse.Namespace) -> int:
    build_engine(args.dir)
    print("Flows are fine: every node reachable, with a way out, translated and wired.")
    return 0


def _flows_draw(args: argparse.Namespace) -> int:
    from flows.draw import diagram_path, draw_all, mermaid
    from flows.machine import load_flows

    flows = load_flows(args.dir)
    if args.flow and args.flow not in flows.specs:
        print(f"There is no flow called '{args.flow}'. Flows: {', '.join(flows.specs)}")
        return 1
    if args.check:
        stale = [
            f
            for f in flows.specs
            if args.flow in (None, f)
            and diagram_path(flows, f).read_text(encoding="utf-8") != mermaid(flows, f)
        ]
        for flow in stale:
            print(f"{diagram_path(flows, flow)} is out of date: run 'onward flows draw'")
        return 1 if stale else 0
    for path in draw_all(flows, args.flow):
        print(f"wrote {path}")
    return 0


def _chat(args: argparse.Namespace) -> int:
    from channels.terminal import chat

    logging.getLogger().setLevel(logging.WARNING)  # keep the terminal for the conversation
    asyncio.run(chat(get_settings(), args.lang))
    return 0


def _run(args: argparse.Namespace) -> int:
    from cli.run import run

    asyncio.run(run(get_settings(), sandbox_anyway=args.sandbox_anyway))
    return 0


def _db_upgrade(_: argparse.Namespace) -> int:
    asyncio.run(migrate(get_settings().database_url))
    print("The database is up to date.")
    return 0


def _db_copy(args: argparse.Namespace) -> int:
    from cli import db

    return asyncio.run(db.run(args))


def _directory(args: argparse.Namespace) -> int:
    from cli import directory as directory_cli

    return asyncio.run(directory_cli.run(args, get_settings()))


def _rules(args: argparse.Namespace) -> int:
    from cli import rules as rules_cli

    return rules_cli.run(args)


def _casework(args: argparse.Namespace) -> int:
    from cli import reminders as reminders_cli

    return asyncio.run(reminders_cli.run(args, get_settings()))


def _console(args: argparse.Namespace) -> int:
    from cli import console

    return console.run(args, get_settings())


def _i18n(args: argparse.Namespace) -> int:
    from cli import i18n

    if args.step == "extract":
        print(f"wrote {i18n.extract()}")
    elif args.step == "update":
        i18n.update()
    else:
        i18n.compile_all()
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="onward", description="Onward: help after prison.")
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="run the bot: on Telegram with TELEGRAM_BOT_TOKEN, else the local sandbox"
    )
    run.add_argument(
        "--sandbox-anyway",
        action="store_true",
        help="start the sandbox on a database that has served Telegram; it then sends "
        "none of that bot's reminders or waiting messages",
    )
    run.set_defaults(run=_run)

    console = commands.add_parser(
        "console", help="serve the web console on CONSOLE_HOST:CONSOLE_PORT (127.0.0.1:8090)"
    )
    console.set_defaults(run=_console)
    console_steps = console.add_subparsers(dest="step")
    adduser = console_steps.add_parser("adduser", help="make an account (first, an operator)")
    adduser.add_argument("login", help="the name to sign in with, one word")
    adduser.add_argument("--name", help="the name the console shows (default: the login)")
    adduser.add_argument(
        "--role", choices=("operator", "editor", "caseworker"), default="operator"
    )
    adduser.add_argument("--organization", help="a directory editor's organisation id")
    adduser.add_argument("--email", help="shown as who verified a service")
    adduser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    chat = commands.add_parser("chat", help="talk to the flows in this terminal")
    chat.add_argument("--lang", help="the language your Telegram would report, e.g. ar, zh-hans")
    chat.set_defaults(run=_chat)

    flows = commands.add_parser("flows", help="check or draw the conversation flows")
    flow_steps = flows.add_subparsers(dest="step", required=True)
    check = flow_steps.add_parser("check", help="report problems with file and line")
    check.add_argument("--dir", type=Path, default=CONTENT_DIR, help="the folder of flow files")
    check.set_defaults(run=_flows_check)
    draw = flow_steps.add_parser("draw", help="write Mermaid diagrams next to the flows")
    draw.add_argument("--dir", type=Path, default=CONTENT_DIR, help="the folder of flow files")
    draw.add_argument("flow", nargs="?")
    draw.add_argument("--check", action="store_true", help="fail if a committed diagram is stale")
    draw.set_defaults(run=_flows_draw)

    db = commands.add_parser("db", help="the database")
    db_steps = db.add_subparsers(dest="step", required=True)
    db_steps.add_parser("upgrade", help="migrate to the latest schema").set_defaults(
        run=_db_upgrade
    )
    copy = db_steps.add_parser(
        "copy", help="copy every table into a new, migrated database (e.g. SQLite to PostgreSQL)"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="copied from")
    copy.add_argument(
        "--to", dest="target", required=True, metavar="URL", help="a new database, migrated"
    )
    copy.set_defaults(run=_db_copy)

    _directory_commands(commands)
    _rules_commands(commands)
    _casework_commands(commands)

    i18n = commands.add_parser("i18n", help="translations")
    i18n.add_argument("step", choices=["extract", "update", "compile"])
    i18n.set_defaults(run=_i18n)
    return top


def _directory_commands(commands: Any) -> None:
    directory = commands.add_parser("directory", help="the service directory (Open Referral HSDS)")
    steps = directory.add_subparsers(dest="step", required=True)
    load = steps.add_parser("import", help="import HSDS 3.0 JSON or a CSV data package")
    load.add_argument("path", type=Path, help="a .json file, or a folder with datapackage.json")
    validate = steps.add_parser("validate", help="check a file without importing it")
    validate.add_argument("path", type=Path)
    export = steps.add_parser("export", help="write the directory as HSDS 3.0")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument(
        "--out", type=Path, required=True, help="a .json file, or a folder for csv"
    )
    stale = steps.add_parser("stale", help="list services not verified for N days")
    stale.add_argument("--days", type=int, default=180)
    reports = steps.add_parser("reports", help="what readers reported as wrong")
    reports.add_argument("--all", action="store_true", help="include those already handled")
    reports.add_argument("--handled", type=int, metavar="ID", help="mark report ID as handled")
    directory.set_defaults(run=_directory)


def _casework_commands(commands: Any) -> None:
    workers = commands.add_parser("caseworkers", help="case workers who send clients reminders")
    steps = workers.add_subparsers(dest="step", required=True)
    invite = steps.add_parser("invite", help="print a one-time invitation for a case worker")
    invite.add_argument("--name", required=True, help="as clients will see it")
    invite.add_argument("--organisation", "--org", required=True)
    steps.add_parser("list", help="the case workers, whether they joined, and who is suspended")
    for step, what in (
        ("suspend", "stop a case worker: their reminders are cancelled, their clients told"),
        ("resume", "let a suspended case worker send reminders again; their clients are told"),
        ("remove", "delete a case worker, their client links and reminders (needs --yes)"),
    ):
        changed = steps.add_parser(step, help=what)
        changed.add_argument("id", type=int, metavar="ID", help="as caseworkers list shows")
        if step == "remove":
            changed.add_argument("--yes", action="store_true", help="really delete them")
    workers.set_defaults(run=_casework)
    reminders = commands.add_parser("reminders", help="reminders case workers schedule")
    steps = reminders.add_subparsers(dest="step", required=True)
    load = steps.add_parser("import", help="appointments from a CSV or iCalendar file")
    load.add_argument("file", type=Path)
    load.add_argument(
        "--caseworker", type=int, required=True, help="whose clients (see caseworkers list)"
    )
    reminders.set_defaults(run=_casework)


def _rules_commands(commands: Any) -> None:
    rules = commands.add_parser("rules", help="rule packs: the law as data, with worked examples")
    rules.add_argument("--dir", type=Path, help="the folder of packs (default: flows/rules)")
    steps = rules.add_subparsers(dest="step", required=True)
    test = steps.add_parser("test", help="run every pack's worked examples")
    test.add_argument("pack", nargs="?")
    describe = steps.add_parser(
        "describe", help="the questions a ruleset asks, with ids and types"
    )
    describe.add_argument("pack")
    describe.add_argument("ruleset")
    run = steps.add_parser("run", help="print a ruleset's outcome for answers in a JSON file")
    run.add_argument("pack")
    run.add_argument("ruleset")
    run.add_argument("--answers", required=True)
    rules.set_defaults(run=_rules)


def settings_problems(error: ValidationError) -> list[str]:
    """One sentence per wrong setting; never the value, which may be a token."""
    sentences = []
    for problem in error.errors(include_input=False, include_url=False):
        if problem["type"] == SETTING_ERROR:
            sentences.append(problem["msg"])
        else:
            name = ".".join(str(part) for part in problem["loc"]).upper()
            sentences.append(f"{name} is not valid: {problem['msg']}.")
    return sentences


def read_settings() -> bool:
    """Read and check the settings once; False (having said why) if they are wrong."""
    try:
        settings = get_settings()
    except ValidationError as error:
        for sentence in settings_problems(error):
            print(sentence, file=sys.stderr)
        return False
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        print(
            f"The .env file is not UTF-8 text (byte {byte:#04x} at position {error.start}); "
            "save it as UTF-8.",
            file=sys.stderr,
        )
        return False
    except OSError as error:
        print(f"Could not read the .env file ({error.strerror}).", file=sys.stderr)
        return False
    configure_logs(settings.log_level)
    return True


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # --help works even when a setting is wrong
    if not read_settings():
        return 1
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except FlowError as error:
        print("The flows have problems:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except StartupError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
