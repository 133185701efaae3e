"""Importing and exporting the directory from the console: an upload is checked as the
importer checks it and shown as what would change; only "Import" writes it, whole or not
at all. Export as HSDS JSON or as the zipped CSV data package.

Between the preview and the confirmation the file travels in the page itself, compressed
and signed for this account, so any worker can take the confirmation and what is written
is exactly what was previewed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from channels.console.uploads import posted_file, seal
from channels.console.web import Editor, Staff, console, render
from core.staff.audit import record
from core.staff.texts import console_text
from directory.changes import dataset_csv_zip, dataset_json, preview, read_upload
from directory.hsds import DataError, DataProblem
from directory.store import DirectoryStore

router = APIRouter()
MAX_UPLOAD = 20 * 1024 * 1024


@router.get("/directory/import")
async def import_page(request: Request, staff: Editor) -> Response:
    return render(request, "import.html", staff)


async def _read(request: Request, staff: Staff) -> tuple[str, bytes] | str:
    too_big = console_text(
        "This file is bigger than 20 MB. Import it with: onward directory import"
    )
    return await posted_file(request, staff, "import", MAX_UPLOAD, too_big)


@router.post("/directory/import")
async def check(request: Request, staff: Editor) -> Response:
    """Step one: what the file would change, or what is wrong with it. Nothing written."""
    read = await _read(request, staff)
    if isinstance(read, str):
        return render(request, "import.html", staff, status_code=400, problem=read)
    name, data = read
    store = DirectoryStore(console(request).database)
    try:
        shown = await preview(
            store, read_upload(name, data), allowed_organization=staff.organization_id
        )
    except DataError as error:
        return _refused(request, staff, name, error.problems)
    if not shown.ok:
        return _refused(request, staff, name, shown.problems)
    return render(
        request, "import.html", staff, name=name, preview=shown,
        carried=seal(request, staff, "import", name, data),
    )  # fmt: skip


def _refused(request: Request, staff: Staff, name: str, problems: list[DataProblem]) -> Response:
    return render(
        request, "import.html", staff, status_code=400, name=name, problems=problems[:200],
        more=max(len(problems) - 200, 0),
    )  # fmt: skip


@router.post("/directory/import/confirm")
async def confirm(request: Request, staff: Editor) -> Response:
    """Step two: the previewed file, checked again (the directory may have changed), then
    written whole, or not at all."""
    read = await _read(request, staff)
    if isinstance(read, str):
        return render(request, "import.html", staff, status_code=400, problem=read)
    name, data = read
    here = console(request)
    store = DirectoryStore(here.database)
    try:
        incoming = read_upload(name, data)
        shown = await preview(store, incoming, allowed_organization=staff.organization_id)
        if not shown.ok:
            return _refused(request, staff, name, shown.problems)
        summary = await store.import_dataset(incoming)
    except DataError as error:
        return _refused(request, staff, name, error.problems)
    async with here.database.begin() as conn:
        counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items() if v)
        target = f"file {name[:80]}"
        await record(conn, staff.user, "import", target, now=here.clock(), detail=counts)
    return render(request, "import.html", staff, imported=summary.counts, name=name)


@router.get("/directory/export.json")
async def export_json(request: Request, staff: Editor) -> Response:
    data = await dataset_json(DirectoryStore(console(request).database))
    return Response(
        data, media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="directory.json"'},
    )  # fmt: skip


@router.get("/directory/export.zip")
async def export_zip(request: Request, staff: Editor) -> Response:
    data = await dataset_csv_zip(DirectoryStore(console(request).database))
    return Response(
        data, media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="directory-csv.zip"'},
    )  # fmt: skip
