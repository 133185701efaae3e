"""Money and benefits: what to claim and how, for where the person lives, each with its
source and review date; elsewhere, it says so and offers advice nearby."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from core.storage.store import Store
from flows.guidance import load_guidance
from flows.i18n import Catalogs
from flows.record import packs
from flows.rulebook.load import outcome_json
from flows.sources import links_with_titles
from tests.conftest import Chat, onboard

t = Catalogs().translator
# What someone who left prison today is shown, each part reviewed for it.
TODAY_PARTS = {
    ("money_gb", "GB-EAW"): ["today", "have_ready", "advance", "no_id_bank"],
    ("money_gb", "other"): ["today", "have_ready", "advance", "no_id_bank"],
    ("money_us", "US-MI"): ["today", "food", "health", "state_id"],
    ("money_us", "other"): ["today"],
}
REVIEWED = dt.date(2026, 12, 5)
# What a reader of Arabic or Chinese may meet in Latin letters: a link, and an official name or
# English term in brackets after their own words.
LINK = re.compile(r"https?://\S+")
BRACKETED = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)|（[^（）]*）")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


async def test_england_and_wales(chat: Chat):
    await onboard(chat)
    await chat.tap("Money and benefits")
    await chat.tap("Universal Credit")
    assert "You can claim Universal Credit once you have left prison, not before." in chat.text
    assert "• UK government guide (DWP, Universal Credit for prison leavers" in chat.text
    assert "Last reviewed: November 22, 2026" in chat.text
    await chat.tap("ID and a bank account")
    assert "With between 6 months and 6 weeks left" in chat.text
    assert "Benefits advice near me" in chat.labels


async def test_michigan(chat: Chat):
    await onboard(chat, region="Michigan, USA")
    await chat.tap("Money and benefits")
    await chat.tap("Food assistance (SNAP)")
    assert "In Michigan, a drug felony does not stop you getting it." in chat.text
    assert "MCL 400.14m" in chat.text
    await chat.tap("SSI payments")
    assert "After 12 months in a row or more, you must apply again." in chat.text


async def test_elsewhere_it_says_what_it_has(chat: Chat):
    await onboard(chat, region="Scotland")
    await chat.tap("Money and benefits")
    assert "So far I have the details for England and Wales, and for Michigan." in chat.text
    assert chat.labels == ["Benefits advice near me", "Back to the menu"]


async def test_in_arabic(chat: Chat):
    words = t("ar").gettext
    chat.language_code = "ar"
    await onboard(chat, language="العربية", region=words("England or Wales"))
    await chat.tap(words("Money and benefits"))
    await chat.tap(words("Council Tax"))
    assert (
        words(
            "Universal Credit does not pay Council Tax. If you have your own home, ask your local "
            "council for Council Tax Reduction. Each council has its own scheme, and your work coach "
            "can help you apply. Next step: contact your council's Council Tax team."
        )
        in chat.text
    )


async def test_keeping_the_rent_paid_asks_only_what_it_needs_and_matches_the_pack(
    chat: Chat, store: Store
):
    await onboard(chat)
    await chat.tap("Money and benefits")
    await chat.tap("Keeping my home while I'm inside")
    await chat.tap("Check what applies to me")
    await chat.tap("No")  # not a couple
    await chat.tap("Yes")  # UC paid the rent
    await chat.send("6")
    said = outcome_json(
        packs()["GB-EAW"],
        "housing_costs",
        {"couple": False, "had_housing": True, "expected_months": 6},
    )
    assert said["housing"]["value"] == "kept_6_months"
    assert (
        "Universal Credit can keep paying your rent (the housing payment) for up to 6 months"
        in chat.text
    )
    assert "GOV.UK, Benefits and prison: Universal Credit" in chat.text
    await chat.tap("Forget my answers")
    loaded = await store.load(chat.someone, "en")
    assert not {"couple", "had_housing", "expected_months", "benefit_lines"} & set(
        loaded.conversation.answers
    )


async def test_a_couple_is_asked_nothing_more(chat: Chat):
    await onboard(chat)
    await chat.tap("Money and benefits")
    await chat.tap("Keeping my home while I'm inside")
    await chat.tap("Check what applies to me")
    await chat.tap("Yes")
    assert "The person inside can no longer get Universal Credit as a couple." in chat.text


async def test_not_knowing_how_long_is_named_not_guessed(chat: Chat):
    await onboard(chat)
    await chat.tap("Money and benefits")
    await chat.tap("Keeping my home while I'm inside")
    await chat.tap("Check what applies to me")
    await chat.tap("No")
    await chat.tap("Yes")
    await chat.tap("I don't know")
    assert (
        "I cannot work this out without: How long are you expected to be in prison or on remand"
        in chat.text
    )
    assert "up to 6 months while you are inside" not in chat.text


async def test_ssi_after_eleven_whole_months_starts_again(chat: Chat, store: Store):
    await onboard(chat, region="Michigan, USA")
    await chat.tap("Money and benefits")
    await chat.tap("SSI payments")
    await chat.tap("Check what applies to me")
    await chat.tap("Yes")
    await chat.send("2025-03-15")
    await chat.send("2026-03-10")
    assert (
        "Your SSI can start again from the month you are released (March 10, 2026). "
        "You do not need a new application." in chat.text
    )
    assert "SSI stops from the first whole month inside: April 1, 2025." in chat.text
    await chat.tap("Keep it for me")
    loaded = await store.load(chat.someone, "en")
    assert loaded.conversation.answers["my_benefits"][0].startswith("Your SSI can start again")


def _guidance(topic: str, region: str, part: str) -> str:
    return load_guidance()[topic].regions[region][part].text


async def _money_today(chat: Chat, words=lambda text: text) -> None:
    await chat.tap(words("Money and benefits"))
    await chat.tap(words("I left prison today"))


async def test_claim_universal_credit_today_is_one_tap_from_money(chat: Chat):
    """Someone in Manchester who left prison today: why today, how, and the number to call."""
    await onboard(chat)
    await _money_today(chat)
    assert "Claim Universal Credit today, if you can." in chat.text
    assert "It is paid from the day you send your claim." in chat.text
    assert "Online: https://www.gov.uk/apply-universal-credit" in chat.text
    assert "the Universal Credit helpline, 0800 328 5644" in chat.text
    assert "UK law, the official text (Universal Credit etc. (Claims and Payments)" in chat.text
    assert "Last reviewed: December 5, 2026" in chat.text
    assert chat.labels == [
        "How to claim Universal Credit",
        "What to have ready",
        "Money to start with (an advance)",
        "No ID or no bank account",
        "Benefits advice near me",
        "Back",
    ]


async def test_what_to_bring_the_advance_and_no_id_are_each_two_taps_from_money(chat: Chat):
    await onboard(chat)
    for label, says in [
        ("What to have ready", "your bank, building society or credit union account details"),
        ("Money to start with (an advance)", "An advance is a loan. It is not extra money."),
        ("No ID or no bank account", "ask about the Payment Exception Service"),
        ("How to claim Universal Credit", "Claim Universal Credit today, if you can."),
    ]:
        await chat.send("/menu")
        await _money_today(chat)
        await chat.tap(label)
        assert says in chat.text, label
        assert "Last reviewed: December 5, 2026" in chat.text
    await chat.tap("Back")
    assert "I left prison today" in chat.labels


def _latin_runs(text: str) -> list[str]:
    """Runs of Latin words outside links and brackets, each with the line it stands in."""
    found = []
    for line in text.splitlines():
        bare = BRACKETED.sub(" ", LINK.sub(" ", line))
        words = LATIN_WORD.findall(bare)
        native = re.search(r"[\u0600-\u06ff\u4e00-\u9fff]", bare)
        longest = max((len(run.split()) for run in _runs(bare)), default=0)
        if words and (not native or longest > 3):
            found.append(line)
    return found


def _runs(line: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’.-]*(?:[ ,-]+[A-Za-z][A-Za-z'’.-]*)*", line)


@pytest.mark.parametrize("locale", ["ar", "zh_Hans"])
async def test_claim_today_in_arabic_and_chinese_meets_no_english_sentence(chat: Chat, locale):
    words = t(locale).gettext
    chat.language_code = locale
    language = {"ar": "العربية", "zh_Hans": "中文 (简体)"}[locale]
    await onboard(chat, language=language, region=words("England or Wales"))
    await _money_today(chat, words)
    seen = [chat.text]
    assert words(_guidance("money_gb", "GB-EAW", "today")) in chat.text
    assert "https://www.gov.uk/apply-universal-credit" in chat.text
    assert "0800 328 5644" in chat.text
    for part, label in [
        ("have_ready", "What to have ready"),
        ("advance", "Money to start with (an advance)"),
        ("no_id_bank", "No ID or no bank account"),
    ]:
        await chat.tap(words(label))
        assert words(_guidance("money_gb", "GB-EAW", part)) in chat.text
        seen.append(chat.text)
    for text in seen:
        assert "Next step" not in text
        assert "Last reviewed" not in text
        assert _latin_runs(text) == [], _latin_runs(text)


async def test_michigan_food_health_cover_and_an_id_from_left_prison_today(chat: Chat):
    await onboard(chat, region="Michigan, USA")
    await _money_today(chat)
    assert "Left prison today? Start these three now:" in chat.text
    assert "https://www.michigan.gov/MIBridges" in chat.text
    assert chat.labels == [
        "Food assistance (SNAP)",
        "Health cover (Medicaid)",
        "A state ID",
        "Back",
    ]
    for label, says, source in [
        ("Food assistance (SNAP)", "I cannot decide those. MDHHS decides", "MCL 400.14m"),
        (
            "Health cover (Medicaid)",
            "it is paused, not ended, while you are inside",
            "MCL 400.106b",
        ),
        ("A state ID", "call the Department of State on (888) 767-6424", "no-fee state ID"),
    ]:
        await chat.send("/menu")
        await _money_today(chat)
        await chat.tap(label)
        assert says in chat.text.replace("Call", "call"), label
        assert source in chat.text, label
        assert "Last reviewed: December 5, 2026" in chat.text


def test_each_day_of_release_text_cites_links_and_the_review_date():
    guidance = load_guidance()
    for (topic, region), parts in TODAY_PARTS.items():
        for part in parts:
            entry = guidance[topic].regions[region][part]
            assert entry.reviewed == REVIEWED, (topic, region, part)
            if region != "other":
                assert len(links_with_titles(entry.source)) >= 2, (topic, region, part)


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "readability.py"
    spec = importlib.util.spec_from_file_location("readability_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_money_texts_are_plain_words():
    bench = _bench()
    for topic in ("money_gb", "money_us"):
        for entries in load_guidance()[topic].regions.values():
            for entry in entries.values():
                assert bench.grade(entry.text) <= 8, entry.text[:60]
