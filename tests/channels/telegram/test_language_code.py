"""The language a person's Telegram app reports (`from.language_code`), through the real
runtime and the stand-in: used without asking when Onward speaks it, with "Change
language" offered; asked for otherwise."""

from __future__ import annotations

import pytest

from channels.telegram.runtime import Runtime
from core.settings import RUNTIMES
from flows.engine import Engine
from flows.i18n import SHIPPED_LOCALES, language_name
from tests.helpers.telegram import Sandbox

ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


@pytest.fixture(params=RUNTIMES)
def telegram_runtime(request: pytest.FixtureRequest) -> str:
    """On aiogram and on python-telegram-bot: each reads `language_code` its own way."""
    return str(request.param)


def buttons(message: dict) -> list[str]:
    return [button["text"] for row in message["buttons"] for button in row]


@pytest.mark.parametrize(
    ("code", "locale"), [("ar", "ar"), ("zh-hans", "zh_Hans"), ("es-MX", "es")]
)
async def test_the_apps_language_is_used_without_asking(
    sandbox: Sandbox, onward: Runtime, engine: Engine, code: str, locale: str
):
    tr = engine.catalogs.translator(locale).gettext
    person = sandbox.person(5000 + SHIPPED_LOCALES.index(locale), code)
    said = await person.say("/start")
    welcome = engine.flows.specs["onboarding"].nodes["welcome"].text  # type: ignore[union-attr]
    assert said[0]["text"].translate(ISOLATES) == tr(welcome).translate(ISOLATES)
    assert buttons(said[-1]) == [
        tr("Yes, that's OK"),
        tr("No, delete what I said"),
        tr("🌐 Change language"),
    ]


async def test_change_language_over_telegram(sandbox: Sandbox, onward: Runtime, engine: Engine):
    ar, fr = (engine.catalogs.translator(locale).gettext for locale in ("ar", "fr"))
    person = sandbox.person(5100, "ar")
    await person.say("/start")
    listed = await person.tap(ar("🌐 Change language"))
    assert buttons(listed[-1]) == [language_name(locale) for locale in SHIPPED_LOCALES]
    chosen = await person.tap("Français", expect=2)
    assert chosen[0]["text"] == fr("OK. From now on I will write in {language_name}.").format(
        language_name="Français"
    )
    assert buttons(chosen[-1])[0] == fr("Yes, that's OK")


async def test_a_language_onward_does_not_speak_is_asked_for(
    sandbox: Sandbox, onward: Runtime, engine: Engine
):
    person = sandbox.person(5200, "pt-br")
    said = await person.say("/start")
    assert said[-1]["text"] == "Which language would you like me to use?"
    assert buttons(said[-1]) == [language_name(locale) for locale in SHIPPED_LOCALES]
