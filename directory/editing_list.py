"""The console's list of services: filter, search and page, and the choices a form offers.

Text search is a case-insensitive substring of the English name or description (the same
on SQLite and PostgreSQL, wildcards in the text taken literally); the bot's word search is
directory/search.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    column,
    exists,
    func,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.tables import table_of

# The readers' reports live with the bot's tables (core/storage/models.py ServiceReport);
# the directory names just the two columns it counts, and imports nothing from above it.
report_t = table(
    "service_report",
    column("service_id", String),
    column("handled_at", String),
    column("id", Integer),
)


@dataclass(frozen=True)
class ServiceRow:
    id: str
    name: str
    organization_id: str | None
    organization_name: str | None
    status: str
    assured_date: dt.date | None
    assurer_email: str | None
    open_reports: int
    """Readers' reports on this service not yet marked handled."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def _filters(
    *,
    text: str | None,
    category: str | None,
    organization_id: str | None,
    status: str | None,
    stale_days: int | None,
    today: dt.date,
) -> list[ColumnElement[bool]]:
    service = table_of("service")
    conditions: list[ColumnElement[bool]] = []
    if text and text.strip():
        words = text.strip().lower()
        conditions.append(
            or_(
                func.lower(service.c.name).contains(words, autoescape=True),
                func.lower(func.coalesce(service.c.description, "")).contains(
                    words, autoescape=True
                ),
            )
        )
    if category:
        attribute, term = table_of("attribute"), table_of("taxonomy_term")
        conditions.append(
            exists().where(
                attribute.c.link_id == service.c.id,
                attribute.c.taxonomy_term_id == term.c.id,
                or_(term.c.id == category, term.c.code == category),
            )
        )
    if organization_id:
        conditions.append(service.c.organization_id == organization_id)
    if status:
        conditions.append(service.c.status == status)
    if stale_days is not None:
        cutoff = today - dt.timedelta(days=stale_days)
        conditions.append(or_(service.c.assured_date.is_(None), service.c.assured_date < cutoff))
    return conditions


async def list_services(
    engine: AsyncEngine,
    *,
    text: str | None = None,
    category: str | None = None,
    organization_id: str | None = None,
    status: str | None = None,
    stale_days: int | None = None,
    today: dt.date,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[ServiceRow], int]:
    """One page of the services that match, by name, and how many match in all.
    `category` is a taxonomy term's id or code; `stale_days`: not verified in that many
    days, or never."""
    service, organization = table_of("service"), table_of("organization")
    where = and_(
        true(),
        *_filters(
            text=text,
            category=category,
            organization_id=organization_id,
            status=status,
            stale_days=stale_days,
            today=today,
        ),
    )
    reports = (
        select(func.count(report_t.c.id))
        .where(report_t.c.service_id == service.c.id, report_t.c.handled_at.is_(None))
        .scalar_subquery()
    )
    page = (
        select(
            service.c.id,
            service.c.name,
            service.c.organization_id,
            organization.c.name.label("organization_name"),
            service.c.status,
            service.c.assured_date,
            service.c.assurer_email,
            reports.label("open_reports"),
        )
        .outerjoin(organization, organization.c.id == service.c.organization_id)
        .where(where)
        .order_by(func.lower(service.c.name), service.c.id)
        .offset(max(offset, 0))
        .limit(max(limit, 0))
    )
    count = select(func.count()).select_from(service).where(where)
    async with engine.connect() as conn:
        rows = [ServiceRow(**dict(r)) for r in (await conn.execute(page)).mappings()]
        total = int((await conn.execute(count)).scalar_one())
    return rows, total


async def organization_choices(engine: AsyncEngine) -> list[Choice]:
    organization = table_of("organization")
    statement = select(organization.c.id, organization.c.name).order_by(organization.c.name)
    async with engine.connect() as conn:
        return [Choice(r.id, r.name) for r in await conn.execute(statement)]


async def category_choices(engine: AsyncEngine) -> list[Choice]:
    """Taxonomy terms a service can be linked to (the form's `categories` values)."""
    term = table_of("taxonomy_term")
    statement = select(term.c.id, term.c.name).order_by(term.c.name)
    async with engine.connect() as conn:
        return [Choice(r.id, r.name) for r in await conn.execute(statement)]
