"""The directory's two work queues: services nobody has verified lately, and what readers
reported as wrong. A report is marked handled; a service leaves the first queue when an
editor verifies it. An editor kept to one organisation sees its services only.

A report shows the kind of problem the reader chose, never a note they typed: the console
shows nothing a person wrote to the bot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import ColumnElement, Select, func, select, true, update

from channels.console.web import Editor, Staff, checked_form, console, render
from core.staff.audit import record
from core.storage.tables import report_t
from directory.tables import table_of

router = APIRouter()
STALE_DAYS = (90, 180, 365)
SHOWN = 200


def _own(staff: Staff) -> ColumnElement[bool]:
    service = table_of("service")
    if staff.organization_id is None:
        return true()
    return service.c.organization_id == staff.organization_id


def _stale(staff: Staff, days: int, today: dt.date) -> Select[Any]:
    service = table_of("service")
    cutoff = today - dt.timedelta(days=days)
    return (
        select(service.c.id, service.c.name, service.c.assured_date, service.c.assurer_email)
        .where(_own(staff))
        .where(service.c.assured_date.is_(None) | (service.c.assured_date < cutoff))
        .order_by(service.c.assured_date.is_not(None), service.c.assured_date, service.c.name)
    )


def _reports(staff: Staff, handled: bool) -> Select[Any]:
    service = table_of("service")
    state = report_t.c.handled_at.is_not(None) if handled else report_t.c.handled_at.is_(None)
    return (
        select(
            report_t.c.id,
            report_t.c.service_id,
            report_t.c.problem,
            report_t.c.reported_at,
            report_t.c.handled_at,
            service.c.name,
        )
        .join(service, service.c.id == report_t.c.service_id)
        .where(_own(staff), state)
        .order_by(report_t.c.reported_at.desc() if handled else report_t.c.reported_at)
    )


@router.get("/directory/queues")
async def queues(request: Request, staff: Editor, days: int = 180) -> Response:
    days = days if days in STALE_DAYS else 180
    here = console(request)
    async with here.database.connect() as conn:
        stale = list((await conn.execute(_stale(staff, days, here.clock().date()))).mappings())
        waiting = list((await conn.execute(_reports(staff, handled=False))).mappings())
        done = list((await conn.execute(_reports(staff, handled=True).limit(20))).mappings())
    return render(
        request, "queues.html", staff, stale=stale[:SHOWN], stale_count=len(stale),
        days=days, choices=STALE_DAYS, waiting=waiting, done=done,
    )  # fmt: skip


@router.post("/directory/reports/{report_id}/handled")
async def handled(request: Request, report_id: int, staff: Editor) -> Response:
    await checked_form(request, staff)
    here = console(request)
    service = table_of("service")
    now = here.clock()
    mine = select(service.c.id).where(_own(staff)).scalar_subquery()
    async with here.database.begin() as conn:
        result = await conn.execute(
            update(report_t)
            .where(
                report_t.c.id == report_id,
                report_t.c.handled_at.is_(None),
                report_t.c.service_id.in_(mine),
            )
            .values(handled_at=now)
        )
        if result.rowcount:
            await record(conn, staff.user, "handle report", f"report {report_id}", now=now)
    if request.headers.get("HX-Request"):
        return await _report_row(request, staff, report_id)
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/directory/queues", status_code=303)


async def _report_row(request: Request, staff: Staff, report_id: int) -> Response:
    """The report's row again, now handled, for htmx to swap in."""
    async with console(request).database.connect() as conn:
        statement = _reports(staff, handled=True).where(report_t.c.id == report_id)
        row = (await conn.execute(statement)).mappings().first()
        waiting = await conn.execute(
            select(func.count()).select_from(_reports(staff, handled=False).subquery())
        )
    return render(
        request, "report_row.html", staff, report=row, waiting_count=waiting.scalar_one()
    )
