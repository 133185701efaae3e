"""What a turn is at and how it speaks: the machine, the node's choices, the words.

The first layer of a turn (see flows/engine.py): the short-lived model on the shared
machine, the buttons the current node offers, and every text the person is sent,
translated and filled in.
"""

from __future__ import annotations

import datetime as dt
import logging
import string
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flows import answers as parse
from flows.answers import N_
from flows.conversation import Conversation, Profile
from flows.i18n import SHIPPED_LOCALES, Translator, language_name
from flows.replies import Button, Outcome, Reply
from flows.spec import MenuNode, MessageNode, Node, QuestionNode, ResultsNode

if TYPE_CHECKING:
    from flows.engine import Engine

log = logging.getLogger(__name__)

SKIP = "s"
PAGE = "_page"  # which page of a results list the person is on
LISTED = "_listed"  # the items on that page: [[value, label], ...]

SHARE_LOCATION = N_("Share my location")
A_PLACE_SHARED = N_("a place you shared")
YES, NO = N_("Yes"), N_("No")
URGENT_REMINDER = N_('In danger? Type /menu and tap "Urgent help now".')
# Replies to a message that fits none of the buttons: each also says how to reach help.
TAP_PROMPTS = frozenset({parse.ASK_CHOICE, parse.ASK_YES_NO, parse.ASK_LOCATION, parse.ASK_PLACE})


@dataclass
class TurnContext:
    """What the edge knows this turn: who the person is, the time, and the language
    their app says they use (Telegram's `language_code`, when it sends one)."""

    profile: Profile
    now: dt.datetime
    language_code: str | None = None


class TurnModel:
    """The short-lived model attached to the shared machine for one turn."""

    trigger: Callable[..., bool]  # bound by the machine's add_model

    def __init__(self, state: str, answers: dict[str, Any]) -> None:
        self.state = state
        self.answers = answers


