"""Loading and checking flows: a bad flow is named by file, line and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.app import all_actions
from flows.check import check_flows
from flows.errors import FlowError
from flows.i18n import Catalogs
from flows.machine import CONTENT_DIR, load_flows


@pytest.fixture
def content(tmp_path: Path) -> Path:
    for file in CONTENT_DIR.glob("*.yaml"):
        shutil.copy(file, tmp_path)
    return tmp_path


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


def line(file: Path, needle: str) -> int:
    """The 1-based line where `needle` first stands in `file`."""
    return next(i for i, text in enumerate(file.read_text().splitlines(), 1) if needle in text)


def problems(content: Path) -> list[str]:
    try:
        flows = load_flows(content)
    except FlowError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in check_flows(flows, Catalogs(), all_actions())]


def test_the_shipped_flows_are_clean():
    assert problems(CONTENT_DIR) == []


def test_malformed_yaml_names_the_line(content: Path):
    edit(
        content / "settings.yaml",
        '    text: "What would you like to change?"',
        '    text: "What would you like to change?\n  : :',
    )
    found = problems(content)
    assert len(found) == 1
    assert found[0].startswith(f"{content / 'settings.yaml'}:")
    assert "not valid YAML" in found[0]


def test_a_typo_in_a_node_names_the_field_and_line(content: Path):
    settings = content / "settings.yaml"
    edit(settings, "        to: change_region", "        too: change_region")
    assert problems(content) == [
        f"{settings}:{line(settings, 'Where I live')}: nodes.main.buttons.1.to: Field required",
        f"{settings}:{line(settings, 'too:')}: nodes.main.buttons.1.too: Extra inputs are not permitted",
    ]


def test_a_route_to_nowhere(content: Path):
    settings = content / "settings.yaml"
    edit(settings, "    next: region_saved", "    next: region_svaed")
    assert problems(content) == [
        f"{settings}:{line(settings, 'region_svaed')}: 'region_svaed' is not a node of flow 'settings'"
    ]


def test_an_unreachable_node_and_a_missing_translation(content: Path):
    (content / "settings.yaml").write_text(
        (content / "settings.yaml").read_text()
        + '\n  orphan:\n    kind: message\n    text: "Nobody sees me."\n    next: done\n'
    )
    settings = content / "settings.yaml"
    assert problems(content) == [
        f"{settings}:{line(settings, 'orphan:')}: node 'orphan' cannot be reached from 'main'",
        *[
            f"{settings}:{line(settings, 'Nobody')}: not translated into {loc}: 'Nobody sees me.'"
            for loc in ("ar", "zh_Hans", "fr", "ru", "es")
        ],
    ]


def test_an_unknown_action_and_an_unknown_answer(content: Path):
    edit(content / "privacy.yaml", "    action: privacy_summary", "    action: privacy_sumary")
    edit(
        content / "settings.yaml",
        "    next: region_saved",
        "    next:\n      - to: main\n        when: {answer: regoin, given: true}\n      - to: region_saved",
    )
    privacy, settings = content / "privacy.yaml", content / "settings.yaml"
    assert problems(content) == [
        f"{privacy}:{line(privacy, 'sumary')}: action 'privacy_sumary' is not registered",
        f"{settings}:{line(settings, 'regoin')}: condition names answer 'regoin', which no question gives",
    ]


def test_a_dead_end_and_a_conditional_last_route(content: Path):
    edit(
        content / "settings.yaml",
        '    text: "Saved. I will show help for where you live."\n    next: main',
        '    text: "Saved. I will show help for where you live."',
    )
    edit(
        content / "privacy.yaml",
        "    next: place",
        "    next:\n      - to: place\n        when: {answer: region, equals: US}",
    )
    settings, privacy = content / "settings.yaml", content / "privacy.yaml"
    found = problems(content)
    assert (
        f"{settings}:{line(settings, 'region_saved:')}: node 'region_saved' has no way out: "
        "add buttons or 'next'"
    ) in found
    assert (
        f"{privacy}:{line(privacy, '    next:')}: node 'show': the last route needs no 'when', "
        "so there is always a way on"
    ) in found


def test_a_translation_that_drops_a_placeholder_is_caught(content: Path, tmp_path_factory):
    locales = tmp_path_factory.mktemp("locales")
    shutil.copytree(Catalogs().locales_dir, locales, dirs_exist_ok=True)
    po = locales / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text()
    start = text.index('msgid "OK. From now on I will write in {language_name}."')
    line_end = text.index("\n", text.index("msgstr", start))
    po.write_text(text[: text.index("msgstr", start)] + 'msgstr "D\'accord."' + text[line_end:])
    found = check_flows(load_flows(content), Catalogs(locales), all_actions())
    assert [p.reason for p in found] == ["fr translation changes the {names}"]


def test_the_same_flow_twice(content: Path):
    shutil.copy(content / "settings.yaml", content / "settings_copy.yaml")
    assert problems(content) == [
        f"{content / 'settings_copy.yaml'}:2: flow 'settings' is also defined in {content / 'settings.yaml'}"
    ]
