"""When the person can go (issue 14 item 2): a person in Manchester at 17:00 on a Friday
finds a food bank open tomorrow and a bed open tonight, in the demo directory, with each
place's hours said in their language and zone; another day; hours not known."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.app import all_actions, build_engine
from core.storage.store import Store
from directory.reader import DatabaseDirectory
from directory.seed import seed_directory
from flows.engine import Engine
from flows.i18n import Catalogs
from tests.conftest import Chat, onboard
from tests.helpers.find_help import MANCHESTER, chat_in

LONDON = ZoneInfo("Europe/London")
FRIDAY_5PM = dt.datetime(2026, 11, 27, 17, 0, tzinfo=LONDON)
t = Catalogs().translator


@pytest.fixture
async def over_demo(store: Store) -> Engine:
    """The real flows over the demo directory, as a new install has it."""
    await seed_directory(store.engine)
    return build_engine(actions=all_actions(DatabaseDirectory(store.engine)))


async def share_place_if_asked(chat: Chat) -> None:
    """A place shared once may be kept for the next search; if asked, share it."""
    if any(reply.request_location for reply in chat.replies):
        await chat.send(MANCHESTER)


def listed(chat: Chat) -> list[str]:
    return [label for label in chat.labels if label[:1].isdigit()]


def card(chat: Chat, name: str) -> str:
    """The lines the list shows for the place called `name`."""
    return next(reply.text for reply in chat.replies if name in reply.text).split(name, 1)[1]


async def test_friday_5pm_in_manchester_food_tomorrow_and_a_bed_tonight(
    over_demo: Engine, store: Store
):
    chat = chat_in(over_demo, store, now=FRIDAY_5PM)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Food")
    assert "When do you need it?" in chat.text
    assert chat.labels == ["Now", "Tonight", "Tomorrow", "Another day", "Any time"]
    await chat.tap("Tomorrow")
    await share_place_if_asked(chat)
    assert "Showing places open tomorrow." in chat.text
    assert "1. Food Bank, Cheetham Hill (demo)" in listed(chat)
    assert "Opens tomorrow at 10:00\u202fAM" in card(chat, "Food Bank, Cheetham Hill (demo)")
    # Open tonight but not tomorrow; a first Saturday's market, and this is the fourth.
    assert "Friday Social and Meal" not in chat.text
    assert "Monthly Food Market" not in chat.text
    await chat.tap("Done")

    await chat.tap("Find help near me")
    await chat.tap("Somewhere to sleep tonight")  # says when itself: no question
    assert "When do you need it?" not in chat.text
    await share_place_if_asked(chat)
    assert "Showing places open tonight, until 6:00\u202fAM." in chat.text
    assert "Men's Night Shelter (demo)" in chat.text
    assert "Opens today at 8:00\u202fPM" in card(chat, "Men's Night Shelter (demo)")
    # The day services closed at 17:00 and do not open before morning.
    assert "Same-Day Housing Desk" not in chat.text
    assert "First Day Drop-in" not in chat.text


async def test_the_same_evening_in_arabic(over_demo: Engine, store: Store):
    ar = t("ar").gettext
    chat = chat_in(over_demo, store, "ar", now=FRIDAY_5PM)
    await onboard(chat, language="العربية", region=ar("England or Wales"))
    await chat.tap(ar("Find help near me"))
    await chat.tap(ar("Food"))
    assert "متى يلزمك ذلك؟" in chat.text
    await chat.tap(ar("Tomorrow"))
    await share_place_if_asked(chat)
    assert "أعرض الأماكن المفتوحة غدًا." in chat.text
    food_bank = "بنك الطعام، تشيتهام هيل (تجريبي)"
    assert f"1. {food_bank}" in listed(chat)
    # Babel's Arabic time, kept whole in right-to-left text.
    assert "يفتح غدًا الساعة \u206810:00 ص\u2069" in card(chat, food_bank)
    await chat.tap(ar("Done"))
    await chat.tap(ar("Find help near me"))
    await chat.tap(ar("Somewhere to sleep tonight"))
    await share_place_if_asked(chat)
    assert "أعرض الأماكن المفتوحة الليلة، حتى \u20686:00 ص\u2069." in chat.text
    assert "يفتح اليوم الساعة \u20688:00 م\u2069" in card(chat, "مأوى ليلي للرجال (تجريبي)")


async def test_another_day_is_chosen_by_its_name(over_demo: Engine, store: Store):
    chat = chat_in(over_demo, store, now=FRIDAY_5PM)
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("ID and documents")
    await chat.tap("Another day")
    assert "Which day?" in chat.text
    assert chat.labels[:7] == [
        "Today",
        "Tomorrow",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
    ]
    await chat.tap("Tuesday")
    await share_place_if_asked(chat)
    assert "Showing places open on Tuesday." in chat.text
    # Open Tuesdays and Thursdays from 10:00.
    assert "Opens Tuesday at 10:00\u202fAM" in card(chat, "ID Document Clinic (demo)")
    assert "Bank Account Help" not in chat.text  # Wednesdays only


async def test_right_now_and_any_time(over_demo: Engine, store: Store):
    chat = chat_in(over_demo, store, now=FRIDAY_5PM.replace(hour=12))
    await onboard(chat)
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Now")
    await share_place_if_asked(chat)
    assert "Showing places open now." in chat.text
    assert "Open now, until 2:00\u202fPM" in card(chat, "Food Bank, Cheetham Hill (demo)")
    assert "Friday Social and Meal" not in chat.text  # from 18:00
    await chat.tap("Done")
    await chat.tap("Find help near me")
    await chat.tap("Food")
    await chat.tap("Any time")
    await share_place_if_asked(chat)
    assert "Showing places" not in chat.text
    assert "Opens today at 6:00\u202fPM" in card(chat, "Friday Social and Meal (demo)")


async def test_hours_not_known_are_said_and_never_claimed_open(
    engine_over_directory: Engine, store: Store
):
    chat = chat_in(engine_over_directory, store, now=FRIDAY_5PM)
    await onboard(chat, region="Michigan, USA")
    await chat.tap("Find help near me")
    await chat.tap("Mental health")
    await chat.tap("Now")
    if any(reply.request_location for reply in chat.replies):
        await chat.tap("Anywhere: phone and online help")
    assert listed(chat) == ["1. US talk line"]
    assert "By phone or online · Hours not known — call first" in chat.text
