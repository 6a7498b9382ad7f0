"""Errors that stop ``cognito-lint snapshot`` before it reads anything: exit 2, one line (plus a
tip), no traceback, no file written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linter.cli import app


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask an instance role


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["snapshot", *args], catch_exceptions=False)


def assert_one_error(result: Any, message: str, tip: str | None = None) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"cognito-lint: error: {message}"
    assert len(lines) == (2 if tip is not None or len(lines) == 2 else 1)
    if tip is not None:
        assert lines[1] == f"tip: {tip}"
    assert "Traceback" not in result.stderr


def test_missing_credentials(no_credentials: None, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    out.write_text("previous")
    result = run("--regions", "us-east-1", "-o", str(out))
    assert_one_error(
        result,
        "no usable AWS credentials found",
        "set AWS_PROFILE or pass --profile (run `aws sso login` first for an SSO profile), "
        "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
    )
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_unknown_profile(tmp_path: Path) -> None:
    result = run("--profile", "nope", "--regions", "us-east-1", "-o", str(tmp_path / "s.json"))
    assert_one_error(
        result,
        "AWS profile 'nope' not found",
        "check ~/.aws/config (or AWS_CONFIG_FILE) and --profile",
    )
    assert not (tmp_path / "s.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regions", "us-east-7"], "--regions: unknown Region 'us-east-7'"),
        (["--regions", "us-east-1,mars-1"], "--regions: unknown Region 'mars-1'"),
        (["--regions", "all,us-east-1"], "--regions: 'all' cannot be combined with Region names"),
        (["--regions", " , "], "--regions: no Region given"),
        (["--cognito-rps", "0"], "--cognito-rps: 0 is not in (0, 1000]"),
        (["--max-workers", "0"], "--max-workers: 0 is not in 1..64"),
        (["--external-id", "x"], "--external-id needs --role-arn"),
    ],
)
def test_bad_values(args: list[str], message: str) -> None:
    assert_one_error(run(*args, "-o", "-"), message)


def test_unknown_region_suggests_a_close_one() -> None:
    result = run("--regions", "eu-wset-1")
    assert result.stderr.splitlines()[1].startswith("tip: did you mean eu-west-1?")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "No such option: --bogus"),
        (["--max-workers", "many"], "Invalid value for '--max-workers'"),
        (["extra"], "Got unexpected extra argument"),
    ],
)
def test_bad_flags(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"cognito-lint: error: {message}")
    assert lines[1] == "tip: `cognito-lint snapshot --help` lists the options"


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    assert_one_error(
        run("--regions", "us-east-1", "-o", str(tmp_path)),
        f"{tmp_path}: is a directory (-o takes a file path, or '-' for stdout)",
    )


def test_as_a_process_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
    )
    for args, code in (
        (["--regions", "us-east-1", "-o", str(tmp_path / "s.json")], 2),
        (["--nope"], 2),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "linter", "snapshot", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == code
        assert proc.stdout == ""
        assert proc.stderr.startswith("cognito-lint: error: ")
        assert len(proc.stderr.splitlines()) == 2
        assert "Traceback" not in proc.stderr
