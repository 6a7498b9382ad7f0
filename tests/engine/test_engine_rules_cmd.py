"""``cognito-lint rules list|show|validate|test|docs`` and the fixture runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from engine_helpers import DATA, cli, rule_text

from linter.engine.docs import rules_markdown
from linter.engine.loader import RuleSource, load_rules

TEST_RULES = DATA / "rules"
FIXTURE = """\
description: {description}
snapshot:
  resources:
    cognito.user_pool:
      - type: cognito.user_pool
        arn: arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_A
        region: us-east-1
        account_id: "111122223333"
        name: A
        UserPool: {{DeletionProtection: {value}}}
expect:
  arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_A: {status}
"""
RULE = rule_text("assert: {path: UserPool.DeletionProtection, equals: ACTIVE}", id="T-DP-001")


def _fixture(folder: Path, name: str, value: str, status: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{name}.yaml"
    p.write_text(FIXTURE.format(description=name, value=value, status=status))
    return p


def test_the_test_rules_pass_their_fixtures() -> None:
    result = cli("rules", "test", TEST_RULES)
    assert result.exit_code == 0, result.output
    assert "13 of 13 cases passed (5 rules)" in result.stdout
    assert "ok    T-LG-001  not_applicable-unreferenced" in result.stdout


def test_a_mismatch_fails_and_says_why(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE)
    _fixture(d / "fixtures" / "T-DP-001", "pass-active", "ACTIVE", "pass")
    bad = _fixture(d / "fixtures" / "T-DP-001", "fail-inactive", "INACTIVE", "pass")
    result = cli("rules", "test", d)
    assert result.exit_code == 1
    assert "FAIL  T-DP-001  fail-inactive" in result.stdout
    assert f"{bad}:12:" in result.stdout and "expected pass, got fail (bad A)" in result.stdout
    assert "a fail* case must expect at least one fail result" in result.stdout
    assert "1 of 2 cases passed" in result.stdout


def test_rules_without_pass_and_fail_cases_fail(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE)
    _fixture(d / "fixtures" / "T-DP-001", "pass-active", "ACTIVE", "pass")
    result = cli("rules", "test", d)
    assert result.exit_code == 1
    assert "FAIL  T-DP-001  (fail case missing)" in result.stdout


def test_unlisted_results_extra_arns_and_orphans_fail(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE)
    folder = d / "fixtures" / "T-DP-001"
    _fixture(folder, "pass-active", "ACTIVE", "pass")
    p = _fixture(folder, "fail-inactive", "INACTIVE", "fail")
    p.write_text(p.read_text() + "  arn:aws:cognito-idp:us-east-1:111122223333:userpool/x: fail\n")
    (d / "fixtures" / "T-DP-002").mkdir()
    result = cli("rules", "test", d)
    assert result.exit_code == 1
    assert "rule gave no result for it" in result.stdout
    assert "T-DP-002: no rule T-DP-002 next to it (did you mean 'T-DP-001'?)" in result.stdout


def test_broken_fixture_files_are_reported_with_position(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE)
    folder = d / "fixtures" / "T-DP-001"
    _fixture(folder, "pass-active", "ACTIVE", "pass")
    p = _fixture(folder, "fail-inactive", "INACTIVE", "fial")
    p.write_text(p.read_text().replace("description:", "descripton:"))
    result = cli("rules", "test", d)
    assert result.exit_code == 1
    assert f"{p}:1:1: unknown key 'descripton' (did you mean 'description'?)" in result.stdout
    assert "unknown status 'fial' (did you mean 'fail'?)" in result.stdout


def test_fixture_snapshots_must_be_valid(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE)
    folder = d / "fixtures" / "T-DP-001"
    _fixture(folder, "pass-active", "ACTIVE", "pass")
    p = _fixture(folder, "fail-inactive", "INACTIVE", "fail")
    p.write_text(p.read_text().replace('account_id: "111122223333"', "account_id: 42"))
    result = cli("rules", "test", d)
    assert result.exit_code == 1
    assert "'account_id' must be a string, not an integer" in result.stdout


def test_rules_test_of_invalid_rules_is_exit_2(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE.replace("DeletionProtection", "DeletionProtecton"))
    result = cli("rules", "test", d)
    assert result.exit_code == 2
    assert "did you mean 'DeletionProtection'" in result.stderr


def test_only_some_rules(tmp_path: Path) -> None:
    d = tmp_path / "rules"
    shutil.copytree(TEST_RULES, d)
    result = cli("rules", "test", d, "--rule", "T-POOL-002")
    assert result.exit_code == 0
    assert "2 of 2 cases passed (1 rules)" in result.stdout
    assert cli("rules", "test", d, "--rule", "T-POOL-02").exit_code == 2


def test_list_and_show() -> None:
    result = cli("rules", "list", "--no-builtin", "--rules", TEST_RULES)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and lines[0].split()[:2] == ["T-CT-001", "critical"]
    shown = cli("rules", "show", "T-POOL-002", "--no-builtin", "--rules", TEST_RULES)
    assert shown.exit_code == 0
    assert "min_length: 14" in shown.stdout
    assert "fail-param-raised, pass-long-enough" in shown.stdout
    missing = cli("rules", "show", "T-POOL-02", "--no-builtin", "--rules", TEST_RULES)
    assert missing.exit_code == 2
    assert "unknown rule 'T-POOL-02' (did you mean 'T-POOL-002'?)" in missing.stderr


def test_builtin_pack_is_listed_by_default() -> None:
    result = cli("rules", "list")
    assert result.exit_code == 0
    assert any(line.startswith("CL-LOG-001") for line in result.stdout.splitlines())


def test_docs_are_deterministic_and_complete(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    result = cli("rules", "docs", "-o", out, "--no-builtin", "--rules", TEST_RULES)
    assert result.exit_code == 0
    text = out.read_text()
    ruleset = load_rules([RuleSource(TEST_RULES)])
    assert text == rules_markdown(ruleset)
    for r in ruleset.rules:
        assert f"### {r.id}: {r.meta.title}" in text
    assert "`min_length` = `14`" in text
    assert "**Defined in** `rules/pools.yaml`; fixtures:" in text
    assert str(tmp_path) not in text and str(DATA) not in text


def test_docs_escape_prose_but_not_code(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE.replace(
        "remediation: Nothing to do.",
        "remediation: |\n  Run it in <region> for arn:aws:logs:*:x and `keep <this>`:\n\n"
        "      aws logs describe --name <name>*\n"))
    text = rules_markdown(load_rules([RuleSource(d)]))
    assert "Run it in &lt;region> for arn:aws:logs:\\*:x and `keep <this>`:" in text
    assert "    aws logs describe --name <name>*" in text
