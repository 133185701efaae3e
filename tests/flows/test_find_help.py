"""Find help, Housing and Family and friends, scripted end to end: the real flows, the
real directory on SQLite, locations shared and places typed, in several languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from core.app import all_actions, build_engine
from core.storage.models import ServiceReport
from core.storage.store import Store
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows.engine import Engine
from flows.events import Location, Press
from flows.i18n import Catalogs
from tests.conftest import Chat, onboard
from tests.helpers import sample_directory as sample
from tests.helpers.find_help import MANCHESTER, chat_in

report_t = ServiceReport.__table__  # type: ignore[attr-defined]
t = Catalogs().translator


async def beds_near_manchester(chat: Chat) -> None:
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Somewhere to sleep tonight")
    await chat.send(MANCHESTER)


async def test_find_a_bed_tonight_with_a_shared_location(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Somewhere to sleep tonight")
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    # Sunday noon: a bed tonight is a place open before 06:00 tomorrow, nearest first:
    # the shelter that opens tonight, then the hostel open round the clock. The day
    # centre, nearer still but open again only on Monday at 09:00, is not listed.
    assert chat.labels[:3] == ["1. Night shelter", "2. Far hostel", "Another place"]
    assert "3 km away · Opens today at 8:00\u202fPM" in chat.text
    assert "8 km away · Open now, day and night" in chat.text
    assert "Last checked June 1, 2026" in chat.text
    await chat.tap("1. Night shelter")
    assert "Beds for the night" in chat.text
    assert "Map: https://www.openstreetmap.org/?mlat=53.50788&mlon=-2.23740" in chat.text
    assert "☎ 0161 496 0" in chat.text
    assert "Languages spoken: Arabic and English" in chat.text


async def test_a_typed_town_or_postcode_is_found_and_an_unknown_one_asked_again(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Somewhere to sleep tonight")
    await chat.send("Qwertyville")
    assert "Sorry, I don't know that place" in chat.text
    await chat.tap("Try again")
    await chat.send("M1 1AE")
    assert "near M1" in chat.text
    assert "1. Night shelter" in chat.labels


async def test_anywhere_shows_the_helplines_that_serve_the_person(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Mental health")
    await chat.tap("Any time")
    await chat.tap("Anywhere: phone and online help")
    assert chat.labels[0] == "1. Talk line"
    assert "US talk line" not in chat.text
    assert "By phone or online · Open now, day and night" in chat.text


async def test_report_a_problem_is_stored_for_the_maintainers_and_forgotten_with_the_person(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Any time")
    await chat.send(MANCHESTER)
    await chat.tap("1. Day centre")
    await chat.tap("Report a problem with this")
    await chat.tap("Something else")
    await chat.send("They only open on Tuesdays now")
    assert "Thank you" in chat.text
    async with store.engine.connect() as conn:
        rows = (await conn.execute(select(report_t))).mappings().all()
    assert [(r["service_id"], r["problem"], r["note"]) for r in rows] == [
        (sample.uid("day-centre"), "other", "They only open on Tuesdays now")
    ]
    conversation = await store.load(chat.someone, "en")
    assert "problem_note" not in conversation.conversation.answers
    await chat.send("/forget")
    await chat.tap("Yes, delete everything")
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(report_t))).all() == []


async def test_more_pages_and_back_to_the_same_page(store: Store):
    await seed_directory(store.engine)
    chat = chat_in(build_engine(actions=all_actions(DatabaseDirectory(store.engine))), store)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Mental health")
    await chat.tap("Any time")
    await chat.send(MANCHESTER)
    first = chat.labels[:4]
    assert all("(demo)" in label for label in first)
    assert "DEMO: an example, not a real service" in chat.text
    await chat.tap("Show more")
    second = [label for label in chat.labels if label[:1].isdigit()]
    assert second[0].startswith("5. ")
    assert not set(second) & set(first)
    await chat.tap(second[0])
    await chat.tap("Back to the list")
    assert [label for label in chat.labels if label[:1].isdigit()] == second
    for _ in range(3):  # the list, the item tapped, "more"
        await chat.send("/back")
    assert chat.labels[:4] == first


async def test_only_places_that_speak_my_language(engine_over_directory: Engine, store: Store):
    chat = chat_in(engine_over_directory, store, "ar")
    await onboard(chat, language="العربية", region=t("ar").gettext("England or Wales"))
    await chat.tap(t("ar").gettext("Find help near me"))
    await chat.tap(t("ar").gettext("Somewhere to sleep tonight"))
    await chat.send(MANCHESTER)
    assert len([label for label in chat.labels if label[:1].isdigit()]) == 2
    await chat.tap(t("ar").gettext("Only where they speak my language"))
    assert [label for label in chat.labels if label[:1].isdigit()] == ["1. ملجأ ليلي"]
    assert "ملجأ ليلي" in chat.text


Tap = Callable[[str], str]


@pytest.mark.parametrize(
    ("code", "language", "name", "words"),
    [
        ("ar", "العربية", "ملجأ ليلي", "أسرّة للنوم"),
        ("es", "Español", "Albergue nocturno", "Camas para la noche"),
        ("zh_Hans", "中文 (简体)", "夜间庇护所", "提供过夜床位"),
    ],
)
async def test_results_and_details_in_the_person_language(
    engine_over_directory: Engine, store: Store, code: str, language: str, name: str, words: str
):
    words_of = t(code).gettext
    chat = chat_in(engine_over_directory, store, code)
    await onboard(chat, language=language, region=t(code).gettext("England or Wales"))
    await chat.tap(words_of("Find help near me"))
    await chat.tap(words_of("Somewhere to sleep tonight"))
    await chat.send(MANCHESTER)
    heading = words_of("Here is what I found for {what} near {where}:")
    expected = heading.format(what=words_of("somewhere to sleep tonight"), where=words_of("you"))
    assert expected in chat.text
    assert words_of("Open now, day and night") in chat.text
    assert f"1. {name}" in chat.labels
    await chat.tap(f"1. {name}")
    assert words in chat.text
    assert words_of("Languages spoken: {languages}").split("{")[0] in chat.text
    await chat.tap(words_of("Done"))
    assert words_of("What would you like help with?") in chat.text


async def test_search_with_my_own_words(engine_over_directory: Engine, store: Store):
    chat = chat_in(engine_over_directory, store, "es")
    await onboard(chat, language="Español", region=t("es").gettext("England or Wales"))
    words_of = t("es").gettext
    await chat.tap(words_of("Find help near me"))
    await chat.tap(words_of("Search with my own words"))
    await chat.send("duchas")
    await chat.tap(words_of("Any time"))
    await chat.send(MANCHESTER)
    assert [label for label in chat.labels if label[:1].isdigit()] == ["1. Centro de día"]


async def test_housing_tonight_shows_numbers_and_places_first_then_rights_with_source(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat)
    await chat.tap("Housing")
    await chat.tap("I have nowhere safe tonight")
    assert "Samaritans" in chat.text
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    assert chat.labels[0] == "1. Night shelter"
    await chat.tap("Done")
    assert "the council must find you somewhere" in chat.text
    assert "• UK law, the official text (England: Housing Act 1996, s.188(1)" in chat.text
    assert "Last reviewed: November 22, 2026" in chat.text
    await chat.tap("What are my options for the longer term?")
    assert "housing list (housing register)" in chat.text


async def test_housing_rights_follow_where_the_person_lives(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await onboard(chat, region="Scotland")
    await chat.tap("Housing")
    await chat.tap("I have a place, but may lose it soon")
    assert "in the next 2 months" in chat.text
    assert "Housing (Scotland) Act 1987" in chat.text


async def test_family_and_friends_in_arabic(engine_over_directory: Engine, store: Store):
    words_of = t("ar").gettext
    chat = chat_in(engine_over_directory, store, "ar")
    await onboard(chat, language="العربية", region=words_of("Michigan, USA"))
    await chat.tap(words_of("Family and friends"))
    await chat.tap(words_of("Visits"))
    assert "CAJ-103" in chat.text
    assert words_of("Source: {source}").split("{")[0] in chat.text
    assert (
        words_of("Supporting someone in prison or coming home is a lot. What would help?")
        in chat.text
    )


async def test_buttons_of_an_older_page_or_search_open_nothing_by_mistake(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await beds_near_manchester(chat)
    old_first = chat.buttons[0]
    forged = old_first.data.rsplit(":", 1)[0] + ":0000"
    await chat.send(Press(forged))
    assert "That button is from an earlier message" in chat.text
    await chat.tap("Another place")
    await chat.send(Location(42.3314, -83.0458))  # a new search, from Detroit
    assert "1. Far hostel" not in chat.labels
    await chat.send(Press(old_first.data))
    assert "That button is from an earlier message" in chat.text
    assert "Beds for the night" not in chat.text


async def test_typed_numbers_pick_what_the_buttons_show(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store)
    await beds_near_manchester(chat)
    await chat.send("1")
    assert "Beds for the night" in chat.text
