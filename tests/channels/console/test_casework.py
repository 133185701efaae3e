"""A case worker's pages over HTTP: my clients, an invitation with its QR code, a client's
page, scheduling (a bad date named beside its field, nothing written), cancelling, and
another case worker's client refused whatever id is tried."""

from __future__ import annotations

import re

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from core.casework import caseworkers, links
from core.casework.schema import CONSENT_KIND, reminder_t
from core.storage.tables import consent_t, person_t
from tests.channels.console.conftest import NOW, account, signed_in


async def person(conn: sa.ext.asyncio.AsyncConnection, chat: int, locale: str = "en") -> int:
    made = await conn.execute(
        sa.insert(person_t).returning(person_t.c.id),
        {"channel": "telegram", "address": str(chat), "locale": locale, "timezone": "Europe/London",
         "first_seen": NOW, "last_seen": NOW},
    )  # fmt: skip
    found = int(made.scalar_one())
    consent = {"person_id": found, "kind": CONSENT_KIND, "version": 1, "given_at": NOW}
    await conn.execute(sa.insert(consent_t), consent)
    return found


async def caseworker_with_client(database: AsyncEngine, chat: int, label: str) -> tuple[int, int]:
    """A case worker who joined, and a client who agreed: (case worker id, link id)."""
    async with database.begin() as conn:
        token = await caseworkers.invite(conn, f"Worker {chat}", "Reentry Project", NOW)
        joined = await caseworkers.join(conn, token, await person(conn, chat), NOW)
        assert joined is not None
        code, _ = await links.new_link(conn, joined["id"], label, NOW)
        assert await links.decide(conn, code, await person(conn, chat + 1, "ar"), True, NOW)
        link = await conn.execute(sa.select(links.link_t.c.id).where(links.link_t.c.code == code))
        return int(joined["id"]), int(link.scalar_one())


@pytest.fixture
async def worlds(client: httpx.AsyncClient, console_database: AsyncEngine) -> dict[str, int]:
    mine, my_link = await caseworker_with_client(console_database, 8100, "J.S.")
    _, their_link = await caseworker_with_client(console_database, 8200, "Their client")
    await account(console_database, "sam", "caseworker", caseworker_id=mine)
    return {"mine": my_link, "theirs": their_link}


async def test_my_clients_and_a_client_page(client: httpx.AsyncClient, worlds: dict[str, int]):
    await signed_in(client, "sam")
    page = await client.get("/clients")
    assert page.status_code == 200
    assert "J.S." in page.text
    assert "agreed to reminders" in page.text
    assert "Their client" not in page.text
    mine = await client.get(f"/clients/{worlds['mine']}")
    assert mine.status_code == 200
    assert "Schedule a reminder" in mine.text
    assert "Europe/London" in mine.text


async def test_another_case_workers_client_is_refused_and_nothing_shown(
    client: httpx.AsyncClient, console_database: AsyncEngine, worlds: dict[str, int]
):
    token = await signed_in(client, "sam")
    theirs = worlds["theirs"]
    for answer in (
        await client.get(f"/clients/{theirs}"),
        await client.post(
            f"/clients/{theirs}/remind",
            data={"csrf": token, "date": "2030-01-02", "time": "10:00", "kind": "court"},
        ),
        await client.post(f"/clients/{theirs}/reminders/1/cancel", data={"csrf": token}),
        await client.get("/clients/999999"),
    ):
        assert answer.status_code == 403
        assert "Their client" not in answer.text
        assert "cannot open this page" in answer.text
    async with console_database.connect() as conn:
        count = await conn.execute(sa.select(sa.func.count()).select_from(reminder_t))
        assert count.scalar_one() == 0


async def test_scheduling_checks_each_field_and_writes_only_good_ones(
    client: httpx.AsyncClient, console_database: AsyncEngine, worlds: dict[str, int]
):
    token = await signed_in(client, "sam")
    link = worlds["mine"]
    bad = await client.post(
        f"/clients/{link}/remind",
        data={"csrf": token, "date": "2030-02-30", "time": "10:00", "kind": "court"},
    )
    assert bad.status_code == 400
    assert re.search(r'id="f-date"[^>]*aria-invalid="true"', bad.text)
    assert '<p class="error" id="err-date">' in bad.text
    async with console_database.connect() as conn:
        none = await conn.execute(sa.select(sa.func.count()).select_from(reminder_t))
        assert none.scalar_one() == 0
    good = await client.post(
        f"/clients/{link}/remind",
        data={"csrf": token, "date": "2030-02-28", "time": "10:00", "kind": "court",
              "repeat": "none", "lead": ["1440", "120"]},
    )  # fmt: skip
    assert good.status_code == 303
    assert "Reminder scheduled." in (await client.get(good.headers["location"])).text
    async with console_database.connect() as conn:
        ids = [r.id for r in await conn.execute(sa.select(reminder_t.c.id))]
    assert len(ids) == 2
    done = await client.post(f"/clients/{link}/reminders/{ids[0]}/cancel", data={"csrf": token})
    cancelled = await client.get(done.headers["location"])
    assert "Reminder cancelled." in cancelled.text
    assert "cancelled" in cancelled.text


async def test_an_invitation_has_a_qr_code_and_a_link(
    client: httpx.AsyncClient, worlds: dict[str, int]
):
    token = await signed_in(client, "sam")
    made = await client.post("/clients/invite", data={"csrf": token, "label": "K.M."})
    assert made.status_code == 200
    assert "<svg" in made.text
    code = re.search(r'id="invite-code"[^>]*>([A-Z0-9]+)<', made.text)
    assert code is not None
    assert code.group(1) in made.text
    assert "K.M." in (await client.get("/clients")).text


async def test_case_work_pages_are_for_case_workers_only(
    client: httpx.AsyncClient, console_database: AsyncEngine, worlds: dict[str, int]
):
    await account(console_database, "ada")
    await signed_in(client, "ada")
    assert (await client.get("/clients")).status_code == 403
    assert (await client.get(f"/clients/{worlds['mine']}")).status_code == 403
