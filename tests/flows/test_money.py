"""Money and benefits: what to claim and how, for where the person lives, each with its
source and review date; elsewhere, it says so and offers advice nearby."""

from __future__ import annotations

from flows.i18n import Catalogs
from tests.conftest import Chat, onboard

t = Catalogs().translator


async def test_england_and_wales(chat: Chat):
    await onboard(chat)
    await chat.tap("Money and benefits")
    await chat.tap("Universal Credit")
    assert "You can claim Universal Credit once you have left prison, not before." in chat.text
    assert "Source: DWP, Universal Credit for prison leavers" in chat.text
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
