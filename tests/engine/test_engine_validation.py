"""Rule validation through the CLI: every mistake stops ``check`` with exit 2 and a line
``file:line:column: rule ID: message`` (with "did you mean" where there is a near miss), before
anything is evaluated; ``rules validate`` reports the same lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from engine_helpers import cli, rule_text, write_doc
from engine_snap import pool, snapshot

from linter.engine.diagnostics import RuleValidationError
from linter.engine.loader import RuleSource, load_rules

A = "UserPool.DeletionProtection"


def at(text: str, token: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``token`` in ``text``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(token, pos + 1)
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


CASES = [
    # (name, rule text, token at the reported position, message fragment)
    ("unknown key", rule_text(f"severty: low\nassert: {{path: {A}, equals: ACTIVE}}"),
     "severty", "unknown key 'severty' (did you mean 'severity'?)"),
    ("typo'd operator", rule_text(f"assert: {{path: {A}, equal: ACTIVE}}"),
     "equal", "unknown key 'equal' in a condition (did you mean 'equals'?)"),
    ("misspelled path", rule_text("assert: {path: UserPool.DeletionProtectoin, equals: ACTIVE}"),
     "DeletionProtectoin", "no field 'DeletionProtectoin' here (did you mean "
                           "'DeletionProtection'?)"),
    ("bad JMESPath", rule_text("assert: {path: 'UserPool.[Name', exists: true}"),
     "Name", "invalid JMESPath"),
    ("bad severity", rule_text(f"assert: {{path: {A}, equals: ACTIVE}}", severity="hgh"),
     "hgh", "'severity': \"hgh\" is not one of critical, high, medium, low, info (did you "
            "mean 'high'?)"),
    ("unknown condition", rule_text("assert: {som: {path: x, where: {path: y, exists: true}}}"),
     "som", "unknown key 'som' in a condition (did you mean 'some'?)"),
    ("enum literal", rule_text(f"assert: {{path: {A}, equals: ACTIV}}"),
     "ACTIV", "\"ACTIV\" is not a value 'UserPool.DeletionProtection' can take (ACTIVE, "
               "INACTIVE) (did you mean 'ACTIVE'?)"),
    ("literal of the wrong type", rule_text(f"assert: {{path: {A}, equals: true}}"),
     "true", "is a string, so equals true (a boolean) can never match"),
    ("order on a string", rule_text("assert: {path: UserPool.Name, gt: 3}"),
     "3}", "gt 3 compares a number, and 'UserPool.Name' is a string"),
    ("bad regex", rule_text("assert: {path: name, matches: 'ab(c'}"),
     "(c", "invalid regular expression: missing ), unterminated subpattern"),
    ("unknown fact", rule_text("assert: {fact: log_target, exists: true}"),
     "log_target", "unknown fact 'log_target' (did you mean 'log_targets'?)"),
    ("fact of another type", rule_text("assert: {fact: forwarders, exists: true}"),
     "forwarders", "fact 'forwarders' applies to logs.log_group, not to cognito.user_pool"),
    ("fact argument", rule_text("assert: {some_resource: {type: cloudtrail.trail, where: "
                                "{fact: covers_region, args: {regoin: us-east-1}, equals: "
                                "true}}}"),
     "regoin", "fact 'covers_region' has no argument 'regoin' (did you mean 'region'?)"),
    ("unknown param", rule_text("params: {min_length: 14}\nassert: {path: UserPool.Policies."
                                "PasswordPolicy.MinimumLength, gte: {param: min_lenght}}"),
     "min_lenght", "unknown param 'min_lenght' (did you mean 'min_length'?)"),
    ("unused param", rule_text(f"params: {{unused: 1}}\nassert: {{path: {A}, exists: true}}"),
     "unused", "param 'unused' is declared but never used"),
    ("path in a quantifier item", rule_text(
        "assert: {some: {path: LogDeliveryConfiguration.LogConfigurations, where: "
        "{path: LogLvel, equals: ERROR}}}"),
     "LogLvel", "an item of LogDeliveryConfiguration.LogConfigurations: no field 'LogLvel' "
                "here (did you mean 'LogLevel'?)"),
    ("path in a follow target", rule_text(
        "assert: {follow: {path: arn, to: logs.log_group, where: {path: LogGroup.kmsKeyID, "
        "exists: false}}}"),
     "kmsKeyID", "the logs.log_group it points to: no field 'kmsKeyID' here (did you mean "
                 "'kmsKeyId'?)"),
    ("path in a fact value", rule_text(
        "assert: {some: {fact: log_targets, where: {path: dest_knd, equals: cwl}}}"),
     "dest_knd", "no field 'dest_knd' here (did you mean 'dest_kind'?)"),
    ("quantifier over a scalar", rule_text("assert: {some: {path: name, where: {path: x, "
                                           "exists: true}}}"),
     "name", "some needs a list, and 'name' is a string"),
    ("message placeholder", rule_text(f"assert: {{path: {A}, exists: true}}",
                                      message='message: {pass: "{{ nmae }}", fail: "x"}'),
     "nmae", "message placeholder: path 'nmae' cannot exist"),
    ("two operators", rule_text(f"assert: {{path: {A}, equals: ACTIVE, exists: true}}"),
     "{path", "one operator per comparison, found equals, exists"),
    ("missing assert", rule_text("when: {path: name, exists: true}"),
     "id:", "missing required key 'assert'"),
    ("YAML syntax", rule_text("assert: {path: name, exists: true"),
     "message", "YAML syntax error"),
    ("duplicate key", rule_text(f"assert: {{path: {A}, exists: true}}\nassert: {{path: name, "
                                "exists: true}"),
     "assert", "duplicate key 'assert'"),
]


@pytest.mark.parametrize(("name", "text", "token", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_rule_stops_check_with_exit_2_and_its_position(
        tmp_path: Path, rules_dir: Callable[..., Path], name: str, text: str, token: str,
        fragment: str) -> None:
    d = rules_dir(bad=text)
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    result = cli("check", snap, "--rules", d, "--no-builtin", "--config",
                 _empty_config(tmp_path))
    assert result.exit_code == 2, result.output
    line, col = at(text, token, 1 if name == "duplicate key" else 0)
    file = str(d / "bad.yaml")
    prefix = f"cognito-lint: error: {file}:"
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(prefix) and fragment in ln]
    assert lines, result.stderr
    got_line, got_col, _ = lines[0][len(prefix):].split(":", 2)
    assert int(got_line) == line, (lines[0], line, col)
    if name in ("bad JMESPath", "YAML syntax", "missing assert"):
        assert int(got_col) >= 1
    else:
        assert int(got_col) == col, (lines[0], line, col)
    assert fragment in lines[0], lines[0]
    if not name.startswith(("YAML", "duplicate key")):
        assert "rule T-X-001: " in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""  # nothing evaluated, no report


def _empty_config(tmp_path: Path) -> Path:
    p = tmp_path / "empty.yaml"
    p.write_text("{}\n")
    return p


def test_duplicate_ids_across_files(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    body = f"assert: {{path: {A}, exists: true}}"
    d = rules_dir(a=rule_text(body, id="T-DUP-001"), b=rule_text(body, id="T-DUP-001"))
    result = cli("rules", "validate", d)
    assert result.exit_code == 2
    assert (f"{d / 'b.yaml'}:1:5: rule T-DUP-001: duplicate rule id 'T-DUP-001' (also defined "
            f"at {d / 'a.yaml'}:1:5)") in result.stderr


def test_every_problem_of_every_file_is_reported(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(a=rule_text(f"assert: {{path: {A}, equal: 1}}", id="T-A-001"),
                  b=rule_text("assert: {path: UserPool.Nmae, exists: true}", id="T-B-001",
                              severity="hihg"))
    with pytest.raises(RuleValidationError) as e:
        load_rules([RuleSource(d)])
    text = "\n".join(e.value.lines())
    assert "T-A-001: unknown key 'equal'" in text
    assert "T-B-001: 'severity': \"hihg\" is not one of" in text
    result = cli("rules", "validate", d)
    assert result.exit_code == 2
    assert result.stderr.count("cognito-lint: error: ") == 2


def test_several_rules_in_one_file_report_their_own_ids(rules_dir: Callable[..., Path]) -> None:
    one = rule_text(f"assert: {{path: {A}, exists: true}}", id="T-OK-001")
    two = rule_text("assert: {path: UserPool.Nmae, exists: true}", id="T-BAD-002")
    text = "rules:\n" + "".join(
        "  - " + r.replace("\n", "\n    ").rstrip() + "\n" for r in (one, two))
    d = rules_dir(many=text)
    result = cli("rules", "validate", d)
    assert result.exit_code == 2
    line, col = at(text, "Nmae")
    assert f"many.yaml:{line}:{col}: rule T-BAD-002: path 'UserPool.Nmae'" in result.stderr


def test_valid_rules_validate(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(a=rule_text(f"assert: {{path: {A}, equals: ACTIVE}}"))
    result = cli("rules", "validate", d)
    assert result.exit_code == 0
    assert "1 rules in 1 files are valid" in result.stdout


def test_yaml_is_loaded_safely(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(evil="!!python/object/apply:os.system ['echo pwned']\n")
    result = cli("rules", "validate", d)
    assert result.exit_code == 2
    assert "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in (
        result.stderr)


def test_unquoted_off_is_a_string_not_a_boolean(rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(a=rule_text("assert: {path: UserPool.UserPoolAddOns.AdvancedSecurityMode, "
                              "in: [AUDIT, ENFORCED, OFF]}"))
    assert cli("rules", "validate", d).exit_code == 0
