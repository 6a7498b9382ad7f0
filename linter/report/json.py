"""JSON report: the versioned results document (built by the engine's serializer), as text."""

from __future__ import annotations

from dataclasses import dataclass

from linter.model import RunResult
from linter.report._json import dumps
from linter.report._text import gc_paused


@dataclass(frozen=True)
class JsonReporter:
    @gc_paused
    def render(self, run: RunResult) -> str:
        # Imported here: the serializer and its schema belong to the engine.
        from linter.engine.results_doc import to_document

        return dumps(to_document(run))
