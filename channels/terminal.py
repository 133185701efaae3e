"""`onward chat`: the flows and case work in a terminal, for flow authors, with no Telegram.

Buttons are numbered; type a number to tap one. `/location LAT LON` shares a location
and `/sticker` sends a sticker, so every kind of event can be tried by hand. Case-work
commands (/links, /appointments, /link CODE, /newclient …) are answered by the same core
as on Telegram; a message that asks for an answer ("why can't you go?") takes the next
line typed as the reply to it.
"""

from __future__ import annotations

import asyncio
import sys

from core.app import open_app
from core.casework.commands import Casework
from core.casework.requests import Command, ReplyText, Request, Tap, Who, command, takes
from core.conversations import Conversations
from core.people import AT_THE_TERMINAL, Someone
from core.settings import Settings
from flows.events import Event, Location, Press, Text, Unsupported
from flows.replies import Reply


def show(replies: list[Reply]) -> None:
    for reply in replies:
        print()
        print(reply.text)
        if reply.attachment is not None:
            print(f"  [file: {reply.attachment.filename}]")
        for number, button in enumerate(reply.buttons, start=1):
            print(f"  [{number}] {button.label}")
        if reply.wants_answer:
            print("  [type your answer]")
    print()


def tapped(line: str, last: list[Reply]) -> str | None:
    """The data of the button whose number was typed, if one was."""
    buttons = [b for reply in last for b in reply.buttons]
    if line.isascii() and line.isdigit() and 1 <= int(line) <= len(buttons):
        return buttons[int(line) - 1].data
    return None


def to_event(line: str, last: list[Reply]) -> Event:
    data = tapped(line, last)
    if data is not None:
        return Press(data)
    if line.startswith("/location"):
        parts = line.split()
        try:
            return Location(float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            return Text(line)
    if line == "/sticker":
        return Unsupported("sticker")
    return Text(line)


class Terminal:
    """One person at the keyboard: each line answered by case work or the conversation."""

    def __init__(
        self,
        conversations: Conversations,
        language_code: str | None,
        person: Someone = AT_THE_TERMINAL,
    ) -> None:
        self.conversations, self.casework = conversations, Casework.beside(conversations)
        self.who = Who(person, language_code)
        self.last: list[Reply] = []
        self.to_others: list[tuple[Someone, Reply]] = []
        """What case work said to other chats (a case worker told of an answer)."""

    async def say(self, line: str) -> list[Reply]:
        self.last = await self._answer(line.strip())
        return self.last

    def request(self, line: str) -> Request | None:
        """The case-work request in a line, if the line is one."""
        data = tapped(line, self.last)
        asked = next((r for r in self.last if r.wants_answer), None)
        what: Command | Tap | ReplyText | None = Tap(data) if data is not None else command(line)
        if what is None and asked is not None:
            what = ReplyText(line, asked.text)
        return Request(self.who, what) if what is not None and takes(what) else None

    async def _answer(self, line: str) -> list[Reply]:
        request = self.request(line)
        if request is None:
            return await self._converse(to_event(line, self.last))
        crisis = self.casework.converse_first(request)
        first = await self._converse(Text(line)) if crisis else []
        said = await self.casework.handle(request)
        if said is None:
            return first or await self._converse(to_event(line, self.last))
        self.to_others += [(s.to, s.reply) for s in said if s.to != self.who.someone]
        return first + [s.reply for s in said if s.to == self.who.someone]

    async def _converse(self, event: Event) -> list[Reply]:
        who = self.who
        return await self.conversations.handle(who.someone, who.language_code, event)


async def chat(settings: Settings, language_code: str | None) -> None:
    app = await open_app(settings)
    loop = asyncio.get_running_loop()
    terminal = Terminal(app.conversations, language_code)
    print("Onward chat. Type /help for commands, Ctrl-D to leave.")
    try:
        replies = await terminal.say("/start")
        while True:
            show(replies)
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            replies = await terminal.say(line)
    finally:
        await app.close()
