"""The outbox's calls sent to Telegram: what each of its answers means to delivery.

Telegram's own knowledge stays here: 429 is a flood limit, 403 a person who blocked the
bot, 400 a call it can never take, except an edit it refuses (the message is too old,
or gone), which is sent as a new message instead, and an edit that changes nothing,
which needs nothing. Anything else (5xx, 404, no answer, an answer nobody can read) is
tried again later.
"""

from __future__ import annotations

from typing import Any, Protocol

from channels.telegram.api import ApiError, UnknownOutcome
from core.outgoing import NotSent, Outgoing, Refused, SlowDown, Unreachable


class Api(Protocol):
    async def call(
        self, method: str, params: dict[str, Any], wait: float | None = None
    ) -> Any: ...


class TelegramSender:
    def __init__(self, api: Api) -> None:
        self.api = api

    async def send(self, outgoing: Outgoing) -> None:
        try:
            await self.api.call(outgoing.method, outgoing.params)
        except ApiError as error:
            instead = self._instead(outgoing, error)
            if instead is not None:
                await self.send(instead)
        except UnknownOutcome as error:
            raise NotSent(f"unanswered: {str(error)[:120]}") from None

    @staticmethod
    def _instead(outgoing: Outgoing, error: ApiError) -> Outgoing | None:
        """What to send in its place; raises what the refusal means otherwise."""
        if error.code == 429:
            raise SlowDown(error.retry_after or 1) from None
        if error.code == 403:
            raise Unreachable(error.description[:120]) from None
        if error.code != 400:
            raise NotSent(f"telegram {error.code}") from None
        if outgoing.method == "editMessageText":
            if "not modified" in error.description:
                return None
            params = {k: v for k, v in outgoing.params.items() if k != "message_id"}
            return Outgoing("sendMessage", params)
        raise Refused(f"{outgoing.method}: {error.description[:120]}") from None
