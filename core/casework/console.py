"""/console: a case worker who joined on Telegram asks for the web console, and gets a
one-time sign-in link to their own console account (made on first use, with no
password: such links are its only way in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.casework import texts
from core.casework.context import Ctx
from core.staff import accounts
from core.staff.links import LINK_LIFE, issue_login_link
from core.staff.schema import CASEWORKER, user_t


async def console_account(
    conn: AsyncConnection, caseworker: dict[str, Any], now: dt.datetime
) -> int | None:
    """The case worker's console account, made if they have none; None when the
    operator turned it off."""
    found = (
        await conn.execute(
            select(user_t.c.id, user_t.c.disabled_at).where(
                user_t.c.caseworker_id == caseworker["id"]
            )
        )
    ).first()
    if found is not None:
        return None if found.disabled_at is not None else int(found.id)
    return await accounts.add_user(
        conn,
        login=f"caseworker-{caseworker['id']}",
        name=caseworker["name"],
        role=CASEWORKER,
        password=None,
        now=now,
        caseworker_id=caseworker["id"],
    )


async def console_link(ctx: Ctx, caseworker: dict[str, Any]) -> None:
    user_id = await console_account(ctx.conn, caseworker, ctx.now)
    if user_id is None:
        ctx.say_text(texts.CW_SUSPENDED)
        return
    token = await issue_login_link(ctx.conn, user_id, ctx.now)
    minutes = int(LINK_LIFE.total_seconds() // 60)
    ctx.say_text(texts.CONSOLE_LINK, url=f"{ctx.console_url}/login/link/{token}", minutes=minutes)
