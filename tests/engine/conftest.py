"""Fixtures of the engine tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def rules_dir(tmp_path: Path) -> Callable[..., Path]:
    """``rules_dir(a="...", b="...")``: a directory with one file per keyword (``a.yaml``)."""

    def make(**files: str) -> Path:
        d = tmp_path / "rules"
        d.mkdir(exist_ok=True)
        for name, text in files.items():
            (d / f"{name}.yaml").write_text(text, encoding="utf-8")
        return d

    return make
