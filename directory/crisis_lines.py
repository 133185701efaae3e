"""Emergency numbers and national crisis lines, each with the page it was checked on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from directory.yamlsource import load_file

DATA_FILE = Path(__file__).resolve().parent / "data" / "crisis_lines.yaml"
Topic = str


class Checked(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str
    dial: str
    source: str
    checked: dt.date


class CrisisLine(Checked):
    id: str
    name: str
    text_only: bool
    topics: list[Topic]
    hours: str
    what: str
    not_in_regions: list[str] = []


class CountryLines(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    emergency: Checked
    lines: list[CrisisLine]

    def for_person(self, region: str | None, topic: Topic | None) -> list[CrisisLine]:
        """The lines that serve `region`, those for `topic` first, else in the file's order."""
        lines = [line for line in self.lines if region not in line.not_in_regions]
        return sorted(lines, key=lambda line: topic is not None and topic not in line.topics)


class CrisisDirectory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    countries: dict[str, CountryLines]


def load_crisis_lines(file: Path = DATA_FILE) -> CrisisDirectory:
    return CrisisDirectory.model_validate(load_file(file))  # FlowError names file:line
