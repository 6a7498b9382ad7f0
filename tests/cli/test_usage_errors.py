"""Bad flags and arguments, on every command: one line (plus a tip), exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

CASES = [
    ["--bogus"],
    ["nosuchcommand"],
    ["snapshot", "--regions"],
    ["snapshot", "--max-workers", "many"],
    ["check"],
    ["check", "s.json", "--fail-on"],
    ["check", "s.json", "--colour"],
    ["scan", "--unknown"],
    ["demo", "--output"],
    ["rules", "show"],
    ["rules", "frobnicate"],
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(c) for c in CASES])
def test_bad_usage_is_one_line_and_exit_2(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "linter", *argv], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith("cognito-lint: error: "), proc.stderr
    assert len(lines) <= 2 and all(line.startswith(("cognito-lint: error:", "tip:"))
                                   for line in lines), proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_unknown_region_and_bad_values_name_what_is_wrong() -> None:
    proc = subprocess.run([sys.executable, "-m", "linter", "snapshot", "--regions",
                           "us-east-1,mars-north-1"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "mars-north-1" in proc.stderr.splitlines()[0]
