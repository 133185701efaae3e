"""Case work as commands that return replies: each request answered in the asker's own
language, its replies written in the same transaction as its work (or neither kept), a
reply that is no reason of ours handed back to the conversation, and crisis words in a
reason answered by the conversation first."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import texts
from core.casework.commands import Casework
from core.casework.requests import Command, ReplyText, Request, Say, Tap, Who
from core.casework.schema import attempt_t, link_t
from core.conversations import Conversations
from core.people import TELEGRAM, Someone
from flows.engine import Engine
from flows.replies import Reply
from tests.helpers.world import World

CW, ANA = 1100, 1101


def casework(world: World, engine: Engine) -> Casework:
    return Casework(world.store, engine.catalogs, world.clock, engine.crisis)


def asked(chat: int, what: Command | Tap | ReplyText, language: str | None = "en") -> Request:
    return Request(Who(Someone(TELEGRAM, str(chat)), language), what)


async def count(world: World, table) -> int:
    async with world.store.transaction() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


def test_case_work_stands_beside_the_conversations_it_shares_everything_with(
    conversations: Conversations,
):
    beside = Casework.beside(conversations)
    assert beside.store is conversations.store
    assert beside.clock is conversations.clock
    assert beside.catalogs is conversations.engine.catalogs
    assert beside.crisis is conversations.engine.crisis


async def test_each_command_goes_where_it_belongs(world: World, engine: Engine):
    await world.new_caseworker(CW)
    await world.person(ANA)
    work = casework(world, engine)
    expected = {
        Command("links"): texts.NO_LINKS,
        Command("appointments"): texts.NO_APPOINTMENTS,
        Command("link"): texts.LINK_USAGE,
        Command("start", "c_"): texts.LINK_USAGE,
        Command("start", "cw_x"): texts.CW_INVITE_GONE,
        Command("clients"): texts.NO_CLIENTS,
        Command("reminders"): texts.NO_REMINDERS,
        Command("drop", "x"): texts.DROP_USAGE,
        Command("remind"): texts.REMIND_USAGE,
    }
    for what, text in expected.items():
        assert await work.handle(asked(CW, what)) == [Say(Someone(TELEGRAM, str(CW)), Reply(text))]
    assert await work.handle(asked(ANA, Command("clients"))) == [
        Say(Someone(TELEGRAM, str(ANA)), Reply(texts.NOT_A_CASEWORKER))
    ]


async def test_a_person_is_answered_in_their_language_and_a_stranger_in_their_apps(
    world: World, engine: Engine
):
    await world.person(ANA, "ru")
    work = casework(world, engine)
    ru, zh = engine.catalogs.translator("ru"), engine.catalogs.translator("zh_Hans")
    (known,) = await work.handle(asked(ANA, Command("links"), "en")) or []
    assert known.reply.text == ru.gettext(texts.NO_LINKS) != texts.NO_LINKS
    (stranger,) = await work.handle(asked(9999, Command("links"), "zh-hans")) or []
    assert stranger.reply.text == zh.gettext(texts.NO_LINKS)


async def test_the_replies_are_written_in_the_transaction_of_the_work(
    world: World, engine: Engine
):
    await world.new_caseworker(CW)
    written: list[list[Say]] = []

    async def write(conn: AsyncConnection, said: list[Say]) -> None:
        assert conn.in_transaction()
        assert (await conn.execute(select(func.count()).select_from(link_t))).scalar_one() == 1
        written.append(said)

    said = await casework(world, engine).handle(asked(CW, Command("newclient", "A.")), write)
    assert written == [said]


async def test_when_writing_the_replies_fails_the_work_is_not_kept_either(
    world: World, engine: Engine
):
    await world.new_caseworker(CW)

    async def write(conn: AsyncConnection, said: list[Say]) -> None:
        raise OSError("the disk is full")

    try:
        await casework(world, engine).handle(asked(CW, Command("newclient", "A.")), write)
    except OSError:
        pass
    else:
        raise AssertionError("the failure did not reach the caller")
    assert await count(world, link_t) == 0


async def test_what_was_written_before_a_refusal_is_kept(world: World, engine: Engine):
    await world.person(ANA)
    said = await casework(world, engine).handle(asked(ANA, Command("link", "not-a-code")))
    assert said == [Say(Someone(TELEGRAM, str(ANA)), Reply(texts.BAD_CODE))]
    assert await count(world, attempt_t) == 1  # a malformed code counts as a miss


async def test_a_reply_that_answers_no_question_of_ours_is_not_case_works(
    world: World, engine: Engine
):
    await world.person(ANA)
    written: list[list[Say]] = []

    async def write(conn: AsyncConnection, said: list[Say]) -> None:
        written.append(said)

    for chat in (ANA, 9999):  # someone known, and a stranger
        request = asked(chat, ReplyText("12 Oak Street", "Where do you live?"))
        assert await casework(world, engine).handle(request, write) is None
    assert written == []


def test_crisis_words_in_a_reply_go_to_the_conversation_first(world: World, engine: Engine):
    work = casework(world, engine)
    assert work.converse_first(asked(ANA, ReplyText("I want to end my life", "Why?")))
    assert not work.converse_first(asked(ANA, ReplyText("The bus was late", "Why?")))
    assert not work.converse_first(asked(ANA, Command("link", "I want to end my life")))
