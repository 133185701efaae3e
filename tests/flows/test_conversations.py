"""A scripted conversation through every flow, in several languages, over real storage."""

from __future__ import annotations

import pytest

from core.storage.store import Store
from flows.engine import Engine
from flows.i18n import SHIPPED_LOCALES, language_name
from tests.conftest import Chat

TELEGRAM_CODES = {
    "en": "en-GB",
    "ar": "ar",
    "zh_Hans": "zh-hans",
    "fr": "fr",
    "ru": "ru",
    "es": "es",
}


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
async def test_every_flow_in_the_persons_language(
    locale: str, chat: Chat, engine: Engine, store: Store
):
    t = engine.catalogs.translator(locale)
    tr = t.gettext
    chat.language_code = TELEGRAM_CODES[locale]

    def said(*messages: str) -> None:
        assert [r.text for r in chat.replies] == [tr(m) for m in messages]

    # Onboarding: in the app's language, what is kept and consent, then where they live.
    await chat.send("hi")
    onboarding = engine.flows.specs["onboarding"].nodes
    said(onboarding["welcome"].text)  # type: ignore[union-attr]
    await chat.tap(tr("Yes, that's OK"))
    said(engine.flows.specs["region"].nodes["pick"].text)  # type: ignore[union-attr]
    await chat.tap(tr("Michigan, USA"))
    assert chat.replies[-1].menu
    assert chat.replies[-1].text == tr("What would you like help with?")
    assert chat.labels == [
        tr(label)
        for label in (
            "Urgent help now",
            "Somewhere to sleep tonight",
            "Find help near me",
            "Housing",
            "Family and friends",
            "Money and benefits",
            "Work and training",
            "My record",
            "My supervision",
            "My data and privacy",
            "Settings",
        )
    ]

    # Urgent help: the US numbers, in the person's language, then back to the menu.
    await chat.tap(tr("Urgent help now"))
    numbers = chat.replies[0].text
    assert tr("In danger right now? Call {number}.").format(number=t.phone("911")) in numbers
    assert tr("Call {number}").format(number=t.phone("988")) in numbers
    assert "999" not in numbers
    await chat.tap(tr("Go back"))
    assert chat.replies[-1].menu

    # Settings: region and language.
    await chat.tap(tr("Settings"))
    said("What would you like to change?")
    await chat.tap(tr("Where I live"))
    await chat.tap(tr("England or Wales"))
    said("Saved. I will show help for where you live.", "What would you like to change?")
    await chat.tap(tr("Language"))
    await chat.tap(language_name(locale))
    await chat.tap(tr("Back to the menu"))
    assert chat.replies[-1].menu

    # Privacy: everything stored, in plain words.
    await chat.tap(tr("My data and privacy"))
    summary = chat.replies[0].text
    assert f"{tr('Where you live')}: {tr('England or Wales')}" in summary
    assert f"{tr('Language')}: {language_name(locale)}" in summary
    await chat.tap(tr("Keep it and go back"))
    assert chat.replies[-1].menu

    # Forget: a confirming tap first; "no" keeps everything.
    await chat.send("/forget")
    await chat.tap(tr("No, keep it"))
    assert chat.replies[0].text == tr("OK. I have not deleted anything.")
    assert (await store.load(chat.someone, locale)).person_id is not None
    await chat.send("/forget")
    await chat.tap(tr("Yes, delete everything"))
    said(
        "Done. I have deleted everything I knew about you.\nType /start if you want to begin again."
    )
    assert (await store.load(chat.someone, locale)).person_id is None


async def test_arabic_keeps_phone_numbers_and_dates_left_to_right(chat: Chat, engine: Engine):
    chat.language_code = "ar"
    await chat.send("hi")
    await chat.send("I want to kill myself")
    text = chat.text
    # Each number sits inside a left-to-right isolate, so "116 123" does not read "123 116".
    assert "\u2066116 123\u2069" in text
    assert "\u2066999\u2069" in text
