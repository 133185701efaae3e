"""A lean Bot API client: every call Onward makes to Telegram goes through here.

The outbox keeps each call as Telegram's own JSON, so it goes out as it is: no model
objects built for it, and none parsed from the answer. aiogram's types are still used to
read updates.

This is the one place a URL with the bot token in it is built, so it is also the one
place that makes sure no error leaving it carries the token (an unusable API URL makes
aiohttp put the whole URL, token and all, in its exception).
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from aiogram import Bot

from channels.telegram.render import readable_params
from core.logs import keep_secret

HIDDEN = "<token>"


class ApiError(Exception):
    """Telegram answered, clearly, no. `retry_after` is set for flood limits (429)."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.retry_after = code, description, retry_after


class UnknownOutcome(Exception):  # noqa: N818 - not a failure we know of: a question left open
    """The call may or may not have reached Telegram: no answer came (refused
    connection, reset, timeout), or one came that cannot be read (an HTML error page,
    broken JSON). Whoever sent it decides whether to send it again."""


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


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and value >= 0 else None


def read_answer(status: int, body: Any) -> Any:
    """Telegram's answer: the result, or ApiError for a clear refusal. Anything else
    (not an object, no `ok`) is an answer nobody can read."""
    if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
        raise UnknownOutcome(f"HTTP {status}: an answer that is not the Bot API's")
    if body["ok"]:
        return body.get("result")
    code = body.get("error_code")
    parameters = body.get("parameters")
    retry = parameters.get("retry_after") if isinstance(parameters, dict) else None
    raise ApiError(
        code if isinstance(code, int) else status,
        str(body.get("description") or "")[:300],
        _number(retry),
    )


class BotApi:
    def __init__(self, bot: Bot, timeout: float = 30) -> None:
        self.bot = bot
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None
        keep_secret(bot.token)

    def url(self, method: str) -> str:
        return self.bot.session.api.api_url(token=self.bot.token, method=method)

    def scrub(self, text: str) -> str:
        return text.replace(self.bot.token, HIDDEN)

    async def call(self, method: str, params: dict[str, Any], wait: float | None = None) -> Any:
        """One call; raises ApiError when Telegram refuses, UnknownOutcome when it is not
        known whether Telegram got it. Neither carries the token."""
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=self._timeout, json_serialize=json.dumps)
        params = readable_params(params)
        body: dict[str, Any] = {"json": params}
        if isinstance(params.get("document"), dict):  # a file we made: uploaded as one
            body = {"data": _upload(params)}
        if wait is not None:  # longer than usual: getUpdates waits for updates on purpose
            body["timeout"] = aiohttp.ClientTimeout(total=wait)
        try:
            async with self._http.post(self.url(method), **body) as response:
                status = response.status
                try:
                    answer = await response.json(content_type=None)
                except ValueError:
                    answer = None
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            # `from None`: the original names the URL, and with it the token.
            raise UnknownOutcome(self.scrub(f"{type(error).__name__}: {error}")) from None
        return read_answer(status, answer)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
