"""JSON report: the versioned results document (built by the engine's serializer), as text."""

from __future__ import annotations

import json
from dataclasses import dataclass

from linter.model import RunResult


@dataclass(frozen=True)
class JsonReporter:
    indent: int | None = 2

    def render(self, run: RunResult) -> str:
        # Imported here: the serializer and its schema belong to the engine.
        from linter.engine.results_doc import to_document

        return json.dumps(to_document(run), indent=self.indent, ensure_ascii=False) + "\n"
