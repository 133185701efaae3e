"""Work and training, scripted end to end: what to tell an employer, tied to the person's
own kept My record answer; a disclosure letter sent as files in their language and in
English, with nothing of it kept after; the Michigan path; and jobs and training found in
the bundled directory (the demo area and the national data)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from core.app import all_actions, build_engine
from core.conversations import Conversations
from core.storage.models import Conversation
from core.storage.store import Store
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows import work
from flows.engine import Engine
from flows.i18n import Catalogs
from flows.replies import Attachment
from tests.conftest import NOW, Chat, onboard
from tests.helpers.find_help import MANCHESTER

t = Catalogs().translator
conversation_t = Conversation.__table__  # type: ignore[attr-defined]
LETTER_KEYS = set(work.LETTER)
# In Arabic and Chinese, Latin letters may be only in a link, a file name or an official
# title in brackets.
LINK_OR_TITLE = re.compile(r"https?://\S+|\([^()]*(?:\([^()]*\)[^()]*)*\)|letter-[a-zA-Z-]+\.txt")


def person_in(engine: Engine, store: Store, code: str = "en") -> Chat:
    return Chat(Conversations(engine, store, clock=lambda: NOW), language_code=code)


@pytest.fixture
def person(engine: Engine, store: Store) -> Chat:
    return person_in(engine, store)


async def to_work(
    chat: Chat, code: str = "en", language: str = "English", region: str = ""
) -> None:
    words = t(code).gettext
    await onboard(chat, language=language, region=region or words("England or Wales"))
    await chat.tap(words("Work and training"))


def files(replies: list) -> dict[str, Attachment]:
    return {r.attachment.filename: r.attachment for r in replies if r.attachment is not None}


async def stored(store: Store) -> str:
    """Every conversation row as it is written to the database (one person per test),
    the history /back reads included."""
    async with store.engine.connect() as conn:
        rows = (await conn.execute(select(conversation_t.c.data))).scalars().all()
    return json.dumps(rows, ensure_ascii=False)


def answers(kept: str) -> dict:
    return dict(json.loads(kept)[0]["answers"])


async def test_the_menu_lists_work_and_its_parts(person: Chat):
    await to_work(person)
    assert person.labels == [
        "What to tell an employer",
        "Criminal record checks (DBS)",
        "A letter about my conviction",
        "Jobs for people with convictions",
        "Training and education",
        "Proving I can work",
        "ID and National Insurance number",
        "Back to the menu",
    ]
    await person.tap("Criminal record checks (DBS)")
    assert "Basic: any employer can ask for it." in person.text
    assert "SI 2023/1153" in person.text
    assert "Last reviewed: December 5, 2026" in person.text
    await person.tap("Proving I can work")
    assert "A National Insurance number alone does not prove the right to work." in person.text
    await person.tap("ID and National Insurance number")
    assert "General Register Office" in person.text
    assert "You can print a letter with it from your personal tax account." in person.text
    assert person.labels == ["ID help near me", "Back"]


async def test_a_letter_in_english_has_the_answers_and_nothing_of_it_is_kept(
    person: Chat, store: Store
):
    await to_work(person)
    await person.tap("A letter about my conviction")
    assert "I do not keep your answers once I have sent it." in person.text
    await person.tap("Start")
    await person.tap("Theft")
    await person.send("2019")
    await person.tap("Work or volunteering")
    await person.tap("I will write it myself")
    # While the letter is being made, /privacy shows the answers given for it.
    await person.send("/privacy")
    assert "Theft" in person.text
    assert "Work or volunteering" in person.text
    await person.tap("Keep it and go back")
    assert person.labels == ["Skip"]  # back at the question
    replies = await person.send("I would love to cook for your customers")
    (letter,) = files(replies).values()
    assert letter.filename == "letter-en.txt"
    assert letter.mime == "text/plain"
    assert letter.content.startswith("\ufeffDear [name of the employer],\r\n\r\n")
    for line in (
        "I was convicted of theft. That was in 2019.",
        "Since then, I have worked or volunteered.",
        "I would love to cook for your customers",
        "Yours sincerely,\r\n[Your name]",
    ):
        assert line in letter.content
    caption = next(r.text for r in replies if r.attachment is not None)
    assert caption.startswith("Your letter in English, for the employer.")
    assert "Here is your letter. I have not kept your answers." in person.text
    assert person.labels == ["Write another letter", "Back"]
    kept = await stored(store)
    assert "cook for your customers" not in kept
    assert "2019" not in kept
    assert not LETTER_KEYS & set(answers(kept))
    await person.send("/privacy")
    assert "Theft" not in person.text


async def test_questions_can_be_skipped_and_the_letter_still_reads(person: Chat):
    await to_work(person)
    await person.tap("A letter about my conviction")
    await person.tap("Start")
    await person.tap("I'd rather not say what it was")
    await person.tap("I'd rather not say")
    await person.tap("Skip")
    replies = await person.tap("Skip")
    (letter,) = files(replies).values()
    assert "I have a criminal conviction." in letter.content
    assert "That was in" not in letter.content
    assert "Since then" not in letter.content


@pytest.mark.parametrize(("code", "language"), [("ar", "العربية"), ("zh_Hans", "中文 (简体)")])
async def test_a_letter_in_their_language_and_in_english(
    engine: Engine, store: Store, code: str, language: str
):
    chat = person_in(engine, store, code)
    words = t(code).gettext
    await to_work(chat, code, language)
    await chat.tap(words("A letter about my conviction"))
    await chat.tap(words("Start"))
    await chat.tap(words("I will write it myself"))
    own = "سرقة من متجر" if code == "ar" else "在商店偷东西"
    await chat.send(own)
    await chat.send("2018")
    await chat.tap(words("Training or a course"))
    replies = await chat.tap(words("I am ready to work hard"))
    name = code.replace("_", "-")
    letters = files(replies)
    assert set(letters) == {f"letter-{name}.txt", "letter-en.txt"}
    theirs, english = letters[f"letter-{name}.txt"].content, letters["letter-en.txt"].content
    assert words(work.OPENING) in theirs
    assert words(work.SINCE["training"]) in theirs
    assert words(work.OWN_OFFENCE).format(words=own) in theirs
    assert "2018" in theirs
    assert words(work.WANT["reliable"]) in theirs
    assert "My conviction: " + own in english
    assert "That was in 2018." in english
    assert "Since then, I have done training or a course." in english
    assert "I am ready to work hard, and you can rely on me." in english
    captions = [r.text for r in replies if r.attachment is not None]
    assert words(work.CAPTION_WORDS) in captions[1]
    for reply in chat.replies:
        assert not re.search(r"[A-Za-z]{2,}", LINK_OR_TITLE.sub("", reply.text)), reply.text
    assert own not in await stored(store)


async def keep_my_record(chat: Chat, date: str, *answers: str) -> None:
    """My record for one conviction, the answer kept, then back to Work."""
    await chat.send("/menu")
    await chat.tap("My record")
    await chat.tap("Start")
    await chat.send(date)
    await chat.send("30")
    for answer in answers:
        await (chat.tap(answer) if answer[0].isalpha() else chat.send(answer))
    await chat.tap("No, show me the answer")
    await chat.tap("Keep them for me")
    await chat.send("/menu")
    await chat.tap("Work and training")


async def test_a_kept_spent_answer_means_most_employers_need_not_be_told(person: Chat):
    await to_work(person)
    await person.tap("What to tell an employer")
    assert "You have not kept an answer from My record" in person.text
    assert person.labels == ["The rules in full", "Work out my record", "Back"]
    await keep_my_record(person, "10/01/2024", "A fine")
    await person.tap("What to tell an employer")
    assert "You kept this answer from My record:" in person.text
    assert "1. A fine, January 10, 2024: spent since January 10, 2025." in person.text
    assert "Where your answer says spent: for most jobs you do not have to tell" in person.text
    assert "section 4(2) and (3)" in person.text
    assert "I cannot say" not in person.text
    await person.tap("The rules in full")
    assert "It is not a lawful reason to turn you down or to sack you." in person.text


async def test_an_undecided_answer_is_never_guessed(person: Chat):
    await to_work(person)
    await keep_my_record(
        person, "01/02/2024", "Prison or youth detention", "I don't know", "I don't know"
    )
    await person.tap("What to tell an employer")
    assert "I cannot work this out without:" in person.text
    assert "I cannot say whether you need to tell an employer about it." in person.text
    assert "you do not have to tell" not in person.text


async def test_an_answer_not_spent_yet_says_to_tell_when_asked(person: Chat):
    await to_work(person)
    await keep_my_record(person, "01/11/2026", "A fine")
    await person.tap("What to tell an employer")
    assert "it will be spent on November 1, 2027" in person.text
    assert "Where your answer says not spent yet, or never spent: tell an employer" in person.text


def test_a_kept_line_is_read_in_the_language_it_was_kept_in():
    arabic = t("ar")
    line = arabic.gettext("{number}. {what}, {date}: spent since {spent}.").format(
        number=1, what="x", date="y", spent="z"
    )
    assert work.line_kind(line, t("en")) == work.SPENT
    assert work.line_kind("something else entirely", t("en")) == work.UNDECIDED


async def test_michigan_what_to_tell_and_reasons_to_say_yes(person: Chat, store: Store):
    await to_work(person, region="Michigan, USA")
    assert person.labels[:2] == ["What to tell an employer", "Reasons an employer may say yes"]
    await person.tap("What to tell an employer")
    assert "They may not ask about a misdemeanor arrest" in person.text
    assert "MCL 37.2205a" in person.text
    await person.tap("Yes")
    assert "the law treats you as not convicted of it" in person.text
    assert "If you apply to work for the police, they can see it." in person.text
    assert "set_aside_now" not in answers(await stored(store))
    await person.tap("Back")
    await person.tap("What to tell an employer")
    await person.tap("I don't know")
    assert "I cannot say whether it has been set aside." in person.text
    await person.tap("Reasons an employer may say yes")
    await person.tap("The Federal Bonding Program")
    assert "for the first 6 months" in person.text
    assert "dol.gov" in person.text
    await person.tap("A tax credit for the employer")
    assert "31 December 2025. I cannot tell whether it has been renewed since." in person.text
    assert "irs.gov" in person.text
    await person.tap("Fair-chance hiring")
    assert "within 30 days" in person.text


@pytest.fixture
async def over_bundled_directory(store: Store) -> Engine:
    """The real flows over the directory a new install loads: national and demo data."""
    await seed_directory(store.engine)
    return build_engine(actions=all_actions(DatabaseDirectory(store.engine)))


async def test_jobs_and_training_are_found_in_the_directory(
    over_bundled_directory: Engine, store: Store
):
    chat = person_in(over_bundled_directory, store)
    await to_work(chat)
    await chat.tap("Jobs for people with convictions")
    await chat.send(MANCHESTER)
    assert "Here is what I found for jobs for people with convictions near" in chat.text
    assert "Kitchen and Café Jobs (demo)" in chat.text
    assert "Fair Employers Introductions (demo)" in chat.text
    assert "Maths and English for Adults (demo)" not in chat.text
    await chat.tap("Done")
    await chat.tap("Training and education")
    if "Where should I look?" in chat.text:  # the place is asked again for a new search
        await chat.send(MANCHESTER)
    assert "Maths and English for Adults (demo)" in chat.text
    assert "Building Site Skills Course (demo)" in chat.text
    assert "National Careers Service" in chat.text + " ".join(chat.labels)


async def test_in_michigan_the_bonding_program_is_found_by_phone_and_online(
    over_bundled_directory: Engine, store: Store
):
    chat = person_in(over_bundled_directory, store)
    await to_work(chat, region="Michigan, USA")
    await chat.tap("Jobs for people with convictions")
    await chat.tap("Anywhere: phone and online help")
    assert "Federal Bonding Program" in chat.text


async def test_a_letter_left_half_written_is_not_kept_on_the_next_visit(
    person: Chat, store: Store
):
    await to_work(person)
    await person.tap("A letter about my conviction")
    await person.tap("Start")
    await person.tap("I will write it myself")
    await person.send("A fight outside a pub")
    await person.send("/menu")
    await person.tap("Work and training")
    assert "A fight outside a pub" not in await stored(store)
