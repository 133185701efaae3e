"""Every button of every flow, tapped in Arabic, Chinese and Russian: no English sentence
reaches the reader. Names, addresses, links and commands may stay in Latin letters; a
run of Latin words that reads as English prose (two of its everyday words or more) may
not."""

from __future__ import annotations

import itertools
import re
from collections import deque

import pytest
from sqlalchemy import insert, select

from core.app import all_actions, build_engine
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from core.storage.store import Store
from core.storage.tables import among, consent_t, conversation_t, person_t
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows.engine import Engine
from flows.events import Event, Location, Press, Text
from flows.i18n import language_name
from flows.replies import Reply
from tests.conftest import NOW

WALKED = ["ar", "zh-hans", "ru"]
ids = itertools.count(800_000)
# Answers to typed questions, by the question's type: a valid one of each.
TYPED: dict[str, Event] = {
    "date": Text("01/02/2020"),
    "number": Text("30"),
    "text": Text("Hope"),
    "location": Location(53.4809, -2.2374),
    "time": Text("10:00"),
}
LINKS = re.compile(r"(https?://|www\.)\S+|\S+@\S+|(?<!\w)/[a-z_]+")
BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){3,}")
EVERYDAY = {
    "you", "your", "and", "the", "to", "is", "are", "not", "with", "for", "this", "that",
    "can", "will", "we", "if", "it", "or", "be", "have", "here", "what", "when", "how",
}  # fmt: skip
MOST_STEPS = 40
MOST_STATES = 8000  # about 3,000 turns walk every flow today


def without_brackets(text: str) -> str:
    """An official English title may follow in brackets (a source's, a service's name)."""
    while (shorter := BRACKETED.sub(" ", text)) != text:
        text = shorter
    return text


def english_in(text: str) -> list[str]:
    """Runs of Latin words that read as English prose."""
    found = []
    for run in LATIN_RUN.finditer(without_brackets(LINKS.sub(" ", text))):
        words = {w.lower() for w in re.findall(r"[A-Za-z']+", run.group())}
        if len(words & EVERYDAY) >= 2:
            found.append(run.group())
    return found


async def branch(store: Store, parent: Someone) -> Someone:
    """A new person exactly where `parent` is (profile, consent, conversation): each
    button is tried from there without walking the whole way again."""
    child = Someone(TELEGRAM, str(next(ids)))
    async with store.transaction() as conn:
        person = (await conn.execute(select(person_t).where(among([parent])))).mappings().one()
        copied = {k: v for k, v in person.items() if k != "id"} | {"address": child.address}
        new_id = (
            await conn.execute(insert(person_t).values(**copied).returning(person_t.c.id))
        ).scalar_one()
        for table in (conversation_t, consent_t):
            rows = await conn.execute(select(table).where(table.c.person_id == person["id"]))
            for row in rows.mappings():
                kept = {k: v for k, v in row.items() if k != "id"}
                await conn.execute(insert(table).values(**kept | {"person_id": new_id}))
    return child


def next_events(
    engine: Engine, locale: str, state: str | None, replies: list[Reply]
) -> list[Event]:
    """Every button, but in the list of languages only the reader's own."""
    languages = f"{engine.flows.state_ids[engine.flows.start_of('language')]}:"
    pressed: list[Event] = [
        Press(b.data)
        for r in replies
        for b in r.buttons
        if not b.data.startswith(languages) or b.label == language_name(locale)
    ]
    if state and not pressed:
        _, _, node = engine.flows.node(state)
        kind = getattr(node, "type", None)
        if kind == "date" and getattr(node, "upcoming", False):
            pressed.append(Text("15/12/2026"))  # an appointment: after the tests' today
        elif kind in TYPED:
            pressed.append(TYPED[kind])
    return pressed


@pytest.fixture
async def walked(store: Store) -> tuple[Engine, Conversations]:
    """The real flows over the directory shipped with Onward (its demo area too)."""
    await seed_directory(store.engine)
    engine = build_engine(actions=all_actions(DatabaseDirectory(store.engine)))
    return engine, Conversations(engine, store, clock=lambda: NOW)


@pytest.mark.parametrize("language", WALKED)
async def test_no_english_sentence_in_any_flow(
    walked: tuple[Engine, Conversations], store: Store, language: str
):
    engine, conversations = walked
    seen: set[tuple[str | None, str | None]] = set()
    leaks: dict[str, str] = {}
    first = Someone(TELEGRAM, str(next(ids)))
    queue: deque[tuple[Someone, Event, int]] = deque([(first, Text("/start"), 0)])
    await conversations.handle(first, language, Text("hello"))
    walked = 0
    while queue and walked < MOST_STATES:
        parent, event, depth = queue.popleft()
        person = await branch(store, parent)
        replies = await conversations.handle(person, language, event)
        walked += 1
        for reply in replies:
            for text in [reply.text, *(b.label for b in reply.buttons)]:
                for run in english_in(text):
                    leaks.setdefault(run, f"after {depth + 1} steps: {text[:120]!r}")
        loaded = await store.load(person, "en")
        state, profile = loaded.conversation.state, loaded.profile
        place = (state, profile.region)  # what a step shows differs by where they live
        if place in seen or depth >= MOST_STEPS:
            continue
        seen.add(place)
        events = next_events(engine, profile.locale, state, replies)
        queue.extend((person, child, depth + 1) for child in events)
    assert not queue, f"the walk stopped after {walked} turns: raise MOST_STATES"
    steps = {state for state, _ in seen}
    assert len(steps) >= 70, "the walk should reach nearly every step of every flow"
    assert not leaks, "\n".join(f"{run!r} {where}" for run, where in leaks.items())
