"""The wheel carries the built-in rules and report templates: an install outside the checkout
finds them (no fallback to the repo's folders)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("cognito_lint-*.whl")
    return path


def test_wheel_contains_rules_templates_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = {
        n for n in names if n.startswith("linter/_builtin/rules/") and n.endswith(".yaml")
    }
    repo_rules = {p for p in (REPO / "rules").rglob("*.yaml")}
    assert len(rule_files) == len(repo_rules) > 40
    assert any(n.startswith("linter/_builtin/reports/html/") for n in names)
    assert not any(n.startswith("linter/_builtin/reports/demo") for n in names)
    assert "linter/schemas/snapshot-v1.json" in names
    assert "linter/schemas/rule-v1.json" in names


def test_installed_wheel_outside_the_checkout_finds_its_rules(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import json, linter, linter.engine.builtin as b, linter.report.templates as t;"
        "print(json.dumps([linter.__file__, str(b.builtin_rules_dir()), "
        "str(t.templates_root())]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, check=True,
        capture_output=True, text=True,
    )
    module, rules_dir, templates = json.loads(out.stdout)
    assert module.startswith(str(target))
    assert rules_dir.startswith(str(target)) and rules_dir.endswith("_builtin/rules")
    assert templates.startswith(str(target))
    listed = subprocess.run(
        [sys.executable, "-m", "linter", "rules", "list"], cwd=elsewhere, env=env,
        capture_output=True, text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert "CL-LOG-001" in listed.stdout
