"""Onward's reentry categories, and how any directory's taxonomy terms map onto them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from directory.yamlsource import load_file

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"


@dataclass(frozen=True)
class Category:
    code: str
    id: str
    name: str
    description: str
    also_matches: tuple[str, ...]


@dataclass(frozen=True)
class Categories:
    taxonomy: dict[str, Any]
    all: tuple[Category, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.all)

    def of_term(self, term: dict[str, Any]) -> set[str]:
        """The categories a taxonomy term stands for: ours by id or code, another
        taxonomy's by its name."""
        found = set()
        name = str(term.get("name") or "").casefold()
        for category in self.all:
            if (
                term.get("id") == category.id
                or (
                    term.get("code") == category.code
                    and term.get("taxonomy_id") in (None, self.taxonomy["id"])
                )
                or (name and name in (m.casefold() for m in category.also_matches))
            ):
                found.add(category.code)
        return found


@cache
def categories(path: Path = TAXONOMY_FILE) -> Categories:
    data = load_file(path)  # FlowError names file:line: bad YAML or a key twice
    terms = tuple(
        Category(
            code=t["code"],
            id=t["id"],
            name=t["name"],
            description=t["description"],
            also_matches=tuple(t.get("also_matches", ())),
        )
        for t in data["terms"]
    )
    return Categories(taxonomy=data["taxonomy"], all=terms)
