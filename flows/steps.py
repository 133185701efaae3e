"""Moving a turn on until the person has something to answer: messages said, actions
run (a directory search among them), flows called and ended, results listed."""

from __future__ import annotations

import logging
from dataclasses import replace

from flows import answers as parse
from flows.actions import ActionContext, ActionResult
from flows.answers import N_
from flows.conversation import Conversation, Frame, Profile
from flows.crisis import CRISIS_TOPIC
from flows.machine import ENTRY_FLOW, MENU_FLOW, SEPARATOR, URGENT_FLOW
from flows.needs import WANTED_NEED, Need
from flows.replies import Button, Effect, Forget, GiveConsent, Reply, SetProfile
from flows.spec import ActionNode, CallNode, EndNode, MessageNode, QuestionNode, ResultsNode
from flows.turn_base import LISTED, PAGE, TurnBase

log = logging.getLogger(__name__)

MAX_STEPS = 200  # a flow that loops without waiting for the person is a bug, not a hang
ATTACHMENT_CAPTION = N_("Open this file to add it to your phone's calendar.")


class Steps(TurnBase):
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
        flow = self.state.partition(SEPARATOR)[0]
        if flow not in self.visited:
            self.visited.append(flow)
        if isinstance(node, MessageNode) and not node.buttons:
            self.say(node.text)
            return self.fire("proceed")
        if isinstance(node, ActionNode):
            await self.run_action(node)
            return self.fire("proceed")
        if isinstance(node, CallNode):
            self.conversation.stack.append(Frame(self.state, "proceed"))
            self.given.update(node.answers)
            return self.fire("call")
        if isinstance(node, QuestionNode) and self.take_given(node):
            return self.fire("proceed")
        if isinstance(node, EndNode):
            if node.text:
                self.say(node.text)
            return self.end_flow()
        self.given.clear()  # given to the flow called; not to what the person meets later
        if isinstance(node, ResultsNode):
            await self.show_results(node)
        else:
            self.show(node)
        return False

    def take_given(self, node: QuestionNode) -> bool:
        """Answer a question with what its flow was given, if it fits the question."""
        if node.save_as not in self.given:
            return False
        value = self.given.pop(node.save_as)
        if node.type in {"choice", "yes_no"} and value not in [v for v, _ in self.options(node)]:
            return False
        self.conversation.answers[node.save_as] = value
        return True

    def end_flow(self) -> bool:
        if self.forgotten:
            return False
        if self.state.startswith(f"{URGENT_FLOW}."):
            self.conversation.answers.pop(CRISIS_TOPIC, None)
        if not self.conversation.stack:
            need = self.wanted_need()
            if need is not None:
                self.given.update(need.answers)
                self.jump(self.engine.flows.start_of(need.flow))
                return True
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

    def wanted_need(self) -> Need | None:
        """A need typed before setting up was finished: met once it is (never before the
        person agreed to what is kept)."""
        if not self.context.profile.consented:
            return None
        name = self.conversation.answers.pop(WANTED_NEED, None)
        need = self.engine.needs.named(name) if isinstance(name, str) else None
        return need if need is not None and need.flow in self.engine.flows.specs else None

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
            language_code=self.context.language_code,
        )
        result: ActionResult = await action(ctx)
        for name in result.forget:
            self.conversation.answers.pop(name, None)
            # Nor kept for /back: a forgotten answer must not live on in the history.
            for step in self.conversation.history:
                step.answers.pop(name, None)
        self.conversation.answers.update(result.keep)
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
            caption = attachment.caption or self.t(ATTACHMENT_CAPTION)
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
