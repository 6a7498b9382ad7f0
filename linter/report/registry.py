"""The report formats, the reporter for each, and the file each is written to."""

from __future__ import annotations

from enum import Enum
from typing import BinaryIO

from linter.model import RunResult
from linter.report.console import ConsoleReporter
from linter.report.html import HtmlReporter
from linter.report.interface import Reporter, ReportError
from linter.report.json import JsonReporter
from linter.report.junit import JunitReporter
from linter.report.markdown import MarkdownReporter
from linter.report.sarif import SarifReporter


class ReportFormat(str, Enum):
    """The values of ``--format``."""

    CONSOLE = "console"
    JSON = "json"
    JUNIT = "junit"
    SARIF = "sarif"
    HTML = "html"
    MARKDOWN = "markdown"


REPORTERS: dict[ReportFormat, Reporter] = {
    ReportFormat.CONSOLE: ConsoleReporter(),
    ReportFormat.JSON: JsonReporter(),
    ReportFormat.JUNIT: JunitReporter(),
    ReportFormat.SARIF: SarifReporter(),
    ReportFormat.HTML: HtmlReporter(),
    ReportFormat.MARKDOWN: MarkdownReporter(),
}
"""One reporter per format, with default options. Build your own instance (e.g.
``ConsoleReporter(width=120, color=True)``) where the defaults do not fit."""

_FILE_NAMES: dict[ReportFormat, str] = {
    ReportFormat.CONSOLE: "report.txt",
    ReportFormat.JSON: "results.json",
    ReportFormat.JUNIT: "report.junit.xml",
    ReportFormat.SARIF: "report.sarif",
    ReportFormat.HTML: "report.html",
    ReportFormat.MARKDOWN: "report.md",
}


def parse_format(value: str | ReportFormat) -> ReportFormat:
    """``"html"`` -> ``ReportFormat.HTML``; an unknown name raises :class:`ReportError`."""
    if isinstance(value, ReportFormat):
        return value
    try:
        return ReportFormat(value.strip().lower())
    except ValueError:
        known = ", ".join(f.value for f in ReportFormat)
        raise ReportError(f"unknown report format {value!r} (known: {known})") from None


def file_name(fmt: str | ReportFormat) -> str:
    """The file a format is written to inside ``-o DIR``: ``report.html``, ``results.json`` …"""
    return _FILE_NAMES[parse_format(fmt)]


def render(fmt: str | ReportFormat, run: RunResult) -> str:
    """Render ``run`` in one format with the registry's reporter."""
    return REPORTERS[parse_format(fmt)].render(run)


def write(fmt: str | ReportFormat, run: RunResult, out: BinaryIO) -> None:
    """Write ``run`` in one format to a binary file, UTF-8. Reporters that can stream (JSON)
    write piece by piece; the others render the text first."""
    reporter = REPORTERS[parse_format(fmt)]
    stream = getattr(reporter, "write", None)
    if stream is not None:
        stream(run, out)
    else:
        out.write(reporter.render(run).encode("utf-8"))


def render_all(formats: list[str | ReportFormat], run: RunResult) -> dict[str, str]:
    """Render ``run`` in each format: ``{file name: text}``, in the order given, no duplicates.

    Nothing is written: the caller writes each text (atomically) where it wants.
    """
    out: dict[str, str] = {}
    for fmt in formats:
        name = file_name(fmt)
        if name not in out:
            out[name] = render(fmt, run)
    return out
