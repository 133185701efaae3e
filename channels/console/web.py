"""What every page shares: who is signed in, what they may do, the checked form, and
rendering a template in their language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse

from channels.console.i18n import chosen, environment, translations
from channels.console.sessions import BEFORE, SESSION, Cookies, Session, same
from core.staff.accounts import user_by_id
from core.staff.schema import CASEWORKER, EDITOR, OPERATOR

CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class Console:
    """What the console's pages are handed through `app.state.console`."""

    database: AsyncEngine
    cookies: Cookies
    clock: Callable[[], dt.datetime]
    bot_username: str | None = None


@dataclass(frozen=True)
class Staff:
    user: dict[str, Any]
    session: Session

    @property
    def id(self) -> int:
        return int(self.user["id"])

    @property
    def role(self) -> str:
        return str(self.user["role"])

    @property
    def locale(self) -> str:
        return chosen(self.user["locale"])

    @property
    def organization_id(self) -> str | None:
        """An editor kept to one organisation's services; None for all."""
        return self.user["organization_id"] if self.role == EDITOR else None

    def may(self, *roles: str) -> bool:
        return self.role == OPERATOR or self.role in roles

    @property
    def edits_directory(self) -> bool:
        return self.may(EDITOR)

    @property
    def does_casework(self) -> bool:
        return self.role == CASEWORKER and self.user["caseworker_id"] is not None


class NotSignedIn(Exception):  # noqa: N818 - a redirect, not a failure
    """Handled by sending the browser to the sign-in page."""


class Refused(Exception):  # noqa: N818 - a page, not a failure
    """403: shown as a short page that tells nothing of what was asked for."""


def console(request: Request) -> Console:
    found: Console = request.app.state.console
    return found


async def signed_in(request: Request) -> Staff:
    """The account behind the session cookie; only while its epoch is current."""
    here = console(request)
    session = here.cookies.read(request.cookies.get(SESSION))
    if session is None:
        raise NotSignedIn
    async with here.database.connect() as conn:
        user = await user_by_id(conn, session.user_id)
    if user is None or user["disabled_at"] is not None or user["session_epoch"] != session.epoch:
        raise NotSignedIn
    return Staff(user, session)


def allowed(*roles: str) -> Callable[[Request], Awaitable[Staff]]:
    """A dependency: the signed-in account, if its role may open the page (an operator
    may open every page but a case worker's own clients)."""

    async def check(request: Request) -> Staff:
        staff = await signed_in(request)
        if not staff.may(*roles):
            raise Refused
        return staff

    return check


async def caseworker(request: Request) -> Staff:
    staff = await signed_in(request)
    if not staff.does_casework:
        raise Refused
    return staff


async def checked_form(request: Request, staff: Staff | None = None) -> FormData:
    """The posted form, if it carries this session's CSRF token (a field or, for htmx,
    a header); before signing in, the sign-in form's own token."""
    form = await request.form()
    given = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if staff is not None:
        expected: str | None = staff.session.csrf
    else:
        expected = console(request).cookies.form_token(request.cookies.get(BEFORE))
    if not same(expected, given if isinstance(given, str) else None):
        raise HTTPException(403, "This form has expired. Go back, reload the page and try again.")
    return form


def render(
    request: Request,
    template: str,
    staff: Staff | None,
    status_code: int = 200,
    locale: str | None = None,
    **values: Any,
) -> HTMLResponse:
    lang = staff.locale if staff is not None else chosen(locale)
    page = environment(lang).get_template(template)
    body = page.render(
        request=request,
        staff=staff,
        csrf=staff.session.csrf if staff else values.pop("csrf", ""),
        root=request.scope.get("root_path", ""),
        **values,
    )
    return HTMLResponse(body, status_code=status_code)


def gettext_for(staff: Staff | None) -> Callable[[str], str]:
    return translations(staff.locale if staff else "en").gettext


SignedIn = Annotated[Staff, Depends(signed_in)]
Operator = Annotated[Staff, Depends(allowed(OPERATOR))]
Editor = Annotated[Staff, Depends(allowed(EDITOR))]
CaseWorker = Annotated[Staff, Depends(caseworker)]
