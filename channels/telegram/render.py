"""The engine's replies as Bot API calls, following Telegram's conventions and limits."""

from __future__ import annotations

from typing import Any

from core.outgoing import Outgoing
from flows.i18n import readable
from flows.replies import Reply

MAX_TEXT = 4096
MAX_CAPTION = 1024


def readable_params(params: dict[str, Any]) -> dict[str, Any]:
    """A call's words as they should be read: in right-to-left lines, Latin words and
    numbers isolated (flows.i18n.readable). Done here, on the way out, so every text is
    covered: flow replies, guidance, directory entries, reminders and case-work notes."""
    changed = dict(params)
    for key, limit in (("text", MAX_TEXT), ("caption", MAX_CAPTION)):
        if isinstance(params.get(key), str):
            shown = readable(params[key])
            # The marks are invisible; a text at Telegram's limit goes out without them.
            changed[key] = shown if utf16_length(shown) <= limit else params[key]
    markup = params.get("reply_markup")
    if isinstance(markup, dict):
        changed["reply_markup"] = {
            name: [[_readable_key(key) for key in row] for row in rows]
            if name in ("inline_keyboard", "keyboard") and isinstance(rows, list)
            else rows
            for name, rows in markup.items()
        }
    return changed


def _readable_key(key: Any) -> Any:
    if isinstance(key, dict) and isinstance(key.get("text"), str):
        return {**key, "text": readable(key["text"])}
    return key


def utf16_length(text: str) -> int:
    """Telegram counts a message's length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit`, cut between paragraphs, else lines, else words."""
    if utf16_length(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        pieces = _pack(text.split(separator), separator, limit)
        if pieces is not None:
            return pieces
    return _hard_cut(text, limit)


def _pack(parts: list[str], separator: str, limit: int) -> list[str] | None:
    pieces: list[str] = []
    current = ""
    for part in parts:
        if utf16_length(part) > limit:
            return None
        joined = f"{current}{separator}{part}" if current else part
        if utf16_length(joined) <= limit:
            current = joined
        else:
            pieces.append(current)
            current = part
    pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def _hard_cut(text: str, limit: int) -> list[str]:
    pieces, current = [], ""
    for char in text:
        if utf16_length(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def _markup(reply: Reply) -> dict[str, Any] | None:
    if reply.wants_answer:  # the app opens a reply to this message, ready to type
        return {"force_reply": True}
    if reply.request_location and reply.buttons:
        # Telegram asks for a location only through a reply-keyboard button.
        # The other buttons send their words, which the engine reads as a tap.
        button = {"text": reply.buttons[0].label, "request_location": True}
        rows = [[button], *([{"text": b.label}] for b in reply.buttons[1:])]
        return {"keyboard": rows, "resize_keyboard": True, "one_time_keyboard": True}
    if reply.buttons:
        # One button a row: long labels stay readable on a small screen.
        rows = [[{"text": b.label, "callback_data": b.data}] for b in reply.buttons]
        return {"inline_keyboard": rows}
    return None


def _document(chat_id: int, reply: Reply) -> Outgoing:
    """Kept in the outbox as JSON like any call; the client uploads it as a file."""
    assert reply.attachment is not None
    file = {
        "filename": reply.attachment.filename,
        "mime": reply.attachment.mime,
        "content": reply.attachment.content,
    }
    return Outgoing("sendDocument", {"chat_id": chat_id, "caption": reply.text, "document": file})


def render(chat_id: int, replies: list[Reply], tapped_message: int | None) -> list[Outgoing]:
    """Messages to send, or, when a tap on a menu leads to one new menu, an edit in place
    so menus do not pile up; texts with no buttons always stay as messages to scroll back to."""
    if tapped_message is not None and len(replies) == 1:
        only = replies[0]
        if only.buttons and not only.request_location and utf16_length(only.text) <= MAX_TEXT:
            edit = {
                "chat_id": chat_id,
                "message_id": tapped_message,
                "text": only.text,
                "reply_markup": _markup(only),
            }
            return [Outgoing("editMessageText", edit)]
    calls = []
    for reply in replies:
        if reply.attachment is not None:
            calls.append(_document(chat_id, reply))
            continue
        pieces = split_text(reply.text)
        for index, piece in enumerate(pieces):
            params: dict[str, Any] = {"chat_id": chat_id, "text": piece}
            markup = _markup(reply) if index == len(pieces) - 1 else None
            if markup:
                params["reply_markup"] = markup
            calls.append(Outgoing("sendMessage", params))
    return calls
