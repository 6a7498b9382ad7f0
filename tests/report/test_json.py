"""JSON reporter: the engine's results document, written as UTF-8 JSON text.

The document itself (and its schema) is the engine's and is tested there; here a stand-in
serializer checks what the reporter adds: the text form."""

from __future__ import annotations

import json
import sys
import types

import pytest
from report_fixtures import HOSTILE

from linter.model import RunResult
from linter.report import render


@pytest.fixture
def fake_serializer(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("linter.engine.results_doc")

    def to_document(run: RunResult) -> dict:
        return {"schema_version": "1.0", "names": [r.resource.name for r in run.results],
                "note": "línea\u2028two"}

    module.to_document = to_document  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "linter.engine.results_doc", module)


def test_json_text(run: RunResult, fake_serializer: None) -> None:
    text = render("json", run)
    assert text.endswith("}\n")
    assert "línea" in text  # UTF-8, not \u escapes
    doc = json.loads(text)
    assert HOSTILE in doc["names"] and doc["note"] == "línea\u2028two"
    assert text.splitlines()[1].startswith('  "schema_version"')
