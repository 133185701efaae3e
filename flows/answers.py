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
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

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
ASK_COMING_DATE = N_("That date has already passed. Please type a date from today, {today}.")
ASK_NEAR_DATE = N_("That is too far ahead. Please type a date up to {latest}.")
ASK_YES_NO = N_("Please tap Yes or No.")
ASK_TEXT = N_("Please type a short answer, up to {maximum} letters.")
ASK_CHOICE = N_("Please tap one of the buttons below.")
ASK_LOCATION = N_("Please tap the button below to share your location.")
ASK_PLACE = N_("Please tap the button below to share your location, or type a town or postcode.")
EXAMPLE_DATE = dt.date(2026, 3, 14)
# No question needs more; bigger numbers are typos, and huge ones would cost real time.
LARGEST_NUMBER = 10**12
# Dates a person can mean: nobody asked about was convicted before 1900, and an end of a
# sentence or order a century on is a typo. Both keep every later sum (a rule pack's
# "ten years after") far from the calendar's end, year 9999.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_YEARS = 100
# An appointment further ahead than this is a typing mistake, not a plan. The reminder
# scheduler (bot.reminders.timing.LATEST_AHEAD) uses this same bound.
APPOINTMENT_AHEAD = dt.timedelta(days=5 * 366)
# Room for the time of day and the person's zone, so a date the question took is always
# within APPOINTMENT_AHEAD once its time is known.
APPOINTMENT_MARGIN = dt.timedelta(days=2)
# Nobody types a date or a time in more characters than this; more is not one.
LONGEST_DATE = 40
DIGITS = re.compile(r"[0-9]+")
DATE_SEPARATORS = re.compile(r"[0-9\s/.\-年月日г,]")
NUMBER = re.compile(r"[+\-\u2212]?[0-9][0-9 .,'\u2019]*")
TIME = re.compile(r"\s*([01]?[0-9]|2[0-3])\s*[:.h]\s*([0-5][0-9])\s*", re.ASCII)
# An hour, its minutes after ':', '.', 'h' or 点/时 (分), or 半 for half past; words
# such as "at" or "الساعة" around it are not part of the time.
CLOCK = re.compile(
    r"\s*(?:at|à|a las|a la|в|الساعة|الساعه)?\s*"
    r"([0-9]{1,2})\s*(?:(?:[:.h]|点|點|时|時)\s*(?:([0-9]{2})\s*分?|(半))?)?\s*",
)
# Words for the two halves of a 12-hour day, as people type them in our six languages;
# longest first, so "p. m." is not read as "m.".
MORNING_WORDS = (
    "du matin", "de la mañana", "in the morning", "a. m.", "a.m.", "am", "صباحاً",
    "صباحا", "صباحًا", "الصبح", "الصباح", "صباح", "ص", "утра", "上午", "早上", "凌晨",
)  # fmt: skip
EVENING_WORDS = (
    "de l'après-midi", "de l’après-midi", "du soir", "de la tarde",
    "in the afternoon", "in the evening", "p. m.", "p.m.", "pm", "مساءً", "مساء", "مساءا",
    "العصر", "الظهر", "م", "дня", "вечера", "下午", "晚上", "中午",
)  # fmt: skip
# "At night" is late evening or the small hours: 11 at night is 23:00, 2 at night 02:00.
NIGHT_WORDS = ("de la noche", "la nuit", "at night", "بالليل", "الليل", "ليلاً", "ليلا", "ночи")


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def known_zone(name: str | None) -> ZoneInfo | None:
    """An IANA time zone by its name, or None: ZoneInfo itself takes a folder's name
    ("America") or a stray file and fails in ways no caller expects."""
    if not name or name not in _zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return None


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
    value = _decimal(normalise_digits(text[: LONGEST_DATE * 4]).strip(), translator.locale)
    in_range = value is not None and abs(value) <= LARGEST_NUMBER
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


def _decimal(cleaned: str, locale: str) -> Decimal | None:
    """Digits with the separators people write, read as the locale (or English) does;
    "NaN", "1e999" and other words Decimal would take are not numbers a person types."""
    if len(cleaned) > LONGEST_DATE or not NUMBER.fullmatch(cleaned):
        return None
    for each in (locale, "en"):
        try:
            value = parse_decimal(cleaned, locale=each, strict=False)
        except (NumberFormatError, ArithmeticError):
            continue
        if value.is_finite():
            return value
    return None


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
    return 2000 + value if value <= today.year % 100 + 1 else 1900 + value


def parse_date(
    text: str, translator: Translator, region: str | None, today: dt.date
) -> str | Invalid:
    """A day, month and year as the person's locale writes them (or year first), with
    digits of any script; anything else, or a date nobody can mean, is asked again."""
    locale = date_locale(translator.locale, region)
    example = format_date(EXAMPLE_DATE, format="short", locale=locale)
    invalid = Invalid(ASK_DATE, {"example": translator.isolate(example)})
    typed = normalise_digits(text[: LONGEST_DATE * 4])
    found = DIGITS.findall(typed)
    if len(typed) > LONGEST_DATE or len(found) != 3 or DATE_SEPARATORS.sub("", typed):
        return invalid
    if any(len(part) > 4 for part in found):  # a year has at most four digits
        return invalid
    parts = [int(part) for part in found]
    year_first = parts[0] > 31 or len(found[0]) == 4  # 2026-03-14, 0001-01-01
    if year_first:
        year, month, day = parts
    else:
        first, second, year = parts
        day, month = (first, second) if _day_first(locale) else (second, first)
        if month > 12 >= day:
            day, month = month, day
    if len(found[0 if year_first else 2]) <= 2:  # "26" is 2026, "99" 1999
        year = _year(year, today)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return invalid
    if not EARLIEST_DATE <= date <= latest_date(today):
        return invalid
    return date.isoformat()


def latest_date(today: dt.date) -> dt.date:
    """The last day any date question takes."""
    return today.replace(year=today.year + LATEST_YEARS, day=min(today.day, 28))


def appointment_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day an appointment can be on, today being the person's own."""
    return today, today + APPOINTMENT_AHEAD - APPOINTMENT_MARGIN


def parse_time(text: str) -> dt.time | None:
    """A time of day as 09:30, 9.30 or 9h30, with digits of any script, or a 12-hour
    clock with its morning or evening word in any of our languages ("10 صباحا",
    "10:30 pm", "下午3点", "7 вечера"); else None."""
    typed = normalise_digits(text[: LONGEST_DATE * 4]).casefold()
    found = TIME.fullmatch(typed)
    if found is not None:
        return dt.time(int(found.group(1)), int(found.group(2)))
    return _twelve_hour(typed)


def _twelve_hour(typed: str) -> dt.time | None:
    """An hour (and minutes) with a word saying which half of the day, before or after."""
    if len(typed) > LONGEST_DATE:
        return None
    typed = typed.strip()
    for half, words in (("am", MORNING_WORDS), ("pm", EVENING_WORDS), ("night", NIGHT_WORDS)):
        for word in words:
            if typed.startswith(word):
                clock = typed.removeprefix(word)
            elif typed.endswith(word):
                clock = typed.removesuffix(word)
            else:
                continue
            found = CLOCK.fullmatch(clock)
            if found is not None:
                return _half_day(found, half)
    return None


def _half_day(found: re.Match[str], half: str) -> dt.time | None:
    hour = int(found.group(1))
    minute = 30 if found.group(3) else int(found.group(2) or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    evening = half == "pm" or (half == "night" and 6 <= hour < 12)
    return dt.time(hour % 12 + (12 if evening else 0), minute)


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
