"""A lean Bot API client for what goes out on every turn.

The outbox keeps each call as Telegram's own JSON, so it goes out as it is: no model
objects built for it, and none parsed from the answer. aiogram's Bot is still used for
the rest (start-up checks, the command menu) and its types for reading updates.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from aiogram import Bot


class ApiError(Exception):
    """Telegram said no. `retry_after` is set for flood limits (429)."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.retry_after = code, description, retry_after


def _upload(params: dict[str, Any]) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for key, value in params.items():
        if key != "document":
            form.add_field(key, value if isinstance(value, str) else json.dumps(value))
    file = params["document"]
    form.add_field(
        "document",
        file["content"].encode(),
        filename=file["filename"],
        content_type=file["mime"],
    )
    return form


class BotApi:
    def __init__(self, bot: Bot, timeout: float = 30) -> None:
        self.bot = bot
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None

    def url(self, method: str) -> str:
        return self.bot.session.api.api_url(token=self.bot.token, method=method)

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """One call; raises ApiError when Telegram refuses, aiohttp.ClientError when
        Telegram cannot be reached."""
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=self._timeout, json_serialize=json.dumps)
        body: dict[str, Any] = {"json": params}
        if isinstance(params.get("document"), dict):  # a file we made: uploaded as one
            body = {"data": _upload(params)}
        async with self._http.post(self.url(method), **body) as response:
            try:
                body = await response.json(content_type=None)
            except ValueError as error:
                raise ApiError(response.status, "the answer was not JSON") from error
        if body.get("ok"):
            return body.get("result")
        retry = (body.get("parameters") or {}).get("retry_after")
        raise ApiError(
            int(body.get("error_code") or response.status),
            str(body.get("description") or ""),
            float(retry) if retry else None,
        )

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
