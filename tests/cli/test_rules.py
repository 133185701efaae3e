"""`onward rules ...`, as an NGO checking a pack runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import onward

SAMPLE = Path(__file__).parent.parent / "flows" / "rulebook" / "sample"


def test_rules_test_passes_and_fails_with_the_example_named(tmp_path: Path):
    passed = onward("rules", "--dir", str(SAMPLE), "test", cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "XX-TEST: 5 of 5 worked examples agree with their source." in passed.stdout
    rules = tmp_path / "rules"
    shutil.copytree(SAMPLE, rules)
    examples = rules / "XX-TEST" / "examples" / "record.yaml"
    examples.write_text(examples.read_text().replace("[2024-09-01]", "[2024-09-02]"))
    failed = onward("rules", "--dir", str(rules), "test", "XX-TEST", cwd=tmp_path)
    assert failed.returncode == 1
    assert "FAIL" in failed.stdout
    assert "'A fine before 18'" in failed.stdout


def test_describe_lists_questions_with_ids_and_types(tmp_path: Path):
    result = onward("rules", "--dir", str(SAMPLE), "describe", "XX-TEST", "record", cwd=tmp_path)
    assert result.returncode == 0
    assert (
        "pending: yes_no; may be prefer_not - Is a case against you still open?" in result.stdout
    )
    assert "  disposal: choice (custody, fine) - What sentence did you get?" in result.stdout


def test_run_prints_the_outcome_as_json(tmp_path: Path):
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"convictions": [{"date": "2024-03-01", "age": 17, "disposal": "fine"}]})
    )
    result = onward(
        "rules",
        "--dir",
        str(SAMPLE),
        "run",
        "XX-TEST",
        "record",
        "--answers",
        str(answers),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout
    outcome = json.loads(result.stdout)
    assert outcome["spent"][0]["value"] == "2024-09-01"
    assert outcome["spent"][0]["rule"] == "youth_fine"
    assert outcome["open_case"] == {"decided": False, "missing": ["pending"]}


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({"convictions": [{"date": "9999-12-31", "age": 30, "disposal": "fine"}]}, "date"),
        ({"convictions": [{"date": "2024-01-01", "age": "thirty", "disposal": "fine"}]}, "age"),
        ({"convictions": [{"date": "2024-01-01", "age": 1e400, "disposal": "fine"}]}, "age"),
        ({"convictions": [{"date": "2024-01-01", "age": 30, "disposal": "x"}]}, "disposal"),
        ({"convictions": [{"when": "2024-01-01"}]}, "when"),
        ({"convictions": "lots"}, "convictions"),
        (["not", "an", "object"], "JSON object"),
    ],
)
def test_answers_that_do_not_fit_are_named_not_a_traceback(tmp_path: Path, answers, named):
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(answers).replace("Infinity", "1e400"))
    result = onward(
        "rules", "--dir", str(SAMPLE), "run", "XX-TEST", "record", "--answers", str(file),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert named in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_real_pack_refuses_a_date_no_rule_can_count_from(tmp_path: Path):
    file = tmp_path / "answers.json"
    conviction = {"date": "9999-01-01", "age": 30, "disposal": "custody",
                  "length_months": 12, "ends": "9999-12-31", "schedule_18": False}  # fmt: skip
    file.write_text(json.dumps({"convictions": [conviction]}))
    result = onward("rules", "run", "GB-EAW", "record", "--answers", str(file), cwd=tmp_path)
    assert result.returncode == 1
    assert "convictions[1].date" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_broken_pack_is_named_and_never_loads_silently(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(SAMPLE, rules)
    pack = rules / "XX-TEST" / "pack.yaml"
    pack.write_text(pack.read_text().replace("cite: act_chain", "cite: nowhere"))
    result = onward("rules", "--dir", str(rules), "test", cwd=tmp_path)
    assert result.returncode == 1
    assert "cites 'nowhere', which is not a source" in result.stderr


def test_a_michigan_record_with_no_prison_and_one_bad_night_runs(tmp_path: Path):
    """The answer "none" (no time in prison: an event that did not happen) is one the packs and
    the My record flow use, so `rules run` takes it; two felonies from one night are one
    (MCL 780.621b): 5 years from the later events, not 7."""
    felony = {"date": "2015-03-09", "sentenced": "2015-04-06", "level": "felony",
              "released": "none", "never_eligible": False, "owi": False, "assaultive": False,
              "ten_years": False, "dishonesty": False, "harm": False, "same_event": True,
              "event_date": "2015-01-10", "weapon": False}  # fmt: skip
    convictions = [
        {**felony, "supervision_ended": "2016-04-06"},
        {**felony, "supervision_ended": "2017-04-06"},
    ]
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"pending_case": False, "convictions": convictions}))
    result = onward("rules", "run", "US-MI", "set_aside", "--answers", str(file), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    outcome = json.loads(result.stdout)
    assert [d["value"] for d in outcome["petition"]] == ["2022-04-06", "2022-04-06"]
    assert [d["value"] for d in outcome["automatic"]] == ["2025-04-06", "2025-04-06"]
