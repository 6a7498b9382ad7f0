"""A compiled validator for the snapshot JSON Schema.

``jsonschema`` walks a 65 MB, 10,000-pool snapshot in close to a minute; a snapshot check must
take seconds. The snapshot schema uses a small subset of JSON Schema, so it is compiled once
into nested Python closures, one per schema node, that check a document in one pass and stop
at the first problem with its JSON path. ``tests/snapshot/test_validate.py`` proves it accepts
and rejects exactly what ``jsonschema`` does on the shipped schema.

Supported keywords (the subset ``schema_gen.py`` emits): ``$ref`` (local), ``type`` (one or a
list), ``properties``, ``required``, ``additionalProperties`` (bool or schema), ``items``,
``const``, ``enum``, ``pattern``, ``minLength``, ``uniqueItems``, ``format: date-time``.
Annotations (``title``, ``description``, ``x-aws-enum``, ``$schema``, ``$id``) are ignored;
any other keyword is refused when compiling, so the two validators cannot drift silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

Check = Callable[[Any], "Problem | None"]

_ANNOTATIONS = {"title", "description", "x-aws-enum", "$schema", "$id", "$defs", "$comment"}
_KNOWN = {
    "$ref", "type", "properties", "required", "additionalProperties", "items", "const",
    "enum", "pattern", "minLength", "uniqueItems", "format",
} | _ANNOTATIONS


class Problem:
    """The first problem found. ``path`` is built on the way out of the recursion (innermost
    key first), so nothing is allocated while a document is valid."""

    __slots__ = ("_rev", "message")

    def __init__(self, message: str) -> None:
        self.message = message
        self._rev: list[str | int] = []

    def at(self, key: str | int) -> Problem:
        self._rev.append(key)
        return self

    @property
    def path(self) -> tuple[str | int, ...]:
        return tuple(reversed(self._rev))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _type_check(names: list[str]) -> Callable[[Any], bool]:
    want = set(names)

    def ok(value: Any) -> bool:
        t = _json_type(value)
        if t in want:
            return True
        if t == "integer" and "number" in want:
            return True
        return t == "number" and "integer" in want and float(value).is_integer()

    return ok


def _is_datetime(value: str) -> bool:
    # RFC 3339 date-time, as jsonschema's format checker accepts it.
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value
    ):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


class SchemaCompiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self._refs: dict[str, Check] = {}

    def compile(self, node: dict[str, Any] | bool) -> Check:
        if node is True or node == {}:
            return lambda value: None
        if node is False:
            return lambda value: Problem("no value is allowed here")
        assert isinstance(node, dict)
        unknown = set(node) - _KNOWN
        if unknown:
            raise ValueError(f"snapshot schema uses unsupported keywords {sorted(unknown)}")
        if "$ref" in node:
            return self._ref(node["$ref"])
        checks: list[Check] = []
        fast = _fast_scalar(node)
        if fast is not None:
            return fast
        if "type" in node:
            names = node["type"] if isinstance(node["type"], list) else [node["type"]]
            ok = _type_check(names)
            label = " or ".join(names)
            quick = _quick_classes(names)

            def check_type(value: Any) -> Problem | None:
                if value.__class__ in quick or ok(value):
                    return None
                return Problem(f"{_short(value)} is not of type {label}")

            checks.append(check_type)
        if "const" in node:
            const = node["const"]

            def check_const(value: Any) -> Problem | None:
                if value == const and type(value) is type(const):
                    return None
                return Problem(f"{const!r} was expected")

            checks.append(check_const)
        if "enum" in node:
            options = node["enum"]

            def check_enum(value: Any) -> Problem | None:
                if any(value == o and type(value) is type(o) for o in options):
                    return None
                return Problem(f"{_short(value)} is not one of {options!r}")

            checks.append(check_enum)
        self._strings(node, checks)
        self._objects(node, checks)
        self._arrays(node, checks)
        if len(checks) == 1:
            return checks[0]

        def check_all(value: Any) -> Problem | None:
            for c in checks:
                p = c(value)
                if p is not None:
                    return p
            return None

        return check_all

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref}")
        if ref not in self._refs:
            cell: list[Check] = []
            self._refs[ref] = lambda value: cell[0](value)  # only while compiling (recursion)
            compiled = self.compile(self.root["$defs"][ref[len("#/$defs/"):]])
            cell.append(compiled)
            self._refs[ref] = compiled
        return self._refs[ref]

    def _strings(self, node: dict[str, Any], checks: list[Check]) -> None:
        if "pattern" in node:
            rx = re.compile(node["pattern"])

            def check_pattern(value: Any) -> Problem | None:
                if not isinstance(value, str) or rx.search(value):
                    return None
                return Problem(f"{_short(value)} does not match {node['pattern']!r}")

            checks.append(check_pattern)
        if "minLength" in node:
            n = node["minLength"]

            def check_min(value: Any) -> Problem | None:
                if not isinstance(value, str) or len(value) >= n:
                    return None
                return Problem(f"{_short(value)} is too short (at least {n} characters)")

            checks.append(check_min)
        if node.get("format") == "date-time":

            def check_dt(value: Any) -> Problem | None:
                if not isinstance(value, str) or _is_datetime(value):
                    return None
                return Problem(f"{_short(value)} is not a 'date-time'")

            checks.append(check_dt)

    def _objects(self, node: dict[str, Any], checks: list[Check]) -> None:
        props = {k: self.compile(v) for k, v in node.get("properties", {}).items()}
        required = list(node.get("required", []))
        extra = node.get("additionalProperties", True)
        extra_check = None if extra is True else self.compile(extra) if extra else None
        closed = extra is False
        if not (props or required or closed or extra_check):
            return

        def check_object(value: Any) -> Problem | None:
            if not isinstance(value, dict):
                return None
            for name in required:
                if name not in value:
                    return Problem(f"{name!r} is a required property")
            for key, item in value.items():
                c = props.get(key)
                if c is not None:
                    p = c(item)
                    if p is not None:
                        return p.at(key)
                elif closed:
                    allowed = ", ".join(sorted(props)) or "none"
                    return Problem(
                        f"Additional properties are not allowed ({key!r} was unexpected; "
                        f"allowed: {allowed})",
                    )
                elif extra_check is not None:
                    p = extra_check(item)
                    if p is not None:
                        return p.at(key)
            return None

        checks.append(check_object)

    def _arrays(self, node: dict[str, Any], checks: list[Check]) -> None:
        item_check = self.compile(node["items"]) if "items" in node else None
        unique = bool(node.get("uniqueItems"))
        if item_check is None and not unique:
            return

        def check_array(value: Any) -> Problem | None:
            if not isinstance(value, list):
                return None
            if item_check is not None:
                for i, item in enumerate(value):
                    p = item_check(item)
                    if p is not None:
                        return p.at(i)
            if unique:
                seen = [json.dumps(v, sort_keys=True) for v in value]
                if len(set(seen)) != len(seen):
                    return Problem(f"{_short(value)} has non-unique elements")
            return None

        checks.append(check_array)


def _quick_classes(names: list[str]) -> frozenset[type]:
    """Python classes that certainly satisfy ``type: names`` (bool only for boolean)."""
    table: dict[str, tuple[type, ...]] = {
        "string": (str,), "boolean": (bool,), "integer": (int,), "number": (int, float),
        "object": (dict,), "array": (list,), "null": (type(None),),
    }
    return frozenset(c for n in names for c in table.get(n, ()))


_SCALAR_CLASSES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "integer": (int,), "number": (int, float),
}


def _fast_scalar(node: dict[str, Any]) -> Check | None:
    """``{"type": "string"}`` and friends, alone: one class test on the common path."""
    kind = node.get("type")
    if not isinstance(kind, str) or kind not in _SCALAR_CLASSES:
        return None
    if set(node) - {"type", "x-aws-enum", "description", "title"}:
        return None
    classes = _SCALAR_CLASSES[kind]
    slow = _type_check([kind])

    def check(value: Any) -> Problem | None:
        cls = value.__class__
        if cls in classes and not (cls is bool and kind != "boolean"):
            return None
        if slow(value):
            return None
        return Problem(f"{_short(value)} is not of type {kind}")

    return check


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def compile_schema(schema: dict[str, Any]) -> Callable[[Any], Problem | None]:
    check = SchemaCompiler(schema).compile({k: v for k, v in schema.items() if k != "$defs"})
    return check
