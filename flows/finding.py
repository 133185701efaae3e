"""Actions for finding help: where the person is, what is near, and a service's details.

The directory is read through a `DirectoryReader`, handed in by whoever runs the engine;
the words are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from directory.found import Details, Hit, Query, page
from directory.geo import Gazetteer, Point, gazetteer
from directory.hours import Window, zone
from flows.actions import ActionContext, ActionRegistry, ActionResult
from flows.answers import N_
from flows.directory_reader import DirectoryReader
from flows.i18n import Translator
from flows.replies import Count, Effect, ReportProblem
from flows.usage import NO_RESULT, search_place
from flows.when import asked_when, asked_window, next_days, person_zone, showing, when_to_go

ANYWHERE = "anywhere"
WORDS = "words"
PRECISION = 3  # about 100 m: enough to sort by distance, too coarse to pin a home
LABEL_LENGTH = 40
# The directory's language codes for the shipped locales.
SPOKEN = {"zh_Hans": "zh"}
NEEDS = {
    "housing_tonight": N_("somewhere to sleep tonight"),
    "housing": N_("longer-term housing"),
    "food": N_("food"),
    "money": N_("money and benefits"),
    "id_documents": N_("ID and documents"),
    "work": N_("work and training"),
    "fair_chance_work": N_("jobs for people with convictions"),
    "training": N_("training and education"),
    "health": N_("health"),
    "mental_health": N_("mental health"),
    "drugs_alcohol": N_("drugs and alcohol"),
    "legal": N_("legal help and records"),
    "family": N_("family and children"),
    "women": N_("services for women"),
    "transport": N_("transport"),
    "phone_internet": N_("phone and internet"),
}
ACCEPTS = {
    "people_with_convictions": N_("welcomes people with convictions"),
    "sex_offence_convictions": N_("considers people with sexual offence convictions"),
    "women_only": N_("women only"),
    "men_only": N_("men only"),
    "families": N_("families welcome"),
    "young_adults": N_("for young adults"),
    "veterans": N_("for veterans"),
    "lgbtq": N_("LGBTQ+ friendly"),
}
COSTS = {"free": N_("Free"), "low_cost": N_("Low cost"), "paid": N_("There is a charge")}
PROBLEMS = frozenset({"closed", "wrong_phone", "wrong_address", "other"})
UTC = zone("UTC")  # the window of someone whose time zone is not known


@dataclass
class Finder:
    directory: DirectoryReader
    places: Gazetteer = field(default_factory=gazetteer)


def _near(answers: dict[str, Any] | Any) -> Point | None:
    near = answers.get("near")
    if isinstance(near, dict):
        return Point(near["latitude"], near["longitude"])
    return None


def _country(region: str | None) -> str | None:
    return region.split("-", 1)[0] if region and region != "other" else None


def find_place_action(finder: Finder) -> Any:
    async def find_place(ctx: ActionContext) -> ActionResult:
        """Where to search from: a shared location, a typed place, or anywhere. The raw
        answer is dropped; only a rounded point is kept, for as long as the search."""
        place = ctx.answers.get("place")
        forget = ("place",)
        if place is None:
            return ActionResult(value=ANYWHERE, forget=forget)
        if "typed" in place:
            found = finder.places.find(str(place["typed"]), _country(ctx.profile.region))
            if found is None:
                return ActionResult(value=None, forget=forget)
            point, name = found.point, found.name
        else:
            point, name = Point(place["latitude"], place["longitude"]), None
        value = {
            "latitude": round(point.latitude, PRECISION),
            "longitude": round(point.longitude, PRECISION),
            "name": name,
        }
        return ActionResult(value=value, forget=forget)

    return find_place


def _place_words(ctx: ActionContext) -> str:
    near = ctx.answers.get("near")
    t = ctx.translator
    if isinstance(near, dict):
        return str(near["name"]) if near.get("name") else t.gettext("you")
    return t.gettext("anywhere")


def _distance(hit: Hit, t: Translator) -> str | None:
    if hit.distance_km is None:
        return t.gettext("By phone or online") if hit.location_id is None else None
    if hit.distance_km < 0.95:  # shown to the nearest 100 m, which must not read "1,000 m"
        metres = max(100, round(hit.distance_km * 10) * 100)
        return t.gettext("{metres} m away").format(metres=t.number(metres))
    return t.gettext("{km} km away").format(km=t.number(round(hit.distance_km, 1)))


def _card(number: int, hit: Hit, details: Details, ctx: ActionContext) -> str:
    t = ctx.translator
    lines = [f"{number}. {details.name}"]
    if details.demo:
        lines.append(t.gettext("DEMO: an example, not a real service"))
    where = _distance(hit, t)
    going = when_to_go(hit, ctx.now, person_zone(ctx.profile), t)
    lines.append(" · ".join(x for x in (where, going) if x))
    if details.phones:
        lines.append("☎ " + t.phone(details.phones[0]))
    if details.address:
        lines.append("🏠 " + details.address)
    lines.append(_verified(details, t))
    return "\n".join(lines)


def _verified(details: Details, t: Translator) -> str:
    if details.verified is None:
        return t.gettext("Not checked yet")
    return t.gettext("Last checked {date}").format(date=t.date(details.verified))


def _need(ctx: ActionContext) -> str:
    return ctx.params.get("category") or str(ctx.answers.get("need") or "")


def _asked(ctx: ActionContext) -> tuple[str | None, Window | None]:
    """The time the person asked about, and its window in their zone."""
    need = _need(ctx)
    when = asked_when(ctx.answers, need, from_answer="category" not in ctx.params)
    where = person_zone(ctx.profile) or UTC
    return when, asked_window(when, ctx.answers, ctx.now, where)


def list_services_action(finder: Finder) -> Any:
    async def list_services(ctx: ActionContext) -> ActionResult:
        t = ctx.translator
        need = _need(ctx)
        words = str(ctx.answers.get("search_words") or "") if need == WORDS else None
        spoken = ctx.profile.locale if ctx.answers.get("same_language") else None
        when, asked = _asked(ctx)
        where = person_zone(ctx.profile)
        query = Query(
            now=ctx.now,
            category=need if need in NEEDS else None,
            near=_near(ctx.answers),
            region=ctx.profile.region,
            language=SPOKEN.get(spoken, spoken) if spoken else None,
            text=words,
            window=asked,
            zone=where.key if where else None,
            # A place whose hours are not known may be open: shown last, "call first".
            unknown_hours_too=True,
        )
        hits = await finder.directory.search(query)
        shown, more = page(hits, ctx.page, ctx.page_size)
        what = t.gettext(NEEDS[need]) if need in NEEDS else (words or "")
        place = _place_words(ctx)
        time = [showing(when, asked, where or UTC, t)] if when and asked else []
        if not shown:
            text = t.gettext(
                "I could not find {what} near {where}. You can try another place, "
                "or choose Urgent help now in the menu."
            )
            missing: list[Effect] = [] if hits else [_missing(need, ctx, finder)]
            texts = [*time, text.format(what=what, where=place)]
            return ActionResult(texts=texts, effects=missing)
        found = await finder.directory.details(
            [(h.service_id, h.location_id) for h in shown], ctx.profile.locale
        )
        first = ctx.page * ctx.page_size + 1
        heading = (
            t.gettext("Here is what I found for {what} near {where}:").format(
                what=what, where=place
            )
            if ctx.page == 0
            else t.gettext("More results:")
        )
        texts, choices = [heading, *time], []
        for offset, hit in enumerate(shown):
            details = found.get(hit.service_id)
            if details is None:
                continue
            texts.append(_card(first + offset, hit, details, ctx))
            label = f"{first + offset}. {details.name}"
            choices.append((f"{hit.service_id}|{hit.location_id or ''}", label[:LABEL_LENGTH]))
        if ctx.answers.get("same_language"):
            texts.append(
                t.gettext("Showing only places where staff speak {language}.").format(
                    language=t.language_name()
                )
            )
        return ActionResult(texts=texts, choices=choices, more=more)

    return list_services


def _missing(need: str, ctx: ActionContext, finder: Finder) -> Count:
    """A search that found nothing, for the operator's count of where help is missing:
    the need by its category (typed words only as `words`), the place as a town."""
    key = need if need in NEEDS or need == WORDS else "other"
    return Count(NO_RESULT, key, search_place(ctx.answers.get("near"), finder.places))


def _chosen(ctx: ActionContext) -> tuple[str, str | None] | None:
    value = ctx.answers.get("service")
    if not isinstance(value, str) or "|" not in value:
        return None
    service_id, _, location_id = value.partition("|")
    return service_id, location_id or None


def service_details_action(finder: Finder) -> Any:
    async def service_details(ctx: ActionContext) -> ActionResult:
        t = ctx.translator
        chosen = _chosen(ctx)
        found = await finder.directory.details([chosen], ctx.profile.locale) if chosen else {}
        details = found.get(chosen[0]) if chosen else None
        if chosen is None or details is None:
            return ActionResult(texts=[t.gettext("Sorry, that service is no longer in the list.")])
        hours = await finder.directory.hours_of(chosen[0], chosen[1], ctx.now)
        if hours is not None:  # said for the time the list was for
            hours = replace(hours, window=_asked(ctx)[1])
        return ActionResult(texts=[_full(details, hours, ctx)])

    return service_details


def _full(details: Details, hit: Hit | None, ctx: ActionContext) -> str:
    t = ctx.translator
    lines = [details.name, *_notices(details, t)]
    if details.description:
        lines += ["", details.description]
    lines += _terms(details, t)
    if hit is not None:
        lines.append(when_to_go(hit, ctx.now, person_zone(ctx.profile), t))
    if details.how_to_apply:
        lines += ["", t.gettext("How to get help:") + " " + details.how_to_apply]
    if details.documents:
        lines += ["", t.gettext("What to bring:")] + [f"• {d}" for d in details.documents]
    lines += ["", *_contacts(details, t), _verified(details, t)]
    return "\n".join(lines)


def _notices(details: Details, t: Translator) -> list[str]:
    lines = []
    if details.demo:
        lines.append(t.gettext("DEMO: an example, not a real service"))
    if details.organization and details.organization != details.name:
        lines.append(t.gettext("Run by {organization}").format(organization=details.organization))
    if details.status != "active":
        lines.append(t.gettext("This service says it is closed for now."))
    if details.alert:
        lines.append("⚠ " + details.alert)
    return lines


def _terms(details: Details, t: Translator) -> list[str]:
    """Who it is for, and what it costs."""
    lines = []
    if details.eligibility:
        lines += ["", t.gettext("Who it is for:") + " " + details.eligibility]
    who = [t.gettext(ACCEPTS[a]) for a in details.accepts if a in ACCEPTS]
    if who:
        lines.append("✓ " + t.join(who))
    # The directory's own words about cost say more than the one-word kind, when given.
    cost = details.fees or (t.gettext(COSTS[details.cost]) if details.cost in COSTS else None)
    if cost:
        lines.append(t.gettext("Cost:") + " " + cost)
    return lines


def _contacts(details: Details, t: Translator) -> list[str]:
    lines = ["☎ " + t.phone(p) for p in details.phones]
    if details.address:
        lines.append("🏠 " + details.address)
    if details.latitude is not None and details.longitude is not None:
        link = _map_link(details.latitude, details.longitude)
        lines.append(t.gettext("Map: {link}").format(link=link))
    if details.url:
        lines.append("🌐 " + details.url)
    if details.languages:
        spoken = t.join(sorted({t.language_of(code) for code in details.languages}))
        lines.append(t.gettext("Languages spoken: {languages}").format(languages=spoken))
    return lines


def _map_link(latitude: float, longitude: float) -> str:
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
        f"#map=17/{latitude:.5f}/{longitude:.5f}"
    )


async def report_problem(ctx: ActionContext) -> ActionResult:
    chosen = _chosen(ctx)
    problem = str(ctx.answers.get("problem") or "")
    forget = ("problem", "problem_note")
    if chosen is None or problem not in PROBLEMS:
        return ActionResult(forget=forget)
    note = ctx.answers.get("problem_note")
    effect = ReportProblem(chosen[0], problem, str(note) if note else None)
    return ActionResult(effects=[effect], forget=forget)


async def choose_anywhere(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=ANYWHERE)


async def forget_place(ctx: ActionContext) -> ActionResult:
    return ActionResult(forget=("near",))


async def choose_need(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=ctx.params.get("category"))


async def toggle_language(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=not ctx.answers.get("same_language"))


async def where_i_live(ctx: ActionContext) -> ActionResult:
    return ActionResult(value=ctx.profile.region or "other")


async def end_search(ctx: ActionContext) -> ActionResult:
    """A search's place and choices are not kept once the person is done."""
    return ActionResult(
        forget=("near", "service", "search_words", "same_language", "need", "when", "day")
    )


def register(registry: ActionRegistry, directory: DirectoryReader) -> None:
    finder = Finder(directory)
    registry.register("find_place", find_place_action(finder))
    registry.register("list_services", list_services_action(finder))
    registry.register("service_details", service_details_action(finder))
    registry.register("report_problem", report_problem)
    registry.register("choose_need", choose_need)
    registry.register("choose_anywhere", choose_anywhere)
    registry.register("forget_place", forget_place)
    registry.register("toggle_language", toggle_language)
    registry.register("where_i_live", where_i_live)
    registry.register("end_search", end_search)
    registry.register("next_days", next_days)
