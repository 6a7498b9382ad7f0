"""Each format rendered from the hand-made run matches its golden file (timestamps and the tool
version masked). Regenerate with ``pytest tests/report --update-golden``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from linter.model import RunResult
from linter.report import ReportFormat, file_name, render


@pytest.mark.parametrize(
    "fmt",
    list(ReportFormat),
    ids=lambda f: f.value,
)
def test_golden(fmt: ReportFormat, run: RunResult, golden: Callable[[str, str], None]) -> None:
    golden(file_name(fmt), render(fmt, run))


def test_rendering_is_deterministic(run: RunResult) -> None:
    for fmt in ReportFormat:
        assert render(fmt, run) == render(fmt, run)
