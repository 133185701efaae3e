"""Signing in and out, the one-time link from the bot, and one's own account: password,
a second step (TOTP) and the console's language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from channels.console.i18n import CONSOLE_LOCALES
from channels.console.web import SignedIn, Staff, checked_form, console, gettext_for, render
from core.staff.accounts import (
    AccountError,
    end_sessions,
    new_totp_secret,
    set_locale,
    set_password,
    sign_in,
    totp_uri,
    turn_on_totp,
    user_by_id,
)
from core.staff.audit import record
from core.staff.links import use_login_link
from core.staff.texts import console_text

router = APIRouter()


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _sign_in_page(request: Request, problem: str | None = None, status: int = 200) -> Response:
    cookies = console(request).cookies
    token, signed = cookies.new_form_token()
    page = render(request, "login.html", None, status_code=status, problem=problem, csrf=token)
    cookies.keep_form_token(page, signed)
    return page


@router.get("/login")
async def login_page(request: Request) -> Response:
    return _sign_in_page(request)


PROBLEMS = {
    "wrong": console_text(
        "That name and password do not match an account. Check them and try again."
    ),
    "code": console_text("That code did not fit. Type the 6 digits your app shows now."),
    "throttled": console_text("Too many tries. For your safety, wait 15 minutes, then try again."),
}


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    here = console(request)
    now = here.clock()
    async with here.database.begin() as conn:
        result = await sign_in(
            conn,
            login=str(form.get("login", "")),
            password=str(form.get("password", "")),
            code=str(form.get("code", "")),
            address=_address(request),
            now=now,
        )
        if result.user is not None:
            await record(conn, result.user, "sign in", "console", now=now)
    if result.user is None:
        status = 429 if result.refused == "throttled" else 401
        t = gettext_for(None)
        return _sign_in_page(request, t(PROBLEMS[result.refused or "wrong"]), status)
    root = request.scope.get("root_path", "")
    response = RedirectResponse(f"{root}/", status_code=303)
    here.cookies.start(response, int(result.user["id"]), int(result.user["session_epoch"]))
    return response


@router.post("/logout")
async def logout(request: Request, staff: SignedIn) -> Response:
    await checked_form(request, staff)
    here = console(request)
    async with here.database.begin() as conn:
        await end_sessions(conn, staff.id)
        await record(conn, staff.user, "sign out", "console", now=here.clock())
    root = request.scope.get("root_path", "")
    response = RedirectResponse(f"{root}/login", status_code=303)
    here.cookies.end(response)
    return response


@router.get("/login/link/{token}")
async def link_page(request: Request, token: str) -> Response:
    """A page with one button: opening a link must not use it up (a phone's preview of
    the link opens it too), so signing in takes a POST."""
    cookies = console(request).cookies
    form_token, signed = cookies.new_form_token()
    page = render(request, "link.html", None, token=token[:100], csrf=form_token)
    cookies.keep_form_token(page, signed)
    return page


@router.post("/login/link/{token}")
async def use_link(request: Request, token: str) -> Response:
    await checked_form(request)
    here = console(request)
    now = here.clock()
    async with here.database.begin() as conn:
        user_id = await use_login_link(conn, token, now)
        user = None if user_id is None else await user_by_id(conn, user_id)
        if user is not None and user["disabled_at"] is None:
            await record(conn, user, "sign in by link", "console", now=now)
        else:
            user = None
    if user is None:
        t = gettext_for(None)
        problem = t("This link has been used or is too old. Ask the bot for a new one: /console")
        return _sign_in_page(request, problem, 401)
    root = request.scope.get("root_path", "")
    response = RedirectResponse(f"{root}/", status_code=303)
    here.cookies.start(response, int(user["id"]), int(user["session_epoch"]))
    return response


@router.get("/account")
async def account_page(request: Request, staff: SignedIn) -> Response:
    secret = new_totp_secret()
    return render(
        request,
        "account.html",
        staff,
        locales=CONSOLE_LOCALES,
        secret=secret,
        uri=totp_uri(secret, staff.user["login"]),
    )


@router.post("/account/language")
async def language(request: Request, staff: SignedIn) -> Response:
    form = await checked_form(request, staff)
    chosen = str(form.get("locale", ""))
    if chosen in CONSOLE_LOCALES:
        async with console(request).database.begin() as conn:
            await set_locale(conn, staff.id, chosen)
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/account", status_code=303)


@router.post("/account/password")
async def password(request: Request, staff: SignedIn) -> Response:
    form = await checked_form(request, staff)
    here = console(request)
    t = gettext_for(staff)
    new = str(form.get("password", ""))
    if new != str(form.get("again", "")):
        return _account(request, staff, t("The two passwords are not the same."), 400)
    try:
        async with here.database.begin() as conn:
            await set_password(conn, staff.id, new)
            await record(conn, staff.user, "change password", "own account", now=here.clock())
    except AccountError as error:
        return _account(request, staff, t(error.template).format(**error.values), 400)
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/login", status_code=303)


@router.post("/account/totp")
async def totp(request: Request, staff: SignedIn) -> Response:
    form = await checked_form(request, staff)
    here = console(request)
    t = gettext_for(staff)
    async with here.database.begin() as conn:
        kept = await turn_on_totp(
            conn, staff.id, str(form.get("secret", "")), str(form.get("code", "")), here.clock()
        )
        if kept:
            await record(conn, staff.user, "turn on second step", "own account", now=here.clock())
    if not kept:
        return _account(request, staff, t("That code did not fit. Try the newest one."), 400)
    return _account(request, staff, None, 200, done=t("The second step is on."))


def _account(
    request: Request, staff: Staff, problem: str | None, status: int, done: str | None = None
) -> Response:
    secret = new_totp_secret()
    return render(
        request,
        "account.html",
        staff,
        status_code=status,
        locales=CONSOLE_LOCALES,
        secret=secret,
        uri=totp_uri(secret, staff.user["login"]),
        problem=problem,
        done=done,
    )
