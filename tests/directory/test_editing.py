"""Editing one service from the console: through the importer's path, so the bot's search
sees the change at once, and a bad field is named, with nothing written."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from directory import editing
from directory.editing_form import (
    HoursRow,
    fields_of,
    form_from_fields,
    hours_by_day,
    template_rows,
)
from directory.formats import read
from directory.geo import Point, distance_km
from directory.hours import window
from directory.search import Directory, Query
from directory.seed import DATA, DEMO
from directory.store import DirectoryStore

LONDON = ZoneInfo("Europe/London")
FIRST_DAY = "c329fed7-9e42-533d-9da7-e219cf96141b"  # First Day Drop-in, Oakbridge Centre
OAKBRIDGE = Point(53.4794, -2.2321)
OAKBRIDGE_TRUST = "f1eec126-5f72-5c60-a9d4-723d7d9ed8cb"
MONDAY = dt.date(2026, 11, 23)
TODAY = dt.date(2026, 12, 5)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture
async def demo(directory_store: DirectoryStore) -> DirectoryStore:
    await directory_store.import_dataset(read(DATA / DEMO))
    return directory_store


async def open_now(store: DirectoryStore, moment: dt.datetime) -> bool:
    query = Query(
        now=moment,
        category="housing_tonight",
        near=OAKBRIDGE,
        window=window("now", moment, LONDON),
        limit=100,
    )
    return FIRST_DAY in {hit.service_id for hit in await Directory(store.engine).search(query)}


async def test_new_hours_are_what_the_bot_searches_at_once(demo: DirectoryStore):
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    assert {r.byday for r in form.hours} == {"MO", "TU", "WE", "TH", "FR", "SA"}
    assert await open_now(demo, at(MONDAY, 12))
    assert not await open_now(demo, at(MONDAY, 18, 30))
    assert await open_now(demo, at(MONDAY + dt.timedelta(days=5), 11))  # Saturday
    fields = fields_of(form)
    for name in [n for n in fields if n.startswith("hours-")]:
        del fields[name]
    # Monday twice (early and evening), Saturday once; Sunday and the rest closed.
    for index, (day, opens, closes) in enumerate(
        [("MO", "07:00", "09:00"), ("MO", "18:00", "20:00"), ("SA", "10:00", "12:00")]
    ):
        fields |= {f"hours-{index}-byday": day, f"hours-{index}-opens_at": opens}
        fields[f"hours-{index}-closes_at"] = closes
    fields["_csrf"] = "ignored"
    result = await editing.save_service(
        demo, form_from_fields(fields), allowed_organization=OAKBRIDGE_TRUST, today=TODAY
    )
    assert result.saved, result
    assert await open_now(demo, at(MONDAY, 7, 30))
    assert not await open_now(demo, at(MONDAY, 12))
    assert await open_now(demo, at(MONDAY, 18, 30))
    assert not await open_now(demo, at(MONDAY + dt.timedelta(days=1), 12))  # Tuesday
    again = await editing.load_service(demo, FIRST_DAY)
    assert again is not None
    days = dict(hours_by_day(again))
    assert [(r.opens_at, r.closes_at) for _, r in days["MO"]] == [
        ("07:00", "09:00"),
        ("18:00", "20:00"),
    ]
    assert days["SU"] == []
    assert again.texts == form.texts
    assert again.phones == form.phones


async def test_a_form_loads_and_saves_back_unchanged(demo: DirectoryStore):
    before = await demo.dataset()
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    assert form_from_fields(fields_of(form)) == form
    result = await editing.save_service(
        demo, form_from_fields(fields_of(form)), allowed_organization=None, today=TODAY
    )
    assert result.saved
    assert await editing.load_service(demo, FIRST_DAY) == form
    after = await demo.dataset()
    # Translations of the organisation and location, documents and places are kept.
    for table in ("organization", "location", "address", "required_document", "attribute"):
        assert {r.id: (r.fields, r.onward) for r in before.records[table].values()} == {
            r.id: (r.fields, r.onward) for r in after.records[table].values()
        }, table


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("locations-0-latitude", "200", "200 is outside -90 to 90"),
        ("hours-0-opens_at", "25:00", "'25:00' is not a time like 09:30"),
        ("accepts", "everyone", "'everyone' is not one of:"),
        ("name.en", "", "is required and missing"),
        ("hours-0-byday", "XX", "is not a day of the week"),
    ],
)
async def test_a_bad_field_is_named_and_nothing_is_written(
    demo: DirectoryStore, field: str, value: str, reason: str
):
    before = await demo.dataset()
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    fields = fields_of(form) | {field: value, "name.es": "Otro nombre"}
    result = await editing.save_service(
        demo, form_from_fields(fields), allowed_organization=None, today=TODAY
    )
    assert not result.saved
    assert list(result.problems) == [field], result
    assert any(r.startswith(reason) for r in result.problems[field]), result.problems
    assert not result.general
    after = await demo.dataset()
    assert {t: {i: r.fields for i, r in rows.items()} for t, rows in after.records.items()} == {
        t: {i: r.fields for i, r in rows.items()} for t, rows in before.records.items()
    }
    assert (
        after.records["service"][FIRST_DAY].onward == before.records["service"][FIRST_DAY].onward
    )


def test_unknown_and_malformed_field_names_are_problems():
    form = form_from_fields(
        {"colour": "blue", "hours-x-byday": "MO", "phones-0-fax": "1", "name.de": "Name"}
    )
    assert set(form.problems) == {"colour", "hours-x-byday", "phones-0-fax", "name.de"}
    rows = template_rows(form_from_fields({"phones-3-number": "0161 496 0100"}))
    assert rows["phones"][0].names["number"] == "phones-0-number"
    assert rows["phones"][0].values["number"] == "0161 496 0100"
    assert rows["phones"][1].values["number"] == ""  # a blank row to add one


async def test_another_organisations_service_is_refused(demo: DirectoryStore):
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    form.texts["name"]["en"] = "Taken over"
    other = "6e42ece2-dfb3-5da2-bbdc-a91e1c197c2d"  # Lamplight Shelters
    result = await editing.save_service(demo, form, allowed_organization=other, today=TODAY)
    assert not result.saved
    assert result.general == [editing_messages().OTHER_ORGANISATION]
    again = await editing.load_service(demo, FIRST_DAY)
    assert again is not None
    assert again.text("name") == "First Day Drop-in (demo)"


async def test_a_new_service_is_created_and_listed(demo: DirectoryStore):
    form = editing.new_service_form(OAKBRIDGE_TRUST)
    fields = fields_of(form) | {
        "name.en": "Evening Tea Club (demo)",
        "name.fr": "Club du thé du soir (démo)",
        "categories": "housing_tonight",
        "phones-0-number": "0161 496 0199",
        "hours-0-byday": "WE",
        "hours-0-opens_at": "18:00",
        "hours-0-closes_at": "21:00",
        "languages": "en fr",
    }
    result = await editing.save_service(
        demo, form_from_fields(fields), allowed_organization=OAKBRIDGE_TRUST, today=TODAY
    )
    assert result.saved, result
    rows, total = await editing.list_services(demo.engine, text="TEA CLUB", today=TODAY)
    assert total == 1
    assert rows[0].id == form.id
    assert rows[0].organization_name == "Oakbridge Resettlement Trust (demo)"
    loaded = await editing.load_service(demo, form.id)
    assert loaded is not None
    assert loaded.text("name", "fr") == "Club du thé du soir (démo)"
    assert loaded.hours == [HoursRow("WE", "18:00", "21:00", "")]


async def test_verify_sets_the_date_and_who(demo: DirectoryStore):
    rows, stale = await editing.list_services(demo.engine, stale_days=365, today=TODAY)
    assert FIRST_DAY in {r.id for r in rows}  # last verified 2025-06-01
    assert await editing.verify(demo, FIRST_DAY, who="editor@ngo.example.org", today=TODAY)
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    assert (form.assured_date, form.assurer_email) == ("2026-12-05", "editor@ngo.example.org")
    rows, fewer = await editing.list_services(demo.engine, stale_days=365, today=TODAY)
    assert FIRST_DAY not in {r.id for r in rows}
    assert fewer == stale - 1
    assert not await editing.verify(demo, "no-such-id", who="a@b.example", today=TODAY)
    with pytest.raises(ValueError, match="email"):
        await editing.verify(demo, FIRST_DAY, who="alice", today=TODAY)


async def test_list_filters(demo: DirectoryStore):
    everything, total = await editing.list_services(demo.engine, today=TODAY, limit=5)
    assert len(everything) == 5
    assert total == 51
    housing, count = await editing.list_services(
        demo.engine, category="housing_tonight", today=TODAY
    )
    assert FIRST_DAY in {r.id for r in housing}
    assert 0 < count < total
    mine, _ = await editing.list_services(
        demo.engine, organization_id=OAKBRIDGE_TRUST, today=TODAY
    )
    assert {r.organization_id for r in mine} == {OAKBRIDGE_TRUST}
    _, none = await editing.list_services(demo.engine, text="%", today=TODAY)
    assert none == 0  # a wildcard is taken literally


def editing_messages():
    from directory import editor_messages

    return editor_messages


async def test_hours_of_one_place_and_a_new_place(demo: DirectoryStore):
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    rows = template_rows(form)
    new_place = rows["locations"][-1]  # the blank row, with its new id
    oakbridge = form.locations[0].id
    fields = {k: v for k, v in fields_of(form).items() if not k.startswith("hours-")}
    fields |= {new_place.names["id"]: new_place.values["id"]}
    fields |= {
        new_place.names["name.en"]: "Oakbridge Annexe",
        new_place.names["latitude"]: "53.48",
        new_place.names["longitude"]: "-2.23",
        "hours-0-byday": "TU",
        "hours-0-opens_at": "09:00",
        "hours-0-closes_at": "10:00",
        "hours-0-location": oakbridge,
        "hours-1-byday": "WE",
        "hours-1-opens_at": "11:00",
        "hours-1-closes_at": "12:00",
        "hours-1-location": new_place.values["id"],
        "hours-2-byday": "TH",
        "hours-2-opens_at": "11:00",
        "hours-2-closes_at": "12:00",
        "hours-2-location": "not-one-of-its-places",
    }
    refused = await editing.save_service(
        demo, form_from_fields(fields), allowed_organization=None, today=TODAY
    )
    assert refused.problems == {"hours-2-location": ["names a place this service does not have"]}
    for key in ("hours-2-byday", "hours-2-opens_at", "hours-2-closes_at", "hours-2-location"):
        del fields[key]
    result = await editing.save_service(
        demo, form_from_fields(fields), allowed_organization=None, today=TODAY
    )
    assert result.saved, result
    again = await editing.load_service(demo, FIRST_DAY)
    assert again is not None
    assert [loc.name["en"] for loc in again.locations] == ["Oakbridge Annexe", "Oakbridge Centre"]
    assert again.hours == [
        HoursRow("TU", "09:00", "10:00", oakbridge),
        HoursRow("WE", "11:00", "12:00", new_place.values["id"]),
    ]
    assert await open_now(demo, at(MONDAY + dt.timedelta(days=1), 9, 30))
    assert not await open_now(demo, at(MONDAY + dt.timedelta(days=1), 11, 30))


async def test_moving_a_shared_place_moves_every_service_there(demo: DirectoryStore):
    id_clinic = "7ecc11d6-c7af-56db-ba4e-02748b509a3e"  # also at the Oakbridge Centre
    salford = Point(53.4875, -2.2901)  # about 4 km west: found within 10 km either way
    far_west = Point(53.4008, -2.9916)  # Liverpool, 50 km: only in the wide box

    async def distance(service_id: str) -> float:
        query = Query(now=at(MONDAY, 12), category="id_documents", near=far_west, limit=100)
        hits = await Directory(demo.engine).search(query)
        return next(h.distance_km for h in hits if h.service_id == service_id)

    before = await distance(id_clinic)
    form = await editing.load_service(demo, FIRST_DAY)
    assert form is not None
    form.locations[0].latitude, form.locations[0].longitude = map(
        str, (salford.latitude, salford.longitude)
    )
    result = await editing.save_service(demo, form, allowed_organization=None, today=TODAY)
    assert result.saved, result
    assert before == pytest.approx(distance_km(far_west, OAKBRIDGE), abs=0.01)
    assert await distance(id_clinic) == pytest.approx(distance_km(far_west, salford), abs=0.01)
    clinic = await editing.load_service(demo, id_clinic)
    assert clinic is not None
    assert clinic.locations[0].latitude == str(salford.latitude)
