"""Editing one service from the web console: load it as a form, save the form through the
importer's own path, and mark it verified.

A save builds the HSDS records of the service and its parts (editing_build.py), then goes
through `validate()` and `DirectoryStore.import_dataset`, exactly as a file would: one
transaction, the search index rebuilt with it, so the bot finds the change at once. On any
problem nothing is written, and each problem comes back beside its form field (field names:
directory/editing_form.py). The list and search of services is in editing_list.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import update

from directory import editor_messages as say
from directory.editing_build import build, new_id, service_parts
from directory.editing_form import (
    SERVICE_TEXTS,
    DocumentRow,
    HoursRow,
    LocationRow,
    PhoneRow,
    ServiceForm,
    Texts,
)
from directory.editing_list import (
    Choice,
    ServiceRow,
    category_choices,
    list_services,
    organization_choices,
)
from directory.editing_problems import sorted_out
from directory.hours import WEEKDAYS, parse_byday, parse_time
from directory.hsds import STATUS, DataError, Record
from directory.store import DirectoryStore
from directory.stored import StoredRecords
from directory.tables import table_of
from directory.validation import ACCEPTS, COSTS, EMAIL

__all__ = [
    "ACCEPTS",
    "COSTS",
    "STATUS",
    "Choice",
    "SaveResult",
    "ServiceForm",
    "ServiceRow",
    "category_choices",
    "list_services",
    "load_service",
    "new_service_form",
    "organization_choices",
    "save_service",
    "verify",
]


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    service_id: str
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Reasons by flat form field name (`name.en`, `hours-0-opens_at`...)."""
    general: list[str] = field(default_factory=list)
    """Problems that belong to no one field (or to a record the form does not show)."""


def new_service_form(organization_id: str = "") -> ServiceForm:
    """An empty form for a new service, with its new id."""
    return ServiceForm(id=new_id(), organization_id=organization_id)


async def _around(
    stored: StoredRecords,
    service_id: str,
    organizations: Iterable[str] = (),
    locations: Iterable[str] = (),
) -> None:
    """Read what an import of this service touches: its places, their locations and
    organisation, the parts each owns, attributes and translations."""
    sals = await stored.by_key("service_at_location", "service_id", [service_id])
    sal_ids = [r.id for r in sals]
    location_ids = {str(r.fields["location_id"]) for r in sals} | set(locations)
    await stored.by_ids("location", location_ids)
    owners = stored.field("service", "organization_id") | set(organizations)
    await stored.by_ids("organization", owners)
    for name in ("phone", "schedule", "language", "required_document"):
        await stored.by_key(name, "service_id", [service_id])
    for name in ("phone", "schedule"):
        await stored.by_key(name, "service_at_location_id", sal_ids)
    await stored.by_key("address", "location_id", location_ids)
    for name in ("phone", "schedule", "language"):
        only = [table_of(name).c.service_id.is_(None)]
        if name != "language":
            only.append(table_of(name).c.service_at_location_id.is_(None))
        await stored.by_key(name, "location_id", location_ids, *only)
    phone = table_of("phone").c
    await stored.by_key(
        "phone",
        "organization_id",
        stored.ids("organization"),
        phone.service_id.is_(None),
        phone.location_id.is_(None),
        phone.service_at_location_id.is_(None),
    )
    language = table_of("language").c
    await stored.by_key(
        "language",
        "phone_id",
        stored.ids("phone"),
        language.service_id.is_(None),
        language.location_id.is_(None),
    )
    await stored.attributes()
    await stored.translations()


async def _sharing(stored: StoredRecords, sid: str, locations: Iterable[str]) -> list[str]:
    """Other services at these locations: their search rows hold the locations' details."""
    sal = table_of("service_at_location").c
    places = await stored.by_key(
        "service_at_location", "location_id", locations, sal.service_id != sid
    )
    others = sorted({str(p.fields["service_id"]) for p in places})
    await stored.by_ids("service", others)
    return others


# -- loading --------------------------------------------------------------------------------
async def load_service(store: DirectoryStore, service_id: str) -> ServiceForm | None:
    """The service as a form, read with a few queries about it alone; None if unknown."""
    async with store.engine.connect() as conn:
        stored = StoredRecords(conn)
        if not await stored.by_ids("service", [service_id]):
            return None
        await _around(stored, service_id)
    service = stored.records["service"][service_id]
    parts = service_parts(stored, service_id)
    form = ServiceForm(
        id=service_id,
        texts=_texts(service, SERVICE_TEXTS),
        url=_text(service.fields.get("url")),
        email=_text(service.fields.get("email")),
        status=_text(service.fields.get("status")),
        organization_id=_text(service.fields.get("organization_id")),
        cost=_text(service.onward.get("cost")),
        timezone=_text(service.onward.get("timezone")),
        accepts=list(service.onward.get("accepts") or []),
        coverage=list(service.onward.get("coverage") or []),
        assured_date=_text(service.fields.get("assured_date")),
        assurer_email=_text(service.fields.get("assurer_email")),
    )
    sal_location = {r.id: str(r.fields["location_id"]) for r in parts["service_at_location"]}
    for sal in parts["service_at_location"]:
        form.locations.append(_location_row(stored, str(sal.fields["location_id"])))
    form.locations.sort(key=lambda row: (row.name.get("en", ""), row.id))  # HSDS has no order
    form.phones = [_phone_row(r) for r in parts["phone"]]
    for schedule in parts["schedule"]:
        rows = _hours_rows(schedule, sal_location)
        if rows is None:
            form.kept_hours.append(schedule.id)
        else:
            form.hours += rows
    form.hours.sort(key=lambda r: (WEEKDAYS.index(r.byday), r.location, r.opens_at))
    form.languages = [str(r.fields["code"]) for r in parts["language"] if r.fields.get("code")]
    form.documents = [
        DocumentRow(r.id, _texts(r, ("document",)).get("document", {}))
        for r in parts["required_document"]
    ]
    form.categories = [str(r.fields["taxonomy_term_id"]) for r in parts["attribute"]]
    return form


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _texts(record: Record, names: tuple[str, ...]) -> dict[str, Texts]:
    texts: dict[str, Texts] = {}
    for name in names:
        if record.fields.get(name):
            texts.setdefault(name, {})["en"] = str(record.fields[name])
    for locale, translated in (record.onward.get("translations") or {}).items():
        for name, value in translated.items():
            if name in names:
                texts.setdefault(name, {})[locale] = str(value)
    return texts


