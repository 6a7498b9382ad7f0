"""JSON report: the versioned results document (built by the engine's serializer), as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from linter.model import RunResult
from linter.report._json import dumps, write
from linter.report._text import gc_paused


@dataclass(frozen=True)
class JsonReporter:
    @gc_paused
    def render(self, run: RunResult) -> str:
        # Imported here: the serializer and its schema belong to the engine.
        from linter.engine.results_doc import to_document

        return dumps(to_document(run, lazy=True))

    def write(self, run: RunResult, out: BinaryIO) -> None:
        """Stream the document to ``out``: the same bytes as :meth:`render`, built one result
        at a time (a 10,000-pool report is ~250 MB; it is never held in memory)."""
        from linter.engine.results_doc import to_document
        from linter.engine.run import no_cyclic_gc

        with no_cyclic_gc():
            write(to_document(run, lazy=True), out)
