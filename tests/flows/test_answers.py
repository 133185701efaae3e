import datetime as dt

import pytest

from flows.answers import (
    Invalid,
    normalise_digits,
    parse_date,
    parse_number,
    parse_text,
    parse_yes_no,
)
from flows.i18n import Catalogs
from flows.spec import QuestionNode

CATALOGS = Catalogs()
TODAY = dt.date(2026, 11, 22)


def question(**fields) -> QuestionNode:
    return QuestionNode(kind="question", text="?", save_as="x", next="end", **fields)


def test_arabic_indic_and_fullwidth_digits_become_ascii():
    assert normalise_digits("٢٠٢٦-٠٣-١٤") == "2026-03-14"
    assert normalise_digits("１２") == "12"


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("12", "en", 12),
        ("1,5", "fr", 1.5),
        ("١٢", "ar", 12),
        ("3.25", "en", 3.25),
        ("1 000", "ru", 1000),
    ],
)
def test_numbers_in_the_persons_own_habits(text, locale, expected):
    assert parse_number(text, question(type="number"), CATALOGS.translator(locale)) == expected


def test_number_out_of_range_asks_again_with_the_range_and_an_example():
    result = parse_number(
        "40",
        question(type="number", minimum=0, maximum=10, example="4"),
        CATALOGS.translator("en"),
    )
    assert isinstance(result, Invalid)
    assert result.values == {"example": "4", "minimum": 0, "maximum": 10}


@pytest.mark.parametrize("text", ["", "twelve", "nan", "inf", "1e999999"])
def test_not_a_number(text):
    assert isinstance(
        parse_number(text, question(type="number"), CATALOGS.translator("en")), Invalid
    )


@pytest.mark.parametrize(
    ("text", "locale", "region", "expected"),
    [
        ("2026-03-14", "en", None, "2026-03-14"),
        ("14/03/2026", "en", "GB-EAW", "2026-03-14"),
        ("03/14/2026", "en", "US-MI", "2026-03-14"),
        ("4/5/26", "en", "US", "2026-04-05"),
        ("4/5/26", "en", "GB-EAW", "2026-05-04"),
        ("14.03.2026", "ru", None, "2026-03-14"),
        ("2026年3月14日", "zh_Hans", None, "2026-03-14"),
        ("١٤/٠٣/٢٠٢٦", "ar", None, "2026-03-14"),
        ("13/25/2026", "en", None, None),
        ("31/02/2026", "fr", None, None),
        ("soon", "en", None, None),
    ],
)
def test_dates(text, locale, region, expected):
    result = parse_date(text, CATALOGS.translator(locale), region, TODAY)
    assert result == expected if expected else isinstance(result, Invalid)


def test_the_date_example_is_one_the_parser_reads_back():
    for locale in ("en", "ar", "zh_Hans", "fr", "ru", "es"):
        translator = CATALOGS.translator(locale)
        invalid = parse_date("?", translator, None, TODAY)
        assert isinstance(invalid, Invalid)
        assert parse_date(str(invalid.values["example"]), translator, None, TODAY) == "2026-03-14"


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("yes", "en", True),
        ("Nope", "en", False),
        ("oui", "fr", True),
        ("нет", "ru", False),
        ("是", "zh_Hans", True),
        ("نعم", "ar", True),
    ],
)
def test_yes_and_no_in_each_language(text, locale, expected):
    assert parse_yes_no(text, CATALOGS.translator(locale)) is expected


def test_free_text_drops_control_characters_and_respects_the_limit():
    assert parse_text(" hi\x00 there ", question(type="text")) == "hi there"
    assert isinstance(parse_text("x" * 11, question(type="text", max_length=10)), Invalid)
    assert isinstance(parse_text("   ", question(type="text")), Invalid)
