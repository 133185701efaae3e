"""Case work as any channel hands it over: who asked (a `Someone`, and the language their
app is in) and what (a command, a tapped button, or a reply to one of Onward's
messages), and what case work says back: replies, each addressed to a person.

A channel decodes its own updates into a `Request`, asks `takes` whether case work
answers it, and renders each `Say` for the person it is addressed to."""

from __future__ import annotations

from dataclasses import dataclass

from core.people import Someone
from flows.replies import Reply

COMMANDS = frozenset(
    {
        "newclient",
        "clients",
        "remind",
        "reminders",
        "drop",
        "console",
        "link",
        "links",
        "appointments",
    }
)
START_PREFIXES = ("cw_", "c_")  # /start cw_TOKEN: a case worker's invitation; c_CODE: a link
BUTTON_PREFIXES = ("lk:", "lr:", "ra:", "ap:")  # link decision, link stop, answer, appointment


@dataclass(frozen=True)
class Who:
    someone: Someone
    language_code: str | None
    """As the person's app reports it: the language a stranger is first answered in."""


@dataclass(frozen=True)
class Command:
    name: str
    """Lower case, without the slash or a bot's name: "remind"."""
    argument: str = ""


@dataclass(frozen=True)
class Tap:
    data: str
    """The tapped button's data, as a `flows.replies.Button` carried it."""


@dataclass(frozen=True)
class ReplyText:
    """What someone wrote in reply to one of Onward's messages, and that message's text:
    the reason they cannot come, when the message is the question that asked for it."""

    text: str
    replied_to: str


What = Command | Tap | ReplyText


@dataclass(frozen=True)
class Request:
    who: Who
    what: What
    start_link: str = ""
    """What a /start argument follows to be a link a client can open on this channel
    ("https://t.me/onward_bot?start="); empty where there are no such links, and a
    client types /link CODE instead."""


@dataclass(frozen=True)
class Say:
    """One reply, to the person who asked or to someone else (a case worker told of an
    answer), in that person's own language. `to` may be on another channel than the
    person who asked: the channel that writes the replies says what it cannot carry."""

    to: Someone
    reply: Reply


def telegram_start_link(bot_username: str | None) -> str:
    """What a /start argument follows in a Telegram deep link to the bot (`start_link`);
    empty without the bot's username."""
    return f"https://t.me/{bot_username}?start=" if bot_username else ""


def client_link(start_link: str, code: str) -> str:
    """What a client opens (or, without links, types) to answer a case worker's offer."""
    return f"{start_link}c_{code}" if start_link else f"/link {code}"


def command(text: str) -> Command | None:
    """A typed command ("/remind@onward_bot 3 …") as case work reads it; None for a text
    that is not a command."""
    if not text.startswith("/"):
        return None
    head, _, rest = text.strip().partition(" ")
    return Command(head[1:].split("@", 1)[0].lower(), rest.strip())


def takes(what: What) -> bool:
    """Whether case work answers this, before reading the database. A reply may still
    turn out not to be a reason (`Casework.handle` then answers None)."""
    if isinstance(what, Command):
        return what.name in COMMANDS or (
            what.name == "start" and what.argument.startswith(START_PREFIXES)
        )
    if isinstance(what, Tap):
        return what.data.startswith(BUTTON_PREFIXES)
    return True
