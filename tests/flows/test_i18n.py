from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from flows.i18n import LOCALES_DIR, SHIPPED_LOCALES, Catalogs, language_name, negotiate
from flows.i18n.extract import extract_yaml
from flows.machine import CONTENT_DIR


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("ar-EG", "ar"),
        ("zh-hans", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("fr-CA", "fr"),
        ("ru", "ru"),
        ("es-419", "es"),
        ("pt-br", "en"),
        (None, "en"),
        ("", "en"),
        ("??", "en"),
    ],
)
def test_telegram_language_codes_pick_a_shipped_locale(code, expected):
    assert negotiate(code) == expected


@pytest.mark.parametrize("locale", [loc for loc in SHIPPED_LOCALES if loc != "en"])
def test_every_shipped_catalogue_is_complete(locale: str):
    po_file = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    catalog = read_po(po_file.open("rb"))
    template = read_po((LOCALES_DIR / "messages.pot").open("rb"))
    fields = lambda s: {n for _, n, _, _ in string.Formatter().parse(s) if n}  # noqa: E731
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}, "run i18n update"
    for message in catalog:
        if not message.id:
            continue
        assert message.string, f"{locale}: untranslated {message.id!r}"
        assert "fuzzy" not in message.flags, f"{locale}: fuzzy {message.id!r}"
        assert fields(message.string) == fields(message.id), f"{locale}: {message.id!r}"
        assert message.string.count("\n") == message.id.count("\n"), f"{locale}: {message.id!r}"


def test_the_template_holds_every_text_in_python_and_yaml():
    """`onward i18n extract` ran after the last text changed: nothing is missing."""
    template = {
        (m.context, m.id) for m in read_po((LOCALES_DIR / "messages.pot").open("rb")) if m.id
    }
    for flow_file in CONTENT_DIR.glob("*.yaml"):
        for _, _, found, _ in extract_yaml(flow_file.open("rb"), {}, [], {}):
            key = tuple(found) if isinstance(found, tuple) else (None, found)
            assert key in template, f"{flow_file.name}: {found!r} not extracted"
    from flows import engine

    assert (None, engine.HELP) in template


def test_a_label_with_a_context_is_extracted_with_it():
    source = b"buttons:\n  - label: Keep them for me\n    context: conditions\n    to: a\n"
    source += b"  - label: Keep them for me\n    to: b\n"
    assert list(extract_yaml(io.BytesIO(source), {}, [], {})) == [
        (2, "pgettext", ("conditions", "Keep them for me"), []),
        (5, None, "Keep them for me", []),
    ]


@pytest.mark.parametrize("locale", [loc for loc in SHIPPED_LOCALES if loc != "en"])
def test_one_english_label_with_two_meanings_has_two_translations(locale: str):
    """'Keep them for me' keeps answers in My record and conditions in My supervision."""
    translator = Catalogs().translator(locale)
    answers = translator.gettext("Keep them for me")
    conditions = translator.pgettext("supervision conditions", "Keep them for me")
    assert "Keep them for me" not in {answers, conditions}
    assert answers != conditions
    assert Catalogs().translator("en").pgettext("conditions", "Keep them for me") == (
        "Keep them for me"
    )


def test_every_label_context_in_the_flows_is_translated():
    catalogs = Catalogs()
    for flow_file in CONTENT_DIR.glob("*.yaml"):
        for _, function, found, _ in extract_yaml(flow_file.open("rb"), {}, [], {}):
            if function != "pgettext":
                continue
            context, text = found
            for locale in SHIPPED_LOCALES[1:]:
                shown = catalogs.translator(locale).pgettext(context, text)
                assert shown != text, f"{locale}: {context!r} {text!r} untranslated"


def test_yaml_extraction_reports_lines_and_skips_non_texts():
    source = b'flow: x\nnodes:\n  a:\n    kind: message\n    text: "Hi"\n    buttons:\n'
    source += b'      - label: "Go"\n        to: a\n    number: 3\n'
    assert list(extract_yaml(io.BytesIO(source), {}, [], {})) == [
        (5, None, "Hi", []),
        (7, None, "Go", []),
    ]


