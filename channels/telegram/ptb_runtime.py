"""Onward on python-telegram-bot (`ONWARD_RUNTIME=ptb`): each recorded update is read
with `telegram.Update.de_json` and handled by a PTB `Application` built without an
updater; Onward's Bot API calls go over aiohttp, as the aiogram runtime's do.

PTB never fetches updates here: polling, the inbox, the chat workers, delivery and
recovery are the shared runtime's, so this runtime keeps the same promises as aiogram's.
Importing this module imports no aiogram.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import CallbackQuery, ChatMember, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from channels.telegram import casework
from channels.telegram.aiohttp_transport import AiohttpTransport
from channels.telegram.api import BotApi
from channels.telegram.messages import as_event, replied_to_bot
from channels.telegram.texts import EDITED_NOTE, GROUP_NOTE
from channels.telegram.turn import TelegramTurn
from core.app import StartupError
from core.casework.requests import Tap, takes
from flows.events import Press

Context = CallbackContext[Any, Any, Any, Any]
PRIVATE = filters.ChatType.PRIVATE


def tapped_in_private(query: CallbackQuery) -> bool:
    """A tap in a private chat, or one whose message we are not shown (an inline
    message): heard in the tapper's private chat."""
    return query.message is None or query.message.chat.type == ChatType.PRIVATE


def tapped_message(query: CallbackQuery) -> int | None:
    """The message to edit in place, when Telegram still shows it to us."""
    return query.message.message_id if isinstance(query.message, Message) else None


def casework_data(data: object) -> bool:
    return isinstance(data, str) and takes(Tap(data))


class PtbLibrary:
    name = "ptb"

    def __init__(self, token: str, api_url: str | None) -> None:
        # httpx logs every request at INFO, URL (and so token) and all.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        # Our calls go over aiohttp, as aiogram's do: httpx's pool looks at every
        # connection for each waiting request, so with many chats at once its cost
        # grows with the square of them (bench/e2e.py: 120 updates a second on
        # HTTPXRequest, 916 on aiohttp). PTB's own Bot keeps HTTPXRequest for the
        # little it asks itself (getMe when the Application starts).
        self.api = BotApi(token, api_url, AiohttpTransport())
        request = HTTPXRequest()
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(token)
            .base_url(f"{self.api.base}/bot")
            .request(request)
            .updater(None)  # our inbox fetches the updates
            .build()
        )
        self.turns: dict[int, TelegramTurn] = {}
        self.failures: dict[int, BaseException] = {}
        self.username = ""
        for handler in self.handlers():
            self.application.add_handler(handler)
        self.application.add_error_handler(self._failed)

    def handlers(self) -> list[BaseHandler[Any, Any, Any]]:
        """In aiogram's routers' order (handlers.py): the first that fits takes the
        update. Case-work buttons first; case-work commands and reasons are decoded in
        `on_message`."""
        message, edited = filters.UpdateType.MESSAGE, filters.UpdateType.EDITED_MESSAGE
        return [
            CallbackQueryHandler(self.on_casework_button, pattern=casework_data),
            MessageHandler(message & PRIVATE & filters.USER, self.on_message),
            CallbackQueryHandler(self.on_press),
            MessageHandler(edited & PRIVATE & filters.USER, self.on_edit),
            MessageHandler(message & filters.ChatType.GROUPS, self.in_a_group),
            ChatMemberHandler(self.on_block, ChatMemberHandler.MY_CHAT_MEMBER),
        ]

    async def connected(self, me: dict[str, Any]) -> None:
        self.username = str(me.get("username") or "")
        try:
            await self.application.initialize()  # asks getMe once more, for its Bot
        except TelegramError as error:  # its words for a refused token hold the token
            raise StartupError(
                f"python-telegram-bot could not start ({type(error).__name__})."
            ) from None

    async def dispatch(self, payload: dict[str, Any], turn: TelegramTurn) -> None:
        update = Update.de_json(payload, self.application.bot)
        self.turns[update.update_id] = turn
        try:
            await self.application.process_update(update)
        finally:
            del self.turns[update.update_id]
        failure = self.failures.pop(update.update_id, None)
        if failure is not None:  # the runtime logs it, as for aiogram
            raise failure

    async def _failed(self, update: object, context: Context) -> None:
        if isinstance(update, Update) and context.error is not None:
            self.failures[update.update_id] = context.error

    async def on_message(self, update: Update, _: Context) -> None:
        """Case work's, when it is one of its commands or a reason it asked for; else the
        conversation's."""
        message, turn = update.message, self.turns[update.update_id]
        assert message is not None
        user = message.from_user
        assert user is not None
        if message.text is not None:
            request = casework.message_request(
                user.id, user.language_code, message.text, replied_to_bot(message), self.username
            )
            if request is not None and await casework.casework_turn(turn, request):
                return
        await turn.converse(user, as_event(message), tapped=None)

    async def on_casework_button(self, update: Update, _: Context) -> None:
        query, turn = update.callback_query, self.turns[update.update_id]
        assert query is not None
        user = query.from_user
        request = casework.button_request(user.id, user.language_code, str(query.data))
        assert request is not None  # the pattern took only case work's
        turn.beside(turn.answer_query(query.id))
        await casework.casework_turn(turn, request)

    async def on_press(self, update: Update, _: Context) -> None:
        """A tap in private is the conversation's; any other (a button in a group) is
        still answered, or it spins."""
        query, turn = update.callback_query, self.turns[update.update_id]
        assert query is not None
        if not tapped_in_private(query):
            await turn.answer_query(query.id)
            return
        turn.beside(turn.answer_query(query.id))
        data = query.data if isinstance(query.data, str) else ""
        await turn.converse(query.from_user, Press(data), tapped=tapped_message(query))

    async def on_edit(self, update: Update, _: Context) -> None:
        message = update.edited_message
        assert message is not None
        assert message.from_user is not None
        turn = self.turns[update.update_id]
        await turn.note(message.chat.id, message.from_user.language_code, EDITED_NOTE)

    async def in_a_group(self, update: Update, _: Context) -> None:
        """Nothing personal is ever said in a group: only where to talk instead."""
        message = update.message
        assert message is not None
        language = message.from_user.language_code if message.from_user else None
        await self.turns[update.update_id].note(message.chat.id, language, GROUP_NOTE)

    async def on_block(self, update: Update, _: Context) -> None:
        member = update.my_chat_member
        assert member is not None
        if member.chat.type != ChatType.PRIVATE:
            return
        blocked = member.new_chat_member.status == ChatMember.BANNED
        await self.turns[update.update_id].set_reachable(member.chat.id, not blocked)

    async def close(self) -> None:
        await self.application.shutdown()
        await self.api.close()
