"""The rules engine, on a made-up pack: worked examples, citations and checks, and
answers a person did not give never deciding anything."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from core.app import all_actions
from flows.check import check_flows
from flows.i18n import Catalogs
from flows.machine import load_flows
from flows.rulebook.decision import RuleError, Undecided
from flows.rulebook.evaluate import run
from flows.rulebook.expressions import Scope, add_months, holds, value
from flows.rulebook.load import PackError, failing_examples, load_pack, load_packs, outcome_json
from flows.rulebook.spec import Ruleset

SAMPLE = Path(__file__).parent / "sample"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "rules")
    return tmp_path / "rules"


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_sample_pack_agrees_with_its_worked_examples():
    loaded = load_packs(SAMPLE)["XX-TEST"]
    assert sum(len(e) for e in loaded.examples.values()) == 5
    assert failing_examples(loaded) == []


def test_a_rule_without_a_citation_is_refused(packs: Path):
    edit(packs / "XX-TEST" / "pack.yaml", "then: never, cite: act, ", "then: never, ")
    with pytest.raises(PackError, match=r"cite\s+Field required"):
        load_packs(packs)


def test_a_rule_citing_an_unknown_source_is_refused(packs: Path):
    edit(packs / "XX-TEST" / "pack.yaml", "cite: act_chain", "cite: act_3")
    with pytest.raises(
        PackError, match="rule 'further_conviction' cites 'act_3', which is not a source"
    ):
        load_packs(packs)


def test_a_rule_without_a_review_date_is_refused(packs: Path):
    edit(
        packs / "XX-TEST" / "pack.yaml",
        "            cite: act_chain\n            last_reviewed: 2026-11-22\n",
        "            cite: act_chain\n",
    )
    with pytest.raises(PackError, match=r"last_reviewed\s+Field required"):
        load_packs(packs)


def test_a_rule_naming_an_unknown_question_is_refused(packs: Path):
    edit(packs / "XX-TEST" / "pack.yaml", "{lt: [$age, 18]}", "{lt: [$age_then, 18]}")
    with pytest.raises(
        PackError, match="rule 'youth_fine' uses 'age_then', which the ruleset does not ask"
    ):
        load_packs(packs)


def test_a_failing_example_is_named_with_its_source(packs: Path):
    edit(
        packs / "XX-TEST" / "examples" / "record.yaml",
        "expected: {spent: [2024-09-01]",
        "expected: {spent: [2024-10-01]",
    )
    (problem,) = failing_examples(load_pack(packs / "XX-TEST"))
    assert (
        "'A fine before 18' (Testland Records Act s.1): spent: got ['2024-09-01'], expected ['2024-10-01']"
        in str(problem)
    )


def test_an_answer_not_given_leaves_the_outcome_undecided_and_says_which():
    loaded = load_packs(SAMPLE)["XX-TEST"]
    answers = {
        "pending": "prefer_not",
        "convictions": [
            {"date": dt.date(2024, 1, 1), "age": "unknown", "disposal": "fine"},
            {
                "date": dt.date(2024, 2, 1),
                "age": 40,
                "disposal": "custody",
                "length_months": "unknown",
            },
        ],
    }
    result = outcome_json(loaded, "record", answers)
    assert result["spent"] == [
        {"decided": False, "missing": ["age"]},
        {"decided": False, "missing": ["length_months"]},
    ]
    assert result["open_case"] == {"decided": False, "missing": ["pending"]}


def test_a_decision_names_its_rule_source_and_review_date():
    loaded = load_packs(SAMPLE)["XX-TEST"]
    answers = {"convictions": [{"date": dt.date(2024, 1, 1), "age": 30, "disposal": "fine"}]}
    (spent,) = outcome_json(loaded, "record", answers)["spent"]
    assert spent == {
        "decided": True,
        "value": "2025-01-01",
        "rule": "fine",
        "source": {
            "title": "Testland Records Act, s.1",
            "url": "https://example.org/act/1",
            "last_reviewed": "2026-11-22",
        },
        "extended_by": [],
    }


def test_any_and_all_settle_without_answers_they_do_not_need():
    scope = Scope({"a": True, "b": "unknown"})
    assert holds({"any": [{"is": ["$a", True]}, {"is": ["$b", 1]}]}, scope)
    assert not holds({"all": [{"is": ["$a", False]}, {"is": ["$b", 1]}]}, scope)
    with pytest.raises(Undecided):
        holds({"all": [{"is": ["$a", True]}, {"is": ["$b", 1]}]}, scope)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 11, 15), 14, dt.date(2026, 1, 15)),
    ],
)
def test_months_are_counted_on_the_calendar(day: dt.date, months: int, expected: dt.date):
    assert add_months(day, months) == expected


def test_flows_check_fails_on_a_pack_with_a_failing_example(packs: Path):
    edit(packs / "XX-TEST" / "examples" / "record.yaml", "[2024-09-01]", "[2024-09-02]")
    problems = [str(p) for p in check_flows(load_flows(), Catalogs(), all_actions(), packs)]
    assert any("'A fine before 18'" in p and "expected ['2024-09-02']" in p for p in problems)
    # and its texts are not translated: a pack must speak every language, like a flow
    assert any("not translated into ar: 'What sentence did you get?'" in p for p in problems)


def _ruleset(outcomes: dict[str, object]) -> Ruleset:
    return Ruleset.model_validate(
        {
            "title": "test",
            "items": {"name": "items", "questions": ["start", "out", "kind"]},
            "outcomes": outcomes,
        }
    )


def _rule(rule_id: str, then: object, when: object = None) -> dict[str, object]:
    return {"id": rule_id, "when": when, "then": then, "cite": "s", "last_reviewed": "2026-11-23"}


def test_an_event_that_did_not_happen_is_passed_over_but_an_unknown_one_is_not():
    rules = _ruleset(
        {"ends": {"per_item": True, "rules": [_rule("r", {"latest": ["$start", "$out"]})]}}
    )
    items = [
        {"start": "2024-01-01", "out": "none"},
        {"start": "2024-01-01", "out": "2025-02-01"},
        {"start": "2024-01-01", "out": "unknown"},
    ]
    found = run(rules, {"items": items})["ends"]
    assert [d.value for d in found[:2]] == [dt.date(2024, 1, 1), dt.date(2025, 2, 1)]
    assert found[2].missing == {"out"}


def test_a_rule_can_say_the_pack_cannot_settle_a_case():
    rules = _ruleset(
        {
            "ends": {
                "per_item": True,
                "rules": [
                    _rule("unread", "undecided", {"is": ["$kind", "odd"]}),
                    _rule("r", "$start"),
                ],
            }
        }
    )
    odd, plain = run(rules, {"items": [{"kind": "odd"}, {"kind": "x", "start": "2024-01-01"}]})[
        "ends"
    ]
    assert not odd.decided
    assert odd.missing == set()
    assert odd.unsettled_by is not None
    assert odd.unsettled_by.id == "unread"
    assert plain.decided
    assert plain.value == "2024-01-01"


def test_an_outcome_reads_an_earlier_one_and_inherits_what_it_lacks():
    rules = _ruleset(
        {
            "wait": {"per_item": True, "rules": [_rule("w", {"add": ["$start", {"years": 3}]})]},
            "final": {
                "per_item": True,
                "rules": [
                    _rule("capped", "over_cap", {"is": ["$kind", "big"]}),
                    _rule("f", "$wait"),
                ],
            },
        }
    )
    items = [{"kind": "small", "start": "2020-05-01"}, {"kind": "small"}, {"kind": "big"}]
    final = run(rules, {"items": items})["final"]
    assert final[0].value == dt.date(2023, 5, 1)
    assert not final[1].decided
    assert final[1].missing == {"start"}
    assert final[2].value == "over_cap"  # a verdict, not a date


def test_combining_rules_leave_verdicts_alone():
    rules = _ruleset(
        {
            "ends": {
                "per_item": True,
                "rules": [
                    _rule("capped", "over_cap", {"is": ["$kind", "big"]}),
                    _rule("r", "$start"),
                ],
                "combine": [_rule("chain", {"latest": ["$result", {"latest_of": "$result"}]})],
            }
        }
    )
    items = [{"kind": "big"}, {"kind": "x", "start": dt.date(2024, 1, 1)}]
    found = run(rules, {"items": items})["ends"]
    assert found[0].value == "over_cap"
    assert found[1].value == dt.date(2024, 1, 1)


def test_an_outcome_may_read_one_decided_before_it_but_not_after(packs: Path):
    pack = packs / "XX-TEST" / "pack.yaml"
    edit(
        pack,
        "          - id: custody\n",
        "          - {id: early, when: {is: [$later, 1]}, then: never, cite: act,"
        " last_reviewed: 2026-11-22}\n          - id: custody\n",
    )
    edit(
        pack,
        "      open_case:\n",
        "      later:\n        per_item: true\n        rules:\n"
        "          - {id: reads, then: $spent, cite: act, last_reviewed: 2026-11-22}\n"
        "      open_case:\n",
    )
    with pytest.raises(PackError) as error:
        load_pack(packs / "XX-TEST")
    (problem,) = error.value.problems
    assert "outcome 'spent', rule 'early' uses 'later'" in str(problem)


def test_distinct_counts_items_that_share_a_value_once_and_plus_adds_counts():
    """What MCL 780.621b needs: felonies from one event are one, the others one each."""
    items = [
        {"kind": "felony", "event": "2015-01-10"},
        {"kind": "felony", "event": "2015-01-10"},
        {"kind": "felony", "event": "2016-02-02"},
        {"kind": "misdemeanor", "event": "2015-01-10"},
        {"kind": "felony"},
    ]
    scope = Scope({}, items)
    in_an_event = {"all": [{"is": ["$kind", "felony"]}, {"given": "$event"}]}
    assert value({"distinct": ["$event", in_an_event]}, scope) == 2
    alone = {"count": {"all": [{"is": ["$kind", "felony"]}, {"not": {"given": "$event"}}]}}
    assert value({"plus": [alone, {"distinct": ["$event", in_an_event]}]}, scope) == 3
    with pytest.raises(Undecided):  # an event's date not given cannot be counted
        value({"distinct": ["$event", {"is": ["$kind", "felony"]}]}, scope)
    with pytest.raises(RuleError, match="is not a number"):
        value({"plus": ["$kind", 1]}, Scope({"kind": "felony"}))
