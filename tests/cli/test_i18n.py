from pathlib import Path

from babel.messages.pofile import read_po

from cli.i18n import TEMPLATE, extract


def msgids(pot: Path) -> set[str]:
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_committed_template_is_what_extract_finds_now(tmp_path: Path):
    """Every text in Python and flow YAML is in locales/messages.pot, and nothing stale is."""
    fresh = extract(tmp_path / "messages.pot")
    assert msgids(fresh) == msgids(TEMPLATE), "run: onward i18n extract && onward i18n update"
