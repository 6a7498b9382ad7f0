"""The comparison operators: pure functions ``(value, operand) -> bool``.

A missing value (``None``) never reaches them except for ``exists`` and ``empty`` (the caller
turns it into *missing*). A value of a type the operator cannot apply to raises
:class:`OperandTypeError` (the caller turns it into *unknown*, so the result is ``error``).
Equality never coerces types: ``"true" != true``, ``1 != true``, ``1 == 1.0``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any


class OperandTypeError(Exception):
    """The value has a type the operator does not apply to."""


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def strict_equal(a: Any, b: Any) -> bool:
    """JSON equality without coercion between booleans, numbers and strings."""
    cls = a.__class__
    if cls is b.__class__ and (cls is str or cls is int or cls is bool):
        return bool(a == b)
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    if type(a) is not type(b):
        return False
    return bool(a == b)


def equals(value: Any, operand: Any) -> bool:
    return strict_equal(value, operand)


def not_equals(value: Any, operand: Any) -> bool:
    return not strict_equal(value, operand)


def _as_list(operand: Any) -> list[Any]:
    if not isinstance(operand, list):
        raise OperandTypeError(f"the operand of in/not_in must be a list, not {type_name(operand)}")
    return operand


def in_(value: Any, operand: Any) -> bool:
    return any(strict_equal(value, x) for x in _as_list(operand))


def not_in(value: Any, operand: Any) -> bool:
    return not in_(value, operand)


_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$")


def parse_date(text: str) -> float | None:
    """Seconds since the epoch for an ISO 8601 date or date-time (UTC when no offset)."""
    if not _DATE.match(text):
        return None
    t = text.replace("z", "Z").replace("Z", "+00:00")
    try:
        if len(t) == 10:
            d = date.fromisoformat(t)
            dt = datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
        else:
            dt = datetime.fromisoformat(t.replace("t", "T"))
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return dt.timestamp()


def _orderable(value: Any) -> tuple[str, float]:
    if isinstance(value, bool):
        raise OperandTypeError("a boolean cannot be ordered")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            raise OperandTypeError("NaN cannot be ordered")
        return "number", float(value)
    if isinstance(value, str):
        stamp = parse_date(value)
        if stamp is None:
            raise OperandTypeError(f"the string {value!r} is neither a number nor an ISO date")
        return "date", stamp
    raise OperandTypeError(f"a {type_name(value)} cannot be ordered")


def _order(value: Any, operand: Any) -> tuple[float, float]:
    # A number next to a date is a timestamp in epoch seconds (AWS returns both forms).
    return _orderable(value)[1], _orderable(operand)[1]


def gt(value: Any, operand: Any) -> bool:
    v, o = _order(value, operand)
    return v > o


def gte(value: Any, operand: Any) -> bool:
    v, o = _order(value, operand)
    return v >= o


def lt(value: Any, operand: Any) -> bool:
    v, o = _order(value, operand)
    return v < o


def lte(value: Any, operand: Any) -> bool:
    v, o = _order(value, operand)
    return v <= o


def contains(value: Any, operand: Any) -> bool:
    if isinstance(value, list):
        return any(strict_equal(x, operand) for x in value)
    if isinstance(value, str):
        if not isinstance(operand, str):
            raise OperandTypeError(f"a string cannot contain a {type_name(operand)}")
        return operand in value
    raise OperandTypeError(f"contains applies to a list or a string, not a {type_name(value)}")


def not_contains(value: Any, operand: Any) -> bool:
    return not contains(value, operand)


def matches(value: Any, pattern: re.Pattern[str]) -> bool:
    if not isinstance(value, str):
        raise OperandTypeError(f"matches applies to a string, not a {type_name(value)}")
    return pattern.search(value) is not None


def exists(value: Any, flag: bool) -> bool:
    return (value is not None) is flag


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0)


def empty(value: Any, flag: bool) -> bool:
    return is_empty(value) is flag


def length_of(value: Any) -> int:
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise OperandTypeError(f"length applies to a list, a string or a mapping, not a "
                           f"{type_name(value)}")


Operator = Callable[[Any, Any], bool]

OPERATORS: dict[str, Operator] = {
    "equals": equals,
    "not_equals": not_equals,
    "in": in_,
    "not_in": not_in,
    "gt": gt,
    "gte": gte,
    "lt": lt,
    "lte": lte,
    "contains": contains,
    "not_contains": not_contains,
    "matches": matches,
    "exists": exists,
    "empty": empty,
}
"""Every operator but ``length`` (which applies one of these to the value's length)."""

NULL_SAFE = frozenset({"exists", "empty"})
"""Operators that apply to a missing value (never *missing* themselves)."""

ORDERING = frozenset({"gt", "gte", "lt", "lte"})
