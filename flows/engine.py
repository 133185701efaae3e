"""The conversation engine: one event and the saved conversation in, replies out.

Pure by design: the caller loads the conversation and the person's profile, hands them
in with the clock, and saves what comes back. Per turn a short-lived model is attached to
the one shared machine, the event is fired, and the model is detached again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import string
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

from flows import answers as parse
from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_, Answer, Invalid
from flows.conversation import Conversation, Frame, Profile, Resume
from flows.crisis import CRISIS_TOPIC, CrisisDetector
from flows.events import Command, Event, Location, Press, Text, Unsupported, parse_command
from flows.i18n import SHIPPED_LOCALES, Catalogs, Translator, language_name
from flows.machine import (
    ENTRY_FLOW,
    FORGET_FLOW,
    LANGUAGE_FLOW,
    MENU_FLOW,
    PRIVACY_FLOW,
    SEPARATOR,
    URGENT_FLOW,
    Flows,
)
from flows.replies import Button, Effect, Forget, GiveConsent, Outcome, Reply, SetProfile
from flows.spec import (
    ActionNode,
    CallNode,
    EndNode,
    MenuNode,
    MessageNode,
    Node,
    QuestionNode,
    ResultsNode,
)

# A button's number as the engine writes it: ASCII digits only ('²' passes isdigit()).
_BUTTON_NUMBER = re.compile(r"[0-9]{1,3}")
log = logging.getLogger(__name__)

MAX_STEPS = 200  # a flow that loops without waiting for the person is a bug, not a hang
MAX_DEPTH = 12  # flows called within flows; deeper than any real conversation goes
SKIP = "s"
PAGE = "_page"  # which page of a results list the person is on
LISTED = "_listed"  # the items on that page: [[value, label], ...]

HELP = N_(
    "I can help with housing, money, your record and services near you.\n"
    "Tap a button, or type your answer.\n"
    "/menu - see what I can help with\n"
    "/back - go back one step\n"
    "/cancel - stop what we are doing\n"
    "/language - change language\n"
    "/privacy - see what I keep about you\n"
    "/forget - delete everything about you\n"
    'If you are in danger, choose "Urgent help now" in the menu.'
)
UNSUPPORTED = N_("Sorry, I can only read text, buttons and locations.")
NO_LOCATION_HERE = N_("Thank you. I don't need a location for this step.")
OLD_BUTTON = N_("That button is from an earlier message. Here is where we are now.")
ATTACHMENT_CAPTION = N_("Open this file to add it to your phone's calendar.")
UNKNOWN_COMMAND = N_("I don't know that command. Type /help to see what I can do.")
WENT_BACK = N_("OK, one step back.")
NOTHING_BEHIND = N_("There is no step to go back to.")
STOPPED = N_("OK, I stopped that.")
FINISH_SETUP = N_("First, let's finish setting up. It takes about a minute.")
WELCOME_BACK = N_("Welcome back.")
SHARE_LOCATION = N_("Share my location")
A_PLACE_SHARED = N_("a place you shared")
YES, NO = N_("Yes"), N_("No")
URGENT_REMINDER = N_('In danger? Type /menu and tap "Urgent help now".')
# Replies to a message that fits none of the buttons: each also says how to reach help.
TAP_PROMPTS = frozenset({parse.ASK_CHOICE, parse.ASK_YES_NO, parse.ASK_LOCATION, parse.ASK_PLACE})


@dataclass
class TurnContext:
    """What the edge knows this turn: who the person is, and the time."""

    profile: Profile
    now: dt.datetime


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
class Engine:
    flows: Flows
    catalogs: Catalogs
    actions: ActionRegistry
    crisis: CrisisDetector

    async def handle(
        self, conversation: Conversation, event: Event, context: TurnContext
    ) -> tuple[Conversation, Outcome]:
        """Answer one event. Never raises for anything a person can send."""
        turn = _Turn(self, conversation, context)
        try:
            await turn.run(event)
        finally:
            turn.detach()
        return turn.conversation, turn.outcome


@dataclass
class _Turn:
    engine: Engine
    conversation: Conversation
    context: TurnContext
    outcome: Outcome = field(default_factory=Outcome)
    model: TurnModel | None = None
    forgotten: bool = False

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

    # -- the turn ------------------------------------------------------------------
    async def run(self, event: Event) -> None:
        flows = self.engine.flows
        saved = self.conversation.state
        if saved is not None and saved in flows.state_ids:
            self.attach(saved)
        else:
            # A new person, or a flow edited since they were last here: start afresh,
            # unless their first words are a cry for help.
            self.conversation.stack.clear()
            self.attach(
                flows.start_of(MENU_FLOW if self.context.profile.consented else ENTRY_FLOW)
            )
            if not (isinstance(event, Text) and self.engine.crisis.detect(event.text)):
                await self.settle()
                return
        if isinstance(event, Text):
            command = parse_command(event.text)
            if command is not None:
                event = command
            elif event.text.startswith("/") and len(event.text) > 1 and " " not in event.text:
                self.say(UNKNOWN_COMMAND)
                await self.settle()
                return
        await self.dispatch(event)

    async def dispatch(self, event: Event) -> None:
        # Typing a button's own words is tapping it, even when the words name a crisis
        # ("I have nowhere safe tonight"): the flow behind that button shows the help.
        if (
            isinstance(event, Text)
            and (topic := self.engine.crisis.detect(event.text))
            and self.typed_choice(event.text) is None
        ):
            await self.crisis(topic, event)
        elif isinstance(event, Command):
            await self.command(event.name)
        elif isinstance(event, Unsupported):
            self.say(UNSUPPORTED)
            await self.settle()
        else:
            await self.answer(event)

    async def crisis(self, topic: str, event: Text) -> None:
        """Urgent help first. Words that also answer the question asked (a licence
        condition naming a "domestic violence order") are kept as that answer, and the
        flow goes on from the next step once the person leaves urgent help."""
        log.info("crisis words: showing urgent help")
        self.conversation.remember()
        self.keep_answer(event)
        self.conversation.answers[CRISIS_TOPIC] = topic
        await self.call(URGENT_FLOW, "show")

    def keep_answer(self, event: Text) -> None:
        node = self.node
        if not isinstance(node, QuestionNode) or node.type == "choice":
            return
        value = self.parse_answer(node, event, None)
        if not isinstance(value, Invalid):
            self.conversation.answers[node.save_as] = value
            self.fire("proceed")

    async def call(self, flow: str, then: Resume) -> None:
        """Interrupt for `flow`, then come back here. Asking for the flow the person is
        already in starts it again rather than stacking a second return."""
        if not self.state.startswith(f"{flow}{SEPARATOR}"):
            self.conversation.stack.append(Frame(self.state, then))
            del self.conversation.stack[:-MAX_DEPTH]
        self.jump(self.engine.flows.start_of(flow))
        await self.settle()

    async def command(self, name: str) -> None:
        consented = self.context.profile.consented
        if name == "start":
            self.conversation.stack.clear()
            if consented:
                self.say(WELCOME_BACK)
            self.jump(self.engine.flows.start_of(MENU_FLOW if consented else ENTRY_FLOW))
        elif name in {"menu", "cancel"}:
            if not consented:
                self.say(FINISH_SETUP)
            else:
                self.conversation.stack.clear()
                self.say(STOPPED if name == "cancel" else None)
                self.jump(self.engine.flows.start_of(MENU_FLOW))
        elif name == "back":
            self.back()
        elif name == "help":
            self.say(HELP)
        else:
            flow = {"language": LANGUAGE_FLOW, "privacy": PRIVACY_FLOW, "forget": FORGET_FLOW}[
                name
            ]
            self.conversation.remember()
            await self.call(flow, "show")
            return
        await self.settle()

    def back(self) -> None:
        if not self.conversation.history:
            self.say(NOTHING_BEHIND)
            return
        step = self.conversation.history.pop()
        self.conversation.answers.clear()
        self.conversation.answers.update(step.answers)
        self.conversation.stack = list(step.stack)
        self.jump(step.state)
        self.say(WENT_BACK)

    # -- answers to the node the person is at --------------------------------------
    async def answer(self, event: Event) -> None:
        node = self.node
        if isinstance(event, Press):
            choice = self.pressed(event.data)
            if choice is None:
                self.say(OLD_BUTTON)
                await self.settle()
                return
        elif isinstance(event, Text):
            choice = self.typed_choice(event.text)
        else:
            choice = None
        if isinstance(node, MessageNode | MenuNode):
            await self.choose(node, choice)
        elif isinstance(node, ResultsNode):
            await self.pick(node, choice)
        elif isinstance(node, QuestionNode):
            await self.reply_to_question(node, event, choice)
        else:
            await self.settle()

    def pressed(self, data: str) -> int | str | None:
        """The choice a button carried, if it belongs to the node the person is at now."""
        state_id, _, choice = data.partition(":")
        if state_id != str(self.engine.flows.state_ids.get(self.state)):
            return None
        if choice == SKIP:
            return SKIP
        if isinstance(self.node, ResultsNode):
            # A list's buttons also name the page they were on: an older page's button
            # must not open what now stands in its place.
            choice, _, tag = choice.partition(":")
            if tag != self.list_tag():
                return None
        return (
            int(choice)
            if _BUTTON_NUMBER.fullmatch(choice) and int(choice) < len(self.choices())
            else None
        )

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

    def typed_choice(self, text: str) -> int | str | None:
        """People also type a button's words, or its number as `onward chat` shows it."""
        said = text.strip().casefold()
        labels = self.choices()
        for index, label in enumerate(labels):
            if said in {label.casefold(), self.t_choice(label).casefold(), str(index + 1)}:
                return index
        node = self.node
        skip = node.skip_label if isinstance(node, QuestionNode) else None
        if skip and said in {skip.casefold(), self.t(skip).casefold()}:
            return SKIP
        return None

    async def choose(self, node: MessageNode | MenuNode, choice: int | str | None) -> None:
        if not isinstance(choice, int):
            self.say(parse.ASK_CHOICE)
            await self.settle()
            return
        self.conversation.remember()
        if isinstance(node, MenuNode):
            topic = self.engine.flows.topics()[choice][0]
            self.conversation.stack.append(Frame(self.state, "show"))
            self.fire("press", choice=topic)
        else:
            self.fire("press", choice=choice)
        await self.settle()

    async def pick(self, node: ResultsNode, choice: int | str | None) -> None:
        """An item from the list, the next page, or one of the buttons below it: in the
        order `choices` gives them."""
        listed = self.conversation.answers.get(LISTED) or []
        more = 1 if self.more_to_show() else 0
        if not isinstance(choice, int):
            self.say(parse.ASK_CHOICE)
        elif choice < len(listed):
            self.conversation.remember()
            self.conversation.answers[node.save_as] = listed[choice][0]
            self.fire("proceed")
        elif more and choice == len(listed):
            self.conversation.remember()
            number, _, asked = self.conversation.answers[PAGE]
            self.conversation.answers[PAGE] = [number + 1, False, asked]
        else:
            self.conversation.remember()
            self.fire("press", choice=choice - len(listed) - more)
        await self.settle()

    async def reply_to_question(
        self, node: QuestionNode, event: Event, choice: int | str | None
    ) -> None:
        value = self.parse_answer(node, event, choice)
        if isinstance(value, Invalid):
            self.say(value.message, **value.values)
            await self.settle()
            return
        self.conversation.remember()
        self.conversation.answers[node.save_as] = value
        self.fire("proceed")
        await self.settle()

    def parse_answer(
        self, node: QuestionNode, event: Event, choice: int | str | None
    ) -> Answer | Invalid | None:
        if choice == SKIP and node.skip_label:
            return None
        if node.type in {"choice", "yes_no"} and isinstance(choice, int):
            return cast(Answer, self.options(node)[choice][0])
        if node.type == "choice":
            return Invalid(parse.ASK_CHOICE)
        if node.type == "location":
            return self.parse_place(node, event)
        if isinstance(event, Location):
            self.say(NO_LOCATION_HERE)
        # Parsing nothing yields the question type's own "please type ..." with its example.
        return self.parse_typed(node, event.text if isinstance(event, Text) else "")

    def parse_place(self, node: QuestionNode, event: Event) -> Answer | Invalid:
        """A shared location, or where allowed, a typed place for an action to look up."""
        if isinstance(event, Location):
            return parse.parse_location(event.latitude, event.longitude)
        if node.accept_text and isinstance(event, Text):
            typed = parse.parse_text(event.text, node)
            return typed if isinstance(typed, Invalid) else {"typed": typed}
        return Invalid(parse.ASK_PLACE if node.accept_text else parse.ASK_LOCATION)

    def parse_typed(self, node: QuestionNode, text: str) -> Answer | Invalid:
        if node.type == "yes_no":
            return parse.parse_yes_no(text, self.translator)
        if node.type == "number":
            return parse.parse_number(text, node, self.translator)
        if node.type == "date":
            region = self.context.profile.region
            found = parse.parse_date(text, self.translator, region, self.context.now.date())
            return found if isinstance(found, Invalid) else self.date_in_range(node, found)
        return parse.parse_text(text, node)

    def date_in_range(self, node: QuestionNode, found: str) -> str | Invalid:
        """A date that cannot be true (a conviction next year, an order ending before it
        began) is asked again, saying what is expected."""
        t = self.translator
        today = self.local_today()
        if node.past and found > today.isoformat():
            return Invalid(parse.ASK_PAST_DATE, {"today": t.date(today)})
        if node.upcoming:
            first, last = parse.appointment_dates(today)
            if found < first.isoformat():
                return Invalid(parse.ASK_COMING_DATE, {"today": t.date(first)})
            if found > last.isoformat():
                return Invalid(parse.ASK_NEAR_DATE, {"latest": t.date(last)})
        earliest = self.conversation.answers.get(node.not_before or "")
        if isinstance(earliest, str) and found < earliest:
            start = dt.date.fromisoformat(earliest)
            return Invalid(parse.ASK_LATER_DATE, {"start": t.date(start)})
        return found

    def local_today(self) -> dt.date:
        """Today where the person is, when Onward knows their zone; else in UTC."""
        zone = parse.known_zone(self.context.profile.timezone)
        return self.context.now.astimezone(zone).date() if zone else self.context.now.date()

    def options(self, node: QuestionNode) -> list[tuple[Any, str]]:
        if node.type == "yes_no":
            return [(True, YES), (False, NO)]
        if node.options_from == "languages":
            return [(locale, language_name(locale)) for locale in SHIPPED_LOCALES]
        return [(o.value, o.label) for o in node.options]

    # -- moving on until the person has something to answer -------------------------
    async def settle(self) -> None:
        for _ in range(MAX_STEPS):
            if not await self.step():
                return
        log.error("flow did not wait for an answer", extra={"state": self.state})
        self.jump(self.engine.flows.start_of(MENU_FLOW))
        self.show(self.node)

    async def step(self) -> bool:
        """Show or run the current node; True when the engine should go on by itself."""
        node = self.node
        if isinstance(node, MessageNode) and not node.buttons:
            self.say(node.text)
            return self.fire("proceed")
        if isinstance(node, ActionNode):
            await self.run_action(node)
            return self.fire("proceed")
        if isinstance(node, CallNode):
            self.conversation.stack.append(Frame(self.state, "proceed"))
            return self.fire("call")
        if isinstance(node, ResultsNode):
            await self.show_results(node)
            return False
        if isinstance(node, EndNode):
            if node.text:
                self.say(node.text)
            return self.end_flow()
        self.show(node)
        return False

    def end_flow(self) -> bool:
        if self.forgotten:
            return False
        if self.state.startswith(f"{URGENT_FLOW}."):
            self.conversation.answers.pop(CRISIS_TOPIC, None)
        if not self.conversation.stack:
            self.jump(
                self.engine.flows.start_of(
                    MENU_FLOW if self.context.profile.consented else ENTRY_FLOW
                )
            )
            return True
        frame = self.conversation.stack.pop()
        if frame.state not in self.engine.flows.state_ids:
            return self.end_flow()
        self.jump(frame.state)
        if frame.then == "proceed":
            return self.fire("proceed")
        return True

    async def call_action(self, node: ActionNode | ResultsNode, page: int = 0) -> ActionResult:
        action = self.engine.actions.get(node.action)
        if action is None:  # flows check refuses this at start-up; never crash a person
            log.error("unknown action", extra={"action": node.action})
            return ActionResult()
        ctx = ActionContext(
            answers=dict(self.conversation.answers),
            profile=self.context.profile,
            translator=self.translator,
            now=self.context.now,
            crisis_topic=self.conversation.answers.get(CRISIS_TOPIC),
            describe=self.describe,
            params=node.params,
            page=page,
            page_size=node.page_size if isinstance(node, ResultsNode) else 0,
        )
        result: ActionResult = await action(ctx)
        for name in result.forget:
            self.conversation.answers.pop(name, None)
        for effect in result.effects:
            self.apply(effect)
        return result

    async def run_action(self, node: ActionNode) -> None:
        result = await self.call_action(node)
        if node.save_as:
            self.conversation.answers[node.save_as] = result.value
        for text in result.texts:
            self.outcome.replies.append(Reply(text))
        for attachment in result.attachments:
            caption = self.t(ATTACHMENT_CAPTION)
            self.outcome.replies.append(Reply(caption, attachment=attachment))

    def asked(self, node: ResultsNode) -> str:
        """What the list depends on: the answers so far. Coming back to the list with the
        same answers keeps the page; a new search starts at the first page."""
        given = {k: v for k, v in self.conversation.answers.items() if k[:1] != "_"}
        given.pop(node.save_as, None)
        return repr(sorted(given.items(), key=lambda item: item[0]))

    async def show_results(self, node: ResultsNode) -> None:
        """One page of the list: the items as text, a button for each, "more" if there
        is more, then the node's own buttons."""
        asked = self.asked(node)
        number, _, before = self.conversation.answers.get(PAGE, [0, False, asked])
        number = number if before == asked else 0
        result = await self.call_action(node, page=number)
        self.conversation.answers[LISTED] = [list(item) for item in result.choices]
        self.conversation.answers[PAGE] = [number, result.more, asked]
        state_id = self.engine.flows.state_ids[self.state]
        buttons = [
            # Items are names from the directory, already in the person's language.
            Button(
                label if i < len(result.choices) else self.t_choice(label),
                f"{state_id}:{i}:{self.list_tag()}",
            )
            for i, label in enumerate(self.choices())
        ]
        text = "\n\n".join(result.texts) or self.t(parse.ASK_CHOICE)
        self.outcome.replies.append(Reply(text, tuple(buttons)))

    def apply(self, effect: Effect) -> None:
        self.outcome.effects.append(effect)
        profile = self.context.profile
        if isinstance(effect, SetProfile):
            self.context = replace(self.context, profile=profile.with_change(effect))
        elif isinstance(effect, GiveConsent):
            self.context = replace(
                self.context, profile=replace(profile, consented_at=self.context.now)
            )
        elif isinstance(effect, Forget):
            self.forgotten = True
            self.conversation = Conversation()
            self.context = replace(self.context, profile=Profile(locale=profile.locale))

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
