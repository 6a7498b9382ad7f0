"""Reports: one :class:`~linter.model.RunResult` in, text out, one module per format.

    from linter.report import REPORTERS, ReportFormat, file_name, render_all

    texts = render_all(["html", "junit", "sarif"], run)   # {"report.html": "...", ...}

Reporters never compute and never open a file; the caller writes the texts (or passes a
binary file to `write`, which streams the JSON report).
"""

from __future__ import annotations

from linter.report.interface import Reporter, ReportError
from linter.report.registry import (
    REPORTERS,
    ReportFormat,
    file_name,
    parse_format,
    render,
    render_all,
    write,
)

__all__ = [
    "REPORTERS",
    "ReportError",
    "ReportFormat",
    "Reporter",
    "file_name",
    "parse_format",
    "render",
    "render_all",
    "write",
]
