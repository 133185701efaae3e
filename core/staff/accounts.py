"""Console accounts: passwords hashed with argon2, an optional second step (TOTP), and
signing in slowed down after repeated failures.

A failure is kept an hour under a hash of the login name tried and, separately, of the
address it came from: five wrong tries for one name, or twenty from one address, within
fifteen minutes, and signing in is refused until they age out. A name that does not
exist costs the same hash check as one that does, so the answer does not tell them apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.staff.schema import CASEWORKER, EDITOR, ROLES, failure_t, user_t
from core.staff.texts import console_text
from directory.validation import EMAIL

HASHER = PasswordHasher()
NO_ONE = HASHER.hash("a password no account has")  # checked when the name is unknown
MIN_PASSWORD = 12
MAX_LOGIN = 80
WINDOW = dt.timedelta(minutes=15)
KEPT = dt.timedelta(hours=1)
TRIES_PER_LOGIN = 5
TRIES_PER_ADDRESS = 20


class AccountError(ValueError):
    """An account cannot be made or changed; the message says why, kindly. `template`
    and `values` let the console say it in its reader's language."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template.format(**values))
        self.template = template
        self.values = values


@dataclass(frozen=True)
class SignIn:
    user: dict[str, Any] | None
    refused: str | None = None  # "wrong", "throttled" or "code"


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            console_text("A password needs at least {count} characters."), count=MIN_PASSWORD
        )
    return HASHER.hash(password)


def _checked_login(login: str) -> str:
    login = login.strip().lower()
    if not login or len(login) > MAX_LOGIN or any(c.isspace() for c in login):
        raise AccountError(
            console_text("A login name is one word of at most {count} characters."),
            count=MAX_LOGIN,
        )
    return login


async def add_user(
    conn: AsyncConnection,
    *,
    login: str,
    name: str,
    role: str,
    password: str | None,
    now: dt.datetime,
    organization_id: str | None = None,
    caseworker_id: int | None = None,
    email: str | None = None,
) -> int:
    """A new account; refused (AccountError) with a reason an operator can act on."""
    if role not in ROLES:
        raise AccountError(
            console_text("The role must be one of: {roles}."), roles=", ".join(ROLES)
        )
    if role == CASEWORKER and caseworker_id is None:
        raise AccountError(
            console_text("A case worker's account belongs to a case worker who has joined.")
        )
    if organization_id is not None and role != EDITOR:
        organization_id = None  # only an editor is kept to one organisation
    login = _checked_login(login)
    email = (email or "").strip() or None
    if email is not None and not EMAIL.match(email):
        raise AccountError(console_text("{email} is not an email address."), email=email)
    taken = await conn.execute(select(user_t.c.id).where(user_t.c.login == login))
    if taken.first() is not None:
        raise AccountError(
            console_text("There is already an account called {login}."), login=login
        )
    values = {
        "login": login,
        "name": name.strip()[:80] or login,
        "email": email,
        "role": role,
        "password_hash": None if password is None else hash_password(password),
        "organization_id": organization_id,
        "caseworker_id": caseworker_id,
        "locale": "en",
        "created_at": now,
    }
    result = await conn.execute(insert(user_t).returning(user_t.c.id), values)
    return int(result.scalar_one())


async def user_by_id(conn: AsyncConnection, user_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(select(user_t).where(user_t.c.id == user_id))).first()
    return None if row is None else dict(row._mapping)


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


async def _failures(conn: AsyncConnection, key: str, now: dt.datetime) -> int:
    count = select(func.count()).where(failure_t.c.key == key, failure_t.c.at > now - WINDOW)
    return int((await conn.execute(count)).scalar_one())


async def _throttled(conn: AsyncConnection, login: str, address: str, now: dt.datetime) -> bool:
    await conn.execute(delete(failure_t).where(failure_t.c.at < now - KEPT))
    by_login = await _failures(conn, _key("login", login), now)
    by_address = await _failures(conn, _key("address", address), now)
    return by_login >= TRIES_PER_LOGIN or by_address >= TRIES_PER_ADDRESS


async def _failed(conn: AsyncConnection, login: str, address: str, now: dt.datetime) -> None:
    rows = [{"key": _key("login", login), "at": now}, {"key": _key("address", address), "at": now}]
    await conn.execute(insert(failure_t), rows)


def _password_fits(stored: str | None, password: str) -> bool:
    try:
        return HASHER.verify(stored or NO_ONE, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def sign_in(
    conn: AsyncConnection,
    *,
    login: str,
    password: str,
    code: str,
    address: str,
    now: dt.datetime,
) -> SignIn:
    """The account, if the name, password and (when the account has one) the code fit."""
    login = login.strip().lower()[:MAX_LOGIN]
    if await _throttled(conn, login, address, now):
        return SignIn(None, "throttled")
    row = (await conn.execute(select(user_t).where(user_t.c.login == login))).first()
    user = None if row is None else dict(row._mapping)
    fits = _password_fits(user["password_hash"] if user else None, password)
    if user is None or not fits or user["disabled_at"] is not None:
        await _failed(conn, login, address, now)
        return SignIn(None, "wrong")
    if user["totp_secret"] and not pyotp.TOTP(user["totp_secret"]).verify(
        code.strip(), valid_window=1, for_time=now
    ):
        await _failed(conn, login, address, now)
        return SignIn(None, "code")
    return SignIn(user)


async def set_password(conn: AsyncConnection, user_id: int, password: str) -> None:
    """A new password ends every session the account had."""
    await conn.execute(
        update(user_t)
        .where(user_t.c.id == user_id)
        .values(password_hash=hash_password(password), session_epoch=user_t.c.session_epoch + 1)
    )


async def end_sessions(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(
        update(user_t)
        .where(user_t.c.id == user_id)
        .values(session_epoch=user_t.c.session_epoch + 1)
    )


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, login: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name="Onward console")


async def turn_on_totp(
    conn: AsyncConnection, user_id: int, secret: str, code: str, now: dt.datetime
) -> bool:
    """Kept only when the code shows the person's app has the secret."""
    if not pyotp.TOTP(secret).verify(code.strip(), valid_window=1, for_time=now):
        return False
    await conn.execute(update(user_t).where(user_t.c.id == user_id).values(totp_secret=secret))
    return True


async def set_locale(conn: AsyncConnection, user_id: int, locale: str) -> None:
    await conn.execute(update(user_t).where(user_t.c.id == user_id).values(locale=locale))


async def all_users(conn: AsyncConnection) -> list[dict[str, Any]]:
    rows = await conn.execute(select(user_t).order_by(user_t.c.login))
    return [dict(r._mapping) for r in rows]


async def disable(conn: AsyncConnection, user_id: int, now: dt.datetime) -> None:
    await conn.execute(
        update(user_t)
        .where(user_t.c.id == user_id)
        .values(disabled_at=now, session_epoch=user_t.c.session_epoch + 1)
    )
