"""JMESPath paths: compilation errors with offsets, the fast accessor, and the walk through the
snapshot schema (and fact schemas) that refuses fields that cannot exist."""

from __future__ import annotations

from typing import Any

import jmespath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.engine.paths import (
    Inference,
    PathProblem,
    PathSyntaxError,
    Shape,
    compile_path,
    shape_enum,
    shape_types,
)
from linter.facts import FACTS
from linter.snapshot.schema import resource_schema

POOL: Shape = [resource_schema("cognito.user_pool")]  # type: ignore[list-item]
TRAIL: Shape = [resource_schema("cloudtrail.trail")]  # type: ignore[list-item]


def infer(text: str, shape: Shape = POOL) -> Shape:
    return Inference(compile_path(text), "a cognito.user_pool").run(shape)


@pytest.mark.parametrize(("text", "offset"), [
    ("UserPool.[Name", 13), ("a..b", 2), ("a[?b==", 5), ("`abc", 0), ("a[", 1),
])
def test_syntax_errors_carry_an_offset(text: str, offset: int) -> None:
    with pytest.raises(PathSyntaxError) as e:
        compile_path(text)
    assert e.value.message.startswith("invalid JMESPath")
    assert e.value.offset == offset


keys = st.sampled_from(["a", "b", "c"])
trees = st.recursive(st.none() | st.integers() | st.text(max_size=3),
                     lambda inner: st.dictionaries(keys, inner, max_size=3), max_leaves=10)


@settings(max_examples=80, deadline=None)
@given(trees, st.lists(keys, min_size=1, max_size=4))
def test_fast_accessor_agrees_with_jmespath(tree: Any, chain: list[str]) -> None:
    text = ".".join(chain)
    cp = compile_path(text)
    assert cp.keys == tuple(chain)
    assert cp.get(tree) == jmespath.search(text, tree)


def test_complex_paths_use_jmespath_and_know_their_root_fields() -> None:
    cp = compile_path("LogDeliveryConfiguration.LogConfigurations[?LogLevel=='ERROR'] | "
                      "length(@)")
    assert cp.keys is None
    assert cp.root_fields == {"LogDeliveryConfiguration"}
    doc = {"LogDeliveryConfiguration": {"LogConfigurations": [{"LogLevel": "ERROR"},
                                                              {"LogLevel": "INFO"}]}}
    assert cp.get(doc) == 1
    assert compile_path("UserPool.Name || name").root_fields == {"UserPool", "name"}


@pytest.mark.parametrize(("text", "types", "enum"), [
    ("UserPool.DeletionProtection", {"string"}, ["ACTIVE", "INACTIVE"]),
    ("UserPool.Policies.PasswordPolicy.MinimumLength", {"number"}, None),
    ("MfaConfig.SoftwareTokenMfaConfiguration.Enabled", {"boolean"}, None),
    ("region", {"string"}, None),
    ("length(LogDeliveryConfiguration.LogConfigurations)", {"number"}, None),
    ("LogDeliveryConfiguration.LogConfigurations[].CloudWatchLogsConfiguration.LogGroupArn",
     {"array"}, None),
    ("LogDeliveryConfiguration.LogConfigurations[0].LogLevel", {"string"}, ["ERROR", "INFO"]),
    ("UserPool.UserPoolTags", {"object"}, None),
])
def test_inference_types(text: str, types: set[str], enum: list[str] | None) -> None:
    shape = infer(text)
    assert shape_types(shape) == types
    assert shape_enum(shape) == enum


@pytest.mark.parametrize(("text", "bad", "hint"), [
    ("UserPool.DeletionProtectoin", "DeletionProtectoin", "DeletionProtection"),
    ("LogDeliveryConfiguration.LogConfigurations[?EventSorce=='x']", "EventSorce",
     "EventSource"),
    ("LogDeliveryConfiguration.LogConfigurations[*].CloudWatchLogsConfiguration.LogGroupArm",
     "LogGroupArm", "LogGroupArn"),
    ("sort_by(LogDeliveryConfiguration.LogConfigurations, &LogLvl)", "LogLvl", "LogLevel"),
    ("UserPool.Name || UserPool.Nmae", "Nmae", "Name"),
    ("Regoin", "Regoin", "region"),
])
def test_misspelled_fields_are_refused_with_a_hint(text: str, bad: str, hint: str) -> None:
    with pytest.raises(PathProblem) as e:
        infer(text)
    assert f"no field '{bad}' here (did you mean '{hint}'?)" in e.value.message
    assert e.value.offset == text.index(bad)


def test_fields_below_a_scalar_or_indexes_on_a_scalar_are_refused() -> None:
    with pytest.raises(PathProblem, match=r"'UserPool\.Name' is a string, it has no field 'X'"):
        infer("UserPool.Name.X")
    with pytest.raises(PathProblem, match="applies to a list"):
        infer("UserPool.Name[0]")


def test_maps_and_free_form_values_accept_any_key() -> None:
    assert infer("UserPool.UserPoolTags.anything") is not None
    assert shape_types(infer("UserPool.UserPoolTags.env")) == {"string"}


def test_other_resource_types_and_fact_schemas() -> None:
    assert shape_types(infer("Status.IsLogging", TRAIL)) == {"boolean"}
    with pytest.raises(PathProblem, match="did you mean 'IsLogging'"):
        infer("Status.IsLoging", TRAIL)
    targets = [FACTS["log_targets"].returns]
    item = Inference(compile_path("[0].dest_kind"), "the fact log_targets").run(targets)
    assert shape_enum(item) == ["cwl", "firehose", "s3"]
    with pytest.raises(PathProblem, match="did you mean 'dest_arn'"):
        Inference(compile_path("[0].dest_ar"), "the fact log_targets").run(targets)


def test_unknown_shape_accepts_everything() -> None:
    assert Inference(compile_path("a.b[0].c"), "x").run(None) is None


def test_rule_schema_knows_every_snapshot_resource_type() -> None:
    from linter.engine.evaluate import _LISTING_ARN
    from linter.engine.schema_errors import load_schema
    from linter.snapshot import RESOURCE_TYPES

    assert load_schema("rule-v1.json")["$defs"]["resource_type"]["enum"] == list(RESOURCE_TYPES)
    assert set(_LISTING_ARN) == set(RESOURCE_TYPES)
