"""A rule expression that fails at run time on some resource's data gives ``error`` for that
resource (never a crash, never a pass), and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linter.cli import app

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sample_configs" / "demo" / "snapshot.json"

RULE = """\
id: ACME-001
title: Pool tags join to a known owner
severity: low
resource: cognito.user_pool
description: d
rationale: r
remediation: r
assert:
  # join() needs an array of strings; a pool without tags gives null: a JMESPath type error
  path: "join(',', UserPool.UserPoolTags.owners)"
  equals: identity-team
message:
  pass: "{{ name }} ok"
  fail: "{{ name }} has no owner"
"""


def test_a_jmespath_type_error_is_an_error_result(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ACME-001.yaml").write_text(RULE)
    out = tmp_path / "results.json"
    result = CliRunner().invoke(app, ["check", str(DEMO), "--no-builtin", "--rules",
                                      str(rules), "-f", "json", "-o", str(out)])
    assert result.exit_code == 3, result.output  # incomplete: results could not be evaluated
    doc = json.loads(out.read_text())
    statuses = {r["status"] for r in doc["results"]}
    assert statuses == {"error"}
    first = doc["results"][0]
    assert "the rule's expression failed on this resource" in first["errors"][0]
    assert len(doc["results"]) == len(json.loads(DEMO.read_text())["resources"]
                                      ["cognito.user_pool"])
