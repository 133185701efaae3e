"""A turn's answer to the node the person is at: a button tapped, its words or number
typed, a question answered (a choice, a date, a number, a place), or asked again."""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from flows import answers as parse
from flows.answers import N_, Answer, Invalid
from flows.conversation import Frame
from flows.events import Event, Location, Press, Text
from flows.needs import Need
from flows.spec import MenuNode, MessageNode, QuestionNode, ResultsNode
from flows.steps import Steps
from flows.turn_base import LISTED, PAGE, SKIP

# A button's number as the engine writes it: ASCII digits only ('²' passes isdigit()).
_BUTTON_NUMBER = re.compile(r"[0-9]{1,3}")
NO_LOCATION_HERE = N_("Thank you. I don't need a location for this step.")
OLD_BUTTON = N_("That button is from an earlier message. Here is where we are now.")


class Answering(Steps):
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

    def heard_need(self, event: Text) -> Need | None:
        """A need the person typed (crisis words were looked for first), unless what they
        typed is a button's words or a valid answer to a question asking for typed words
        (a name, a date, a place): then it is that."""
        if self.typed_choice(event.text) is not None:
            return None
        need = self.engine.needs.detect(event.text)
        if need is None or need.flow not in self.engine.flows.specs:
            return None
        node = self.node
        if (
            isinstance(node, QuestionNode)
            and node.type != "choice"
            and not isinstance(self.parse_answer(node, event, None), Invalid)
        ):
            return None
        return need

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
