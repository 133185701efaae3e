"""The operator's pages: accounts (add, end sessions, disable) and the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.console.web import Operator, Staff, checked_form, console, gettext_for, render
from core.casework.schema import caseworker_t
from core.staff.accounts import AccountError, add_user, all_users, disable, end_sessions
from core.staff.audit import entries, record
from core.staff.schema import ROLES, user_t
from directory.tables import table_of

router = APIRouter()
PAGE = 100


async def _choices(conn: AsyncConnection) -> dict[str, Any]:
    organization = table_of("organization")
    organizations = await conn.execute(
        select(organization.c.id, organization.c.name).order_by(organization.c.name)
    )
    with_account = select(user_t.c.caseworker_id).where(user_t.c.caseworker_id.is_not(None))
    caseworkers = await conn.execute(
        select(caseworker_t.c.id, caseworker_t.c.name, caseworker_t.c.organisation)
        .where(caseworker_t.c.id.not_in(with_account))
        .order_by(caseworker_t.c.name)
    )
    return {
        "organizations": [dict(r._mapping) for r in organizations],
        "caseworkers": [dict(r._mapping) for r in caseworkers],
    }


async def _page(
    request: Request, staff: Staff, problem: str | None = None, status: int = 200
) -> Response:
    async with console(request).database.connect() as conn:
        users = await all_users(conn)
        choices = await _choices(conn)
    return render(
        request, "users.html", staff, status_code=status, users=users, roles=ROLES,
        problem=problem, **choices,
    )  # fmt: skip


@router.get("/users")
async def users_page(request: Request, staff: Operator) -> Response:
    return await _page(request, staff)


@router.post("/users")
async def new_user(request: Request, staff: Operator) -> Response:
    form = await checked_form(request, staff)
    here = console(request)
    t = gettext_for(staff)
    caseworker = str(form.get("caseworker_id", "")).strip()
    try:
        async with here.database.begin() as conn:
            user_id = await add_user(
                conn,
                login=str(form.get("login", "")),
                name=str(form.get("name", "")),
                role=str(form.get("role", "")),
                password=str(form.get("password", "")),
                now=here.clock(),
                organization_id=str(form.get("organization_id", "")).strip() or None,
                caseworker_id=int(caseworker) if caseworker.isdigit() else None,
                email=str(form.get("email", "")),
            )
            await record(conn, staff.user, "add account", f"account {user_id}", now=here.clock())
    except AccountError as error:
        return await _page(request, staff, t(error.template).format(**error.values), 400)
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/users", status_code=303)


@router.post("/users/{user_id}/disable")
async def disable_user(request: Request, user_id: int, staff: Operator) -> Response:
    await checked_form(request, staff)
    here = console(request)
    if user_id != staff.id:  # the last way in must not lock itself out by a slip
        async with here.database.begin() as conn:
            await disable(conn, user_id, here.clock())
            target = f"account {user_id}"
            await record(conn, staff.user, "disable account", target, now=here.clock())
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/users", status_code=303)


@router.post("/users/{user_id}/sessions")
async def end_user_sessions(request: Request, user_id: int, staff: Operator) -> Response:
    await checked_form(request, staff)
    here = console(request)
    async with here.database.begin() as conn:
        await end_sessions(conn, user_id)
        await record(conn, staff.user, "end sessions", f"account {user_id}", now=here.clock())
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/users", status_code=303)


@router.get("/audit")
async def audit(request: Request, staff: Operator, page: int = 0) -> Response:
    page = max(page, 0)
    async with console(request).database.connect() as conn:
        rows, total = await entries(conn, offset=page * PAGE, limit=PAGE)
    return render(
        request, "audit.html", staff, rows=rows, total=total, page=page,
        more=(page + 1) * PAGE < total,
    )  # fmt: skip
