"""The registry contract the engine relies on, and docs/facts.md being current."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from linter.facts import FACTS, FactContext, FactUnknown, fact
from linter.facts.docs import render_markdown
from linter.snapshot import RESOURCE_TYPES
from linter.snapshot.index import SnapshotIndex
from linter.snapshot.schema import resolve

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(FACTS))
def test_spec_is_complete(name):
    spec = FACTS[name]
    assert spec.name == name
    assert spec.resource_types and spec.resource_types <= set(RESOURCE_TYPES)
    assert spec.doc.strip()
    Draft202012Validator.check_schema(resolve(spec.returns))
    for schema in spec.all_args().values():
        Draft202012Validator.check_schema(schema)
    params = inspect.signature(spec.fn.__wrapped__).parameters
    names = list(params)[2:]
    assert set(names) == set(spec.all_args()), "declared args must match the function"
    for arg in spec.optional_args:
        assert params[arg].default is not inspect.Parameter.empty
    for arg in spec.args:
        assert params[arg].default is inspect.Parameter.empty


def test_facts_are_memoised_per_resource_and_args():
    calls = []

    @fact("_test_counter", resource_types="cognito.user_pool", returns={"type": "integer"},
          args={"n": {"type": "integer"}})
    def counter(ctx, res, n):
        """Counts calls (test only)."""
        calls.append(n)
        return n

    try:
        ctx = FactContext(SnapshotIndex({"metadata": {}, "resources": {}}))
        res = {"arn": "arn:aws:cognito-idp:us-east-1:111122223333:userpool/x_1"}
        spec = FACTS["_test_counter"]
        assert [spec.fn(ctx, res, n=1), spec.fn(ctx, res, n=1), spec.fn(ctx, res, n=2)] == [1, 1, 2]
        assert calls == [1, 2]
    finally:
        del FACTS["_test_counter"]


def test_unknown_is_memoised_and_reraised():
    calls = []

    @fact("_test_unknown", resource_types="cognito.user_pool", returns={"type": "integer"})
    def unknown(ctx, res):
        """Always unknown (test only)."""
        calls.append(1)
        raise FactUnknown(["a", "a", "b"])

    try:
        ctx = FactContext(SnapshotIndex({"metadata": {}, "resources": {}}))
        res = {"arn": "arn:x"}
        for _ in range(2):
            with pytest.raises(FactUnknown) as exc:
                FACTS["_test_unknown"].fn(ctx, res)
            assert exc.value.reasons == ("a", "b")
        assert calls == [1]
    finally:
        del FACTS["_test_unknown"]


def test_duplicate_and_undocumented_facts_are_refused():
    with pytest.raises(ValueError, match="twice"):
        fact("log_targets", resource_types="cognito.user_pool", returns={})(lambda c, r: None)

    def nodoc(ctx, res):
        return None

    with pytest.raises(ValueError, match="docstring"):
        fact("_nodoc", resource_types="cognito.user_pool", returns={})(nodoc)


def test_cached_builds_once():
    ctx = FactContext(SnapshotIndex({"metadata": {}, "resources": {}}))
    built = []
    assert ctx.cached("k", lambda c: built.append(1) or 42) == 42
    assert ctx.cached("k", lambda c: built.append(1) or 43) == 42
    assert built == [1]


def test_docs_facts_md_is_current():
    current = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    assert current == render_markdown(), (
        "docs/facts.md is stale: run `python -m linter.facts.docs > docs/facts.md`"
    )