class SafeFormatter(string.Formatter):
    """Fills {names} from a mapping; a text cannot reach attributes or items, and an
    answer taken back with /back leaves a blank rather than an error."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        return kwargs.get(field_name, ""), field_name


_formatter = SafeFormatter()


@dataclass
class TurnBase:
    """One turn's state: the conversation, what the edge knows, what is said back."""

    engine: Engine
    conversation: Conversation
    context: TurnContext
    outcome: Outcome = field(default_factory=Outcome)
    model: TurnModel | None = None
    forgotten: bool = False
    given: dict[str, Any] = field(default_factory=dict)
    """Answers a called flow was given (a call's `answers`, a typed need): its questions
    asking for them are passed, until the turn next waits for the person."""
    visited: list[str] = field(default_factory=list)
    """The flows this turn showed or ran a step of, in order (flows/usage.py counts the
    topics among them)."""

    # -- the machine ---------------------------------------------------------------
    def attach(self, state: str) -> TurnModel:
        self.model = TurnModel(state, self.conversation.answers)
        self.engine.flows.machine.add_model(self.model, initial=state)
        return self.model

    def detach(self) -> None:
        if self.model is not None:
            self.engine.flows.machine.remove_model(self.model)
            self.conversation.state = None if self.forgotten else self.model.state
            self.model = None

    @property
    def state(self) -> str:
        assert self.model is not None
        return self.model.state

    def fire(self, trigger: str, **data: Any) -> bool:
        """Fire a trigger on the attached model; False when no transition's condition held."""
        assert self.model is not None
        return self.model.trigger(trigger, **data)

    def jump(self, state: str) -> None:
        assert self.model is not None
        self.engine.flows.machine.set_state(state, self.model)

    @property
    def node(self) -> Node:
        return self.engine.flows.node(self.state)[2]

    @property
    def translator(self) -> Translator:
        return self.engine.catalogs.translator(self.context.profile.locale)

    # -- what the node offers ------------------------------------------------------
    def choices(self) -> list[str]:
        """The labels of the buttons at the current node, untranslated, in order."""
        node = self.node
        if isinstance(node, MessageNode):
            return [b.label for b in node.buttons]
        if isinstance(node, MenuNode):
            return [topic.label for _, topic in self.engine.flows.topics()]
        if isinstance(node, QuestionNode):
            return [label for _, label in self.options(node)]
        if isinstance(node, ResultsNode):
            listed = [label for _, label in self.conversation.answers.get(LISTED) or []]
            more = [node.more_label] if self.more_to_show() else []
            return [*listed, *more, *(b.label for b in node.buttons)]
        return []

    def list_tag(self) -> str:
        page = self.conversation.answers.get(PAGE)
        return format(zlib.crc32(repr(page).encode()) & 0xFFFF, "x")

    def more_to_show(self) -> bool:
        return bool(self.conversation.answers.get(PAGE, [0, False, ""])[1])

    def options(self, node: QuestionNode) -> list[tuple[Any, str]]:
        if node.type == "yes_no":
            return [(True, YES), (False, NO)]
        if node.options_from == "languages":
            return [(locale, language_name(locale)) for locale in SHIPPED_LOCALES]
        return [(o.value, o.label) for o in node.options]

    # -- words ----------------------------------------------------------------------
    def t(self, message: str) -> str:
        return self.translator.gettext(message)

    def t_choice(self, label: str) -> str:
        """A button's words, in the sense its flow gives it (a label's msgctxt)."""
        buttons = getattr(self.node, "buttons", None) or []
        context = next((b.context for b in buttons if b.label == label and b.context), None)
        return self.translator.pgettext(context, label) if context else self.t(label)

    def variables(self) -> Mapping[str, Any]:
        """What texts may name: earlier answers, as the person saw them, and the language."""
        answers = {
            key: self.describe(key, value)
            for key, value in self.conversation.answers.items()
            if not key.startswith("_") and value is not None
        }
        return {**answers, "language_name": language_name(self.context.profile.locale)}

    def render(self, message: str, **extra: Any) -> str:
        translated = self.t(message)
        if "{" not in translated:
            return translated
        values = {**self.variables(), **extra}
        try:
            return _formatter.vformat(translated, (), values)
        except (KeyError, ValueError, IndexError):
            log.warning("translation does not fit its placeholders", extra={"msgid": message})
            return _formatter.vformat(message, (), values)

    def say(self, message: str | None, **extra: Any) -> None:
        if message:
            formatted = {
                k: self.translator.number(v) if isinstance(v, int | float) else v
                for k, v in extra.items()
                if v is not None
            }
            text = self.render(message, **formatted)
            if message in TAP_PROMPTS:
                text = f"{text}\n{self.t(URGENT_REMINDER)}"
            self.outcome.replies.append(Reply(text))

    def show(self, node: Node) -> None:
        """Ask the person for what this node waits on: a tap, an answer or a location."""
        state_id = self.engine.flows.state_ids[self.state]
        text = getattr(node, "text", "") or ""
        labels = self.choices()
        buttons = [
            Button(self.t_choice(label), f"{state_id}:{i}") for i, label in enumerate(labels)
        ]
        if isinstance(node, QuestionNode) and node.skip_label:
            buttons.append(Button(self.t(node.skip_label), f"{state_id}:{SKIP}"))
        location = isinstance(node, QuestionNode) and node.type == "location"
        if location:
            buttons = [Button(self.t(SHARE_LOCATION), f"{state_id}:location"), *buttons]
        reply = Reply(
            self.render(text),
            tuple(buttons),
            request_location=location,
            menu=isinstance(node, MenuNode),
        )
        self.outcome.replies.append(reply)

    def shown_date(self, value: str) -> str:
        """A date kept as ISO, as the person's locale writes it."""
        try:
            return self.translator.date(dt.date.fromisoformat(value))
        except ValueError:
            return value

    def describe(self, key: str, value: Any) -> str:
        """An answer as the person saw it: the translated label of the option they chose."""
        question = self.engine.flows.question_asking.get(key)
        if question is not None and question.type == "date" and isinstance(value, str):
            return self.shown_date(value)
        if question is not None:
            for option_value, label in self.options(question):
                if option_value == value:
                    return self.t(label) if question.options_from is None else label
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.translator.number(value)
        if isinstance(value, dict) and "latitude" in value:
            return str(value.get("name") or self.t(A_PLACE_SHARED))
        if isinstance(value, list) and all(isinstance(line, str) for line in value):
            return "; ".join(value)
        return str(value)
