"""The directory for its editors: list, filter and search services; edit one (texts in
every language side by side, places, phones, hours, documents, whom it accepts), checked
as the importer checks a file, with each problem beside its field; mark it verified today.

An editor kept to one organisation sees and changes its services only; saving goes
through the importer's own path (directory/editing.py), so the bot's search sees the
change at once.
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from channels.console.web import CSRF_FIELD, Editor, Staff, checked_form, console, gettext_for
from channels.console.web import render as render_page
from core.staff.audit import record
from directory import editing
from directory.editing_form import (
    LISTS,
    LOCALES,
    SERVICE_TEXTS,
    FieldValue,
    ServiceForm,
    form_from_fields,
    hours_by_day,
    template_rows,
)
from directory.hours import WEEKDAYS
from directory.hsds import STATUS
from directory.store import DirectoryStore
from directory.validation import ACCEPTS, COSTS, EMAIL

router = APIRouter()
PAGE = 50
STALE_CHOICES = (90, 180, 365)


def _store(request: Request) -> DirectoryStore:
    return DirectoryStore(console(request).database)


def _number(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdigit() else 0


@router.get("/directory")
async def services(request: Request, staff: Editor) -> Response:
    here = console(request)
    asked = request.query_params
    q, category = asked.get("q", "")[:100], asked.get("category", "")[:40]
    organization, status = asked.get("organization", "")[:40], asked.get("status", "")
    stale, page = _number(asked.get("stale")), _number(asked.get("page"))
    rows, total = await editing.list_services(
        here.database,
        text=q or None,
        category=category or None,
        organization_id=staff.organization_id or organization or None,
        status=status if status in STATUS else None,
        stale_days=stale if stale in STALE_CHOICES else None,
        today=here.clock().date(),
        offset=page * PAGE,
        limit=PAGE,
    )
    values: dict[str, Any] = {
        "rows": rows, "total": total, "page": page, "more": (page + 1) * PAGE < total,
        "q": q, "category": category, "organization": organization, "status": status,
        "stale": stale, "statuses": sorted(STATUS), "stale_choices": STALE_CHOICES,
        "categories": await editing.category_choices(here.database),
        "organizations": await editing.organization_choices(here.database),
    }  # fmt: skip
    return render_page(request, "services.html", staff, **values)


async def _choices(request: Request, staff: Staff) -> dict[str, Any]:
    here = console(request)
    organizations = await editing.organization_choices(here.database)
    if staff.organization_id is not None:
        organizations = [o for o in organizations if o.value == staff.organization_id]
    return {
        "organizations": organizations,
        "categories": await editing.category_choices(here.database),
        "accepts": sorted(ACCEPTS), "costs": sorted(COSTS), "statuses": sorted(STATUS),
        "texts": SERVICE_TEXTS, "locales": LOCALES, "weekdays": WEEKDAYS,
        "languages_all": {
            lc: Locale.parse(lc).get_display_name(staff.locale) or lc for lc in LOCALES
        },
    }  # fmt: skip


async def _editor(
    request: Request,
    staff: Staff,
    form: ServiceForm,
    *,
    new: bool,
    problems: dict[str, list[str]] | None = None,
    general: list[str] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    t = gettext_for(staff)
    shown = {k: [t(r) for r in v] for k, v in (problems or {}).items()}
    return render_page(
        request, "service.html", staff, status_code=status, form=form, new=new,
        rows=template_rows(form, blank=2), days=hours_by_day(form), problems=shown,
        general=[t(g) for g in general or []], notice=notice, **await _choices(request, staff),
    )  # fmt: skip


@router.get("/directory/services/new")
async def new_service(request: Request, staff: Editor) -> Response:
    form = editing.new_service_form(staff.organization_id or "")
    form.timezone = ""
    return await _editor(request, staff, form, new=True)


@router.get("/directory/services/{service_id}")
async def service(request: Request, service_id: str, staff: Editor, saved: int = 0) -> Response:
    form = await editing.load_service(_store(request), service_id[:36])
    if form is None:
        return Response(status_code=404)
    if staff.organization_id is not None and form.organization_id != staff.organization_id:
        return render_page(request, "refused.html", staff, status_code=403)
    t = gettext_for(staff)
    notice = t("Saved. The bot shows the change now.") if saved else None
    return await _editor(request, staff, form, new=False, notice=notice)


def _fields(posted: FormData) -> dict[str, FieldValue]:
    """The posted form as editing.form_from_fields reads it: lists kept whole."""
    fields: dict[str, FieldValue] = {}
    for name in posted:
        if name == CSRF_FIELD:
            continue
        values = [v for v in posted.getlist(name) if isinstance(v, str)]
        fields[name] = values if name in LISTS else (values[-1] if values else "")
    return fields


@router.post("/directory/services/{service_id}")
async def save(request: Request, service_id: str, staff: Editor) -> Response:
    posted = await checked_form(request, staff)
    form = form_from_fields(_fields(posted))
    new = posted.get("_new") == "1"
    form.id = service_id[:36]
    here = console(request)
    result = await editing.save_service(
        _store(request), form, allowed_organization=staff.organization_id,
        today=here.clock().date(),
    )  # fmt: skip
    if not result.saved:
        return await _editor(
            request, staff, form, new=new, problems=result.problems, general=result.general,
            status=400,
        )  # fmt: skip
    async with here.database.begin() as conn:
        action = "add service" if new else "edit service"
        await record(conn, staff.user, action, f"service {result.service_id}", now=here.clock())
    root = request.scope.get("root_path", "")
    return RedirectResponse(
        f"{root}/directory/services/{result.service_id}?saved=1", status_code=303
    )


@router.post("/directory/services/{service_id}/verify")
async def verify(request: Request, service_id: str, staff: Editor) -> Response:
    await checked_form(request, staff)
    here = console(request)
    t = gettext_for(staff)
    store = _store(request)
    form = await editing.load_service(store, service_id[:36])
    if form is None:
        return Response(status_code=404)
    if staff.organization_id is not None and form.organization_id != staff.organization_id:
        return render_page(request, "refused.html", staff, status_code=403)
    email = staff.user["email"] or ""
    if not EMAIL.match(email):
        problem = t("Your account has no email address, which a check is kept under. "
                    "Ask the operator to add it.")  # fmt: skip
        return await _editor(request, staff, form, new=False, general=[problem], status=400)
    today = here.clock().date()
    await editing.verify(store, form.id, who=email, today=today)
    async with here.database.begin() as conn:
        await record(conn, staff.user, "verify service", f"service {form.id}", now=here.clock())
    form.assured_date, form.assurer_email = today.isoformat(), email
    return await _editor(request, staff, form, new=False, notice=t("Marked as verified today."))
