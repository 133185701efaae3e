"""A case worker's pages: my clients, inviting one (a QR code and a link), a client's
reminders and timeline, scheduling (a date and time in the client's own zone, a repeat,
the text they will read in their language), cancelling, and scheduling from a file.

Every page about a client goes through core/casework/desk.py, whose checks are the very
ones Telegram's commands use: a link that is not this case worker's answers 403 and shows
nothing, and a client who does not agree shows no more than the link's own state.
"""

from __future__ import annotations

import datetime as dt

import segno
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from channels.console.i18n import bot_texts
from channels.console.uploads import posted_file, seal
from channels.console.web import CaseWorker, Staff, checked_form, console, gettext_for, render
from core.casework import desk, history
from core.casework.schema import KINDS
from core.casework.timing import local_of
from core.staff.audit import record
from core.staff.texts import console_text

router = APIRouter()
MAX_FILE = 2 * 1024 * 1024


def _me(staff: Staff) -> int:
    return int(staff.user["caseworker_id"])


def _refused(request: Request, staff: Staff) -> Response:
    return render(request, "refused.html", staff, status_code=403)


@router.get("/clients")
async def clients(request: Request, staff: CaseWorker) -> Response:
    here = console(request)
    async with here.database.connect() as conn:
        rows = await desk.my_clients(conn, _me(staff), here.clock())
    return render(request, "clients.html", staff, rows=rows)


