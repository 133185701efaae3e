"""Guidance that depends on where a person lives (housing rights, family support), kept
as data: each text with the source it rests on and the date it was last reviewed."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from directory.yamlsource import load_file
from flows import sources
from flows.actions import ActionContext, ActionResult
from flows.answers import N_
from flows.errors import FlowError, Problem

GUIDANCE_DIR = Path(__file__).resolve().parent / "guidance"
FALLBACK = "other"
REVIEWED = N_("Last reviewed: {date}")


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    source: str
    reviewed: dt.date


class Guidance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str
    parts: list[str]
    regions: dict[str, dict[str, Entry]]

    @model_validator(mode="after")
    def _complete(self) -> Guidance:
        if FALLBACK not in self.regions:
            raise ValueError(f"regions must include '{FALLBACK}', for everywhere else")
        for region, entries in self.regions.items():
            missing = sorted(set(self.parts) - set(entries))
            extra = sorted(set(entries) - set(self.parts))
            if missing or extra:
                raise ValueError(f"region {region}: missing {missing}, not a part {extra}")
        return self

    def entry(self, region: str | None, part: str) -> Entry:
        """The region's own text, else its country's, else the general one."""
        for key in (region, (region or "").split("-", 1)[0]):
            if key and key in self.regions:
                return self.regions[key][part]
        return self.regions[FALLBACK][part]


class GuidanceError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@cache
def load_guidance(folder: Path = GUIDANCE_DIR) -> dict[str, Guidance]:
    found: dict[str, Guidance] = {}
    problems = []
    for file in sorted(folder.glob("*.yaml")):
        try:
            guidance = Guidance.model_validate(load_file(file))
        except FlowError as error:
            problems += error.problems
            continue
        except (yaml.YAMLError, ValidationError) as error:
            problems.append(Problem(file, 1, f"not valid guidance: {error}"))
            continue
        found[guidance.topic] = guidance
    if problems:
        raise GuidanceError(problems)
    return found


def texts(guidance: dict[str, Guidance]) -> list[str]:
    return [
        e.text
        for g in guidance.values()
        for entries in g.regions.values()
        for e in entries.values()
    ]


async def show_guidance(ctx: ActionContext) -> ActionResult:
    """params: topic and part, e.g. housing / tonight."""
    t = ctx.translator
    entry = load_guidance()[ctx.params["topic"]].entry(ctx.profile.region, ctx.params["part"])
    footer = "\n".join(
        [
            sources.shown(entry.source, t),
            t.gettext(REVIEWED).format(date=t.date(entry.reviewed)),
        ]
    )
    return ActionResult(texts=[f"{t.gettext(entry.text)}\n\n{footer}"])