def _location_row(stored: StoredRecords, location_id: str) -> LocationRow:
    location = stored.records["location"][location_id]
    row = LocationRow(
        id=location_id,
        name=_texts(location, ("name",)).get("name", {}),
        latitude=_text(location.fields.get("latitude")),
        longitude=_text(location.fields.get("longitude")),
    )
    addresses = sorted(
        (a for a in stored.records["address"].values() if a.fields.get("location_id") == row.id),
        key=lambda r: (r.fields.get("address_type") != "physical", r.id),
    )
    if addresses:
        fields = addresses[0].fields
        for key in ("address_1", "address_2", "city", "postal_code", "country"):
            setattr(row, key, _text(fields.get(key)))
        row.region = _text(fields.get("state_province"))
    return row


def _phone_row(record: Record) -> PhoneRow:
    fields = record.fields
    return PhoneRow(record.id, _text(fields.get("number")), _text(fields.get("description")))


SIMPLE_RULE = frozenset({"freq", "interval", "byday", "opens_at", "closes_at", "wkst"})
OWNER_KEYS = frozenset({"id", "service_id", "location_id", "service_at_location_id"})


def _hours_rows(schedule: Record, sal_location: dict[str, str]) -> list[HoursRow] | None:
    """A weekly schedule as one row per day; None for one the form cannot show (monthly,
    every other week, dated), which is kept as it was imported."""
    fields = {k: v for k, v in schedule.fields.items() if v not in (None, "")}
    if set(fields) - SIMPLE_RULE - OWNER_KEYS or fields.get("freq", "WEEKLY") != "WEEKLY":
        return None
    if str(fields.get("interval", 1)) not in ("1", "1.0") or not fields.get("opens_at"):
        return None
    try:
        days = parse_byday(str(fields["byday"])) if fields.get("byday") else ()
        opens, closes = parse_time(str(fields["opens_at"])), parse_time(str(fields["closes_at"]))
    except (KeyError, ValueError):
        return None
    if any(nth is not None for nth, _ in days):
        return None
    where = sal_location.get(str(fields.get("service_at_location_id")), "")
    weekdays = [WEEKDAYS[d] for _, d in days] or list(WEEKDAYS)
    return [
        HoursRow(day, opens.strftime("%H:%M"), closes.strftime("%H:%M"), where) for day in weekdays
    ]


# -- saving ---------------------------------------------------------------------------------
async def save_service(
    store: DirectoryStore,
    form: ServiceForm,
    *,
    allowed_organization: str | None,
    today: dt.date,
) -> SaveResult:
    """Check and write the service as the form has it (a form without an id is a new
    service); nothing is written if anything is wrong."""
    del today  # saving does not verify: `verify` does, on the editor's word
    sid = form.id or new_id()
    form.id = sid
    problems: dict[str, list[str]] = {k: list(v) for k, v in form.problems.items()}
    general: list[str] = []
    async with store.engine.connect() as conn:
        stored = StoredRecords(conn)
        existing = await stored.by_ids("service", [sid])
        owner = existing[0].fields.get("organization_id") if existing else None
        if allowed_organization is not None and existing and owner != allowed_organization:
            return SaveResult(False, sid, {}, [say.OTHER_ORGANISATION])
        if allowed_organization is not None and form.organization_id != allowed_organization:
            problems.setdefault("organization_id", []).append(say.MOVE_TO_OTHER_ORGANISATION)
        organizations = {form.organization_id} if form.organization_id else set()
        locations = {r.id for r in form.locations if r.id}
        await _around(stored, sid, organizations, locations)
        sharing = await _sharing(stored, sid, locations)
        for other in sharing:
            await _around(stored, other)
        await stored.terms_with_parents(form.categories)
        await stored.by_key("taxonomy_term", "code", form.categories)
        await stored.translations()
    if form.organization_id and form.organization_id not in stored.records["organization"]:
        problems.setdefault("organization_id", []).append(say.NO_ORGANISATION)
    built = build(form, stored, sharing)
    for name, reasons in built.problems.items():
        problems.setdefault(name, []).extend(reasons)
    try:
        if problems:
            raise DataError([])
        await store.import_dataset(built.data)
    except DataError as error:
        sorted_out(error.problems, problems, general)
        return SaveResult(False, sid, problems, general)
    return SaveResult(True, sid)


async def verify(store: DirectoryStore, service_id: str, *, who: str, today: dt.date) -> bool:
    """ "Verified today": HSDS's assured_date and assurer_email. `who` is the editor's
    email address (the importer refuses any other assurer_email, so an export would not
    import again); False if there is no such service."""
    if not EMAIL.match(who):
        raise ValueError(say.NOT_AN_EMAIL_WHO)
    service = table_of("service")
    statement = (
        update(service)
        .where(service.c.id == service_id)
        .values(assured_date=today, assurer_email=who)
    )
    async with store.engine.begin() as conn:
        return (await conn.execute(statement)).rowcount == 1
