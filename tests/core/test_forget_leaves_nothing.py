"""After /forget, nothing a person wrote is left in the database or the logs.

Marker words go in through every feature that takes a person's own words, over the real
bot on the local Telegram stand-in; then the person forgets everything, and each marker
is looked for (as UTF-8, UTF-16 and JSON-escaped), first with the bot still running and
again after it has stopped and closed the database: on SQLite in the raw bytes of the
file, its WAL and its shared-memory file; on PostgreSQL in every column of every row of
every table there is (what a DELETE promises there: see core/storage/forgetting.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy import func, insert, select, update

from channels.telegram.runtime import Runtime
from core.casework import texts
from core.logs import JsonFormatter
from core.settings import Settings
from core.storage.models import InboxUpdate
from core.storage.store import Store
from core.storage.tables import outbox_t
from tests.conftest import NOW
from tests.helpers.casework import invite, until_message
from tests.helpers.databases import Databases, only_sqlite, sync_engine
from tests.helpers.telegram import Person, Sandbox, onboard, running

CASEWORKER, CLIENT = 5301, 5302
inbox_t = InboxUpdate.__table__  # type: ignore[attr-defined]

# One marker a feature, each in two scripts, so a hit says where the words were kept.
MARKERS = {
    "chatter": "Frimblechatq كلامعنبرزق",
    "search": "Vexilsearchq بحثقرنفلزق",
    "place": "Zarnovikplaceq مكانزنبقزق",
    "note": "Klimtnoteq ملاحظةسوسنزق",
    "conditions": "Quillcondixq شروطياسمينزق 条件樱桃樱",
    "appointment": "Brontappointq موعدنرجسزق",
    "reason": "Drovereasonq سببليمونزق",
}


def forms(word: str) -> list[bytes]:
    """The ways a word can sit in a file: as UTF-8 and UTF-16 text, and inside JSON
    written with non-ASCII characters escaped (Python's json, and SQLite's)."""
    escaped = json.dumps(word)[1:-1]
    return [
        word.encode(),
        word.encode("utf-16-le"),
        word.encode("utf-16-be"),
        escaped.encode(),
        escaped.upper().encode(),
    ]


def found_in(data: bytes) -> list[str]:
    """The markers whose words (any one of them) appear in `data`."""
    folded = data.lower()
    hits = []
    for name, marker in MARKERS.items():
        for word in marker.split():
            if any(form.lower() in folded for form in forms(word)):
                hits.append(f"{name}: {word}")
    return hits


def database_files(folder: Path, name: str = "forget.db") -> dict[str, bytes]:
    """The database, its WAL and its shared-memory index, as bytes."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(name)}


def every_table(url: str) -> dict[str, bytes]:
    """Every column of every row of every table in the database (not only those Onward
    models: an index's own tables too), as text."""
    engine = sync_engine(url)
    try:
        found = {}
        with engine.connect() as conn:
            for name in sa.inspect(conn).get_table_names():
                table = sa.Table(name, sa.MetaData(), autoload_with=conn)
                cells = [sa.cast(column, sa.Text) for column in table.columns]
                rows = conn.execute(sa.select(*cells))
                found[name] = "\n".join(str(cell) for row in rows for cell in row).encode()
        return found
    finally:
        engine.dispose()


def stored(url: str) -> dict[str, bytes]:
    """Where a person's words could still be, as bytes, by where."""
    if url.startswith("sqlite"):
        return database_files(Path(sa.make_url(url).database or "").parent)
    return every_table(url)


def leftovers(url: str, caplog: pytest.LogCaptureFixture) -> dict[str, list[str]]:
    found = {name: found_in(data) for name, data in stored(url).items()}
    formatter = JsonFormatter()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    found["logs"] = found_in(logged.encode())
    return {where: hits for where, hits in found.items() if hits}


async def idle(onward: Runtime) -> None:
    """Until every turn, send and tidying-up the bot started has finished: nothing left
    in the outbox, and no checkpoint still to come."""
    store = onward.app.conversations.store
    for _ in range(200):
        async with store.transaction() as conn:
            waiting = (await conn.execute(select(func.count()).select_from(outbox_t))).scalar()
        busy = onward.batcher.running is not None or onward.workers.tasks
        if not (busy or waiting or store.tidying is not None):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not fall idle")


async def caseworker_and_client(sandbox: Sandbox, onward: Runtime) -> tuple[Person, Person, str]:
    worker, client = sandbox.person(CASEWORKER), sandbox.person(CLIENT)
    tr = onward.app.engine.catalogs.translator("en").gettext
    for someone in (worker, client):
        someone.locale = "en"
        await onboard(someone, tr)
    token = await invite(onward)
    await worker.say(f"/start cw_{token}")
    made = await worker.say("/newclient J.S.")
    link = re.search(r"start=c_([A-Z0-9]+)", made[0]["text"])
    assert link is not None
    await client.say(f"/start c_{link.group(1)}")
    await client.tap(tr(texts.AGREE))
    await until_message(worker, "agreed to your reminders")
    clients = await worker.say("/clients")
    return worker, client, clients[0]["text"].split(".")[0]


