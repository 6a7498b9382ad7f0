"""`cognito-lint scan`: snapshot then check in one command, against the mocked demo account."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linter.cli import app
from linter.demo.account import mocked_account

runner = CliRunner()


def test_scan_writes_the_snapshot_and_the_reports_and_fails_on_the_seeded_breaks(
    tmp_path: Path,
) -> None:
    snap = tmp_path / "evidence" / "snapshot.json"
    out = tmp_path / "reports"
    with mocked_account() as (_session, manifest):
        result = runner.invoke(app, [
            "scan", "--regions", ",".join(manifest.regions), "--snapshot", str(snap),
            "--format", "json,sarif", "-f", "markdown", "-o", str(out), "--quiet",
        ])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.md", "report.sarif", "results.json"]
    doc = json.loads(snap.read_text())
    assert doc["metadata"]["source"]["kind"] == "aws"
    results = json.loads((out / "results.json").read_text())
    failed = {(r["rule_id"], r["resource"]["arn"]) for r in results["results"]
              if r["status"] == "fail"}
    assert failed == set(manifest.expected_failures())
    assert result.stderr.strip().splitlines()[-1].endswith("exit 1")


def test_scan_validates_rules_before_collecting(tmp_path: Path) -> None:
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "X.yaml").write_text("id: X-1\ntitle: t\nseverty: high\n")
    result = runner.invoke(app, ["scan", "--regions", "us-east-1", "--rules", str(bad),
                                 "--snapshot", str(tmp_path / "s.json")])
    assert result.exit_code == 2
    assert f"{bad / 'X.yaml'}:" in result.stderr
    assert not (tmp_path / "s.json").exists()  # nothing was collected
