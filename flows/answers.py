"""Reading what a person typed as the answer a question expects.

People type dates, numbers and yes/no in their own script and habits: Arabic-Indic
digits, "14.03.2026", "oui". Each parser accepts what a reasonable person would type
and otherwise says, in their language, what it expected with an example.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format
from babel.numbers import NumberFormatError, parse_decimal

from flows.i18n import Translator
from flows.spec import QuestionNode


def N_(message: str) -> str:  # noqa: N802 - the gettext convention, so pybabel finds it
    """Mark a message for extraction; it is translated when shown."""
    return message


@dataclass(frozen=True)
class Invalid:
    """Why an answer did not fit: a message id and the values (an example) it names."""

    message: str
    values: Mapping[str, str | float] = field(default_factory=dict)


Answer = str | int | float | bool | dict[str, float] | dict[str, str]

YES_WORDS = N_("yes, y, yeah, ok")
NO_WORDS = N_("no, n, nope")
ASK_NUMBER = N_("Please type a number, for example {example}.")
ASK_NUMBER_RANGE = N_("Please type a number from {minimum} to {maximum}, for example {example}.")
ASK_DATE = N_("Please type a date like this: {example}.")
ASK_PAST_DATE = N_("That date is still to come. Please type a date up to today, {today}.")
ASK_LATER_DATE = N_("That is before {start}. Please type a date on or after it.")
ASK_YES_NO = N_("Please tap Yes or No.")
ASK_TEXT = N_("Please type a short answer, up to {maximum} letters.")
ASK_CHOICE = N_("Please tap one of the buttons below.")
ASK_LOCATION = N_("Please tap the button below to share your location.")
ASK_PLACE = N_("Please tap the button below to share your location, or type a town or postcode.")
EXAMPLE_DATE = dt.date(2026, 3, 14)
# No question needs more; bigger numbers are typos, and huge ones would cost real time.
LARGEST_NUMBER = 10**12


def normalise_digits(text: str) -> str:
    """Arabic-Indic, Persian and full-width digits become 0-9; direction marks go."""
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    # Arabic decimal and thousands separators.
    return "".join(out).replace("\u066b", ".").replace("\u066c", ",")


def words(translator: Translator, message: str) -> set[str]:
    english = {word.strip().casefold() for word in message.split(",")}
    local = {word.strip().casefold() for word in translator.gettext(message).split(",")}
    return (english | local) - {""}


def parse_yes_no(text: str, translator: Translator) -> bool | Invalid:
    said = text.strip().casefold().rstrip(".!")
    if said in words(translator, YES_WORDS) or said == translator.gettext("Yes").casefold():
        return True
    if said in words(translator, NO_WORDS) or said == translator.gettext("No").casefold():
        return False
    return Invalid(ASK_YES_NO)


def parse_number(text: str, node: QuestionNode, translator: Translator) -> float | int | Invalid:
    example = node.example or "3"
    cleaned = normalise_digits(text).strip()
    value = None
    for locale in (translator.locale, "en"):
        try:
            value = parse_decimal(cleaned, locale=locale, strict=False)
            break
        except NumberFormatError:
            continue
    in_range = value is not None and value.is_finite() and abs(value) <= LARGEST_NUMBER
    if value is not None and node.minimum is not None and value < node.minimum:
        in_range = False
    if value is not None and node.maximum is not None and value > node.maximum:
        in_range = False
    if value is None or not in_range:
        if node.minimum is not None and node.maximum is not None:
            limits = {"minimum": node.minimum, "maximum": node.maximum}
            return Invalid(ASK_NUMBER_RANGE, {"example": example, **limits})
        return Invalid(ASK_NUMBER, {"example": example})
    return int(value) if value == value.to_integral_value() else float(value)


def date_locale(locale: str, region: str | None) -> str:
    """Babel's locale for writing dates: English in England writes 14/03, in the US 3/14."""
    country = region.split("-", 1)[0] if region else ""
    if len(country) == 2:
        try:
            return str(Locale.parse(f"{locale}_{country}"))
        except (UnknownLocaleError, ValueError):
            pass
    return locale


def _day_first(locale: str) -> bool:
    pattern = get_date_format("short", locale=locale).pattern
    return pattern.find("d") < pattern.find("M")


def _year(value: int, today: dt.date) -> int:
    if value >= 100:
        return value
    return 2000 + value if value <= today.year % 100 + 1 else 1900 + value


def parse_date(
    text: str, translator: Translator, region: str | None, today: dt.date
) -> str | Invalid:
    locale = date_locale(translator.locale, region)
    example = format_date(EXAMPLE_DATE, format="short", locale=locale)
    invalid = Invalid(ASK_DATE, {"example": translator.isolate(example)})
    parts = [int(p) for p in re.findall(r"\d+", normalise_digits(text))]
    if len(parts) != 3 or len(re.sub(r"[\d\s/.\-年月日г,]", "", normalise_digits(text))) > 0:
        return invalid
    if parts[0] > 31:
        year, month, day = parts
    else:
        first, second, year = parts
        day, month = (first, second) if _day_first(locale) else (second, first)
        if month > 12 >= day:
            day, month = month, day
    try:
        return dt.date(_year(year, today), month, day).isoformat()
    except ValueError:
        return invalid


def parse_location(latitude: float, longitude: float) -> dict[str, float] | Invalid:
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:  # NaN fails both comparisons
        return {"latitude": latitude, "longitude": longitude}
    return Invalid(ASK_LOCATION)


def parse_text(text: str, node: QuestionNode) -> str | Invalid:
    cleaned = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch == "\n")
    cleaned = cleaned.strip()
    if not cleaned or len(cleaned) > node.max_length:
        return Invalid(ASK_TEXT, {"maximum": node.max_length})
    return cleaned
