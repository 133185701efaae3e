"""The first page after signing in: what this account can do, by role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from channels.console.web import SignedIn, render

router = APIRouter()


@router.get("/")
async def home(request: Request, staff: SignedIn) -> Response:
    return render(request, "home.html", staff)
