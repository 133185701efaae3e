"""The rule packs Onward ships: they load, agree with every worked example taken from
the law, and say plainly when they cannot decide."""

from __future__ import annotations

import datetime as dt

from flows.rulebook.load import failing_examples, load_packs, outcome_json


def test_every_shipped_pack_agrees_with_its_worked_examples():
    packs = load_packs()
    assert "GB-EAW" in packs
    for loaded in packs.values():
        assert failing_examples(loaded) == []


def test_england_and_wales_examples_cover_every_band_disposal_and_chains():
    loaded = load_packs()["GB-EAW"]
    examples = loaded.examples["record"]
    assert len(examples) >= 30
    items = [c for e in examples for c in e.answers["convictions"]]
    disposals = {c["disposal"] for c in items}
    options = {o.value for o in loaded.pack.questions["disposal"].options}
    assert options - disposals == {"motoring_endorsement"}  # unconfirmed: see the next test
    custody = {
        (c["length_months"], c.get("schedule_18"), c["age"] >= 18)
        for c in items
        if c["disposal"] == "custody"
    }
    for months in (12, 13, 48, 49):
        assert (months, False, True) in custody
    assert (49, True, True) in custody
    assert (48, True, True) in custody
    assert any(not adult for _, _, adult in custody)
    assert sum(1 for e in examples if len(e.answers["convictions"]) > 1) >= 4


def test_what_the_pack_cannot_confirm_it_does_not_decide():
    loaded = load_packs()["GB-EAW"]
    answers = {
        "convictions": [
            {"date": dt.date(2024, 1, 10), "age": 30, "disposal": "motoring_endorsement"}
        ]
    }
    assert outcome_json(loaded, "record", answers)["spent"] == [{"decided": False}]


def test_an_answer_the_person_did_not_give_is_named_not_assumed():
    loaded = load_packs()["GB-EAW"]
    answers = {
        "convictions": [
            {
                "date": dt.date(2024, 1, 10),
                "age": 30,
                "disposal": "custody",
                "length_months": "unknown",
                "ends": dt.date(2025, 1, 9),
            },
            {
                "date": dt.date(2024, 1, 10),
                "age": 30,
                "disposal": "custody",
                "length_months": 60,
                "ends": dt.date(2029, 1, 9),
                "schedule_18": "prefer_not",
            },
        ]
    }
    spent = outcome_json(loaded, "record", answers)["spent"]
    # Without the length, whether Schedule 18 matters cannot be known either: both are named.
    assert spent == [
        {"decided": False, "missing": ["length_months", "schedule_18"]},
        {"decided": False, "missing": ["schedule_18"]},
    ]
