"""Meta-tests of the built-in rule pack (``rules/``).

- every rule file holds one rule whose id is the file name and whose group folder matches the id;
- ids are unique, and the pack is exactly the catalog (rules-catalog.md) plus its documented
  additions, so a rule cannot silently disappear;
- every rule has at least one ``pass-*`` and one ``fail-*`` fixture, and no fixture folder or case
  name is orphaned or misspelt;
- the whole pack validates, and ``cognito-lint rules test rules/`` passes;
- ``docs/rules.md`` is what ``cognito-lint rules docs`` generates today.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.engine.loader import RuleSource, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
GROUPS = {
    "logs": "CL-LOG-",
    "metrics": "CL-MET-",
    "cloudtrail": "CL-CT-",
    "firehose": "CL-FH-",
    "cognito": "CL-COG-",
}
CASE_PREFIXES = ("pass", "fail", "error", "not_applicable")

# rules-catalog.md (40 rules) plus CL-LOG-013, the "warning" half of CL-LOG-003.
EXPECTED_IDS = frozenset(
    [f"CL-LOG-{n:03d}" for n in range(1, 14)]
    + [f"CL-MET-{n:03d}" for n in range(1, 7)]
    + [f"CL-CT-{n:03d}" for n in range(1, 9)]
    + [f"CL-FH-{n:03d}" for n in range(1, 9)]
    + [f"CL-COG-{n:03d}" for n in range(1, 7)]
)


def _rule_files() -> list[Path]:
    return sorted(p for group in GROUPS for p in (RULES / group).glob("*.yaml"))


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


RULE_FILES = _rule_files()
RULE_IDS = [p.stem for p in RULE_FILES]


def test_pack_layout_has_only_known_groups() -> None:
    folders = {p.name for p in RULES.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert folders == set(GROUPS), f"unexpected folders under rules/: {folders - set(GROUPS)}"
    stray = [p.name for p in RULES.glob("*.y*ml")]
    assert not stray, f"rule files must live in a group folder: {stray}"


@pytest.mark.parametrize("path", RULE_FILES, ids=RULE_IDS)
def test_rule_file_is_one_rule_named_after_its_id(path: Path) -> None:
    data = _load(path)
    assert isinstance(data, dict) and "id" in data, f"{path}: one rule (a mapping with id) per file"
    assert data["id"] == path.stem, f"{path}: id {data['id']} differs from the file name"
    prefix = GROUPS[path.parent.name]
    assert data["id"].startswith(prefix), f"{path}: ids in {path.parent.name}/ start with {prefix}"


def test_ids_are_unique_and_the_pack_is_the_catalog() -> None:
    ids = [_load(p)["id"] for p in RULE_FILES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate rule ids: {duplicates}"
    assert set(ids) == EXPECTED_IDS, (
        f"missing: {sorted(EXPECTED_IDS - set(ids))}; unexpected: {sorted(set(ids) - EXPECTED_IDS)}"
    )


def test_pack_validates() -> None:
    ruleset = load_rules([RuleSource(RULES, builtin=True)])
    assert sorted(r.meta.id for r in ruleset.rules) == sorted(EXPECTED_IDS)


@pytest.mark.parametrize("path", RULE_FILES, ids=RULE_IDS)
def test_rule_has_pass_and_fail_fixtures(path: Path) -> None:
    folder = path.parent / "fixtures" / path.stem
    cases = [p.stem for p in folder.glob("*.yaml")]
    assert any(c.startswith("pass") for c in cases), f"{path.stem}: no pass-*.yaml in {folder}"
    assert any(c.startswith("fail") for c in cases), f"{path.stem}: no fail-*.yaml in {folder}"


@pytest.mark.parametrize("path", RULE_FILES, ids=RULE_IDS)
def test_rule_with_when_has_not_applicable_fixture(path: Path) -> None:
    if "when" not in _load(path):
        return
    folder = path.parent / "fixtures" / path.stem
    assert any(p.stem.startswith("not_applicable") for p in folder.glob("*.yaml")), (
        f"{path.stem} has a 'when' but no not_applicable-*.yaml fixture"
    )


def test_no_orphan_or_misnamed_fixtures() -> None:
    problems = []
    for group in GROUPS:
        fixtures = RULES / group / "fixtures"
        for folder in sorted(p for p in fixtures.iterdir() if p.is_dir()):
            if not (RULES / group / f"{folder.name}.yaml").is_file():
                problems.append(f"{folder}: no rule {folder.name} in {group}/")
            for case in sorted(folder.iterdir()):
                if case.suffix != ".yaml" or not case.stem.startswith(CASE_PREFIXES):
                    problems.append(f"{case}: case names are <{'|'.join(CASE_PREFIXES)}>*.yaml")
        stray = [p for p in fixtures.iterdir() if not p.is_dir()]
        problems.extend(f"{p}: fixtures live in fixtures/<RULE_ID>/" for p in stray)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", RULE_FILES, ids=RULE_IDS)
def test_fixture_expectations_match_their_case_names(path: Path) -> None:
    """A ``fail-*`` case expects at least one ``fail`` result, and so on: the name says what the
    case proves."""
    folder = path.parent / "fixtures" / path.stem
    for case in sorted(folder.glob("*.yaml")):
        expected = set(_load(case)["expect"].values())
        status = next(p for p in sorted(CASE_PREFIXES, key=len, reverse=True)
                      if case.stem.startswith(p))
        assert status in expected, f"{case}: a {status}-* case must expect a {status} result"


def _fixture_outcomes() -> dict[str, list[Any]]:
    from linter.engine.fixtures import run_all

    ruleset = load_rules([RuleSource(RULES, builtin=True)])
    out: dict[str, list[Any]] = {}
    for outcome in run_all(ruleset):
        out.setdefault(outcome.rule_id, []).append(outcome)
    return out


@pytest.fixture(scope="module")
def fixture_outcomes() -> dict[str, list[Any]]:
    return _fixture_outcomes()


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_fixture_of_the_rule_holds(
    rule_id: str, fixture_outcomes: dict[str, list[Any]]
) -> None:
    outcomes = fixture_outcomes.get(rule_id, [])
    assert outcomes, f"{rule_id}: no fixture was run"
    problems = [p for o in outcomes if not o.ok for p in o.problems]
    assert not problems, "\n".join(problems)


def test_cli_validates_and_tests_the_pack() -> None:
    from typer.testing import CliRunner

    from linter.cli import app

    runner = CliRunner()
    validated = runner.invoke(app, ["rules", "validate", str(RULES)], catch_exceptions=False)
    assert validated.exit_code == 0, validated.output
    tested = runner.invoke(app, ["rules", "test", str(RULES)], catch_exceptions=False)
    assert tested.exit_code == 0, tested.output
    assert f"({len(EXPECTED_IDS)} rules)" in tested.output


def test_rules_reference_is_current(tmp_path: Path) -> None:
    """docs/rules.md is generated: regenerate it with `cognito-lint rules docs -o docs/rules.md`."""
    from typer.testing import CliRunner

    from linter.cli import app

    out = tmp_path / "rules.md"
    result = CliRunner().invoke(app, ["rules", "docs", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == current, (
        "docs/rules.md is stale: run `cognito-lint rules docs -o docs/rules.md`"
    )
