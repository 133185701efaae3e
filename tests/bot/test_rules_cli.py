"""`onward rules ...`, as an NGO checking a pack runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.bot.test_cli import onward

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


def test_a_broken_pack_is_named_and_never_loads_silently(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(SAMPLE, rules)
    pack = rules / "XX-TEST" / "pack.yaml"
    pack.write_text(pack.read_text().replace("cite: act_chain", "cite: nowhere"))
    result = onward("rules", "--dir", str(rules), "test", cwd=tmp_path)
    assert result.returncode == 1
    assert "cites 'nowhere', which is not a source" in result.stderr
