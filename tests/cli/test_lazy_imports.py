"""`check` never imports the AWS SDK: boto3/botocore cost ~0.3 s of start-up and are needed
only by `snapshot`, `scan` and `demo`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from linter.commands import snapshot as snapshot_cmd

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "sample_configs" / "demo" / "snapshot.json"

_PROBE = """
import sys
from typer.testing import CliRunner
from linter.cli import app
loaded = sorted(m for m in ("boto3", "botocore", "moto") if m in sys.modules)
assert not loaded, f"importing linter.cli loaded {loaded}"
res = CliRunner().invoke(app, ["check", sys.argv[1], "--format", "json", "-o", sys.argv[2]])
assert res.exit_code in (0, 1, 3), (res.exit_code, res.output)
loaded = sorted(m for m in ("boto3", "botocore", "moto") if m in sys.modules)
assert not loaded, f"check loaded {loaded}"
print("ok")
"""


def test_check_does_not_import_boto3(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SNAPSHOT), str(tmp_path / "results.json")],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
    assert (tmp_path / "results.json").stat().st_size > 0


def test_flag_defaults_match_the_collector() -> None:
    from linter.collect.ratelimit import DEFAULT_COGNITO_RPS
    from linter.collect.runner import DEFAULT_MAX_WORKERS

    assert snapshot_cmd.DEFAULT_COGNITO_RPS == DEFAULT_COGNITO_RPS
    assert snapshot_cmd.DEFAULT_MAX_WORKERS == DEFAULT_MAX_WORKERS


def test_type_labels_cover_every_collected_type() -> None:
    from linter.collect.interface import ResourceType

    assert set(snapshot_cmd.TYPE_LABELS) == set(ResourceType.ALL)
