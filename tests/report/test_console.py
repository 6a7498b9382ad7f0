"""Console report: failing and error findings and the totals, fitting the width, data inert."""

from __future__ import annotations

import dataclasses

import pytest

from linter.model import RunResult, Status
from linter.report.console import ConsoleReporter


@pytest.mark.parametrize("width", [40, 60, 100, 160])
def test_every_line_fits_the_width(run: RunResult, width: int) -> None:
    text = ConsoleReporter(width=width).render(run)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "CL-LOG-006" in text and "CL-POS-001" in text
    assert "FAIL" in text and "ERROR" in text
    assert "\x1b" not in text


def test_lists_fail_and_error_only_and_the_totals(run: RunResult) -> None:
    text = ConsoleReporter(width=200).render(run)
    assert text.count(" FAIL ") == 5 and text.count(" ERROR ") == 1
    assert "WAIVED" not in text and "prod-customers" not in text
    assert ("Totals: 5 violations, 1 not evaluable (error), 1 waived, 22 compliant, "
            "3 not applicable (32 results, 9 rules)") in text
    assert "1 of 4 user pools fully observed" in text
    assert "Collection errors: 1 call failed" in text


def test_data_is_never_markup_or_terminal_escapes(run: RunResult) -> None:
    evil = "[bold red]boom[/] \x1b[2J\x07"
    results = tuple(
        dataclasses.replace(r, resource=dataclasses.replace(r.resource, name=evil))
        for r in run.results
    )
    text = ConsoleReporter(width=200, color=True).render(
        dataclasses.replace(run, results=results))
    assert "[bold red]boom[/]" in text
    assert "\x1b[2J" not in text and "\x07" not in text
    assert "\x1b[" in text  # colour codes are still there


def test_max_rows(run: RunResult) -> None:
    text = ConsoleReporter(width=200, max_rows=2).render(run)
    n = sum(1 for r in run.results if r.status in (Status.FAIL, Status.ERROR))
    assert f"… and {n - 2} more failing or error findings" in text
