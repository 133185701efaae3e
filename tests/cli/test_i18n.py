from pathlib import Path

from babel.messages.pofile import read_po

from channels.console.i18n import CONSOLE_LOCALES
from cli.i18n import CONSOLE_TEMPLATE, TEMPLATE, extract
from flows.i18n import LOCALES_DIR


def msgids(pot: Path) -> set[str]:
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_committed_templates_are_what_extract_finds_now(tmp_path: Path):
    """Every text in Python and flow YAML is in locales/messages.pot, every console text in
    locales/console.pot, and nothing stale is."""
    fresh = extract(tmp_path / "messages.pot", tmp_path / "console.pot")
    assert msgids(fresh) == msgids(TEMPLATE), "run: onward i18n extract && onward i18n update"
    console = msgids(tmp_path / "console.pot")
    assert "Sign in" in console
    assert console == msgids(CONSOLE_TEMPLATE), "run: onward i18n extract && onward i18n update"


def test_the_console_ships_translated_in_each_of_its_languages():
    wanted = msgids(CONSOLE_TEMPLATE)
    for locale in CONSOLE_LOCALES:
        if locale == "en":
            continue
        with (LOCALES_DIR / locale / "LC_MESSAGES" / "console.po").open("rb") as handle:
            catalog = read_po(handle)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        assert not missing, f"{locale}: {len(missing)} console texts untranslated: {missing[:5]}"
        assert wanted <= {m.id for m in catalog if m.id}, f"{locale}: run onward i18n update"
