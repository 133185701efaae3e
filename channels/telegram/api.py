"""A lean Bot API client: every call Onward makes to Telegram goes through here.

The outbox keeps each call as Telegram's own JSON, so it goes out as it is: no model
objects built for it, and none parsed from the answer. The HTTP under it is pluggable
(`Transport`): aiohttp for both runtimes today (channels/telegram/aiohttp_transport.py);
this module imports no HTTP library.

This is the one place a URL with the bot token in it is built, so it is also the one
place that makes sure no error leaving it carries the token (an unusable API URL makes
an HTTP library put the whole URL, token and all, in its exception).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from channels.telegram.render import readable_params
from core.logs import keep_secret

HIDDEN = "<token>"
TELEGRAM = "https://api.telegram.org"


class ApiError(Exception):
    """Telegram answered, clearly, no. `retry_after` is set for flood limits (429)."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.retry_after = code, description, retry_after


class UnknownOutcome(Exception):  # noqa: N818 - not a failure we know of: a question left open
    """The call may or may not have reached Telegram: no answer came (refused
    connection, reset, timeout), or one came that cannot be read (an HTML error page,
    broken JSON). Whoever sent it decides whether to send it again."""


@dataclass(frozen=True)
class Upload:
    """A file Onward made, sent as multipart form data."""

    field: str
    filename: str
    content: bytes
    mime: str


class NoAnswer(Exception):  # noqa: N818 - what a transport saw instead of an answer
    """A transport's own words for why no answer came (they may name the URL)."""


class Transport(Protocol):
    async def post(
        self, url: str, params: dict[str, Any], upload: Upload | None, seconds: float
    ) -> tuple[int, bytes]:
        """POST `params` (as JSON, or as form fields beside `upload`): status and body.
        Raises NoAnswer when nothing came back."""
        ...

    async def close(self) -> None: ...


def split_upload(params: dict[str, Any]) -> tuple[dict[str, Any], Upload | None]:
    file = params.get("document")
    if not isinstance(file, dict):
        return params, None
    fields = {k: v for k, v in params.items() if k != "document"}
    return fields, Upload("document", file["filename"], file["content"].encode(), file["mime"])


def form_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


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


def parse_body(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:  # an HTML error page, broken JSON, bytes that are not UTF-8
        return None


class BotApi:
    def __init__(
        self,
        token: str,
        api_url: str | None = None,
        transport: Transport | None = None,
        timeout: float = 30,
    ) -> None:
        self.token, self.timeout = token, timeout
        self.base = (api_url or TELEGRAM).rstrip("/")
        self.transport = transport or default_transport()
        keep_secret(token)

    def url(self, method: str) -> str:
        return f"{self.base}/bot{self.token}/{method}"

    def scrub(self, text: str) -> str:
        return text.replace(self.token, HIDDEN)

    async def call(self, method: str, params: dict[str, Any], wait: float | None = None) -> Any:
        """One call; raises ApiError when Telegram refuses, UnknownOutcome when it is not
        known whether Telegram got it. Neither carries the token. `wait`: longer than
        usual, for getUpdates, which waits for updates on purpose."""
        fields, upload = split_upload(readable_params(params))
        try:
            status, body = await self.transport.post(
                self.url(method), fields, upload, wait or self.timeout
            )
        except NoAnswer as error:
            # `from None`: the original names the URL, and with it the token.
            raise UnknownOutcome(self.scrub(str(error))) from None
        return read_answer(status, parse_body(body))

    async def close(self) -> None:
        await self.transport.close()


def default_transport() -> Transport:
    """aiohttp, imported only by those who use it."""
    from channels.telegram.aiohttp_transport import AiohttpTransport

    return AiohttpTransport()
