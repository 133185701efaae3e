"""The conversation engine: one event and the saved conversation in, replies out.

Pure by design: the caller loads the conversation and the person's profile, hands them
in with the clock, and saves what comes back. Per turn a short-lived model is attached to
the one shared machine, the event is fired, and the model is detached again.

A turn is built in layers, each a module: flows/turn_base.py (the machine, the node's
choices, the words), flows/steps.py (moving on: actions, calls, results),
flows/answering.py (the answer to the node), and here the commands and the way in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flows.actions import ActionRegistry
from flows.answering import NO_LOCATION_HERE, OLD_BUTTON, Answering
from flows.answers import N_, Invalid
from flows.conversation import Conversation, Frame, Resume
from flows.crisis import CRISIS_TOPIC, CrisisDetector
from flows.events import Command, Event, Text, Unsupported, parse_command
from flows.i18n import Catalogs
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
from flows.needs import WANTED_NEED, Need, NeedsDetector
from flows.places import drop_unused_place, only_the_kept_place_in_history
from flows.replies import Outcome
from flows.spec import QuestionNode
from flows.steps import ATTACHMENT_CAPTION
from flows.turn_base import A_PLACE_SHARED, SHARE_LOCATION, URGENT_REMINDER, TurnContext
from flows.usage import topic_counts

# The engine's texts stay importable from here, wherever in the turn they are said.
__all__ = [
    "ATTACHMENT_CAPTION",
    "A_PLACE_SHARED",
    "FINISH_SETUP",
    "HELP",
    "NOTHING_BEHIND",
    "NO_LOCATION_HERE",
    "OLD_BUTTON",
    "SHARE_LOCATION",
    "STOPPED",
    "UNKNOWN_COMMAND",
    "UNSUPPORTED",
    "URGENT_REMINDER",
    "WELCOME_BACK",
    "WENT_BACK",
    "Engine",
    "TurnContext",
]
log = logging.getLogger(__name__)

MAX_DEPTH = 12  # flows called within flows; deeper than any real conversation goes

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
UNKNOWN_COMMAND = N_("I don't know that command. Type /help to see what I can do.")
WENT_BACK = N_("OK, one step back.")
NOTHING_BEHIND = N_("There is no step to go back to.")
STOPPED = N_("OK, I stopped that.")
FINISH_SETUP = N_("First, let's finish setting up. It takes about a minute.")
WELCOME_BACK = N_("Welcome back.")


@dataclass
class Engine:
    flows: Flows
    catalogs: Catalogs
    actions: ActionRegistry
    crisis: CrisisDetector
    needs: NeedsDetector = field(default_factory=NeedsDetector.load)

    async def handle(
        self, conversation: Conversation, event: Event, context: TurnContext
    ) -> tuple[Conversation, Outcome]:
        """Answer one event. Never raises for anything a person can send."""
        turn = _Turn(self, conversation, context)
        try:
            await turn.run(event)
            if not turn.forgotten:
                counts = topic_counts(self.flows, turn.conversation, turn.visited, context.now)
                turn.outcome.effects.extend(counts)
        finally:
            turn.detach()
            only_the_kept_place_in_history(turn.conversation)
        return turn.conversation, turn.outcome


class _Turn(Answering):
    """One turn: the way in, commands, crisis words; the layers below do the rest."""

    async def run(self, event: Event) -> None:
        flows = self.engine.flows
        drop_unused_place(self.conversation, self.context.now)
        saved = self.conversation.state
        if saved is not None and saved in flows.state_ids:
            self.attach(saved)
        else:
            # A new person, or a flow edited since they were last here: start afresh,
            # unless their first words are a cry for help.
            self.conversation.stack.clear()
            self.conversation.state = None  # no step to come back to: none is remembered
            self.attach(
                flows.start_of(MENU_FLOW if self.context.profile.consented else ENTRY_FLOW)
            )
            if not (isinstance(event, Text) and self.engine.crisis.detect(event.text)):
                need = self.engine.needs.detect(event.text) if isinstance(event, Text) else None
                if need is not None and need.flow in flows.specs:
                    await self.go_to(need)
                else:
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
        elif isinstance(event, Text) and (need := self.heard_need(event)) is not None:
            await self.go_to(need)
        else:
            await self.answer(event)

    async def go_to(self, need: Need) -> None:
        """A need typed in the person's own words: the flow for it, given what the words
        already said, then back here. Before setting up is finished, it waits for that."""
        if not self.context.profile.consented:
            self.conversation.answers[WANTED_NEED] = need.name
            self.say(FINISH_SETUP)
            await self.settle()
            return
        log.info("typed need: going to its flow", extra={"need": need.name})
        self.conversation.remember()
        self.given.update(need.answers)
        await self.call(need.flow, "show")

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
