"""``.cognito-lint.yaml``: parsing errors with positions, checks against the loaded rules,
overrides of params/severity/enabled, fail_on, discovery; the shipped sample config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from engine_helpers import cli, read_json, rule_text, write_doc
from engine_snap import pool, snapshot

from linter.engine.builtin import builtin_rules_dir
from linter.engine.config import apply_config, find_config, load_config
from linter.engine.diagnostics import ConfigValidationError
from linter.engine.loader import RuleSource, load_rules
from linter.errors import ConfigError
from linter.model import Severity

ROOT = Path(__file__).resolve().parents[2]
LENGTH_RULE = rule_text(
    "params: {min_length: 14}\n"
    "assert: {path: UserPool.Policies.PasswordPolicy.MinimumLength, gte: {param: min_length}}",
    id="T-PW-001", severity="medium")
PROTECTION_RULE = rule_text("assert: {path: UserPool.DeletionProtection, equals: ACTIVE}",
                            id="T-DP-001", severity="high")


def _rules(rules_dir: Callable[..., Path]) -> Path:
    return rules_dir(pw=LENGTH_RULE, dp=PROTECTION_RULE)


def _config(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cfg.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _apply(tmp_path: Path, rules_dir: Callable[..., Path], text: str) -> dict[str, object]:
    ruleset = load_rules([RuleSource(_rules(rules_dir))])
    rules = apply_config(load_config(_config(tmp_path, text)), ruleset)
    return {r.id: r for r in rules}


def test_defaults_without_a_file() -> None:
    c = load_config(None)
    assert c.fail_on == "low" and c.fail_on_severity is Severity.LOW
    assert c.max_waiver_days == 365 and c.builtin_rules and c.waivers is None


def test_overrides(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    rules = _apply(tmp_path, rules_dir, """\
fail_on: high
params: {min_length: 16}
rules:
  T-DP-001: {severity: low}
""")
    assert rules["T-PW-001"].params == {"min_length": 16}  # type: ignore[attr-defined]
    assert rules["T-DP-001"].meta.severity is Severity.LOW  # type: ignore[attr-defined]
    rules = _apply(tmp_path, rules_dir, """\
params: {min_length: 16}
rules:
  T-PW-001: {params: {min_length: 20}}
  T-DP-001: {enabled: false}
""")
    assert set(rules) == {"T-PW-001"}
    assert rules["T-PW-001"].params == {"min_length": 20}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "line", "col", "fragment"), [
    ("fail_on: hihg\n", 1, 10, "'fail_on': \"hihg\" is not one of critical, high, medium, low, "
                               "info, none (did you mean 'high'?)"),
    ("failon: high\n", 1, 1, "unknown key 'failon' (did you mean 'fail_on'?)"),
    ("params:\n  min_lenght: 16\n", 2, 3, "unknown param 'min_lenght' (did you mean "
                                          "'min_length'?): no loaded rule declares it"),
    ("params:\n  min_length: sixteen\n", 2, 15, "param 'min_length' of rule T-PW-001: must be a "
                                                "number like its default 14"),
    ("rules:\n  T-PW-01: {enabled: false}\n", 2, 3, "unknown rule 'T-PW-01' (did you mean "
                                                    "'T-PW-001'?)"),
    ("rules:\n  T-PW-001: {params: {min: 3}}\n", 2, 23, "rule T-PW-001 has no param 'min'"),
    ("rules:\n  T-PW-001: {enable: false}\n", 2, 14, "unknown key 'enable' (did you mean "
                                                     "'enabled'?)"),
    ("rules:\n  T-PW-001: {severity: urgent}\n", 2, 24, "'severity': \"urgent\" is not one of"),
    ("max_waiver_days: 0\n", 1, 18, "'max_waiver_days': 0 is less than the minimum of 1"),
    ("fail_on: [high\n", 2, 1, "YAML syntax error"),
])
def test_config_errors_name_file_line_and_column(
        tmp_path: Path, rules_dir: Callable[..., Path], text: str, line: int, col: int,
        fragment: str) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    cfg = _config(tmp_path, text)
    result = cli("check", snap, "--no-builtin", "--rules", _rules(rules_dir), "--config", cfg)
    assert result.exit_code == 2, result.output
    wanted = f"{cfg}:{line}:{col}: {fragment}"
    assert wanted in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_missing_config_file_is_exit_2(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    result = cli("check", snap, "--no-builtin", "--rules", _rules(rules_dir), "--config",
                 tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: no such config file" in result.stderr


def test_config_is_discovered_in_the_working_directory(tmp_path: Path) -> None:
    assert find_config(None, tmp_path) is None
    (tmp_path / ".cognito-lint.yaml").write_text("fail_on: none\n")
    assert find_config(None, tmp_path) == tmp_path / ".cognito-lint.yaml"
    with pytest.raises(ConfigError):
        find_config(tmp_path / "other.yaml")


def test_fail_on_from_config_and_flag(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A", min_length=8)]))  # medium fails
    rules = _rules(rules_dir)
    base = ["check", snap, "--no-builtin", "--rules", rules, "-f", "json"]
    assert cli(*base, "--config", _config(tmp_path, "fail_on: high\n")).exit_code == 0
    assert cli(*base, "--config", _config(tmp_path, "fail_on: medium\n")).exit_code == 1
    assert cli(*base, "--config", _config(tmp_path, "fail_on: high\n"), "--fail-on",
               "medium").exit_code == 1
    assert cli(*base, "--config", _config(tmp_path, "{}\n"), "--fail-on", "none").exit_code == 0
    bad = cli(*base, "--config", _config(tmp_path, "{}\n"), "--fail-on", "severe")
    assert bad.exit_code == 2 and "--fail-on 'severe'" in bad.stderr


def test_rule_dirs_and_waivers_are_relative_to_the_config(tmp_path: Path) -> None:
    sub = tmp_path / "conf"
    (sub / "mine").mkdir(parents=True)
    (sub / "mine" / "r.yaml").write_text(PROTECTION_RULE)
    cfg = sub / "c.yaml"
    cfg.write_text("builtin_rules: false\nrule_dirs: [mine]\n")
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A", deletion="INACTIVE")]))
    result = cli("check", snap, "--config", cfg, "-f", "json", "-o", tmp_path / "r.json")
    assert result.exit_code == 1
    doc = read_json(tmp_path / "r.json")
    assert [r["rule_id"] for r in doc["results"]] == ["T-DP-001"]


def test_the_sample_config_is_valid_for_the_builtin_pack() -> None:
    ruleset = load_rules([RuleSource(builtin_rules_dir(), builtin=True)])
    config = load_config(ROOT / "sample_configs" / ".cognito-lint.yaml")
    rules = apply_config(config, ruleset)
    assert len(rules) == len(ruleset.rules)
    # every parameter it sets is one the pack declares, with the pack's default value
    declared = {k: v for r in ruleset.rules for k, v in r.default_params.items()}
    for name, value in config.params.items():
        assert declared[name] == value, name


def test_config_problems_are_all_reported(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    ruleset = load_rules([RuleSource(_rules(rules_dir))])
    cfg = load_config(_config(tmp_path, "params: {nope: 1}\nrules: {T-X-999: {enabled: false}}\n"))
    with pytest.raises(ConfigValidationError) as e:
        apply_config(cfg, ruleset)
    assert len(e.value.diagnostics) == 2
