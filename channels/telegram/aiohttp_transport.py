"""Bot API calls over aiohttp: the aiogram runtime's HTTP (aiogram is built on it)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from channels.telegram.api import NoAnswer, Upload, form_value


def _form(params: dict[str, Any], upload: Upload) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for key, value in params.items():
        form.add_field(key, form_value(value))
    form.add_field(
        upload.field, upload.content, filename=upload.filename, content_type=upload.mime
    )
    return form


class AiohttpTransport:
    def __init__(self) -> None:
        self._http: aiohttp.ClientSession | None = None

    async def post(
        self, url: str, params: dict[str, Any], upload: Upload | None, seconds: float
    ) -> tuple[int, bytes]:
        if self._http is None:
            self._http = aiohttp.ClientSession(json_serialize=json.dumps)
        body: dict[str, Any] = {"data": _form(params, upload)} if upload else {"json": params}
        try:
            async with self._http.post(
                url, timeout=aiohttp.ClientTimeout(total=seconds), **body
            ) as response:
                return response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise NoAnswer(f"{type(error).__name__}: {error}") from None

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
