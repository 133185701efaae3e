"""The saved state of one person's conversation, and what the engine knows of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from flows.replies import SetProfile

Resume = Literal["proceed", "show"]
HISTORY_LIMIT = 10  # steps /back can undo; each is saved with every turn


@dataclass
class Frame:
    """Where to return when a called flow ends, and whether to go on or show it again."""

    state: str
    then: Resume

    def dump(self) -> dict[str, str]:
        return {"state": self.state, "then": self.then}


@dataclass
class Snapshot:
    state: str
    answers: dict[str, Any]
    stack: list[Frame]


@dataclass
class Conversation:
    """Plain data, saved as JSON between turns; nothing here is kept in memory."""

    state: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    stack: list[Frame] = field(default_factory=list)
    history: list[Snapshot] = field(default_factory=list)
    counted: dict[str, str] = field(default_factory=dict)
    """The topics already counted for the operator's report, each with the week it was
    (flows/usage.py): a person counts once a topic a week. Kept here, not in a table of
    its own, so /forget takes it with the rest of the conversation."""

    def remember(self) -> None:
        """Keep a step to return to with /back; the oldest steps fall away."""
        if self.state is None:
            return
        # An answer's value is never changed in place, only replaced: a shallow copy keeps it.
        self.history.append(Snapshot(self.state, dict(self.answers), list(self.stack)))
        del self.history[:-HISTORY_LIMIT]

    def dump(self) -> dict[str, Any]:
        """As JSON. A step whose answers are today's stores none (most steps only move on),
        which keeps what is read and written every turn small."""
        return {
            "state": self.state,
            "answers": self.answers,
            "stack": [f.dump() for f in self.stack],
            "history": [
                {
                    "state": s.state,
                    "stack": [f.dump() for f in s.stack],
                    **({} if s.answers == self.answers else {"answers": s.answers}),
                }
                for s in self.history
            ],
            **({"counted": self.counted} if self.counted else {}),
        }

    @classmethod
    def load(cls, data: dict[str, Any] | None) -> Conversation:
        if not data:
            return cls()
        answers = dict(data.get("answers") or {})
        return cls(
            state=data.get("state"),
            answers=answers,
            stack=_frames(data.get("stack")),
            history=[
                Snapshot(s["state"], dict(s.get("answers", answers)), _frames(s.get("stack")))
                for s in data.get("history") or []
            ],
            counted={str(k): str(v) for k, v in (data.get("counted") or {}).items()},
        )


def _frames(items: list[dict[str, Any]] | None) -> list[Frame]:
    return [
        Frame(item["state"], "show" if item["then"] == "show" else "proceed")
        for item in items or []
    ]


@dataclass(frozen=True)
class Profile:
    """What is stored about the person outside the conversation."""

    locale: str
    role: str | None = None
    region: str | None = None
    timezone: str | None = None
    consented_at: dt.datetime | None = None
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None

    @property
    def consented(self) -> bool:
        return self.consented_at is not None

    def with_change(self, change: SetProfile) -> Profile:
        if change.name == "locale":
            return replace(self, locale=change.value or self.locale)
        return replace(self, **{change.name: change.value})  # type: ignore[arg-type]