def test_rtl_isolates_only_in_rtl_locales():
    catalogs = Catalogs()
    assert catalogs.translator("ar").phone("116 123") == "\u2066116 123\u2069"
    assert catalogs.translator("en").phone("116 123") == "116 123"
    number = catalogs.translator("ar").number(1234.5)
    assert number.startswith("\u2066")
    assert number.endswith("\u2069")


def test_numbers_and_dates_follow_the_locale():
    import datetime as dt

    catalogs = Catalogs()
    assert catalogs.translator("fr").number(1234.5) == "1\u202f234,5"
    assert catalogs.translator("ru").date(dt.date(2026, 3, 14)) == "14 марта 2026\u202fг."
    assert catalogs.translator("zh_Hans").date(dt.date(2026, 3, 14)) == "2026年3月14日"
    arabic = catalogs.translator("ar").date(dt.date(2026, 3, 14))
    # First-strong: an Arabic month name makes the date read from the right, as a whole.
    assert arabic.startswith("\u2068")
    assert arabic.endswith("\u2069")


def test_language_names_are_each_in_their_own_language():
    assert [language_name(loc) for loc in SHIPPED_LOCALES] == [
        "English",
        "العربية",
        "中文 (简体)",
        "Français",
        "Русский",
        "Español",
    ]


def test_a_missing_catalogue_falls_back_to_english(tmp_path: Path):
    catalogs = Catalogs(tmp_path)
    assert catalogs.translator("fr").gettext("Yes") == "Yes"
    assert catalogs.missing("fr", ["Yes"]) == ["Yes"]


def test_commands_read_left_to_right_inside_arabic():
    arabic = Catalogs().translator("ar")
    help_text = arabic.gettext(
        "Thank you. You can type /menu at any time to see what I can do.\n"
        'If you are ever in danger, choose "Urgent help now" in the menu.'
    )
    assert "\u2066/menu\u2069" in help_text
    assert "\u2066" not in Catalogs().translator("fr").gettext("Yes")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # A phone number's groups, an address, a link: each one left-to-right run.
        ("على الرقم 0800 254 0088.", "على الرقم [0800 254 0088]."),
        ("العنوان: 12 Oak Street, London SW1A 1AA.", "العنوان: [12 Oak Street, London SW1A 1AA]."),
        ("المصدر: Housing Act 1996 (c. 52) هنا", "المصدر: [Housing Act 1996 (c. 52)] هنا"),
        ("اتصل +44 20 7946 0000، الآن", "اتصل [+44 20 7946 0000]، الآن"),
        # A title in brackets stays inside its brackets; the link after it is its own run.
        (
            "مصدر (Help with Prison Visits) — https://x.org/a",
            "مصدر ([Help with Prison Visits]) — [https://x.org/a]",
        ),
        # A range or a list of numbers reads from the right, as Arabic does.
        ("من 9:00 – 17:00 يوميا", "من [9:00] – [17:00] يوميا"),
        # What is isolated already, and lines that read left to right, stay as they are.
        ("موعدك \u20681 ديسمبر 2030\u2069 الآن", "موعدك \u20681 ديسمبر 2030\u2069 الآن"),
        ("J.S. says why: الحافلة لا تعمل", "J.S. says why: الحافلة لا تعمل"),
        ("Call 0800 254 0088.\nاتصل 116 123", "Call 0800 254 0088.\nاتصل [116 123]"),
    ],
)
def test_latin_runs_in_right_to_left_lines_are_isolated(text, shown):
    from flows.i18n import readable

    expected = shown.replace("[", "\u2066").replace("]", "\u2069")
    assert readable(text) == expected


async def test_the_supervision_flow_shows_the_label_in_its_own_sense(conversations):
    """Through the engine: in Russian, keeping conditions is not 'keep my answers'."""
    from tests.conftest import Chat, onboard

    ru = Catalogs().translator("ru")
    person = Chat(conversations, language_code="ru")
    await onboard(person, language="Русский", region=ru.gettext("England or Wales"))
    await person.tap(ru.gettext("My supervision"))
    await person.tap(ru.gettext("My own conditions"))
    await person.send("Curfew 7pm to 7am.")
    assert ru.pgettext("supervision conditions", "Keep them for me") in person.labels
    assert ru.gettext("Keep them for me") not in person.labels
    await person.tap("Сохранить мои условия")
    await person.tap(ru.gettext("My own conditions"))
    assert "Curfew 7pm to 7am." in person.text
