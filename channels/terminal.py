"""`onward chat`: the flows in a terminal, for flow authors, with no Telegram.

Buttons are numbered; type a number to tap one. `/location LAT LON` shares a location
and `/sticker` sends a sticker, so every kind of event can be tried by hand.
"""

from __future__ import annotations

import asyncio
import sys

from core.app import open_app
from core.settings import Settings
from flows.events import Event, Location, Press, Text, Unsupported
from flows.replies import Reply

LOCAL_PERSON = 1  # the terminal's one person; /forget clears them like anyone else


def show(replies: list[Reply]) -> None:
    for reply in replies:
        print()
        print(reply.text)
        if reply.attachment is not None:
            print(f"  [file: {reply.attachment.filename}]")
        for number, button in enumerate(reply.buttons, start=1):
            print(f"  [{number}] {button.label}")
    print()


def to_event(line: str, last: list[Reply]) -> Event:
    buttons = [b for reply in last for b in reply.buttons]
    if line.isascii() and line.isdigit() and 1 <= int(line) <= len(buttons):
        return Press(buttons[int(line) - 1].data)
    if line.startswith("/location"):
        parts = line.split()
        try:
            return Location(float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            return Text(line)
    if line == "/sticker":
        return Unsupported("sticker")
    return Text(line)


async def chat(settings: Settings, language_code: str | None) -> None:
    app = await open_app(settings)
    loop = asyncio.get_running_loop()
    print("Onward chat. Type /help for commands, Ctrl-D to leave.")
    try:
        replies = await app.conversations.handle(LOCAL_PERSON, language_code, Text("/start"))
        while True:
            show(replies)
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            event = to_event(line.strip(), replies)
            replies = await app.conversations.handle(LOCAL_PERSON, language_code, event)
    finally:
        await app.close()
