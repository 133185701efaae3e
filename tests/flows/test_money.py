"""Money and benefits: what to claim and how, for where the person lives, each with its
source and review date; elsewhere, it says so and offers advice nearby."""

from __future__ import annotations

from core.storage.store import Store
from flows.i18n import Catalogs
from flows.record import packs
from flows.rulebook.load import outcome_json
from tests.conftest import Chat, onboard

t = Catalogs().translator


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
    assert "a drug felony does not stop you getting food assistance" in chat.text
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
    loaded = await store.load(chat.telegram_id, "en")
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
    loaded = await store.load(chat.telegram_id, "en")
    assert loaded.conversation.answers["my_benefits"][0].startswith("Your SSI can start again")
