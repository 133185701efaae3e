"""Signing in, sessions and CSRF: the console's doors."""

from __future__ import annotations

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from channels.console.app import PAGES
from channels.console.sessions import SESSION, Cookies
from core.staff.schema import audit_t
from tests.channels.console.conftest import (
    PASSWORD,
    Clock,
    account,
    form_token,
    sign_in,
    signed_in,
)


async def test_the_right_password_signs_in_and_a_wrong_one_does_not(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    await account(console_database, "ada")
    wrong = await sign_in(client, "ada", "not the password")
    assert wrong.status_code == 401
    assert "do not match" in wrong.text
    assert SESSION not in client.cookies
    right = await sign_in(client, "ada")
    assert right.status_code == 303
    assert client.cookies.get(SESSION)
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert (await client.get("/")).status_code == 200


async def test_pages_need_a_session(client: httpx.AsyncClient):
    for path in ("/", "/users", "/audit", "/account"):
        answer = await client.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"].endswith("/login")


async def test_a_form_without_its_csrf_token_or_with_a_wrong_one_is_refused(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    await account(console_database, "ada")
    page = await client.get("/login")
    data = {"login": "ada", "password": PASSWORD, "code": ""}
    assert (await client.post("/login", data=data)).status_code == 403
    assert (await client.post("/login", data=data | {"csrf": "forged"})).status_code == 403
    assert SESSION not in client.cookies
    token = await signed_in(client, "ada")
    new = {"login": "bob", "name": "Bob", "role": "editor", "password": PASSWORD}
    assert (await client.post("/users", data=new)).status_code == 403
    assert (
        await client.post("/users", data=new | {"csrf": form_token(page.text)})
    ).status_code == 403
    assert "bob" not in (await client.get("/users")).text
    assert (await client.post("/users", data=new | {"csrf": token})).status_code == 303
    assert "bob" in (await client.get("/users")).text


async def test_every_form_route_checks_the_csrf_token(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    """Every POST the console has, signed in as an operator, without a token: 403 or,
    for a page the operator may not use, 403 all the same."""
    await account(console_database, "ada")
    await signed_in(client, "ada")
    posts = [
        route.path
        for module in PAGES
        for route in module.router.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    ]
    assert len(posts) >= 8
    for path in posts:
        concrete = path.replace("{token}", "x" * 20)
        for name in ("user_id", "link_id", "reminder_id", "report_id", "service_id"):
            concrete = concrete.replace("{" + name + "}", "1")
        answer = await client.post(concrete, data={"anything": "1"})
        assert answer.status_code in {403, 404}, (path, answer.status_code)
        assert answer.status_code == 403 or "{" in path, path


async def test_a_session_cookie_changed_or_signed_elsewhere_is_refused(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    ada = await account(console_database, "ada", "editor")
    ops = await account(console_database, "ops")
    await signed_in(client, "ada")
    mine = client.cookies[SESSION]
    other = Cookies("another console's secret " * 2, secure=False)
    # Ada's session, claiming to be the operator's: signed with another key, or altered.
    forged = other.signer.dumps({"u": ops, "e": 0, "c": "x"})
    for cookie in (forged, mine.replace(mine[5], "A" if mine[5] != "A" else "B", 1)):
        client.cookies.set(SESSION, cookie)
        assert (await client.get("/users")).status_code == 303
    client.cookies.set(SESSION, mine)
    assert (await client.get("/users")).status_code == 403  # Ada is an editor
    assert ada != ops


async def test_signing_out_ends_the_session_even_for_a_copied_cookie(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    await account(console_database, "ada")
    token = await signed_in(client, "ada")
    copied = client.cookies[SESSION]
    assert (await client.post("/logout", data={"csrf": token})).status_code == 303
    client.cookies.set(SESSION, copied)
    assert (await client.get("/")).status_code == 303


async def test_signing_in_is_throttled_after_repeated_failures(
    client: httpx.AsyncClient, console_database: AsyncEngine, clock: Clock
):
    await account(console_database, "ada")
    for _ in range(5):
        assert (await sign_in(client, "ada", "guess")).status_code == 401
    throttled = await sign_in(client, "ada")  # the right password, too late
    assert throttled.status_code == 429
    assert "wait 15 minutes" in throttled.text
    assert SESSION not in client.cookies
    clock.now += __import__("datetime").timedelta(minutes=16)
    assert (await sign_in(client, "ada")).status_code == 303


@pytest.mark.parametrize("role", ["editor", "caseworker"])
async def test_operator_pages_refuse_other_roles(
    client: httpx.AsyncClient, console_database: AsyncEngine, role: str
):
    from sqlalchemy import insert

    from core.casework.schema import caseworker_t
    from tests.channels.console.conftest import NOW

    caseworker = None
    if role == "caseworker":
        async with console_database.begin() as conn:
            row = {"name": "Sam", "organisation": "NGO", "invite_expires_at": NOW}
            result = await conn.execute(insert(caseworker_t).returning(caseworker_t.c.id), row)
            caseworker = int(result.scalar_one())
    await account(console_database, "pat", role, caseworker_id=caseworker)
    await signed_in(client, "pat")
    for path in ("/users", "/audit"):
        answer = await client.get(path)
        assert answer.status_code == 403
        assert "cannot open this page" in answer.text


async def test_sign_ins_and_changes_are_in_the_audit_log(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    await account(console_database, "ada")
    token = await signed_in(client, "ada")
    new = {"login": "bob", "name": "Bob", "role": "editor", "password": PASSWORD, "csrf": token}
    await client.post("/users", data=new)
    async with console_database.connect() as conn:
        count = await conn.execute(select(func.count()).select_from(audit_t))
        assert count.scalar_one() == 2
    log = await client.get("/audit")
    assert "sign in" in log.text
    assert "add account" in log.text