async def search_report_and_chatter(client: Person) -> None:
    await client.say(MARKERS["chatter"])
    await client.say("/menu")
    await client.tap("Find help near me")
    await client.tap("Search with my own words")
    await client.say(MARKERS["search"])
    await client.tap("Any time", expect=2)
    await client.say(MARKERS["place"])
    await client.tap("Try again")
    await client.say("Manchester")
    await client.tap("Done")
    await client.say("/menu")
    await client.tap("Find help near me")
    await client.tap("Food")
    await client.tap("Any time")  # the place found before serves this search too
    results = (await client.bot_messages())[-1]
    await client.tap(results["buttons"][0][0]["text"], expect=2)
    await client.tap("Report a problem with this")
    await client.tap("Something else")
    await client.say(MARKERS["note"], expect=2)
    await client.tap("Done")


async def supervision(client: Person) -> None:
    await client.say("/menu")
    await client.tap("My supervision")
    await client.tap("My own conditions")
    await client.say(MARKERS["conditions"])
    await client.tap("Keep them for me", expect=2)
    await client.tap("Remind me of an appointment")
    await client.say(MARKERS["appointment"])
    await client.say("2030-06-03")
    await client.say("09:30")
    await client.tap("The day before and 2 hours before", expect=3)


async def a_reason_for_the_case_worker(
    onward: Runtime, worker: Person, client: Person, number: str
) -> None:
    soon = dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(hours=1)
    await worker.say(f"/remind {number} {soon:%Y-%m-%d %H:%M} court")
    await until_message(client, texts.REMINDER_TEXTS["court"].split("{")[0])
    told = await client.tap("I can't make it")
    await until_message(worker, "can't make it")
    await client.do("send", text=MARKERS["reason"], reply_to=told[0]["message_id"])
    await until_message(worker, "says why")


async def forget(client: Person) -> None:
    await client.say("/forget")
    done = await client.tap("Yes, delete everything")
    assert done[-1]["text"].startswith("Done. I have deleted everything")


def in_the_inbox_only(url: str) -> set[str]:
    """Words kept only in an update's payload, cleared once its turn is handled: SQLite's
    file still has the page as it was; in PostgreSQL's tables they are gone already."""
    return set() if url.startswith("sqlite") else {"search", "place"}


async def test_nothing_a_person_wrote_is_left_after_forget(
    sandbox: Sandbox, databases: Databases, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    url = databases.url("forget", migrated=True)
    settings = Settings(database_url=url)
    async with running(sandbox, settings) as onward:
        onward.scheduler.quiet = None
        worker, client, number = await caseworker_and_client(sandbox, onward)
        await search_report_and_chatter(client)
        await supervision(client)
        await a_reason_for_the_case_worker(onward, worker, client, number)
        await idle(onward)
        # The markers really went in: otherwise finding none later would prove nothing.
        before = {hit.split(":")[0] for hits in leftovers(url, caplog).values() for hit in hits}
        assert before >= set(MARKERS) - {"chatter"} - in_the_inbox_only(url), before

        await forget(client)
        await idle(onward)
        running_left = leftovers(url, caplog)
        assert running_left == {}, f"while running: {running_left}"
    closed_left = leftovers(url, caplog)
    assert closed_left == {}, f"after closing: {closed_left}"


@only_sqlite  # PostgreSQL keeps an updated row's old version until vacuumed: forgetting.py
async def test_a_value_set_to_null_leaves_no_old_bytes(store: Store, tmp_path: Path):
    """A handled update's payload is cleared, not deleted: the old cell must still be
    overwritten, and the WAL's older copy of the page emptied by the checkpoint."""
    said = {1: MARKERS["search"], 2: MARKERS["chatter"], 3: MARKERS["note"]}
    async with store.transaction() as conn:
        for update_id, words in said.items():
            payload = {"update_id": update_id, "message": {"text": words}}
            row = {"update_id": update_id, "chat_id": 9, "payload": payload, "received_at": NOW}
            await conn.execute(insert(inbox_t), row)
    async with store.transaction() as conn:
        await conn.execute(
            update(inbox_t)
            .where(inbox_t.c.update_id == 2)
            .values(payload=None, chat_id=None, handled_at=NOW)
        )
    assert await store.checkpoint()
    left = found_in(b"".join(database_files(tmp_path, "onward.db").values()))
    assert {hit.split(":")[0] for hit in left} == {"search", "note"}
