"""``cognito-lint snapshot`` end to end, in-process (Typer's runner) against the seeded account."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from collect_estate import TOKENS, Estate, seed
from collect_fakes import Faults
from moto import mock_aws
from typer.testing import CliRunner

from linter import mockaws
from linter.cli import app
from linter.snapshot.loader import load_snapshot

REGIONS = "us-east-1,eu-west-1"


@pytest.fixture(scope="module")
def estate() -> Iterator[Estate]:
    mockaws.install()
    with mock_aws():
        yield seed()


@pytest.fixture
def crash_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "crash"
    folder.mkdir()
    monkeypatch.setenv("COGNITO_LINT_CRASH_DIR", str(folder))
    return folder


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["snapshot", *args], catch_exceptions=False)


def test_writes_a_valid_snapshot_and_exits_0(estate: Estate, tmp_path: Path) -> None:
    out = tmp_path / "snap.json"
    result = run("--regions", REGIONS, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    loaded = load_snapshot(out)
    assert {p["name"] for p in loaded.doc["resources"]["cognito.user_pool"]} == set(estate.pools)
    lines = result.stderr.splitlines()
    assert lines[0] == "cognito-lint: reading 2 Regions: us-east-1, eu-west-1"
    assert lines[-1].startswith(f"cognito-lint: {out}: 3 user pools, 1 identity pool, 3 log groups")
    assert lines[-1].endswith("; complete")
    assert "Traceback" not in result.stderr


def test_default_output_is_snapshot_json(
    estate: Estate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--regions", "eu-west-1", "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""  # --quiet and complete: nothing at all
    assert load_snapshot(tmp_path / "snapshot.json").doc["metadata"]["regions"] == ["eu-west-1"]


def test_dash_writes_only_json_to_stdout(estate: Estate) -> None:
    result = run("--regions", REGIONS, "-o", "-")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == "1.0"
    assert len(doc["resources"]["cloudtrail.trail"]) == 2
    assert "cognito-lint: stdout: " in result.stderr.splitlines()[-1]


def test_incomplete_scan_exits_3_and_says_what_is_missing(
    estate: Estate, faults: Faults, tmp_path: Path
) -> None:
    faults.add("cloudwatch", "ListMetricStreams", region="us-east-1")
    out = tmp_path / "s.json"
    result = run("--regions", REGIONS, "-o", str(out), "--quiet")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1  # --quiet: only the final line
    assert result.stderr.rstrip().endswith(
        "incomplete: 1 call failed: cloudwatch:ListMetricStreams in us-east-1 "
        '(AccessDeniedException) (see "errors" in the snapshot)'
    )
    doc = load_snapshot(out).doc
    assert [e["operation"] for e in doc["errors"]] == ["ListMetricStreams"]


def test_no_token_in_any_byte_written(
    estate: Estate, faults: Faults, tmp_path: Path, crash_dir: Path
) -> None:
    # an error message quoting a seen token, so that -v logs it too
    faults.add(
        "firehose",
        "ListTagsForDeliveryStream",
        "ThrottlingException",
        f"Rate exceeded for {TOKENS[0]}",
    )
    out = tmp_path / "s.json"
    to_file = run("--regions", REGIONS, "-o", str(out), "-v")
    to_stdout = run("--regions", REGIONS, "-o", "-", "--verbose")
    assert to_file.exit_code == to_stdout.exit_code == 3
    assert "DEBUG: us-east-1 firehose:DescribeDeliveryStream" in to_file.stderr
    assert "INFO: us-east-1 firehose:ListTagsForDeliveryStream failed" in to_file.stderr
    written = [out.read_bytes()]
    written += [r.stdout_bytes + r.stderr_bytes for r in (to_file, to_stdout)]
    written += [p.read_bytes() for p in crash_dir.iterdir()]
    written += [p.read_bytes() for p in tmp_path.iterdir() if p.is_file()]
    for token in TOKENS:
        for blob in written:
            assert token.encode() not in blob
    assert b"redacted-" in written[0]


def test_role_arn_is_assumed(estate: Estate, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    role = "arn:aws:iam::123456789012:role/audit"
    result = run(
        "--regions", "eu-west-1", "--role-arn", role, "--external-id", "x-1", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    principal = load_snapshot(out).doc["metadata"]["principal_arn"]
    assert principal == "arn:aws:sts::123456789012:assumed-role/audit/cognito-lint"


def test_role_that_cannot_be_assumed(estate: Estate, faults: Faults, tmp_path: Path) -> None:
    faults.add("sts", "AssumeRole", "AccessDenied", "not authorized to perform sts:AssumeRole")
    out = tmp_path / "s.json"
    result = run(
        "--regions", "eu-west-1", "--role-arn", "arn:aws:iam::123456789012:role/x", "-o", str(out)
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "cognito-lint: error: cannot assume role arn:aws:iam::123456789012:role/x: AccessDenied: "
        "not authorized to perform sts:AssumeRole",
        "tip: check that the role trusts your principal (and the --external-id it expects)",
    ]
    assert not out.exists()


def test_expired_credentials(estate: Estate, faults: Faults, tmp_path: Path) -> None:
    faults.add(
        "sts",
        "GetCallerIdentity",
        "ExpiredToken",
        "The security token included in the request is expired",
    )
    result = run("--regions", "eu-west-1", "-o", str(tmp_path / "s.json"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "cognito-lint: error: AWS credentials were rejected by STS (ExpiredToken): "
        "The security token included in the request is expired"
    )
    assert lines[1].startswith("tip: ")
    assert len(lines) == 2


def test_region_of_another_partition(estate: Estate) -> None:
    result = run("--regions", "us-east-1,cn-north-1", "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "cognito-lint: error: --regions: cn-north-1 is in partition aws-cn, but the "
        "credentials are for partition aws"
    )
    assert result.stdout == ""


def test_failed_write_leaves_the_existing_file_intact(
    estate: Estate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "s.json"
    out.write_text("previous snapshot")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("--regions", "eu-west-1", "-o", str(out))
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == f"cognito-lint: error: {out}: cannot write: No space left on device"
    )
    assert out.read_text() == "previous snapshot"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]  # no temp file left


def test_live_progress_bar_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from linter.commands.snapshot import _progress

    with _progress(quiet=False, plain=False) as progress:
        progress.started(["us-east-1", "eu-west-1"])
        for _ in range(3):
            progress.call_made()
        progress.region_finished("us-east-1", 3, 0)
        progress.phase("reading 1 trail(s)")
    assert capsys.readouterr().out == ""  # never on stdout
