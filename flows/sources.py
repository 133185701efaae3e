"""Sources as a reader sees them: who published each one, in the reader's language, then
its official English title in brackets and its link.

Guidance keeps a source as one line, "Title — link ; Title — link"; rule packs keep a
title and a link. Either way the publisher is known from the link, so every source can be
described in words the reader can read, whatever language its title is in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flows.answers import N_
from flows.i18n import Translator

GENERAL = N_("General information, not legal advice")
SOURCE = N_("Source: {source}")
SOURCES = N_("Sources:")

# Who publishes what a link points to, by the end of its host name; the first that fits.
PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("legislation.gov.uk", N_("UK law, the official text")),
    ("legislature.mi.gov", N_("Michigan law, the official text")),
    ("questions-statements.parliament.uk", N_("UK Parliament: an answer from the government")),
    ("research.senedd.wales", N_("Welsh Parliament research")),
    ("newfuturesnetwork.gov.uk", N_("UK prison service page")),
    ("sps.gov.uk", N_("Scottish Prison Service page")),
    ("nihe.gov.uk", N_("Northern Ireland Housing Executive page")),
    ("nidirect.gov.uk", N_("Northern Ireland government guide")),
    ("gov.scot", N_("Scottish government guide")),
    ("mygov.scot", N_("Scottish government guide")),
    ("police.uk", N_("UK police page")),
    ("gov.uk", N_("UK government guide")),
    ("mshda.myhousing.com", N_("Michigan housing agency page")),
    ("courts.michigan.gov", N_("Michigan courts page")),
    ("michigan.gov", N_("State of Michigan page")),
    ("ssa.gov", N_("US Social Security rules")),
    ("irs.gov", N_("US tax agency page")),
    ("dol.gov", N_("US Department of Labor page")),
    ("hhs.gov", N_("US government page")),
    ("uscourts.gov", N_("US federal courts page")),
    ("medicaid.gov", N_("US government health cover page")),
    ("samhsa.gov", N_("US government mental health page")),
    ("samaritans.org", N_("A charity's help page")),
    ("prisonadvice.org.uk", N_("A charity's help page")),
    ("childrenheardandseen.co.uk", N_("A charity's help page")),
    ("familiesoutside.org.uk", N_("A charity's help page")),
    ("prisonreformtrust.org.uk", N_("A charity's help page")),
    ("sentencingacademy.org.uk", N_("A charity's help page")),
    ("sesameworkshop.org", N_("A charity's help page")),
    ("votervoice.net", N_("A charity's help page")),
)
_LINK = re.compile(r"https?://[^\s;'\"]+[^\s;'\".,)]")
# What separates one source from the next, or trails a title: not part of the title.
_TRIM = " ;.,:—–-"


def publisher(link: str) -> str | None:
    """The English description of who publishes `link`, or None if not known."""
    host = (urlsplit(link).hostname or "").lower()
    for domain, about in PUBLISHERS:
        if host == domain or host.endswith(f".{domain}"):
            return about
    return None


def links_with_titles(source: str) -> list[tuple[str, str]]:
    """Each link in a guidance source line, with the title written before it."""
    found, start = [], 0
    for match in _LINK.finditer(source):
        title = re.sub(r"\(verified[^)]*\)", "", source[start : match.start()])
        found.append((title.strip(_TRIM), match.group()))
        start = match.end()
    return found


def described(title: str, link: str, t: Translator) -> str:
    """'UK law, the official text (Housing Act 1996, s.188) — https://…'"""
    about = publisher(link)
    words = t.gettext(about) if about else ""
    named = f"{words} ({title})" if words and title else words or title
    return f"{named} — {link}" if named else link


def shown(source: str, t: Translator) -> str:
    """A guidance source line as the reader sees it: each source on its own line, or
    "General information" where a text rests on no one source."""
    found = links_with_titles(source)
    lines = [described(title, link, t) for title, link in found] or [t.gettext(GENERAL)]
    if len(lines) == 1:
        return t.gettext(SOURCE).format(source=lines[0])
    return "\n".join([t.gettext(SOURCES), *(f"• {line}" for line in lines)])


def unknown_publishers(links: list[str]) -> list[str]:
    """Links whose publisher has no description yet: each source must have one."""
    return [link for link in links if publisher(link) is None]
