"""The compiled snapshot validator gives the verdicts jsonschema gives on the shipped schema:
the same documents accepted, the same rejected, at the same JSON path. Every case runs with the
generated source compiled for every ``$defs`` entry from the first value (``compile_after=0``)
and as shipped (closures only, for a snapshot as small as the demo, but for the case with more
than ``COMPILE_AFTER`` pools)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linter.snapshot.schema import snapshot_schema
from linter.snapshot.validate import COMPILE_AFTER, SchemaCompiler, _SourceWriter, compile_schema

DEMO = Path(__file__).resolve().parents[2] / "sample_configs" / "demo" / "snapshot.json"


class Tag(str):
    """A ``str`` subclass: a string for both validators, not one the generated code vouches for."""


def reference_errors(doc: Any, schema: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    schema = schema or snapshot_schema()
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return [tuple(e.absolute_path) for e in validator.iter_errors(doc)]


def base() -> dict[str, Any]:
    return json.loads(DEMO.read_text())


def small() -> dict[str, Any]:
    """The demo with three resources of each type: jsonschema takes a while on all of it."""
    doc = base()
    doc["resources"] = {t: records[:3] for t, records in doc["resources"].items()}
    return doc


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
    "timestamp as float is fine": lambda d: _pool(d)["UserPool"].update(
        CreationDate=1764000000.5),
    "fractional float where an integer is due": lambda d: _pool(d)["UserPool"]["Policies"][
        "PasswordPolicy"].update(MinimumLength=8.5),
    "str subclass is a string": lambda d: _pool(d).update(name=Tag("pool")),
    "bool where a string is due": lambda d: _pool(d)["UserPool"].update(Name=True),
    "string where a bool is due": lambda d: _pool(d)["UserPool"]["Policies"][
        "PasswordPolicy"].update(RequireSymbols="yes"),
    "object where a string is due": lambda d: _pool(d)["UserPool"].update(Name={}),
    "string where an object is due": lambda d: _pool(d).update(UserPool="pool"),
    "wrong item in a list of strings": lambda d: _pool(d)["UserPool"].update(
        AutoVerifiedAttributes=["email", 1]),
    "list of strings as a string": lambda d: _pool(d)["UserPool"].update(
        AutoVerifiedAttributes="email"),
    "bad item deep in a list of objects": lambda d: _pool(d)["UserPool"].update(
        SchemaAttributes=[{"Name": "email"}, {"Name": "x", "Mutable": "no"}]),
    "empty region": lambda d: _pool(d).update(region=""),
    "arn of the wrong class": lambda d: _pool(d).update(arn=5),
    "const of the wrong class": lambda d: _pool(d).update(type=1),
    "unknown key after a bad member": lambda d: _pool(d).update(name=1, zzz=1),
    "unknown key before a bad member": lambda d: d["resources"]["cognito.user_pool"].insert(
        0, {"aaa": 1, **_pool(d), "name": 1}),
    "unknown key in the envelope root": lambda d: d.update(extra=True),
    "unknown key in the metadata": lambda d: d["metadata"].update(extra=True),
    "missing metadata": lambda d: d.pop("metadata"),
    "bad map value (additionalProperties schema)": lambda d: _pool(d)["UserPool"].update(
        UserPoolTags={"team": "a", "cost": 5}),
    "good map value (additionalProperties schema)": lambda d: _pool(d)["UserPool"].update(
        UserPoolTags={"team": "a", "cost": "5"}),
    "error entry, enum member null": lambda d: d["errors"].append(_error(resource_type=None)),
    "error entry, enum member known": lambda d: d["errors"].append(
        _error(resource_type="kms.key")),
    "error entry, enum member unknown": lambda d: d["errors"].append(
        _error(resource_type="ec2.instance")),
    "error entry, enum member of the wrong class": lambda d: d["errors"].append(
        _error(resource_type=["kms.key"])),
    "error entry, null where string or null": lambda d: d["errors"].append(_error(field=None)),
    "error entry, empty service": lambda d: d["errors"].append(_error(service="")),
    "null principal": lambda d: d["metadata"].update(principal_arn=None),
    "numeric principal": lambda d: d["metadata"].update(principal_arn=12),
    "source kind unknown": lambda d: d["metadata"]["source"].update(kind="ftp"),
    "resources as a list": lambda d: d.update(resources=[]),
    "resource list as an object": lambda d: d["resources"].update({"kms.key": {}}),
    "unknown resource type": lambda d: d["resources"].update({"ec2.instance": []}),
    "more pools than COMPILE_AFTER, the last one bad": lambda d: d["resources"][
        "cognito.user_pool"].extend([*d["resources"]["cognito.user_pool"] * (COMPILE_AFTER // 3),
                                     {"type": "cognito.user_pool"}]),
}


NOT_PLAIN = {"float with integer value is an integer", "str subclass is a string"}


def _error(**fields: Any) -> dict[str, Any]:
    return {"service": "logs", "operation": "X", "region": None, "error_code": "E",
            "message": "m", **fields}


def assert_agrees(doc: Any, name: str = "snapshot", *, plain: bool = True) -> None:
    """Same verdict and place as jsonschema, in both tiers, and the same first problem as the
    closures alone (the validator before there was generated code); and the generated lane alone
    vouches for no document jsonschema rejects, and for every valid one in ``plain`` JSON
    form (as a JSON parser builds it: no ``str`` subclass, no ``8.0`` for an integer)."""
    schema = SCHEMAS[name]()
    expected = reference_errors(doc, schema)
    closures = SchemaCompiler(schema).compile({k: v for k, v in schema.items() if k != "$defs"})
    first = closures(doc)
    for tier, validate in [(0, generated_first(name)), (COMPILE_AFTER, compile_schema(schema))]:
        problem = validate(doc)
        if not expected:
            assert problem is None, (tier, problem.path, problem.message) if problem else None
        else:
            assert problem is not None, tier
            assert problem.path in expected, (tier, problem.path, expected)
            assert first is not None  # the very problem the closures alone report
            assert (problem.path, problem.message) == (first.path, first.message), tier
    assert certainly_valid(name)(doc) is (not expected and plain)


@functools.cache
def generated_first(name: str) -> Callable[[Any], Any]:
    """The validator with every function compiled when first needed (kept across tests)."""
    return compile_schema(SCHEMAS[name](), compile_after=0)


@functools.cache
def certainly_valid(name: str) -> Callable[[Any], bool]:
    """The generated lane alone, every function compiled when first needed."""
    schema = SCHEMAS[name]()
    root = {k: v for k, v in schema.items() if k != "$defs"}
    writer = _SourceWriter(schema, SchemaCompiler(schema), compile_after=0)
    return writer.function("valid_document", root, inline=False)


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_same_verdict_and_place_as_jsonschema(case: str) -> None:
    doc = small()
    MUTATIONS[case](doc)
    assert_agrees(doc, plain=case not in NOT_PLAIN)


def test_the_demo_snapshot_is_valid_for_both() -> None:
    doc = base()
    assert reference_errors(doc) == []
    assert compile_schema(snapshot_schema())(doc) is None
    assert generated_first("snapshot")(doc) is None


def test_generated_code_vouches_for_the_demo_snapshot() -> None:
    """Not a verdict (the closures would give the same one) but the speed: a valid snapshot
    in plain JSON form must not fall through to the closures."""
    assert certainly_valid("snapshot")(base()) is True


def test_a_function_is_compiled_once_its_entry_is_needed_often() -> None:
    schema = snapshot_schema()
    writer = _SourceWriter(schema, SchemaCompiler(schema), compile_after=2)
    check = writer.function("valid_document", {k: v for k, v in schema.items() if k != "$defs"},
                            inline=False)
    doc = base()
    pools = doc["resources"]["cognito.user_pool"]
    name = next(n for n in writer.env if n.startswith("valid_") and n != "valid_document")
    assert check(doc) and len(pools) > 2
    assert callable(writer.env[name]) and not hasattr(writer.env[name], "calls")


RECURSIVE = {
    "$ref": "#/$defs/node",
    "$defs": {
        "node": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "weight": {"type": ["integer", "null"]},
                "flag": {"const": True},
                "kind": {"enum": ["a", "b", None]},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                "labels": {"type": "object", "additionalProperties": {"$ref": "#/$defs/label"}},
                "ids": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                "size": {"type": "number"},
                "never": False,
                "wrapper": {"$ref": "#/$defs/wrapper"},
            },
        },
        "label": {"type": "string", "pattern": "^[a-z]+$"},
        "wrapper": {"type": "object", "properties": {"inner": {"$ref": "#/$defs/node"}}},
    },
}

SCHEMAS = {"snapshot": snapshot_schema, "recursive": lambda: RECURSIVE}

TREES: list[Any] = [
    {"name": "root"},
    {"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]},
    {"name": "root", "children": [{"name": "a", "children": [{"name": ""}]}]},
    {"name": "root", "children": [{"name": "a", "children": [{"nom": "b"}]}]},
    {"name": "root", "children": [{"name": "a", "extra": 1}]},
    {"name": "r", "weight": None, "flag": True, "kind": None, "size": 1.5},
    {"name": "r", "weight": 2.5},
    {"name": "r", "weight": True},
    {"name": "r", "flag": 1},
    {"name": "r", "flag": False},
    {"name": "r", "kind": "c"},
    {"name": "r", "kind": 1},
    {"name": "r", "size": True},
    {"name": "r", "labels": {"x": "abc", "y": "ABC"}},
    {"name": "r", "labels": {"x": "abc", "y": 3}},
    {"name": "r", "labels": []},
    {"name": "r", "ids": ["a", "b"]},
    {"name": "r", "ids": ["a", "a"]},
    {"name": "r", "wrapper": {"inner": {"name": "s", "wrapper": {"inner": {"name": "t"}}}}},
    {"name": "r", "wrapper": {"inner": {"name": "s", "wrapper": {"inner": {"name": 1}}}}},
    {"name": "r", "wrapper": {"inner": []}},
    [],
    "root",
    None,
]


def test_a_false_subschema_refuses_any_value() -> None:
    """As jsonschema does; it reports the problem at the object (path ``()``), not the member."""
    doc = {"name": "r", "never": None}
    assert reference_errors(doc, RECURSIVE) == [()]
    for validate in [generated_first("recursive"), compile_schema(RECURSIVE)]:
        problem = validate(doc)
        assert problem is not None and problem.path == ("never",)
    assert not certainly_valid("recursive")(doc)


NOT_PLAIN_TREES: list[Any] = [
    {"name": "r", "weight": 2.0},
    {"name": Tag("r"), "labels": {"x": Tag("abc")}},
    {"name": "r", "weight": 2.0, "kind": "c"},
]


@pytest.mark.parametrize("index", range(len(TREES)))
def test_a_recursive_schema_agrees_with_jsonschema(index: int) -> None:
    assert_agrees(TREES[index], "recursive")


@pytest.mark.parametrize("index", range(len(NOT_PLAIN_TREES)))
def test_values_in_a_form_the_generated_code_leaves_to_the_closures(index: int) -> None:
    assert_agrees(NOT_PLAIN_TREES[index], "recursive", plain=False)


def test_unsupported_keywords_are_refused_when_compiling() -> None:
    with pytest.raises(ValueError, match="unsupported keywords"):
        compile_schema({"type": "object", "properties": {"a": {"oneOf": []}}})
