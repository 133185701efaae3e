"""Sessions and CSRF tokens in signed, HttpOnly, SameSite=Strict cookies.

The session cookie holds the account's id, its `session_epoch` (raised to end every
session of an account: signing out, a new password, disabling) and the CSRF token every
form carries back. Before signing in, a cookie of its own holds the sign-in form's token.
Nothing in a cookie is secret; the signature stops it being forged or swapped.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

SESSION = "onward_session"
BEFORE = "onward_csrf"
SESSION_AGE = 12 * 3600  # a working day; then sign in again
FORM_AGE = 3600


@dataclass(frozen=True)
class Session:
    user_id: int
    epoch: int
    csrf: str


class Cookies:
    def __init__(self, secret: str, *, secure: bool) -> None:
        self.signer = URLSafeTimedSerializer(secret, salt="onward-console")
        self.secure = secure
        self._secret = secret

    def sealer(self, purpose: str) -> URLSafeTimedSerializer:
        """Signs what a page carries for one purpose, with the cookies' key."""
        return URLSafeTimedSerializer(self._secret, salt=f"onward-{purpose}")

    def read(self, raw: str | None) -> Session | None:
        found = self._load(raw, SESSION_AGE)
        if not isinstance(found, dict):
            return None
        try:
            return Session(int(found["u"]), int(found["e"]), str(found["c"]))
        except (KeyError, TypeError, ValueError):
            return None

    def form_token(self, raw: str | None) -> str | None:
        found = self._load(raw, FORM_AGE)
        return found if isinstance(found, str) else None

    def _load(self, raw: str | None, age: int) -> Any:
        if not raw:
            return None
        try:
            return self.signer.loads(raw, max_age=age)
        except (BadSignature, ValueError):
            return None

    def start(self, response: Response, user_id: int, epoch: int) -> None:
        value = {"u": user_id, "e": epoch, "c": secrets.token_urlsafe(24)}
        self._set(response, SESSION, self.signer.dumps(value), SESSION_AGE)
        response.delete_cookie(BEFORE, path="/")

    def new_form_token(self) -> tuple[str, str]:
        """A token for a form shown before signing in, and its signed cookie value."""
        token = secrets.token_urlsafe(24)
        return token, self.signer.dumps(token)

    def keep_form_token(self, response: Response, signed: str) -> None:
        self._set(response, BEFORE, signed, FORM_AGE)

    def end(self, response: Response) -> None:
        response.delete_cookie(SESSION, path="/")

    def _set(self, response: Response, name: str, value: str, age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=age,
            path="/",
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )


def same(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
