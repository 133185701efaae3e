"""A service form turned into the HSDS records an import writes, beside the stored records
that must go with them.

An import replaces a service's own parts (places, phones, hours, languages, documents,
categories) and, for every location and organisation in the file, theirs: so the file
built here carries the stored parts of the service's locations and organisation as they
are, with the service rebuilt from the form. Each built record's `origin` is the form's
field prefix (`service`, `locations-0`, `hours-3`...) so the importer's problems can be
put back beside the field they are about (editing_problems.py).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from directory import editor_messages as say
from directory.editing_form import LOCALES, SERVICE_TEXTS, LocationRow, ServiceForm, Texts
from directory.hours import WEEKDAYS
from directory.hsds import Dataset, Record
from directory.stored import StoredRecords

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
# A service's own parts: the import replaces them with the form's.
OWN_PARTS = ("service_at_location", "phone", "schedule", "language", "required_document")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Built:
    data: Dataset
    problems: dict[str, list[str]] = field(default_factory=dict)
    replaced: set[str] = field(default_factory=set)
    """Stored records the form rewrites (a location's address)."""

    def problem(self, name: str, reason: str) -> None:
        self.problems.setdefault(name, []).append(reason)


def service_parts(stored: StoredRecords, sid: str) -> dict[str, list[Record]]:
    """The stored parts the service owns, by table (what an import of it replaces)."""
    sals = [r for r in stored.records["service_at_location"].values() if _is(r, "service_id", sid)]
    sal_ids = {r.id for r in sals}
    parts: dict[str, list[Record]] = {"service_at_location": sals}
    for name in ("phone", "schedule"):
        parts[name] = [
            r
            for r in stored.records[name].values()
            if _is(r, "service_id", sid) or r.fields.get("service_at_location_id") in sal_ids
        ]
    for name in ("language", "required_document"):
        parts[name] = [r for r in stored.records[name].values() if _is(r, "service_id", sid)]
    attributes = stored.records["attribute"].values()
    parts["attribute"] = [r for r in attributes if _is(r, "link_id", sid)]
    return parts


def _is(record: Record, key: str, value: str) -> bool:
    return str(record.fields.get(key) or "") == value


def build(form: ServiceForm, stored: StoredRecords, sharing: Iterable[str] = ()) -> Built:
    """The file for this form. `sharing`: services at the form's locations, which go in
    as stored so that their search rows are rebuilt with the locations' new details."""
    built = Built(Dataset("console"))
    sid = form.id
    own = service_parts(stored, sid)
    owned_ids = {r.id for rows in own.values() for r in rows}
    places = _locations(form, stored, own["service_at_location"], built)
    organizations = {form.organization_id} | _keep_services(stored, sharing, built)
    _keep_stored(stored, organizations, built, owned_ids)
    _service(form, stored.records["service"].get(sid), built)
    _phones(form, own["phone"], places, built)
    _hours(form, own["schedule"], places, built)
    _languages(form, own["language"], built)
    _documents(form, own["required_document"], built)
    _categories(form, stored, own["attribute"], built)
    _keep_dependents(stored, built, owned_ids)
    return built


def _keep_services(stored: StoredRecords, sharing: Iterable[str], built: Built) -> set[str]:
    """Other services as stored, with their parts and places; their organisations."""
    organizations: set[str] = set()
    for sid in sharing:
        service = stored.records["service"][sid]
        built.data.add(_copy(service))
        organizations.add(str(service.fields.get("organization_id") or ""))
        for records in service_parts(stored, sid).values():
            for record in records:
                built.data.add(_copy(record))
        for place in service_parts(stored, sid)["service_at_location"]:
            location = str(place.fields.get("location_id"))
            if location not in built.data.records["location"]:
                built.data.add(_copy(stored.records["location"][location]))
    return organizations


def _keep_stored(
    stored: StoredRecords, organizations: set[str], built: Built, owned: set[str]
) -> None:
    """What goes into the file as stored: the organisations and their own phones, the
    locations' own parts, and taxonomy terms."""
    locations = set(built.data.records["location"])
    for name in ("organization", "taxonomy", "taxonomy_term", "address", "phone", "schedule"):
        for record in stored.records[name].values():
            if record.id in owned or record.id in built.replaced:
                continue
            location = record.fields.get("location_id")
            if name == "organization" and record.id not in organizations:
                continue
            organisation_phone = (
                name == "phone"
                and not location
                and not record.fields.get("service_id")
                and not record.fields.get("service_at_location_id")
                and record.fields.get("organization_id") in organizations
            )
            located = name in ("address", "phone", "schedule")
            if located and location not in locations and not organisation_phone:
                continue
            built.data.add(_copy(record))


def _keep_dependents(stored: StoredRecords, built: Built, owned: set[str]) -> None:
    """Languages of a location or a phone, and attributes of any record, in the file:
    the import replaces them with the file's, so they go in as stored."""
    present = {i for records in built.data.records.values() for i in records}
    for record in stored.records["language"].values():
        owner = record.fields.get("location_id") or record.fields.get("phone_id")
        if record.id not in owned and not record.fields.get("service_id") and owner in present:
            built.data.add(_copy(record))
    for record in stored.records["attribute"].values():
        if record.id not in owned and record.fields.get("link_id") in present:
            built.data.add(_copy(record))


def _copy(record: Record, origin: str | None = None) -> Record:
    onward = dict(record.onward)
    return Record(record.table, dict(record.fields), origin or record.origin, onward)


def _set(fields: dict[str, Any], key: str, value: str) -> None:
    if value:
        fields[key] = value
    else:
        fields.pop(key, None)


def _translations(texts: dict[str, Texts]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name, by_locale in texts.items():
        for locale, text in by_locale.items():
            if locale != "en" and locale in LOCALES and text:
                out.setdefault(locale, {})[name] = text
    return out


def _service(form: ServiceForm, base: Record | None, built: Built) -> None:
    fields = dict(base.fields) if base else {"id": form.id}
    onward = dict(base.onward) if base else {}
    for name in SERVICE_TEXTS:
        _set(fields, name, form.text(name))
    for name in ("url", "email", "status", "organization_id"):
        _set(fields, name, getattr(form, name))
    onward.pop("translations", None)
    translated = _translations({n: form.texts.get(n, {}) for n in SERVICE_TEXTS})
    for key, value in (
        ("translations", translated),
        ("accepts", form.accepts),
        ("coverage", form.coverage),
        ("cost", form.cost),
        ("timezone", form.timezone),
    ):
        if value:
            onward[key] = value
        else:
            onward.pop(key, None)
    built.data.add(Record("service", fields, "service", onward))


def _locations(
    form: ServiceForm, stored: StoredRecords, sals: list[Record], built: Built
) -> dict[str, tuple[str, str]]:
    """Each form location as a location (with its address) and a place of the service:
    location id -> (location id, service_at_location id)."""
    sal_of = {str(r.fields.get("location_id")): r for r in sals}
    places: dict[str, tuple[str, str]] = {}
    for index, row in enumerate(form.locations):
        prefix = f"locations-{index}"
        base = stored.records["location"].get(row.id) if row.id else None
        ident = row.id or new_id()
        fields = dict(base.fields) if base else {"id": ident, "location_type": "physical"}
        for key in ("latitude", "longitude"):
            _set(fields, key, getattr(row, key))
        _set(fields, "name", row.name.get("en", ""))
        onward = dict(base.onward) if base else {}
        translated = dict(onward.get("translations") or {})
        for locale in LOCALES[1:]:
            texts = {k: v for k, v in translated.get(locale, {}).items() if k != "name"}
            if row.name.get(locale):
                texts["name"] = row.name[locale]
            translated[locale] = texts
        onward["translations"] = {k: v for k, v in translated.items() if v}
        built.data.add(Record("location", fields, prefix, onward))
        _address(row, ident, stored, built, prefix)
        sal = sal_of.get(ident)
        sal_fields = dict(sal.fields) if sal else {"id": new_id(), "service_id": form.id}
        sal_fields["location_id"] = ident
        built.data.add(Record("service_at_location", sal_fields, f"{prefix}-place"))
        places[ident] = (ident, str(sal_fields["id"]))
    return places


ADDRESS_FROM_FORM = {
    "address_1": "address_1",
    "address_2": "address_2",
    "city": "city",
    "region": "state_province",
    "postal_code": "postal_code",
    "country": "country",
}


def _address(
    row: LocationRow, location_id: str, stored: StoredRecords, built: Built, prefix: str
) -> None:
    """The form edits a location's first physical address; others are kept."""
    addresses = [
        r for r in stored.records["address"].values() if _is(r, "location_id", location_id)
    ]
    addresses.sort(key=lambda r: (r.fields.get("address_type") != "physical", r.id))
    typed = any(getattr(row, key) for key in ADDRESS_FROM_FORM)
    if not addresses and not typed:
        return
    base = addresses[0] if addresses else None
    if base is not None:
        built.replaced.add(base.id)
    if base is not None and not typed:
        return  # the form cleared the address: the location has none now
    fields = dict(base.fields) if base else {"id": new_id(), "address_type": "physical"}
    fields["location_id"] = location_id
    for key, hsds in ADDRESS_FROM_FORM.items():
        _set(fields, hsds, getattr(row, key))
    if fields.get("country"):
        fields["country"] = str(fields["country"]).upper()
    onward = dict(base.onward) if base else {}
    built.data.add(Record("address", fields, f"{prefix}-address", onward))


def _phones(
    form: ServiceForm, stored: list[Record], places: dict[str, tuple[str, str]], built: Built
) -> None:
    by_id = {r.id: r for r in stored}
    sal_ids = {sal for _, sal in places.values()}
    for index, row in enumerate(form.phones):
        base = by_id.get(row.id)
        fields = dict(base.fields) if base else {"id": row.id or new_id(), "service_id": form.id}
        if fields.get("service_at_location_id") and fields["service_at_location_id"] not in (
            sal_ids
        ):
            fields.pop("service_at_location_id")
            fields.pop("location_id", None)
            fields["service_id"] = form.id
        _set(fields, "number", row.number)
        _set(fields, "description", row.description)
        onward = dict(base.onward) if base else {}
        built.data.add(Record("phone", fields, f"phones-{index}", onward))


def _hours(
    form: ServiceForm, stored: list[Record], places: dict[str, tuple[str, str]], built: Built
) -> None:
    sal_ids = {sal for _, sal in places.values()}
    for record in stored:
        sal = record.fields.get("service_at_location_id")
        if record.id in form.kept_hours and (not sal or sal in sal_ids):
            built.data.add(_copy(record))
    for index, row in enumerate(form.hours):
        prefix = f"hours-{index}"
        if row.byday not in WEEKDAYS:
            built.problem(f"{prefix}-byday", say.NOT_A_WEEKDAY)
        if not row.opens_at:
            built.problem(f"{prefix}-opens_at", say.REQUIRED)
        fields: dict[str, Any] = {"id": new_id(), "freq": "WEEKLY", "byday": row.byday}
        _set(fields, "opens_at", row.opens_at)
        _set(fields, "closes_at", row.closes_at)
        if not row.location:
            fields["service_id"] = form.id
        elif row.location in places:
            fields["service_at_location_id"] = places[row.location][1]
        else:
            built.problem(f"{prefix}-location", say.NOT_A_PLACE_OF_THIS_SERVICE)
            fields["service_id"] = form.id
        built.data.add(Record("schedule", fields, prefix))


def _languages(form: ServiceForm, stored: list[Record], built: Built) -> None:
    by_code = {str(r.fields.get("code") or ""): r for r in stored}
    for code in form.languages:
        if not LANGUAGE_CODE.match(code):
            built.problem("languages", say.NOT_A_LANGUAGE.format(value=code))
            continue
        base = by_code.get(code)
        if base is not None:
            built.data.add(_copy(base, "languages"))
            continue
        fields = {"id": new_id(), "service_id": form.id, "code": code}
        _set(fields, "name", _language_name(code))
        built.data.add(Record("language", fields, "languages"))


def _language_name(code: str) -> str:
    try:
        return str(Locale.parse(code.replace("-", "_")).get_display_name("en"))
    except (ValueError, UnknownLocaleError):
        return ""


def _documents(form: ServiceForm, stored: list[Record], built: Built) -> None:
    by_id = {r.id: r for r in stored}
    for index, row in enumerate(form.documents):
        base = by_id.get(row.id)
        fields = dict(base.fields) if base else {"id": row.id or new_id(), "service_id": form.id}
        _set(fields, "document", row.document.get("en", ""))
        onward = dict(base.onward) if base else {}
        onward.pop("translations", None)
        translated = _translations({"document": row.document})
        if translated:
            onward["translations"] = translated
        built.data.add(Record("required_document", fields, f"documents-{index}", onward))


def _categories(
    form: ServiceForm, stored: StoredRecords, attributes: list[Record], built: Built
) -> None:
    terms = stored.records["taxonomy_term"]
    by_code = {str(t.fields.get("code")): t.id for t in terms.values() if t.fields.get("code")}
    by_term = {str(r.fields.get("taxonomy_term_id")): r for r in attributes}
    for value in form.categories:
        term = value if value in terms else by_code.get(value)
        if term is None:
            built.problem("categories", f"'{value}' {say.NO_CATEGORY}")
            continue
        base = by_term.get(term)
        fields = (
            dict(base.fields)
            if base
            else {
                "id": new_id(),
                "link_id": form.id,
                "link_entity": "service",
                "taxonomy_term_id": term,
            }
        )
        built.data.add(Record("attribute", fields, "categories"))
