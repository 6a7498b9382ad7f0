"""JSON reporter: the engine's results document (linter.engine.results_doc), as UTF-8 JSON text
that validates against the shipped results schema. The document's content is tested with the
engine; here: the text form, and that large documents stay quick to write and to read."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
from report_fixtures import HOSTILE

from linter.model import RunResult
from linter.report import render

RESULTS_SCHEMA = Path(__file__).resolve().parents[2] / "linter" / "schemas" / "results-v1.json"


def test_json_validates_against_the_results_schema(run: RunResult) -> None:
    schema = json.loads(RESULTS_SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render("json", run))
    jsonschema.validators.validator_for(schema)(schema).validate(doc)
    assert len(doc["results"]) == len(run.results)


def test_json_text_is_utf8_with_one_result_per_line(run: RunResult) -> None:
    results = tuple(
        dataclasses.replace(r, resource=dataclasses.replace(r.resource, name="línea\u2028é"))
        if r.resource.name == HOSTILE else r
        for r in run.results
    )
    text = render("json", dataclasses.replace(run, results=results))
    assert text.endswith("}\n")
    assert "línea" in text and "\\u00e9" not in text
    lines = text.splitlines()
    assert lines[1] == '  "schema_version": "1.0",'
    start = lines.index('  "results": [')
    assert json.loads(lines[start + 1].rstrip(","))["rule_id"] == run.results[0].rule_id


def test_streamed_json_is_the_rendered_text(run: RunResult) -> None:
    import io

    from linter.report import write

    buf = io.BytesIO()
    write("json", run, buf)
    assert buf.getvalue() == render("json", run).encode("utf-8")


def test_lazy_document_serialises_like_the_plain_one(run: RunResult) -> None:
    from linter.engine.results_doc import to_document
    from linter.report._json import dumps

    lazy = dumps(to_document(run, lazy=True))
    assert lazy == dumps(to_document(run))
    assert json.loads(lazy) == to_document(run)


def test_long_lists_one_compact_item_per_line_short_ones_indented() -> None:
    from linter.report._json import dumps

    text = dumps({"few": [1, {"a": "é"}], "many": [{"k": i} for i in range(9)], "e": {}})
    assert text == (
        '{\n  "few": [\n    1,\n    {\n      "a": "é"\n    }\n  ],\n'
        '  "many": [\n' + ",\n".join(f'    {{"k":{i}}}' for i in range(9)) + "\n  ],\n"
        '  "e": {}\n}\n'
    )
    assert json.loads(text)["many"][8] == {"k": 8}


def test_a_set_is_refused_not_written_in_arbitrary_order() -> None:
    import pytest

    from linter.report._json import dumps

    with pytest.raises(TypeError):
        dumps({"ids": {"b", "a"}})


def test_results_take_the_native_encoding_path() -> None:
    """The JSON writer encodes results straight from the model's dataclasses (about twice the
    speed of building mappings); if a model class changes shape it silently falls back, so pin
    that it does not (the byte equality of both paths is pinned above)."""
    from linter.engine.results_doc import _NATIVE

    assert _NATIVE
