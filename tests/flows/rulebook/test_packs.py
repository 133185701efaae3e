"""The rule packs Onward ships: they load, agree with every worked example taken from
the law, and say plainly when they cannot decide."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.rulebook.load import LoadedPack, failing_examples, load_packs, outcome_json


def test_every_shipped_pack_agrees_with_its_worked_examples():
    packs = load_packs()
    assert {"GB-EAW", "US-MI"} <= set(packs)
    for loaded in packs.values():
        assert failing_examples(loaded) == []


def _rules_used(loaded: LoadedPack, ruleset_id: str) -> set[tuple[str, str]]:
    used = set()
    for example in loaded.examples[ruleset_id]:
        for outcome, found in outcome_json(loaded, ruleset_id, example.answers).items():
            for decision in found if isinstance(found, list) else [found]:
                if "rule" in decision:
                    used.add((outcome, decision["rule"]))
                used |= {(outcome, e["rule"]) for e in decision.get("extended_by", [])}
    return used


@pytest.mark.parametrize(
    ("code", "ruleset_id"),
    [
        ("GB-EAW", "record"),
        ("GB-EAW", "housing_costs"),
        ("US-MI", "set_aside"),
        ("US-MI", "ssi"),
    ],
)
def test_every_rule_decides_at_least_one_worked_example(code: str, ruleset_id: str):
    """So each waiting period, band, cap and exclusion is shown right by an example."""
    loaded = load_packs()[code]
    outcomes = loaded.pack.rulesets[ruleset_id].outcomes
    every = {(name, r.id) for name, o in outcomes.items() for r in [*o.rules, *o.combine]}
    assert every - _rules_used(loaded, ruleset_id) == set()


def test_michigan_examples_name_their_source_and_cover_caps_and_exclusions():
    examples = load_packs()["US-MI"].examples["set_aside"]
    assert len(examples) >= 15
    assert all("MCL" in e.source or "MSP" in e.source or "AG" in e.source for e in examples)
    seen = {v for e in examples for values in e.expected.values() for v in values}
    assert {"never", "not_automatic", "over_cap", "pending_case", "later_conviction"} <= seen
    assert "undecided" in seen


def test_england_and_wales_examples_cover_every_band_disposal_and_chains():
    loaded = load_packs()["GB-EAW"]
    examples = loaded.examples["record"]
    assert len(examples) >= 30
    items = [c for e in examples for c in e.answers["convictions"]]
    disposals = {c["disposal"] for c in items}
    options = {o.value for o in loaded.pack.questions["disposal"].options}
    assert options == disposals  # every disposal the flow offers has a worked example
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
    """The 1974 table's rows for orders were not confirmed: an order from 2010 gets no
    exact day, only the latest one LASPO 2012 s.141 allows (10 March 2014, as the 2014
    table ended it in 2012), named by its own rule; and a later conviction it cannot
    reach (its period under any table ended long before) keeps its own date."""
    loaded = load_packs()["GB-EAW"]
    answers = {
        "convictions": [
            {"date": dt.date(2010, 4, 1), "age": 30, "disposal": "community_order",
             "ends": dt.date(2011, 3, 31)},
            {"date": dt.date(2024, 1, 10), "age": 30, "disposal": "fine"},
        ]
    }  # fmt: skip
    first, second = outcome_json(loaded, "record", answers)["spent"]
    assert first["value"] == "2014-03-10"
    assert first["rule"] == "spent_by_10_march_2014_at_the_latest"
    assert second["value"] == "2025-01-10"


def test_a_later_conviction_never_revives_one_already_spent():
    """A fine in 2016 was spent in 2017 under the law then in force; a 2017 custody
    conviction falls after that day, so it holds nothing, under any table (the custody's
    2014-table day, 48 months after its licence, came before 28 October 2023)."""
    loaded = load_packs()["GB-EAW"]
    answers = {
        "convictions": [
            {"date": dt.date(2016, 3, 1), "age": 30, "disposal": "fine"},
            {"date": dt.date(2017, 3, 1), "age": 31, "disposal": "custody",
             "length_months": 12, "ends": dt.date(2018, 2, 28), "schedule_18": False},
        ]
    }  # fmt: skip
    spent = outcome_json(loaded, "record", answers)["spent"]
    assert [d["value"] for d in spent] == ["2017-03-01", "2022-03-01"]
    assert spent[0]["extended_by"] == []


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
