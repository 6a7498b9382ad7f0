"""The reporter contract: one :class:`~linter.model.RunResult` in, one text document out.

A reporter never computes a result, never reads a file and never writes one: everything it
shows is already in the ``RunResult`` and the caller decides where the text goes.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from linter.errors import ReportError
from linter.model import RunResult

__all__ = ["ReportError", "Reporter"]


@runtime_checkable
class Reporter(Protocol):
    """Renders a whole run as one document (HTML, XML, JSON, Markdown or console text)."""

    def render(self, run: RunResult) -> str:
        """Return the document. Raise :class:`ReportError` if it cannot be rendered."""
        ...
