"""One service as the console's edit form holds it, and its flat HTML field names.

Field names (what the form posts and `fields_of` gives back):

- `id`: the service's id (a new service: a new uuid4, see editing.new_service_form).
- `<text>.<locale>`: a text in one language, <text> one of SERVICE_TEXTS (`name`,
  `alternate_name`, `description`, `eligibility_description`, `fees_description`,
  `application_process`, `alert`) and <locale> one of LOCALES (`en` is the record's own
  field; `ar`, `es`, `fr`, `ru`, `zh_Hans` its translations): `name.en`, `description.ar`.
- `url`, `email`, `status`, `cost`, `timezone`, `organization_id`: one value each.
- `accepts`, `coverage`, `categories` (taxonomy term ids), `languages` (codes such as `en`,
  `ar`), `kept_hours` (ids of schedules the form cannot show, kept as imported): lists,
  posted as repeated fields (checkboxes, a multiple select) or one text separated by spaces
  or commas.
- `assured_date`, `assurer_email`: shown, never saved from the form (editing.verify sets them).
- Rows, `<group>-<n>-<key>` with n = 0, 1, 2...; a row whose fields are all blank is left
  out (a template may offer blank rows to add one), and rows keep the order of n:
  - `locations-<n>-id` (a new location: the new id template_rows gives), `-name.<locale>`,
    `-address_1`, `-address_2`, `-city`, `-region` (HSDS's address state_province: county,
    state), `-postal_code`, `-country` (GB, US), `-latitude`, `-longitude`;
  - `phones-<n>-id`, `-number`, `-description`;
  - `hours-<n>-byday` (MO..SU), `-opens_at`, `-closes_at` (HH:MM), `-location` (the id of
    one of the service's locations, or blank for all its places). Several rows may share a
    day (open 09:00-12:00 and 13:00-17:00); a day with no row is a closed day;
  - `documents-<n>-id`, `-document.<locale>`.
- Names beginning `_` (a CSRF token, a submit button) are ignored. Any other name becomes a
  problem under that name, never an exception.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from directory import editor_messages as say
from directory.hours import WEEKDAYS
from directory.hsds import TRANSLATED_LOCALES

LOCALES = ("en", *TRANSLATED_LOCALES)
SERVICE_TEXTS = (
    "name",
    "alternate_name",
    "description",
    "eligibility_description",
    "fees_description",
    "application_process",
    "alert",
)
SINGLE = ("id", "url", "email", "status", "cost", "timezone", "organization_id")
READ_ONLY = ("assured_date", "assurer_email")
LISTS = ("accepts", "coverage", "categories", "languages", "kept_hours")
LOCATION_KEYS = (
    "id",
    "address_1",
    "address_2",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
)
PHONE_KEYS = ("id", "number", "description")
HOURS_KEYS = ("byday", "opens_at", "closes_at", "location")
ROW_NAME = re.compile(r"^(locations|phones|hours|documents)-([^-]*)-(.+)$")
Texts = dict[str, str]
"""A text in each language: locale -> text ('en' the record's own field)."""
FieldValue = str | list[str]


@dataclass
class LocationRow:
    id: str = ""
    name: Texts = field(default_factory=dict)
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    latitude: str = ""
    longitude: str = ""


@dataclass
class PhoneRow:
    id: str = ""
    number: str = ""
    description: str = ""


@dataclass
class HoursRow:
    byday: str = ""
    opens_at: str = ""
    closes_at: str = ""
    location: str = ""
    """A location id of the service's, or '' for the service at all its places."""


@dataclass
class DocumentRow:
    id: str = ""
    document: Texts = field(default_factory=dict)


@dataclass
class ServiceForm:
    """Everything an editor changes on one service. Values are kept as typed (latitude
    '200' stays text) so a refused form is shown again as it was sent."""

    id: str = ""
    texts: dict[str, Texts] = field(default_factory=dict)
    """SERVICE_TEXTS field -> locale -> text."""
    url: str = ""
    email: str = ""
    status: str = "active"
    cost: str = ""
    timezone: str = ""
    organization_id: str = ""
    accepts: list[str] = field(default_factory=list)
    coverage: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    kept_hours: list[str] = field(default_factory=list)
    locations: list[LocationRow] = field(default_factory=list)
    phones: list[PhoneRow] = field(default_factory=list)
    hours: list[HoursRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    assured_date: str = ""
    assurer_email: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Fields that could not be read, by field name (form_from_fields)."""

    def text(self, name: str, locale: str = "en") -> str:
        return self.texts.get(name, {}).get(locale, "")


def name_of(group: str, index: int, key: str) -> str:
    """A row's field name: name_of('hours', 0, 'opens_at') == 'hours-0-opens_at'."""
    return f"{group}-{index}-{key}"


# -- from the posted fields ---------------------------------------------------------------
def form_from_fields(fields: Mapping[str, FieldValue]) -> ServiceForm:
    form = ServiceForm(status="")
    rows: dict[str, dict[int, dict[str, str]]] = {}
    for name, value in fields.items():
        if name.startswith("_"):
            continue
        if name in LISTS:
            setattr(form, name, _as_list(value))
        elif name in SINGLE or name in READ_ONLY:
            setattr(form, name, _one(value))
        elif _text_field(name) is not None:
            text, locale = name.split(".", 1)
            if _one(value):
                form.texts.setdefault(text, {})[locale] = _one(value)
        else:
            _take_row(form, rows, name, _one(value))
    _rows_into(form, rows)
    return form


def _one(value: FieldValue) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v.strip()), "")
    return value.strip()