@router.post("/clients/invite")
async def invite(request: Request, staff: CaseWorker) -> Response:
    form = await checked_form(request, staff)
    here = console(request)
    t = gettext_for(staff)
    try:
        async with here.database.begin() as conn:
            made = await desk.invite(
                conn, _me(staff), str(form.get("label", "")), here.clock(),
                username=here.bot_username,
            )  # fmt: skip
            target = f"client link {made.link_id}"
            await record(conn, staff.user, "invite client", target, now=here.clock())
    except desk.Invalid as invalid:
        async with here.database.connect() as conn:
            rows = await desk.my_clients(conn, _me(staff), here.clock())
        problems = {k: t(v) for k, v in invalid.problems.items()}
        return render(request, "clients.html", staff, status_code=400, rows=rows,
                      problems=problems)  # fmt: skip
    qr = segno.make(made.link, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return render(request, "invited.html", staff, invitation=made, qr=qr)


async def _client_page(
    request: Request,
    staff: Staff,
    link_id: int,
    *,
    problems: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    here = console(request)
    now = here.clock()
    async with here.database.connect() as conn:
        events = await history.timeline(conn, _me(staff), link_id)
        if events is None:
            return _refused(request, staff)
        client = await desk.client_of(conn, _me(staff), link_id)
        rows = await desk.my_clients(conn, _me(staff), now)
        reminders = await history.reminders_of_client(conn, _me(staff), link_id) or []
        sample = now + dt.timedelta(days=1)
        templates = await desk.templates(
            conn, bot_texts(), _me(staff), link_id, when=sample
        )  # None when they do not agree
    row = next(r for r in rows if r.link_id == link_id)
    t = gettext_for(staff)
    return render(
        request, "client.html", staff, status_code=status, client=client, row=row,
        events=events, reminders=reminders, templates=templates or [], kinds=KINDS,
        repeats=list(desk.REPEATS), problems={k: t(v) for k, v in (problems or {}).items()},
        typed=typed or {}, notice=notice,
        local=lambda moment: local_of(moment, row.zone or "UTC").strftime("%Y-%m-%d %H:%M"),
    )  # fmt: skip


@router.get("/clients/{link_id}")
async def client(request: Request, link_id: int, staff: CaseWorker) -> Response:
    t = gettext_for(staff)
    notices = {
        "scheduled": t("Reminder scheduled."),
        "cancelled": t("Reminder cancelled."),
        "too-late": t("That reminder can no longer be cancelled."),
    }
    notice = notices.get(request.query_params.get("done", ""))
    return await _client_page(request, staff, link_id, notice=notice)


@router.post("/clients/{link_id}/remind")
async def remind(request: Request, link_id: int, staff: CaseWorker) -> Response:
    form = await checked_form(request, staff)
    here = console(request)
    typed = {k: str(form.get(k, ""))[:600] for k in ("date", "time", "kind", "words", "repeat")}
    leads = [int(v) for v in form.getlist("lead") if isinstance(v, str) and v.isdigit()]
    async with here.database.begin() as conn:
        result = await desk.schedule(
            conn, _me(staff), link_id, date=typed["date"], time=typed["time"],
            kind=typed["kind"], words=typed["words"], repeat=typed["repeat"] or "none",
            lead=leads or None, now=here.clock(),
        )  # fmt: skip
        if result is not None and result.ok:
            ids = ",".join(str(i) for i in result.reminder_ids)
            await record(conn, staff.user, "schedule reminder", f"client link {link_id}",
                         now=here.clock(), detail=f"reminders {ids}")  # fmt: skip
    if result is None:
        return _refused(request, staff)
    if not result.ok:
        return await _client_page(
            request, staff, link_id, problems=result.problems, typed=typed, status=400
        )
    return _back_to(request, link_id, "scheduled")


@router.post("/clients/{link_id}/reminders/{reminder_id}/cancel")
async def cancel(request: Request, link_id: int, reminder_id: int, staff: CaseWorker) -> Response:
    await checked_form(request, staff)
    here = console(request)
    async with here.database.begin() as conn:
        if await desk.client_of(conn, _me(staff), link_id) is None:
            return _refused(request, staff)
        mine = await history.reminders_of_client(conn, _me(staff), link_id) or []
        if reminder_id not in {r.id for r in mine}:
            return _refused(request, staff)
        done = await history.cancel_reminder(conn, _me(staff), reminder_id, here.clock())
        if done:
            await record(conn, staff.user, "cancel reminder", f"reminder {reminder_id}",
                         now=here.clock())  # fmt: skip
    return _back_to(request, link_id, "cancelled" if done else "too-late")


def _back_to(request: Request, link_id: int, done: str) -> Response:
    """After a change, the client's page by GET: reloading it changes nothing again."""
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/clients/{link_id}?done={done}", status_code=303)


# -- scheduling from a file -----------------------------------------------------------
@router.get("/clients/file/upload")
async def file_page(request: Request, staff: CaseWorker) -> Response:
    return render(request, "bulk.html", staff)


async def _file(request: Request, staff: Staff) -> tuple[str, bytes] | str:
    too_big = console_text("This file is bigger than 2 MB.")
    return await posted_file(request, staff, "reminders-file", MAX_FILE, too_big)


@router.post("/clients/file/upload")
async def file_preview(request: Request, staff: CaseWorker) -> Response:
    read = await _file(request, staff)
    if isinstance(read, str):
        return render(request, "bulk.html", staff, status_code=400, problem=read)
    name, data = read
    here = console(request)
    async with here.database.connect() as conn:
        shown = await desk.bulk_preview(conn, _me(staff), name, data, here.clock())
    if shown.problems:
        return render(request, "bulk.html", staff, status_code=400, name=name, preview=shown)
    carried = seal(request, staff, "reminders-file", name, data)
    return render(request, "bulk.html", staff, name=name, preview=shown, carried=carried)


@router.post("/clients/file/confirm")
async def file_confirm(request: Request, staff: CaseWorker) -> Response:
    read = await _file(request, staff)
    if isinstance(read, str):
        return render(request, "bulk.html", staff, status_code=400, problem=read)
    name, data = read
    here = console(request)
    async with here.database.begin() as conn:
        done = await desk.bulk_write(conn, _me(staff), name, data, here.clock())
        if not done.problems:
            await record(conn, staff.user, "schedule from file", f"{len(done.rows)} appointments",
                         now=here.clock())  # fmt: skip
    status = 400 if done.problems else 200
    return render(request, "bulk.html", staff, status_code=status, name=name, preview=done,
                  written=not done.problems)  # fmt: skip
