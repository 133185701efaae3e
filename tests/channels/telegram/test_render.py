from channels.telegram.render import MAX_TEXT, render, split_text, utf16_length
from flows.replies import Button, Reply


def test_long_text_is_split_between_paragraphs_within_telegrams_limit():
    paragraphs = [f"Paragraph {i}. " + "word " * 300 for i in range(6)]
    pieces = split_text("\n\n".join(paragraphs))
    assert all(utf16_length(p) <= MAX_TEXT for p in pieces)
    assert len(pieces) > 1
    assert all(p.startswith("Paragraph") for p in pieces)
    assert "\n\n".join(pieces) == "\n\n".join(paragraphs)


def test_one_huge_paragraph_is_cut_between_words_and_emoji_count_twice():
    text = "🙂" * 3000  # 6000 UTF-16 units
    pieces = split_text(text)
    assert [utf16_length(p) for p in pieces] == [4096, 1904]
    assert "".join(pieces) == text


def test_buttons_ride_on_the_last_piece_only():
    reply = Reply("x " * 3000, (Button("Yes", "1:0"), Button("No", "1:1")))
    calls = render(5, [reply], tapped_message=None)
    assert [c.method for c in calls] == ["sendMessage", "sendMessage"]
    assert "reply_markup" not in calls[0].params
    assert calls[1].params["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Yes", "callback_data": "1:0"}],
            [{"text": "No", "callback_data": "1:1"}],
        ]
    }


def test_a_tap_that_leads_to_one_menu_edits_it_in_place():
    menu = Reply("What would you like to change?", (Button("Language", "3:0"),), menu=True)
    assert [c.method for c in render(5, [menu], tapped_message=42)] == ["editMessageText"]
    note = Reply("That button is from an earlier message.")
    assert [c.method for c in render(5, [note, menu], tapped_message=42)] == [
        "sendMessage",
        "sendMessage",
    ]
    assert [c.method for c in render(5, [menu], tapped_message=None)] == ["sendMessage"]


def test_location_is_asked_for_with_a_reply_keyboard_button():
    ask = Reply(
        "Where are you?", (Button("Share my location", "4:location"),), request_location=True
    )
    (call,) = render(5, [ask], tapped_message=42)
    assert call.method == "sendMessage"
    assert call.params["reply_markup"] == {
        "keyboard": [[{"text": "Share my location", "request_location": True}]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }


def test_a_location_question_may_offer_a_typed_way_out_on_the_same_keyboard():
    ask = Reply(
        "Where should I look?",
        (Button("Share my location", "4:location"), Button("Anywhere", "4:s")),
        request_location=True,
    )
    (call,) = render(5, [ask], tapped_message=None)
    assert call.params["reply_markup"]["keyboard"] == [
        [{"text": "Share my location", "request_location": True}],
        [{"text": "Anywhere"}],
    ]
