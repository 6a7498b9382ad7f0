"""Where the built-in rule pack lives: ``linter/_builtin/rules`` in an installed wheel
(pyproject force-includes the repo's ``rules/`` there), else the repo's ``rules/`` in a
development checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from linter.errors import LinterError


def builtin_rules_dir() -> Path:
    packaged = resources.files("linter").joinpath("_builtin").joinpath("rules")
    if packaged.is_dir():
        return Path(str(packaged))
    repo = Path(__file__).resolve().parents[2] / "rules"
    if repo.is_dir():
        return repo
    raise LinterError("the built-in rules are missing from this installation "
                      "(neither linter/_builtin/rules nor the checkout's rules/ exists)")
