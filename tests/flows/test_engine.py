"""The engine's units, driven through the real edge with a test flow added to the real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.app import all_actions
from core.conversations import Conversations
from core.storage.store import Store
from flows import engine as texts
from flows.crisis import CrisisDetector
from flows.engine import Engine
from flows.events import Command, Location, Press, Text, Unsupported
from flows.i18n import Catalogs
from flows.machine import CONTENT_DIR, load_flows
from tests.conftest import NOW, Chat, onboard

EXTRA = Path(__file__).parent / "content_extra"
CHANGE = "🌐 Change language"
NOTICE = ["Yes, that's OK", "No, delete what I said", CHANGE]


@pytest.fixture(scope="module")
def quiz_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    content = tmp_path_factory.mktemp("content")
    for file in [*CONTENT_DIR.glob("*.yaml"), *EXTRA.glob("*.yaml")]:
        shutil.copy(file, content)
    return Engine(load_flows(content), Catalogs(), all_actions(), CrisisDetector.load())


@pytest.fixture
def quiz_chat(quiz_engine: Engine, store: Store) -> Chat:
    return Chat(Conversations(quiz_engine, store, clock=lambda: NOW))


async def start_quiz(chat: Chat) -> None:
    await onboard(chat)
    await chat.tap("Quiz")


async def test_a_stranger_is_welcomed_in_their_telegram_language(chat: Chat, engine: Engine):
    chat.language_code = "zh-hans"
    await chat.send("hello")
    zh = engine.catalogs.translator("zh_Hans").gettext
    welcome = engine.flows.specs["onboarding"].nodes["welcome"].text  # type: ignore[union-attr]
    assert chat.replies[0].text == zh(welcome)
    assert chat.labels == [zh("Yes, that's OK"), zh("No, delete what I said"), zh(CHANGE)]


async def test_onboarding_ends_at_a_menu_of_the_topics_that_exist(quiz_chat: Chat):
    await onboard(quiz_chat)
    assert quiz_chat.replies[-1].menu
    assert quiz_chat.labels == [
        "Urgent help now",
        "Somewhere to sleep tonight",
        "Find help near me",
        "Housing",
        "Family and friends",
        "Money and benefits",
        "Work and training",
        "My record",
        "My supervision",
        "Quiz",
        "Dates",
        "My data and privacy",
        "Settings",
    ]


async def test_a_number_that_does_not_fit_is_asked_again_with_an_example(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    await quiz_chat.send("two hundred")
    assert quiz_chat.replies[0].text == "Please type a number from 16 to 120, for example 34."
    assert quiz_chat.replies[1].text == "How old are you?"
    await quiz_chat.send("200")
    assert "from 16 to 120" in quiz_chat.replies[0].text
    await quiz_chat.send("34")
    assert quiz_chat.text == "When did you leave?"


async def test_every_question_type_and_a_condition(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    await quiz_chat.send("34")
    await quiz_chat.send("yesterday")
    assert quiz_chat.replies[0].text == "Please type a date like this: 14/03/2026."
    await quiz_chat.send("01/11/2026")
    await quiz_chat.send("maybe")
    assert quiz_chat.replies[0].text == (
        'Please tap Yes or No.\nIn danger? Type /menu and tap "Urgent help now".'
    )
    await quiz_chat.tap("Yes")
    assert quiz_chat.replies[0].text == "Glad to hear it."
    assert quiz_chat.replies[1].request_location
    await quiz_chat.send("here")
    assert quiz_chat.replies[0].text.startswith(
        "Please tap the button below to share your location.\n"
    )
    await quiz_chat.send(Location(51.5, -0.12))
    await quiz_chat.send("x" * 21)
    assert quiz_chat.replies[0].text == "Please type a short answer, up to 20 letters."
    await quiz_chat.tap("Skip")
    await quiz_chat.tap("Français")
    assert quiz_chat.replies[-1].text == "All done in Français. You are 34."
    await quiz_chat.tap_index(0)
    assert quiz_chat.replies[-1].menu


async def test_a_date_still_to_come_or_before_its_start_is_asked_again(quiz_chat: Chat):
    await onboard(quiz_chat)
    await quiz_chat.tap("Dates")
    await quiz_chat.send("01/12/2026")
    assert quiz_chat.replies[0].text == (
        "That date is still to come. Please type a date up to today, November 22, 2026."
    )
    await quiz_chat.send("01/06/2026")
    await quiz_chat.send("31/05/2026")
    assert quiz_chat.replies[0].text == (
        "That is before June 1, 2026. Please type a date on or after it."
    )
    await quiz_chat.send("01/06/2026")
    assert quiz_chat.replies[0].text == "Thank you."


async def test_no_skips_the_conditional_step(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    for answer in ("34", "2026-11-01", "no"):
        await quiz_chat.send(answer)
    assert quiz_chat.text == "Where are you?"


async def test_back_undoes_the_last_answer(quiz_chat: Chat, store: Store):
    await start_quiz(quiz_chat)
    await quiz_chat.send("34")
    loaded = await store.load(quiz_chat.someone, "en")
    assert loaded.conversation.answers["age"] == 34
    await quiz_chat.send("/back")
    assert quiz_chat.replies[0].text == texts.WENT_BACK
    assert quiz_chat.replies[1].text == "How old are you?"
    loaded = await store.load(quiz_chat.someone, "en")
    assert "age" not in loaded.conversation.answers


async def test_back_with_nothing_behind_says_so(chat: Chat):
    await chat.send("hi")
    await chat.send("/back")
    assert texts.NOTHING_BEHIND in chat.text


async def test_crisis_words_show_urgent_help_then_return(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    await quiz_chat.send("34")
    await quiz_chat.send("I took too many pills")
    assert "999" in quiz_chat.replies[0].text
    assert "NHS 111" in quiz_chat.replies[0].text.split("\n\n")[1]  # overdose: 111 first
    await quiz_chat.tap("Go back")
    assert quiz_chat.text == "When did you leave?"


async def test_crisis_words_on_the_first_message_come_before_onboarding(chat: Chat):
    await chat.send("I want to end my life")
    assert "911" in chat.text
    assert "999" in chat.text
    await chat.tap("Go back")
    assert chat.labels == NOTICE


async def test_old_and_forged_buttons_get_a_kind_word_and_the_current_step(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    for data in ("0:0", "99999:1", "nonsense", "", ":", "1:-1", "x" * 500):
        await quiz_chat.send(Press(data))
        assert quiz_chat.replies[0].text == texts.OLD_BUTTON
        assert quiz_chat.replies[1].text == "How old are you?"


async def test_a_button_of_this_step_with_odd_digits_gets_a_kind_word(chat: Chat):
    """'²' passes str.isdigit() and int() refuses it; '٣' and '３' int() takes."""
    await onboard(chat)  # at the main menu, a step with buttons
    state = chat.buttons[0].data.partition(":")[0]
    for choice in ("²", "٣", "３", "1²", "9" * 60, " 1", "+1"):
        await chat.send(Press(f"{state}:{choice}"))
        assert chat.replies[0].text == texts.OLD_BUTTON
        assert chat.buttons  # and the menu again


async def test_stickers_and_photos_get_what_the_bot_can_read(chat: Chat):
    await chat.send("hi")
    await chat.send(Unsupported("sticker"))
    assert chat.replies[0].text == texts.UNSUPPORTED
    assert chat.labels == NOTICE


async def test_a_location_where_none_is_needed(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    await quiz_chat.send(Location(1.0, 2.0))
    assert quiz_chat.replies[0].text == texts.NO_LOCATION_HERE
    assert quiz_chat.replies[-1].text == "How old are you?"


async def test_language_from_anywhere_returns_to_the_same_step(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    await quiz_chat.send("/language")
    await quiz_chat.tap("Español")
    spanish = (
        Catalogs().translator("es").gettext("OK. From now on I will write in {language_name}.")
    )
    assert quiz_chat.replies[0].text == spanish.format(language_name="Español")
    assert quiz_chat.replies[1].text == "How old are you?"


async def test_menu_cancel_help_start_and_unknown_commands(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    await quiz_chat.send("/help")
    assert quiz_chat.replies[0].text == texts.HELP
    await quiz_chat.send("/cancel")
    assert quiz_chat.replies[0].text == texts.STOPPED
    assert quiz_chat.replies[1].menu
    await quiz_chat.send("/frobnicate")
    assert quiz_chat.replies[0].text == texts.UNKNOWN_COMMAND
    await quiz_chat.send("/start")
    assert quiz_chat.replies[0].text == texts.WELCOME_BACK
    await quiz_chat.send(Command("menu"))
    assert quiz_chat.replies[-1].menu


async def test_the_menu_waits_for_setup_to_finish(chat: Chat):
    await chat.send("hello")
    await chat.send("/menu")
    assert chat.replies[0].text == texts.FINISH_SETUP


async def test_typed_button_words_and_numbers_work_like_taps(quiz_chat: Chat):
    await quiz_chat.send("/start")
    await quiz_chat.send("yes, that's ok")
    assert "Where do you live, or where will you live?" in quiz_chat.text
    await quiz_chat.send("1")
    assert quiz_chat.replies[-1].menu


async def test_declining_the_privacy_notice_deletes_everything(chat: Chat, store: Store):
    chat.language_code = "pt-br"  # a language Onward does not speak: it asks
    await chat.send("/start")
    await chat.tap("English")
    await chat.tap("No, delete what I said")
    assert "deleted" in chat.text
    assert (await store.load(chat.someone, "en")).person_id is None


async def test_a_saved_state_from_an_older_version_of_a_flow_starts_afresh(
    quiz_chat: Chat, store: Store, quiz_engine: Engine
):
    await onboard(quiz_chat)
    loaded = await store.load(quiz_chat.someone, "en")
    loaded.conversation.state = "retired_flow.gone"
    await store.save(quiz_chat.someone, loaded, loaded.conversation, [], now=NOW)
    await quiz_chat.send("hello")
    assert quiz_chat.replies[-1].menu


async def test_the_shared_machine_keeps_no_models_between_turns(
    quiz_chat: Chat, quiz_engine: Engine
):
    await start_quiz(quiz_chat)
    await quiz_chat.send(Text("34"))
    assert quiz_engine.flows.machine.models == []


async def test_more_crisis_words_during_urgent_help_need_one_tap_to_return(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    for words in ("I want to die", "I want to die", "he hits me"):
        await quiz_chat.send(words)
        assert "999" in quiz_chat.replies[0].text
    await quiz_chat.tap("Go back")
    assert quiz_chat.text == "How old are you?"


async def test_commands_repeated_inside_their_own_flow_do_not_pile_up(quiz_chat: Chat):
    await start_quiz(quiz_chat)
    for _ in range(30):
        await quiz_chat.send("/privacy")
    await quiz_chat.tap("Keep it and go back")
    assert quiz_chat.text == "How old are you?"


@pytest.mark.parametrize(
    "where", [(float("nan"), 0.0), (0.0, float("inf")), (91.0, 0.0), (0.0, -181.0)]
)
async def test_an_impossible_location_is_asked_for_again(quiz_chat: Chat, where):
    await start_quiz(quiz_chat)
    for answer in ("34", "2026-11-01", "no"):
        await quiz_chat.send(answer)
    await quiz_chat.send(Location(*where))
    assert quiz_chat.replies[0].text.startswith(
        "Please tap the button below to share your location.\n"
    )
    await quiz_chat.send(Location(51.5, -0.12))
    assert quiz_chat.text == "What shall I call you?"


def test_a_conversation_survives_saving_with_steps_that_changed_answers_and_steps_that_did_not():
    from flows.conversation import Conversation, Frame

    conversation = Conversation(state="quiz.age", answers={"language": "en"})
    conversation.remember()  # answers as now: stored as "the same"
    conversation.answers = {**conversation.answers, "age": 34}
    conversation.state = "quiz.released"
    conversation.remember()
    conversation.stack.append(Frame("menu.main", "show"))
    conversation.answers = {**conversation.answers, "released_on": "2026-11-01"}
    again = Conversation.load(conversation.dump())
    assert again == conversation
    assert [s.answers for s in again.history] == [
        {"language": "en"},
        {"language": "en", "age": 34},
    ]
