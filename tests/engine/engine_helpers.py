"""Helpers for the engine tests: rule texts, one-rule evaluation, the CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from click.testing import Result as CliResult
from typer.testing import CliRunner

from linter.cli import app
from linter.engine.evaluate import Runtime, evaluate_rule
from linter.engine.loader import RuleSource, load_rules
from linter.engine.ruleset import Rule
from linter.model import Result
from linter.snapshot.index import SnapshotIndex
from linter.snapshot.writer import write_snapshot

DATA = Path(__file__).parent / "data"
RULE_HEAD = """\
id: {id}
title: A test rule
severity: {severity}
resource: {resource}
description: A rule written for the engine tests.
rationale: Tests need rules.
remediation: Nothing to do.
"""


def rule_text(body: str, *, id: str = "T-X-001", severity: str = "high",
              resource: str = "cognito.user_pool", message: str | None = None) -> str:
    """A complete rule file: the standard head, ``body`` (when/assert/params...), a message
    line (``message:`` mapping; a default one when None)."""
    text = RULE_HEAD.format(id=id, severity=severity, resource=resource)
    text += textwrap.dedent(body).strip("\n") + "\n"
    text += message if message is not None else (
        'message: {pass: "ok {{ name }}", fail: "bad {{ name }}"}')
    return text + "\n"


def compile_rule(body: str, **kw: Any) -> Rule:
    """Load one rule from text (raises RuleValidationError when invalid)."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "rule.yaml"
        p.write_text(rule_text(body, **kw), encoding="utf-8")
        return load_rules([RuleSource(Path(d))]).rules[0]


def evaluate(rule: Rule, doc: dict[str, Any], **params: Any) -> dict[str, Result]:
    """The rule's results on a snapshot document, by ARN."""
    if params:
        rule = rule.with_overrides(params=params)
    return {r.resource.arn: r for r in evaluate_rule(rule, Runtime(SnapshotIndex(doc)))}


def statuses(rule: Rule, doc: dict[str, Any], **params: Any) -> dict[str, str]:
    return {arn: r.status.value for arn, r in evaluate(rule, doc, **params).items()}


def cli(*args: str) -> CliResult:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def write_doc(path: Path, doc: dict[str, Any]) -> Path:
    write_snapshot(doc, path)
    return path


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
