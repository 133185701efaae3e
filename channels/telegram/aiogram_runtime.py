"""Onward on aiogram (the default runtime): each recorded update is read into aiogram's
types and routed by its Dispatcher to handlers.py's routers; Bot API calls go over
aiohttp. Polling, the inbox, the chat workers and delivery are the shared runtime's."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from channels.telegram.aiohttp_transport import AiohttpTransport
from channels.telegram.api import BotApi
from channels.telegram.handlers import routers
from channels.telegram.turn import TelegramTurn


class AiogramLibrary:
    name = "aiogram"

    def __init__(self, token: str, api_url: str | None) -> None:
        # Never calls Telegram itself: BotApi does. aiogram's types want a Bot to hold.
        self.bot = Bot(token)
        self.api = BotApi(token, api_url, AiohttpTransport())
        self.dispatcher = Dispatcher(disable_fsm=True)  # conversation state is ours
        self.dispatcher.include_routers(*routers())

    async def connected(self, me: dict[str, Any]) -> None:
        self.dispatcher["bot_username"] = str(me.get("username") or "")

    async def dispatch(self, payload: dict[str, Any], turn: TelegramTurn) -> None:
        update = Update.model_validate(payload, context={"bot": self.bot})
        await self.dispatcher.feed_update(self.bot, update, turn=turn)

    async def close(self) -> None:
        await self.api.close()
        await self.bot.session.close()
