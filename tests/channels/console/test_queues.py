"""The directory's work queues: readers' reports handled, services to verify."""

from __future__ import annotations

from html import escape

import httpx
import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage.tables import person_t, report_t
from directory.seed import seed_directory
from directory.tables import table_of
from tests.channels.console.conftest import NOW, account, signed_in

NOTE = "the man at the desk said call Dave on 07700 900123"


@pytest.fixture
async def reported(console_database: AsyncEngine) -> dict[str, str | int]:
    """The directory as shipped, and one reader's report with a note, on one service."""
    await seed_directory(console_database)
    service = table_of("service")
    async with console_database.begin() as conn:
        row = (
            await conn.execute(
                select(service.c.id, service.c.name, service.c.organization_id)
                .where(service.c.organization_id.is_not(None))
                .order_by(service.c.name)
                .limit(1)
            )
        ).one()
        person = await conn.execute(
            insert(person_t).returning(person_t.c.id),
            {"channel": "telegram", "address": "42", "locale": "en",
             "first_seen": NOW, "last_seen": NOW},
        )  # fmt: skip
        report = await conn.execute(
            insert(report_t).returning(report_t.c.id),
            {"person_id": person.scalar_one(), "service_id": row.id, "problem": "wrong_phone",
             "note": NOTE, "reported_at": NOW},
        )  # fmt: skip
    return {"report": report.scalar_one(), "service": row.name, "org": row.organization_id}


async def test_an_editor_handles_a_report_and_never_sees_the_readers_note(
    client: httpx.AsyncClient, console_database: AsyncEngine, reported: dict[str, str | int]
):
    await account(console_database, "ed", "editor")
    token = await signed_in(client, "ed")
    page = await client.get("/directory/queues")
    assert page.status_code == 200
    assert escape(str(reported["service"])) in page.text
    assert "wrong phone number" in page.text
    assert "Dave" not in page.text
    answer = await client.post(
        f"/directory/reports/{reported['report']}/handled",
        data={"csrf": token},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "Handled" in answer.text
    assert "Dave" not in answer.text
    async with console_database.connect() as conn:
        done = await conn.execute(
            select(report_t.c.handled_at).where(report_t.c.id == reported["report"])
        )
        assert done.scalar_one() is not None
    assert "No reports are waiting." in (await client.get("/directory/queues")).text


async def test_an_editor_of_another_organisation_cannot_handle_it(
    client: httpx.AsyncClient, console_database: AsyncEngine, reported: dict[str, str | int]
):
    other = "00000000-0000-4000-8000-000000000000"
    await account(console_database, "ed", "editor", organization_id=other)
    token = await signed_in(client, "ed")
    assert escape(str(reported["service"])) not in (await client.get("/directory/queues")).text
    await client.post(f"/directory/reports/{reported['report']}/handled", data={"csrf": token})
    async with console_database.connect() as conn:
        left = await conn.execute(
            select(report_t.c.handled_at).where(report_t.c.id == reported["report"])
        )
        assert left.scalar_one() is None


async def test_a_case_worker_cannot_open_the_queues(
    client: httpx.AsyncClient, console_database: AsyncEngine
):
    from core.casework.schema import caseworker_t

    async with console_database.begin() as conn:
        row = {"name": "Sam", "organisation": "NGO", "invite_expires_at": NOW}
        made = await conn.execute(insert(caseworker_t).returning(caseworker_t.c.id), row)
    await account(console_database, "sam", "caseworker", caseworker_id=made.scalar_one())
    await signed_in(client, "sam")
    assert (await client.get("/directory/queues")).status_code == 403
