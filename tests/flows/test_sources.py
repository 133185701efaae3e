"""Every source a guidance text or a rule shows, described in the reader's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pydantic import ValidationError

from flows.check import _guidance_sources
from flows.guidance import Entry, Guidance, load_guidance
from flows.i18n import Catalogs
from flows.record import packs
from flows.sources import GENERAL, described, links_with_titles, shown

catalogs = Catalogs()
# In Arabic, Chinese and Russian, Latin letters may be only in a link or an official title
# in brackets after the reader's own words.
LINK_OR_TITLE = re.compile(r"https?://\S+|\([^()]*(?:\([^()]*\)[^()]*)*\)")


def entries() -> list[tuple[str, Entry]]:
    return [
        (f"{topic}/{region}/{part}", entry)
        for topic, guidance in load_guidance().items()
        for region, parts in guidance.regions.items()
        for part, entry in parts.items()
    ]


@pytest.mark.parametrize("locale", ["ar", "zh_Hans", "ru"])
def test_every_guidance_source_is_described_in_the_readers_language(locale):
    t = catalogs.translator(locale)
    for where, entry in entries():
        footer = shown(entry.source, t)
        words = LINK_OR_TITLE.sub("", footer)
        assert not re.search(r"[A-Za-z]{2,}", words), (where, footer)
        for _, link in links_with_titles(entry.source):
            assert link in footer, (where, link)


def test_a_source_reads_as_who_published_it_then_its_title_and_link():
    arabic = catalogs.translator("ar")
    source = "Help with Prison Visits — https://www.gov.uk/help-with-prison-visits"
    assert shown(source, arabic) == (
        "المصدر: دليل من حكومة المملكة المتحدة (Help with Prison Visits)"
        " — https://www.gov.uk/help-with-prison-visits"
    )


@pytest.mark.parametrize("locale", ["en", "ar", "zh_Hans", "fr", "ru", "es"])
def test_a_placeholder_source_says_general_information(locale):
    t = catalogs.translator(locale)
    footer = shown("General guidance; no legal claims.", t)
    assert t.gettext(GENERAL) in footer
    assert "General guidance" not in footer or locale == "en"
    assert "no legal claims" not in footer


def test_rule_pack_sources_are_described_in_the_readers_language():
    russian = catalogs.translator("ru")
    for loaded in packs().values():
        for source in loaded.pack.sources.values():
            text = described(source.title, source.url, russian)
            assert not re.search(r"[A-Za-z]{2,}", LINK_OR_TITLE.sub("", text)), text


def test_the_check_demands_a_source_a_known_publisher_and_a_review_date(tmp_path):
    def guidance(source: str) -> dict[str, Guidance]:
        entry = {"text": "Hello", "source": source, "reviewed": "2026-12-04"}
        return {
            "t": Guidance.model_validate(
                {"topic": "t", "parts": ["p"], "regions": {"other": {"p": entry}}}
            )
        }

    assert _guidance_sources(guidance("Hello — https://www.gov.uk/x")) == []
    assert "no source" in str(_guidance_sources(guidance("  ")))
    unknown = str(_guidance_sources(guidance("A blog — https://example.com/page")))
    assert "no description of who publishes https://example.com/page" in unknown
    with pytest.raises(ValidationError):
        Entry.model_validate({"text": "Hello", "source": "x"})
    with pytest.raises(ValidationError):
        Entry.model_validate({"text": "Hello", "reviewed": dt.date(2026, 12, 4)})
