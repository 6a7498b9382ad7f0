"""Operator semantics: strict equality, ordering of numbers and ISO dates, contains, matches,
exists/empty, length. Property tests for the pure pieces."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.engine import operators as ops

quick = settings(max_examples=60, deadline=None)  # no deadline: the CI machine is shared
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=12,
)


@quick
@given(json_values)
def test_equality_is_reflexive(v: Any) -> None:
    assert ops.strict_equal(v, v)
    assert not ops.not_equals(v, v)


@quick
@given(json_values, json_values)
def test_equality_is_symmetric(a: Any, b: Any) -> None:
    assert ops.strict_equal(a, b) == ops.strict_equal(b, a)


@quick
@given(json_values, st.lists(json_values, max_size=5))
def test_in_is_equality_with_some_element(v: Any, items: list[Any]) -> None:
    assert ops.in_(v, items) == any(ops.strict_equal(v, x) for x in items)
    assert ops.not_in(v, items) == (not ops.in_(v, items))


@pytest.mark.parametrize(("a", "b"), [
    ("true", True), (1, True), (0, False), ("1", 1), ([1], [True]), ({"a": 1}, {"a": True}),
    (None, False), (None, ""), ("", []),
])
def test_equality_never_coerces(a: Any, b: Any) -> None:
    assert not ops.equals(a, b)
    assert ops.not_equals(a, b)


def test_numbers_of_both_kinds_are_equal() -> None:
    assert ops.equals(1, 1.0)
    assert ops.equals([1, {"x": 2.0}], [1.0, {"x": 2}])


@quick
@given(st.integers(), st.integers())
def test_ordering_of_numbers(a: int, b: int) -> None:
    assert ops.gt(a, b) == (a > b)
    assert ops.gte(a, b) == (a >= b)
    assert ops.lt(a, b) == (a < b)
    assert ops.lte(a, b) == (a <= b)


@quick
@given(st.dates(), st.dates())
def test_ordering_of_iso_dates(a: Any, b: Any) -> None:
    assert ops.gt(a.isoformat(), b.isoformat()) == (a > b)
    assert ops.lte(a.isoformat(), b.isoformat()) == (a <= b)


def test_date_times_with_offsets_compare_as_instants() -> None:
    assert ops.lt("2026-01-01T00:00:00Z", "2026-01-01T00:00:01+00:00")
    assert ops.equals("x", "x") and ops.gte("2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00Z")
    assert ops.lte("2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00Z")
    assert ops.gt("2026-01-02", "2026-01-01T23:59:59Z")


def test_epoch_numbers_compare_with_dates() -> None:
    assert ops.gt(1767225600 + 1, "2026-01-01")  # 2026-01-01T00:00:00Z + 1 s
    assert ops.lt(1767225600 - 1, "2026-01-01")


@pytest.mark.parametrize(("value", "operand"), [
    ("abc", 1), (True, 1), ([1], 1), ({"a": 1}, 1), ("2026-13-45", "2026-01-01"), (1, "soon"),
])
def test_ordering_something_else_is_a_type_error(value: Any, operand: Any) -> None:
    with pytest.raises(ops.OperandTypeError):
        ops.gt(value, operand)


def test_contains() -> None:
    assert ops.contains(["a", "b"], "b")
    assert not ops.contains(["a", "b"], "c")
    assert ops.contains("userNotification", "Notif")
    assert ops.not_contains([1, 2], True)
    with pytest.raises(ops.OperandTypeError):
        ops.contains(5, 5)
    with pytest.raises(ops.OperandTypeError):
        ops.contains("abc", 1)
    with pytest.raises(ops.OperandTypeError):
        ops.contains({"a": 1}, "a")


def test_matches_searches_and_needs_a_string() -> None:
    assert ops.matches("https://x.sumologic.com/receiver", re.compile(r"sumologic\.com"))
    assert not ops.matches("abc", re.compile(r"^b"))
    with pytest.raises(ops.OperandTypeError):
        ops.matches(3, re.compile("3"))


@quick
@given(json_values)
def test_exists_and_empty_never_fail(v: Any) -> None:
    assert ops.exists(v, True) == (v is not None)
    assert ops.exists(v, False) == (v is None)
    assert ops.empty(v, True) == (v in (None, "", [], {}) and not isinstance(v, bool)
                                  and not (isinstance(v, (int, float)) and v == 0))
    assert ops.empty(v, False) != ops.empty(v, True)


@quick
@given(st.lists(st.integers()) | st.text() | st.dictionaries(st.text(), st.integers()))
def test_length(v: Any) -> None:
    assert ops.length_of(v) == len(v)


@pytest.mark.parametrize("v", [1, 2.5, True])
def test_length_of_a_scalar_is_a_type_error(v: Any) -> None:
    with pytest.raises(ops.OperandTypeError):
        ops.length_of(v)


def test_in_needs_a_list() -> None:
    with pytest.raises(ops.OperandTypeError):
        ops.in_("a", "abc")
