"""What the engine answers with, and what the runtime must do for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Attachment:
    """A small text file sent with a reply: an iCalendar event for the phone's calendar."""

    filename: str
    mime: str
    content: str
    caption: str | None = None
    """The words sent with it, already translated; the calendar's caption when None."""


@dataclass(frozen=True)
class Reply:
    """One message. `menu` replies may replace the previous menu rather than pile up."""

    text: str
    buttons: tuple[Button, ...] = ()
    request_location: bool = False
    menu: bool = False
    attachment: Attachment | None = None
    """Sent as a document, with `text` as its caption."""
    wants_answer: bool = False
    """The person is asked to answer this very message (a reply to it is the answer)."""


ProfileField = Literal["locale", "role", "region", "timezone"]


@dataclass(frozen=True)
class SetProfile:
    name: ProfileField
    value: str | None


@dataclass(frozen=True)
class GiveConsent:
    kind: str
    version: int


@dataclass(frozen=True)
class Forget:
    """Delete every row about the person; nothing of this turn is saved after it."""


@dataclass(frozen=True)
class ReportProblem:
    """A reader says a directory entry is wrong; kept for the maintainers."""

    service_id: str
    problem: str
    note: str | None = None


@dataclass(frozen=True)
class RemindMe:
    """The person's own appointment, to be reminded of `leads` minutes before it."""

    what: str
    local: str
    """The wall-clock time, ISO (2026-12-03T10:00), in `zone`."""
    zone: str
    leads: tuple[int, ...]


@dataclass(frozen=True)
class Count:
    """One more in the operator's counts (core/usage.py): never who, never their words.

    `kind` is what is counted (flows/usage.py names them), `key` what it was about (a
    topic, a need, an answer) and `place` where, as coarse as a town or a region."""

    kind: str
    key: str
    place: str = ""


Effect = SetProfile | GiveConsent | Forget | ReportProblem | RemindMe | Count


@dataclass
class Outcome:
    """What one turn produced, in order."""

    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
