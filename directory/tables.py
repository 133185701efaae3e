"""The SQLAlchemy table of each HSDS object, and reading ids a few hundred at a time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table

from directory import models

MODEL_OF: dict[str, type[Any]] = {
    "organization": models.Organization,
    "service": models.Service,
    "location": models.Location,
    "service_at_location": models.ServiceAtLocation,
    "address": models.Address,
    "phone": models.Phone,
    "schedule": models.Schedule,
    "language": models.Language,
    "taxonomy": models.Taxonomy,
    "taxonomy_term": models.TaxonomyTerm,
    "attribute": models.Attribute,
    "required_document": models.RequiredDocument,
}
CHUNK = 500
translation_t: Table = models.Translation.__table__  # type: ignore[attr-defined]
search_t: Table = models.SearchPlace.__table__  # type: ignore[attr-defined]


def table_of(name: str) -> Table:
    return MODEL_OF[name].__table__  # type: ignore[no-any-return]


def chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])
