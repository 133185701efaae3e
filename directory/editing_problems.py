"""The importer's problems put back beside the form field each is about.

Records built from the form carry the form's field prefix as their origin (see
editing_build.py); a problem on a record stored as it is (the organisation, a taxonomy
term) names no field of the form and is a general problem, worded as the importer words it.
"""

from __future__ import annotations

import re

from directory.editing_form import SERVICE_TEXTS, SINGLE
from directory.hsds import DataProblem

ROW = re.compile(r"^(locations|phones|hours|documents)-(\d+)(-address|-place)?$")
TRANSLATION = re.compile(r"^onward\.translations\.([A-Za-z_]+)\.(\w+)$")
ADDRESS = {
    "address_1": "address_1",
    "address_2": "address_2",
    "city": "city",
    "state_province": "region",
    "postal_code": "postal_code",
    "country": "country",
}


def field_of(problem: DataProblem) -> str | None:
    """The flat form field a problem belongs to, or None for a general problem."""
    origin, name = problem.record, problem.field
    if origin == "service":
        return _service(name)
    if origin in ("languages", "categories"):
        return origin
    match = ROW.match(origin)
    if match is None:
        return None
    group, index, part = match.groups()
    prefix = f"{group}-{index}"
    if group == "locations":
        return _location(prefix, part, name)
    return _row_field(group, prefix, name)


def _row_field(group: str, prefix: str, name: str) -> str | None:
    own = {"phones": ("number", "description"), "hours": ("byday", "opens_at", "closes_at")}
    if name in own.get(group, ()):
        return f"{prefix}-{name}"
    if group == "hours":
        return f"{prefix}-location" if name.endswith("location_id") else None
    return _translated(prefix, "document", name) if group == "documents" else None


def _service(name: str) -> str | None:
    if name in SERVICE_TEXTS:
        return f"{name}.en"
    translated = TRANSLATION.match(name)
    if translated is not None:
        return f"{translated.group(2)}.{translated.group(1)}"
    if name.startswith("onward."):
        return name.removeprefix("onward.")
    if name in SINGLE or name in ("assured_date", "assurer_email"):
        return name
    return None


def _location(prefix: str, part: str | None, name: str) -> str | None:
    if part == "-address":
        return f"{prefix}-{ADDRESS[name]}" if name in ADDRESS else None
    if part == "-place":
        return f"{prefix}-id"
    if name in ("latitude", "longitude"):
        return f"{prefix}-{name}"
    return _translated(prefix, "name", name)


def _translated(prefix: str, text: str, name: str) -> str | None:
    if name == text:
        return f"{prefix}-{text}.en"
    translated = TRANSLATION.match(name)
    if translated is not None and translated.group(2) == text:
        return f"{prefix}-{text}.{translated.group(1)}"
    return None


def sorted_out(
    problems: list[DataProblem], fields: dict[str, list[str]], general: list[str]
) -> None:
    """Each problem into `fields` by form field name, or `general` (as the importer says it)."""
    for problem in problems:
        name = field_of(problem)
        if name is None:
            general.append(str(problem).removeprefix(f"{problem.file}: "))
        elif problem.reason not in fields.get(name, []):
            fields.setdefault(name, []).append(problem.reason)
