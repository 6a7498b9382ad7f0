"""The compiled snapshot validator gives the verdicts jsonschema gives on the shipped schema:
the same documents accepted, the same rejected, at the same JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linter.snapshot.schema import snapshot_schema
from linter.snapshot.validate import compile_schema

DEMO = Path(__file__).resolve().parents[2] / "sample_configs" / "demo" / "snapshot.json"


def reference_errors(doc: Any) -> list[tuple[Any, ...]]:
    schema = snapshot_schema()
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return [tuple(e.absolute_path) for e in validator.iter_errors(doc)]


def base() -> dict[str, Any]:
    return json.loads(DEMO.read_text())


def _pool(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["resources"]["cognito.user_pool"][0]


MUTATIONS = {
    "valid": lambda d: None,
    "wrong scalar type deep in a body": lambda d: _pool(d)["UserPool"].update(
        MfaConfiguration=5),
    "bool where an integer is due": lambda d: _pool(d)["UserPool"]["Policies"][
        "PasswordPolicy"].update(MinimumLength=True),
    "float with integer value is an integer": lambda d: _pool(d)["UserPool"]["Policies"][
        "PasswordPolicy"].update(MinimumLength=8.0),
    "unknown envelope key": lambda d: _pool(d).update(colour="red"),
    "unknown body member is fine": lambda d: _pool(d)["UserPool"].update(NewThing=[1]),
    "missing envelope key": lambda d: _pool(d).pop("region"),
    "bad account id": lambda d: _pool(d).update(account_id="12"),
    "bad arn": lambda d: _pool(d).update(arn="not-an-arn"),
    "wrong type const": lambda d: _pool(d).update(type="cognito.identity_pool"),
    "list where object is due": lambda d: _pool(d).update(UserPool=[]),
    "bad date-time": lambda d: d["metadata"].update(started_at="yesterday"),
    "duplicate regions": lambda d: d["metadata"].update(regions=["us-east-1", "us-east-1"]),
    "unknown collected type": lambda d: d["metadata"].update(collected_types=["ec2.instance"]),
    "bad error entry": lambda d: d["errors"].append({"service": "logs"}),
    "null where string is due": lambda d: _pool(d).update(name=None),
    "timestamp as number is fine": lambda d: _pool(d)["UserPool"].update(
        CreationDate=1764000000),
}


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_same_verdict_and_place_as_jsonschema(case: str) -> None:
    doc = copy.deepcopy(base())
    MUTATIONS[case](doc)
    expected = reference_errors(doc)
    problem = compile_schema(snapshot_schema())(doc)
    if not expected:
        assert problem is None, (problem.path, problem.message) if problem else None
    else:
        assert problem is not None
        assert problem.path in expected, (problem.path, expected)


def test_the_demo_snapshot_is_valid_for_both() -> None:
    doc = base()
    assert reference_errors(doc) == []
    assert compile_schema(snapshot_schema())(doc) is None


def test_unsupported_keywords_are_refused_when_compiling() -> None:
    with pytest.raises(ValueError, match="unsupported keywords"):
        compile_schema({"type": "object", "properties": {"a": {"oneOf": []}}})
