"""A file uploaded for a preview, and carried in the preview page to its confirmation:
compressed and signed for one account and one purpose, so any worker can take the
confirmation and what is written is exactly what was previewed."""

from __future__ import annotations

import base64
import zlib

from fastapi import Request
from itsdangerous import BadSignature
from starlette.datastructures import UploadFile

from channels.console.web import Staff, checked_form, console, gettext_for
from core.staff.texts import console_text

CARRIED_AGE = 3600  # an hour to read the preview and confirm


def seal(request: Request, staff: Staff, purpose: str, name: str, data: bytes) -> str:
    body = base64.b64encode(zlib.compress(data, 6)).decode()
    sealer = console(request).cookies.sealer(purpose)
    return str(sealer.dumps({"u": staff.id, "n": name, "d": body}))


def _unseal(request: Request, staff: Staff, purpose: str, packed: str) -> tuple[str, bytes] | None:
    try:
        found = console(request).cookies.sealer(purpose).loads(packed, max_age=CARRIED_AGE)
        if found["u"] != staff.id:
            return None
        return str(found["n"]), zlib.decompress(base64.b64decode(found["d"]))
    except (BadSignature, KeyError, TypeError, ValueError, zlib.error):
        return None


async def posted_file(
    request: Request, staff: Staff, purpose: str, limit: int, too_big: str
) -> tuple[str, bytes] | str:
    """The file a checked form uploads or carries: its name and bytes, or what is wrong,
    in the reader's language."""
    form = await checked_form(request, staff)
    t = gettext_for(staff)
    packed = form.get("carried")
    if isinstance(packed, str) and packed:
        return _unseal(request, staff, purpose, packed) or t(
            console_text("This preview is too old. Upload the file again.")
        )
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return t(console_text("Choose a file to upload first."))
    data = await upload.read(limit + 1)
    if len(data) > limit:
        return t(too_big)
    return upload.filename, data