def _as_list(value: FieldValue) -> list[str]:
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        for part in re.split(r"[\s,]+", item):
            if part and part not in found:
                found.append(part)
    return found


def _text_field(name: str, texts: tuple[str, ...] = SERVICE_TEXTS) -> tuple[str, str] | None:
    text, _, locale = name.partition(".")
    return (text, locale) if text in texts and locale in LOCALES else None


def _take_row(
    form: ServiceForm, rows: dict[str, dict[int, dict[str, str]]], name: str, value: str
) -> None:
    match = ROW_NAME.match(name)
    if match is None:
        form.problems.setdefault(name, []).append(say.UNKNOWN_FIELD)
        return
    group, number, key = match.groups()
    if not number.isdigit() or len(number) > 4:
        form.problems.setdefault(name, []).append(say.NOT_A_ROW_NUMBER)
        return
    if not _known_key(group, key):
        form.problems.setdefault(name, []).append(say.UNKNOWN_FIELD)
        return
    rows.setdefault(group, {}).setdefault(int(number), {})[key] = value


def _known_key(group: str, key: str) -> bool:
    if group == "locations":
        return key in LOCATION_KEYS or _text_field(key, ("name",)) is not None
    if group == "documents":
        return key == "id" or _text_field(key, ("document",)) is not None
    return key in (PHONE_KEYS if group == "phones" else HOURS_KEYS)


def _rows_into(form: ServiceForm, rows: dict[str, dict[int, dict[str, str]]]) -> None:
    for group, numbered in rows.items():
        for _, values in sorted(numbered.items()):
            if not any(v for k, v in values.items() if k != "id"):
                continue
            if group == "locations":
                form.locations.append(_location(values))
            elif group == "phones":
                form.phones.append(PhoneRow(**{k: values.get(k, "") for k in PHONE_KEYS}))
            elif group == "hours":
                hours = HoursRow(**{k: values.get(k, "") for k in HOURS_KEYS})
                hours.byday = hours.byday.upper()
                form.hours.append(hours)
            else:
                form.documents.append(DocumentRow(values.get("id", ""), _texts(values)))


def _location(values: dict[str, str]) -> LocationRow:
    row = LocationRow(name=_texts(values))
    for key in LOCATION_KEYS:
        setattr(row, key, values.get(key, ""))
    return row


def _texts(values: dict[str, str]) -> Texts:
    return {k.split(".", 1)[1]: v for k, v in values.items() if "." in k and v}


# -- back to fields, and rows for a template ----------------------------------------------
def fields_of(form: ServiceForm) -> dict[str, FieldValue]:
    """The form as field names and values: what form_from_fields reads back."""
    out: dict[str, FieldValue] = {n: str(getattr(form, n)) for n in (*SINGLE, *READ_ONLY)}
    for name in LISTS:
        out[name] = list(getattr(form, name))
    for text in SERVICE_TEXTS:
        for locale in LOCALES:
            out[f"{text}.{locale}"] = form.text(text, locale)
    for group_rows in template_rows(form, blank=0).values():
        for row in group_rows:
            out.update({row.names[k]: v for k, v in row.values.items()})
    return out


@dataclass(frozen=True)
class Row:
    """One row of a group for a template: `names[key]` is the input's name, `values[key]`
    its value; keys as in the module docstring (`number`, `name.es`, `opens_at`)."""

    index: int
    names: dict[str, str]
    values: dict[str, str]


def template_rows(form: ServiceForm, blank: int = 1) -> dict[str, list[Row]]:
    """The form's rows by group (`locations`, `phones`, `hours`, `documents`), each group
    followed by `blank` empty rows for adding one (a blank location row carries a new
    id: an hours row may name it as its `location`)."""
    groups: dict[str, list[dict[str, str]]] = {
        "locations": [_location_values(r) for r in form.locations],
        "phones": [{k: getattr(r, k) for k in PHONE_KEYS} for r in form.phones],
        "hours": [{k: getattr(r, k) for k in HOURS_KEYS} for r in form.hours],
        "documents": [
            {"id": r.id, **{f"document.{lc}": r.document.get(lc, "") for lc in LOCALES}}
            for r in form.documents
        ],
    }
    empty = {
        "locations": _location_values(LocationRow()),
        "phones": dict.fromkeys(PHONE_KEYS, ""),
        "hours": dict.fromkeys(HOURS_KEYS, ""),
        "documents": {"id": "", **{f"document.{lc}": "" for lc in LOCALES}},
    }
    out: dict[str, list[Row]] = {}
    for group, given in groups.items():
        values = given + [_blank(group, empty[group]) for _ in range(blank)]
        out[group] = [
            Row(i, {k: name_of(group, i, k) for k in v}, v) for i, v in enumerate(values)
        ]
    return out


def _blank(group: str, empty: dict[str, str]) -> dict[str, str]:
    """A blank row; a new location has its id already, so hours can name it before it
    is saved."""
    return {**empty, "id": str(uuid.uuid4())} if group == "locations" else dict(empty)


def _location_values(row: LocationRow) -> dict[str, str]:
    values = {k: str(getattr(row, k)) for k in LOCATION_KEYS}
    values.update({f"name.{lc}": row.name.get(lc, "") for lc in LOCALES})
    return values


def hours_by_day(form: ServiceForm) -> list[tuple[str, list[tuple[int, HoursRow]]]]:
    """Each weekday with its periods (row index, row), Monday first: an empty list is a
    closed day."""
    return [
        (day, [(i, r) for i, r in enumerate(form.hours) if r.byday == day]) for day in WEEKDAYS
    ]
