"""Report tests: the hand-made RunResult and the golden-file helper.

Regenerate the golden files with ``pytest tests/report --update-golden`` (or ``make golden``)
after an intended change to a report, and review the diff before committing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from report_fixtures import sample_run

from linter import __version__
from linter.model import RunResult

GOLDEN = Path(__file__).parent / "golden"
OUTPUT = Path(__file__).resolve().parents[1] / "output"
SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?")


def mask(text: str) -> str:
    """Timestamps and the tool version become placeholders, so goldens survive a release."""
    text = _TIMESTAMP.sub("<TIMESTAMP>", text)
    return re.sub(rf"(?<![\w.]){re.escape(__version__)}(?!\w|\.\w)", "<VERSION>", text)


@pytest.fixture
def run() -> RunResult:
    return sample_run()


@pytest.fixture
def golden(update_golden: bool) -> Callable[[str, str], None]:
    """``golden(name, text)``: compare masked ``text`` with ``golden/<name>`` (or rewrite it
    under ``--update-golden``)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        masked = mask(text)
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(masked, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run `pytest tests/report --update-golden`"
        expected = path.read_text(encoding="utf-8")
        assert masked == expected, (
            f"{name} differs from its golden file; if the change is intended, run "
            "`pytest tests/report --update-golden` and review the diff"
        )

    return check
