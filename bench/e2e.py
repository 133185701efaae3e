"""People talking to a bot through the Bot API stand-in, end to end over real HTTP.

Run: python bench/e2e.py [--people 50] [--seconds 15]
For a bare aiogram echo bot and for Onward on each runtime (aiogram, python-telegram-bot),
each in its own process on a fresh stand-in, in this one run, prints updates answered per
second and p50/p99 latency (from the update being queued at the stand-in to the bot's
answer arriving there) with everyone sending as fast as they are answered, each Onward's
throughput as a share of the echo's, and then the latency when the same people are active
as people are: reading each answer before the next message.
Like the echo's people, Onward's send text: they type the menu's words ("Settings", "Back
to the menu"), each a real turn (inbox, engine, storage, outbox) answered by one message.
A second Onward run taps the same buttons instead: each tap is also answered as Telegram
asks (answerCallbackQuery), so two calls an update; printed for information.
The stand-in sets no sending limits and the echo keeps none, so Onward runs here with
TELEGRAM_LIMITS=none: the figures are what Onward itself can do. A last, shorter run
keeps Telegram's limits, to show they hold (about 29 messages a second in all).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # run as a script from anywhere, installed or not

from channels.sandbox.server import start  # noqa: E402
from channels.sandbox.standin import StandIn  # noqa: E402
from core.settings import RUNTIMES  # noqa: E402


class WatchedStandIn(StandIn):
    """The stand-in, telling each simulated person the moment the bot answers them."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.answered: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    async def _bot_changed(self, chat_id: int) -> None:
        await super()._bot_changed(chat_id)
        self.answered[chat_id].set()


async def answer(
    standin: WatchedStandIn, chat_id: int, act: Callable[[], Awaitable[object]]
) -> float:
    """Do something as the person; seconds until the bot's first answer."""
    event = standin.answered[chat_id]
    event.clear()
    began = time.perf_counter()
    await act()
    await asyncio.wait_for(event.wait(), 30)
    return time.perf_counter() - began


def last_buttons(standin: StandIn, chat_id: int) -> tuple[int, dict[str, str]]:
    message = next((m for m in reversed(standin.chats[chat_id]) if m.reply_markup), None)
    if message is None:
        return 0, {}
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return message.message_id, {row[0]["text"]: row[0]["callback_data"] for row in rows}


async def tap(standin: WatchedStandIn, chat_id: int, label: str) -> float:
    message_id, buttons = last_buttons(standin, chat_id)
    return await answer(
        standin, chat_id, lambda: standin.press(chat_id, message_id, buttons[label], "en")
    )


async def shown(standin: WatchedStandIn, chat_id: int, *labels: str) -> None:
    """Until the bot's last buttons include one of `labels`: a step's answer has come."""
    event = standin.answered[chat_id]
    while True:
        event.clear()
        if set(labels) & set(last_buttons(standin, chat_id)[1]):
            return
        await asyncio.wait_for(event.wait(), 30)


ONBOARDING = ("Yes, that's OK", "England or Wales")  # English is the app's language


async def onboard(standin: WatchedStandIn, chat_id: int) -> None:
    """From hello to the main menu, each step waiting for the button the next one taps."""
    await standin.user_message(chat_id, {"text": "hi"}, "en")
    for label in ONBOARDING:
        await shown(standin, chat_id, label)
        await tap(standin, chat_id, label)
    await shown(standin, chat_id, "Settings")  # the main menu


