"""The first meeting, as short as it can be without losing consent: the language the
person's app reports, when Onward speaks it, is used without asking ("Change language"
instead); otherwise the language is asked first. Then what is kept, agreed to, and where
the person lives."""

from __future__ import annotations

import pytest

from core.storage.store import Store
from flows.engine import Engine
from flows.i18n import SHIPPED_LOCALES, Catalogs, language_name
from flows.welcome import app_locale
from tests.conftest import Chat
from tests.helpers.find_help import MANCHESTER, chat_in

t = Catalogs().translator
CHANGE = "🌐 Change language"
ASK = "Which language would you like me to use?"


@pytest.mark.parametrize(
    ("code", "locale"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("ar", "ar"),
        ("ar-EG", "ar"),
        ("zh-hans", "zh_Hans"),
        ("zh-cn", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("fr", "fr"),
        ("fr-CA", "fr"),
        ("ru", "ru"),
        ("es", "es"),
        ("es-419", "es"),
        ("pt-br", None),
        ("zh-hant", None),  # Traditional Chinese: Onward writes Simplified only
        ("zh-TW", None),
        ("de", None),
        ("", None),
        (None, None),
    ],
)
def test_the_apps_language_is_one_onward_speaks_or_none(code: str | None, locale: str | None):
    assert app_locale(code) == locale


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
async def test_a_language_onward_speaks_is_used_without_asking(
    chat: Chat, engine: Engine, locale: str
):
    tr = t(locale).gettext
    chat.language_code = {"zh_Hans": "zh-cn"}.get(locale, locale)
    await chat.send("/start")
    onboarding = engine.flows.specs["onboarding"].nodes
    welcome = onboarding["welcome"].text  # type: ignore[union-attr]
    assert [reply.text for reply in chat.replies] == [tr(welcome)]
    assert chat.labels == [tr("Yes, that's OK"), tr("No, delete what I said"), tr(CHANGE)]
    assert tr(ASK) not in chat.text


@pytest.mark.parametrize("code", ["pt-br", "zh-hant", "de", None])
async def test_another_language_is_asked_first(chat: Chat, code: str | None):
    chat.language_code = code
    await chat.send("/start")
    assert chat.text == ASK
    assert chat.labels == [language_name(locale) for locale in SHIPPED_LOCALES]
    await chat.tap("Español")
    es = t("es").gettext
    assert chat.replies[0].text == es("OK. From now on I will write in {language_name}.").format(
        language_name="Español"
    )
    assert es("Yes, that's OK") in chat.labels


async def test_change_language_then_agree_and_the_choice_is_kept(chat: Chat):
    chat.language_code = "ar"
    ar, fr = t("ar").gettext, t("fr").gettext
    await chat.send("/start")
    await chat.tap(ar(CHANGE))
    assert chat.labels == [language_name(locale) for locale in SHIPPED_LOCALES]
    await chat.tap("Français")
    assert chat.replies[0].text == fr("OK. From now on I will write in {language_name}.").format(
        language_name="Français"
    )
    assert chat.labels == [fr("Yes, that's OK"), fr("No, delete what I said"), fr(CHANGE)]
    await chat.send("/start")  # the app still says Arabic: the person's choice stands
    assert fr("Yes, that's OK") in chat.labels
    await chat.tap(fr("Yes, that's OK"))
    await chat.tap(fr("England or Wales"))
    await chat.send("/privacy")
    assert f"{fr('Language')}: Français" in chat.text


async def test_the_first_screen_after_onboarding_offers_a_bed_tonight(chat: Chat):
    await chat.send("/start")
    await chat.tap("Yes, that's OK")
    await chat.tap("England or Wales")
    assert chat.replies[0].text.startswith("Thank you.")
    assert chat.replies[-1].menu
    assert chat.labels[:2] == ["Urgent help now", "Somewhere to sleep tonight"]


async def test_from_start_to_a_bed_in_manchester_in_arabic_in_three_taps(
    engine_over_directory: Engine, store: Store
):
    """The count issue 14 asks for: /start, then 3 taps and a typed town to the first bed
    (before: 7 taps and the town, choosing Arabic from the list and a role on the way)."""
    ar = t("ar").gettext
    chat = chat_in(engine_over_directory, store, "ar")
    taps = 0

    async def tap(label: str) -> None:
        nonlocal taps
        taps += 1
        await chat.tap(label)

    await chat.send("/start")
    await tap(ar("Yes, that's OK"))
    await tap(ar("England or Wales"))
    await tap(ar("Somewhere to sleep tonight"))
    await chat.send("Manchester")
    heading = ar("Here is what I found for {what} near {where}:")
    assert heading.format(what=ar("somewhere to sleep tonight"), where="Manchester") in chat.text
    assert chat.labels[0].startswith("1. ")
    assert taps == 3


async def test_a_shared_location_is_a_tap_too(engine_over_directory: Engine, store: Store):
    chat = chat_in(engine_over_directory, store, "ar")
    ar = t("ar").gettext
    await chat.send("/start")
    await chat.tap(ar("Yes, that's OK"))
    await chat.tap(ar("England or Wales"))
    await chat.tap(ar("Somewhere to sleep tonight"))
    assert chat.replies[-1].request_location
    await chat.send(MANCHESTER)
    assert chat.labels[0].startswith("1. ")
