"""What Onward says on Telegram outside any flow, and its command menu, for translation."""

from __future__ import annotations

from flows.answers import N_

GROUP_NOTE = N_(
    "I only talk in private chats, so what you tell me stays private. "
    'Tap my name, then "Send message".'
)
EDITED_NOTE = N_("I saw you changed a message. I only read new messages, so please send it again.")

COMMANDS: tuple[tuple[str, str], ...] = (
    ("menu", N_("See what I can help with")),
    ("back", N_("Go back one step")),
    ("cancel", N_("Stop what we are doing")),
    ("language", N_("Change language")),
    ("privacy", N_("See what I keep about you")),
    ("forget", N_("Delete everything about you")),
    ("appointments", N_("My appointments and their reminders")),
    ("links", N_("Case workers who can remind me")),
    ("help", N_("How to use Onward")),
    ("start", N_("Start again")),
)
