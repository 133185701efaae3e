"""Import and export in the console: a preview that writes nothing, a file with an error
named by its field and nothing written, and an import confirmed whole."""

from __future__ import annotations

import json
import re
from html import unescape

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.seed import seed_directory
from directory.tables import table_of
from tests.channels.console.conftest import account, signed_in

FIRST_DAY = "c329fed7-9e42-533d-9da7-e219cf96141b"


@pytest.fixture
async def editor(client: httpx.AsyncClient, console_database: AsyncEngine) -> str:
    await seed_directory(console_database)
    await account(console_database, "ed", "editor")
    return await signed_in(client, "ed")


async def phones(database: AsyncEngine) -> list[str]:
    phone = table_of("phone")
    async with database.connect() as conn:
        rows = await conn.execute(select(phone.c.number).order_by(phone.c.id))
        return [r.number for r in rows]


def first_day(document: list[dict]) -> dict:
    return next(s for s in document if s["id"] == FIRST_DAY)


async def test_an_export_changed_is_previewed_then_imported(
    client: httpx.AsyncClient, console_database: AsyncEngine, editor: str
):
    exported = await client.get("/directory/export.json")
    assert exported.status_code == 200
    document = json.loads(exported.content)
    service = first_day(document)
    service["phones"][0]["number"] = "0161 496 0999"
    before = await phones(console_database)
    upload = {"file": ("directory.json", json.dumps(document).encode(), "application/json")}
    shown = await client.post("/directory/import", data={"csrf": editor}, files=upload)
    assert shown.status_code == 200, shown.text[-1500:]
    assert "First Day" in unescape(shown.text)
    assert re.search(r"changes <span[^>]*>phones</span>", shown.text)
    assert await phones(console_database) == before  # a preview writes nothing
    carried = re.search(r'name="carried" value="([^"]+)"', shown.text)
    assert carried is not None
    done = await client.post(
        "/directory/import/confirm", data={"csrf": editor, "carried": carried.group(1)}
    )
    assert done.status_code == 200
    assert "The bot shows the changes now." in done.text
    assert "0161 496 0999" in await phones(console_database)


async def test_a_file_with_an_error_names_its_field_and_writes_nothing(
    client: httpx.AsyncClient, console_database: AsyncEngine, editor: str
):
    document = json.loads((await client.get("/directory/export.json")).content)
    service = first_day(document)
    service["phones"][0]["number"] = "0161 496 0999"
    # The place, wherever the file names it (several services share it).
    place = service["service_at_locations"][0]["location"]["id"]
    for each in document:
        for at in each.get("service_at_locations", []):
            if at["location"]["id"] == place:
                at["location"]["latitude"] = 200
    upload = {"file": ("ours.json", json.dumps(document).encode(), "application/json")}
    before = await phones(console_database)
    refused = await client.post("/directory/import", data={"csrf": editor}, files=upload)
    assert refused.status_code == 400
    assert "Nothing was imported." in refused.text
    rows = re.findall(r'<tr class="problem">.*?</tr>', refused.text, re.S)
    beside = [r for r in rows if ">latitude</th>" in r]
    assert beside, rows
    assert "90" in beside[0]  # the reason, in the cell beside the field's name
    assert 'name="carried"' not in refused.text
    assert await phones(console_database) == before


async def test_a_broken_upload_and_a_forged_confirmation_are_refused_kindly(
    client: httpx.AsyncClient, console_database: AsyncEngine, editor: str
):
    upload = {"file": ("list.json", b"{not json", "application/json")}
    broken = await client.post("/directory/import", data={"csrf": editor}, files=upload)
    assert broken.status_code == 400
    assert "is not JSON" in broken.text
    forged = await client.post(
        "/directory/import/confirm", data={"csrf": editor, "carried": "made.up.value"}
    )
    assert forged.status_code == 400
    assert "Upload the file again." in forged.text
    zipped = await client.get("/directory/export.zip")
    assert zipped.content[:2] == b"PK"
