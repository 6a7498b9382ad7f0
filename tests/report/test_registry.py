"""The format registry: every --format value has a reporter and a file name."""

from __future__ import annotations

import pytest

from linter.errors import ExitCode, ReportError
from linter.model import RunResult
from linter.report import REPORTERS, Reporter, ReportFormat, file_name, parse_format, render_all


def test_every_format_has_a_reporter() -> None:
    assert set(REPORTERS) == set(ReportFormat)
    for reporter in REPORTERS.values():
        assert isinstance(reporter, Reporter)


def test_file_names() -> None:
    assert {f.value: file_name(f) for f in ReportFormat} == {
        "console": "report.txt",
        "json": "results.json",
        "junit": "report.junit.xml",
        "sarif": "report.sarif",
        "html": "report.html",
        "markdown": "report.md",
    }
    assert file_name("HTML") == "report.html"


def test_unknown_format_is_a_one_line_usage_error() -> None:
    with pytest.raises(ReportError) as e:
        parse_format("pdf")
    assert str(e.value) == (
        "unknown report format 'pdf' (known: console, json, junit, sarif, html, markdown)"
    )
    assert e.value.exit_code is ExitCode.USAGE


def test_render_all_returns_texts_by_file_name_and_writes_nothing(
    run: RunResult, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    texts = render_all(["html", "junit", "sarif", "markdown", "html"], run)
    assert list(texts) == ["report.html", "report.junit.xml", "report.sarif", "report.md"]
    assert all(isinstance(t, str) and t for t in texts.values())
    assert list(tmp_path.iterdir()) == []