async def measure(
    people: list[int],
    seconds: float,
    step: Callable[[int, int], Awaitable[float]],
    reading: bool = False,
) -> list[float]:
    """Everyone acts at once for `seconds`: straight after each answer, or (`reading`)
    after reading it for 0.5 to 1.5 s, as people do."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    rng = random.Random(7)

    async def person(chat_id: int) -> None:
        turn = 0
        while time.perf_counter() < deadline:
            if reading:
                await asyncio.sleep(rng.uniform(0.5, 1.5))
            latencies.append(await step(chat_id, turn))
            turn += 1

    await asyncio.gather(*(person(p) for p in people))
    return latencies


@contextlib.asynccontextmanager
async def bot_on_standin(
    command: Callable[[StandIn, str], list[str]], env: Callable[[StandIn, str], dict[str, str]]
) -> AsyncIterator[WatchedStandIn]:
    """A fresh stand-in and a bot process polling it; both gone when the block ends."""
    standin = WatchedStandIn()
    runner, base = await start(standin)
    bot = await asyncio.create_subprocess_exec(
        *command(standin, base),
        cwd=BENCH.parent,
        env={**os.environ, **env(standin, base)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        while not any(c["method"] == "getUpdates" for c in standin.calls):
            await asyncio.sleep(0.05)
        yield standin
    finally:
        bot.terminate()
        await bot.wait()
        await runner.cleanup()


def summary(name: str, latencies: list[float], seconds: float) -> float:
    ordered = sorted(latencies)
    rate = len(ordered) / seconds
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    print(
        f"{name:<14} {rate:8.1f} updates/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms"
        f"   ({len(ordered)} updates)"
    )
    return rate


Run = tuple[float, list[float]]  # throughput, and the latencies of people reading


async def echo_run(people: list[int], seconds: float) -> Run:
    def command(standin: StandIn, base: str) -> list[str]:
        return [sys.executable, str(BENCH / "echo_bot.py"), standin.token, base]

    async with bot_on_standin(command, lambda standin, base: {}) as standin:

        async def step(chat_id: int, turn: int) -> float:
            body = {"text": f"hello {turn}"}
            return await answer(
                standin, chat_id, lambda: standin.user_message(chat_id, body, "en")
            )

        rate = summary("echo", await measure(people, seconds, step), seconds)
        return rate, await measure(people, seconds, step, reading=True)


def onward_env(runtime: str, folder: str, limits: str) -> Callable[[StandIn, str], dict[str, str]]:
    def env(standin: StandIn, base: str) -> dict[str, str]:
        return {
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_API_URL": base,
            "LOG_LEVEL": "WARNING",
            "ONWARD_RUNTIME": runtime,
            "TELEGRAM_LIMITS": limits,
            "DATABASE_URL": f"sqlite+aiosqlite:///{Path(folder) / f'{runtime}-{limits}.db'}",
        }

    return env


def onward_command(standin: StandIn, base: str) -> list[str]:
    profile = os.environ.get("ONWARD_BENCH_PROFILE")  # a file for cProfile's figures
    profiling = ["-m", "cProfile", "-o", profile] if profile else []
    return [sys.executable, *profiling, "-m", "cli", "run"]


async def typed_step(standin: WatchedStandIn, chat_id: int, turn: int) -> float:
    body = {"text": "Settings" if turn % 2 == 0 else "Back to the menu"}
    return await answer(standin, chat_id, lambda: standin.user_message(chat_id, body, "en"))


async def onward_run(people: list[int], seconds: float, folder: str, runtime: str) -> Run:
    env = onward_env(runtime, folder, "none")
    async with bot_on_standin(onward_command, env) as standin:
        await asyncio.gather(*(onboard(standin, p) for p in people))

        async def typed(chat_id: int, turn: int) -> float:
            return await typed_step(standin, chat_id, turn)

        async def tapped(chat_id: int, turn: int) -> float:
            _, buttons = last_buttons(standin, chat_id)
            label = "Settings" if "Settings" in buttons else "Back to the menu"
            return await tap(standin, chat_id, label)

        rate = summary(f"onward {runtime}", await measure(people, seconds, typed), seconds)
        menus = ("Settings", "Back to the menu")
        await asyncio.gather(*(shown(standin, p, *menus) for p in people))
        summary("  (taps)", await measure(people, seconds, tapped), seconds)
        await asyncio.gather(*(shown(standin, p, *menus) for p in people))
        return rate, await measure(people, seconds, typed, reading=True)


async def limited_run(people: list[int], seconds: float, folder: str) -> None:
    """Onward keeping Telegram's limits: what a real bot's people would see at full load."""
    env = onward_env("aiogram", folder, "telegram")
    async with bot_on_standin(onward_command, env) as standin:
        await asyncio.gather(*(onboard(standin, p) for p in people))

        async def typed(chat_id: int, turn: int) -> float:
            return await typed_step(standin, chat_id, turn)

        summary("onward aiogram", await measure(people, seconds, typed), seconds)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--runtime", choices=RUNTIMES, action="append", help="default: each")
    parser.add_argument("--no-limited", action="store_true", help="skip the run with limits")
    args = parser.parse_args()
    people = list(range(900_001, 900_001 + args.people))
    print(f"python {sys.version.split()[0]}; {args.people} people, {args.seconds:.0f} s a run")
    print(f"throughput: all {args.people} people send again as soon as they are answered")
    echo, echo_reading = await echo_run(people, args.seconds)
    onward: dict[str, Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        for runtime in args.runtime or RUNTIMES:
            onward[runtime] = await onward_run(people, args.seconds, folder, runtime)
        if not args.no_limited:
            print("with Telegram's limits kept (TELEGRAM_LIMITS=telegram), everyone at once:")
            await limited_run(people, min(args.seconds, 10), folder)
    for runtime, (rate, _) in onward.items():
        print(f"onward {runtime} / echo throughput: {rate / echo:.0%}")
    print(f"latency: {args.people} people active at once, each reading 0.5-1.5 s between messages")
    summary("echo", echo_reading, args.seconds)
    for runtime, (_, reading) in onward.items():
        summary(f"onward {runtime}", reading, args.seconds)


if __name__ == "__main__":
    asyncio.run(main())
