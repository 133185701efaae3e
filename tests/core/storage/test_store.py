"""Loading and saving people's conversations: by channel and address, many at once, the
usual turn written for many people in one statement, consent read as it stands, a
person marked unreachable, and a turn that fails written not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select, update

from core.people import AT_THE_TERMINAL, TELEGRAM, TERMINAL, Someone
from core.storage.store import Store
from core.storage.tables import consent_t, person_t
from core.storage.turn_effects import LAST_SEEN_GRAIN, Save
from flows.conversation import Conversation
from flows.replies import GiveConsent
from tests.conftest import Chat, onboard


async def test_the_same_address_on_two_channels_is_two_people(chat: Chat, store: Store):
    """A terminal's person and a Telegram user whose address reads the same are apart:
    each has their own conversation, and one forgetting leaves the other."""
    lookalike = Chat(chat.conversations, Someone("terminal", chat.someone.address))
    for person in (chat, lookalike):
        await onboard(person)
    await lookalike.send("/forget")
    await lookalike.tap("Yes, delete everything")
    assert (await store.load(lookalike.someone, "en")).person_id is None
    assert (await store.load(chat.someone, "en")).profile.consented


async def test_a_new_person_is_stored_only_with_what_the_flow_needs(chat: Chat, store: Store):
    chat.language_code = "ru"
    await chat.send("hi")
    loaded = await store.load(chat.someone, "en")
    assert loaded.profile.locale == "ru"
    assert (loaded.profile.role, loaded.profile.region, loaded.profile.consented) == (
        None,
        None,
        False,
    )
    # The one answer: the language the app reported and Onward speaks, so it did not ask.
    assert loaded.conversation.answers == {"language": "ru"}


async def test_a_turn_that_fails_half_way_writes_nothing(chat: Chat, store: Store, monkeypatch):
    await chat.send("hello")
    before = await store.load(chat.someone, "en")

    def broken_dump(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("flows.conversation.Conversation.dump", broken_dump)
    newcomer = Chat(chat.conversations, Someone(TELEGRAM, "3003"))
    for person in (chat, newcomer):
        try:
            await person.send("/start")
        except RuntimeError:
            pass
        else:
            raise AssertionError("the failure did not reach the caller")
    monkeypatch.undo()
    assert (await store.load(newcomer.someone, "en")).person_id is None
    after = await store.load(chat.someone, "en")
    assert after.conversation == before.conversation
    await chat.send("hello")  # the pool's connections are still good


T0 = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
ANA, BEN, TERMINAL_ANA = Someone(TELEGRAM, "5101"), Someone(TELEGRAM, "5102"), AT_THE_TERMINAL


async def known(store: Store, *people: Someone, at: dt.datetime = T0) -> None:
    """Each of `people` stored, in the state "welcome", having consented at `at`."""
    for someone in people:
        loaded = await store.load(someone, "en")
        consent = [GiveConsent("privacy", 1)]
        await store.save(someone, loaded, Conversation("welcome"), consent, now=at)


async def test_many_people_on_several_channels_load_together(store: Store):
    await known(store, ANA, TERMINAL_ANA)
    stranger = Someone(TERMINAL, "elsewhere")
    async with store.transaction() as conn:
        loaded = await store.load_many(conn, {ANA: "en", TERMINAL_ANA: "en", stranger: "zh_Hans"})
    assert loaded[ANA].person_id != loaded[TERMINAL_ANA].person_id
    assert None not in (loaded[ANA].person_id, loaded[TERMINAL_ANA].person_id)
    assert loaded[ANA].conversation.state == "welcome"
    assert loaded[stranger].person_id is None
    assert loaded[stranger].profile.locale == "zh_Hans"  # a stranger, in the language asked
    assert loaded[stranger].conversation == Conversation()


async def test_usual_turns_of_many_people_are_saved_together(store: Store):
    await known(store, ANA, BEN)
    async with store.transaction() as conn:
        ana, ben = (await store.load_many(conn, {ANA: "en", BEN: "en"})).values()
    later = T0 + LAST_SEEN_GRAIN
    ana.profile = replace(ana.profile, last_seen=later)  # seen just now: not written again
    saves = [Save(ANA, ana, Conversation("menu"), []), Save(BEN, ben, Conversation("work"), [])]
    assert all(s.usual for s in saves)
    async with store.transaction() as conn:
        await store.save_many(conn, saves, now=later)
    ana, ben = await store.load(ANA, "en"), await store.load(BEN, "en")
    assert (ana.conversation.state, ben.conversation.state) == ("menu", "work")
    assert (ana.profile.last_seen, ben.profile.last_seen) == (T0, later)  # Ana's as it was


async def test_consent_is_the_latest_one_not_withdrawn(store: Store):
    await known(store, ANA)
    assert (await store.load(ANA, "en")).profile.consented_at == T0
    async with store.transaction() as conn:
        await conn.execute(update(consent_t).values(withdrawn_at=T0))
    assert (await store.load(ANA, "en")).profile.consented_at is None
    again = T0 + dt.timedelta(days=1)
    loaded = await store.load(ANA, "en")
    await store.save(ANA, loaded, Conversation(), [GiveConsent("privacy", 2)], now=again)
    assert (await store.load(ANA, "en")).profile.consented_at == again


async def test_someone_who_blocked_us_is_marked_until_they_come_back(store: Store):
    await known(store, ANA, BEN)

    async def unreachable() -> dict[str, dt.datetime | None]:
        async with store.transaction() as conn:
            rows = await conn.execute(select(person_t.c.address, person_t.c.unreachable_since))
            return {r.address: r.unreachable_since for r in rows}

    async with store.transaction() as conn:
        await store.set_reachable(conn, ANA, False, T0)
    marked = await unreachable()
    assert marked["5102"] is None
    assert marked["5101"] is not None
    assert marked["5101"].replace(tzinfo=dt.UTC) == T0
    async with store.transaction() as conn:
        await store.set_reachable(conn, ANA, True, T0)
    assert set((await unreachable()).values()) == {None}
