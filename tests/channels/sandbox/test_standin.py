"""The stand-in refuses what Telegram refuses, so a bot that passes here behaves there."""

import pytest

from channels.sandbox.checks import ApiError
from channels.sandbox.standin import StandIn


@pytest.fixture
async def standin() -> StandIn:
    standin = StandIn()
    await standin.user_message(7, {"text": "hi"})
    return standin


async def refused(standin: StandIn, method: str, **params) -> str:
    with pytest.raises(ApiError) as error:
        await standin.call(method, params)
    return error.value.description


async def test_text_length(standin: StandIn):
    assert (
        await refused(standin, "sendMessage", chat_id=7, text="")
        == "Bad Request: message text is empty"
    )
    assert (
        await refused(standin, "sendMessage", chat_id=7, text="x" * 4097)
        == "Bad Request: message is too long"
    )
    await standin.call("sendMessage", {"chat_id": 7, "text": "x" * 4096})


async def test_callback_data_is_at_most_64_bytes(standin: StandIn):
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "é" * 33}]]}
    assert await refused(standin, "sendMessage", chat_id=7, text="a", reply_markup=markup) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("<b><i>x</b></i>", 'Unexpected end tag "b"'),
    ],
)
async def test_html_must_be_telegrams_and_well_formed(standin: StandIn, html: str, reason: str):
    description = await refused(standin, "sendMessage", chat_id=7, text=html, parse_mode="HTML")
    assert description == f"Bad Request: can't parse entities: {reason}"
    sent = await standin.call(
        "sendMessage", {"chat_id": 7, "text": "<b>ok</b> &amp; fine", "parse_mode": "HTML"}
    )
    assert sent["text"] == "ok & fine"


async def test_edits_that_change_nothing_are_refused(standin: StandIn):
    sent = await standin.call("sendMessage", {"chat_id": 7, "text": "menu"})
    same = {"chat_id": 7, "message_id": sent["message_id"], "text": "menu"}
    assert (await refused(standin, "editMessageText", **same)).startswith(
        "Bad Request: message is not modified"
    )
    assert await refused(standin, "editMessageText", chat_id=7, message_id=999, text="x") == (
        "Bad Request: message to edit not found"
    )


async def test_unknown_chats_and_blocked_people(standin: StandIn):
    assert (
        await refused(standin, "sendMessage", chat_id=8, text="hi")
        == "Bad Request: chat not found"
    )
    await standin.set_blocked(7, True)
    assert await refused(standin, "sendMessage", chat_id=7, text="hi") == (
        "Forbidden: bot was blocked by the user"
    )


async def test_updates_are_kept_until_confirmed(standin: StandIn):
    first = await standin.call("getUpdates", {})
    assert [u["update_id"] for u in first] == [1]
    assert [u["update_id"] for u in await standin.call("getUpdates", {})] == [1]
    assert await standin.call("getUpdates", {"offset": 2, "timeout": 0}) == []
