"""The format registry: every --format value has a reporter and a file name."""

from __future__ import annotations

import dataclasses

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


def test_an_empty_run_renders_in_every_format(run: RunResult) -> None:
    """No pools, no results, no rules (e.g. a region without Cognito): nothing divides by zero."""
    empty = dataclasses.replace(run, rules=(), results=(), pipelines=(), collection_errors=(),
                                stale_waivers=(), expired_waivers=(), resource_lines={})
    texts = render_all(list(ReportFormat), empty)
    assert "0 of 0 user pools fully observed" in texts["report.html"]
    assert "No failing findings." in texts["report.md"]
    assert "<testsuites>\n</testsuites>" in texts["report.junit.xml"]
