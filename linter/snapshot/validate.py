"""A compiled validator for the snapshot JSON Schema.

``jsonschema`` walks a 65 MB, 10,000-pool snapshot in close to a minute; a snapshot check must
take seconds. The snapshot schema uses a small subset of JSON Schema, so it is compiled once,
into two lanes:

* nested Python closures, one per schema node, that check a document in one pass and stop at
  the first problem with its JSON path. They are the reference: they give every verdict and
  every message.
* in front of them, generated Python source (as ``fastjsonschema`` does): one function per
  ``$defs`` entry with members, compiled with ``exec``, that checks an object's properties
  inline, with no call per property, and only answers "certainly valid?". It is about three
  times faster than the closures. When it cannot vouch for a document (an invalid one, or a
  valid one in a form it does not specialise, such as ``8.0`` for an integer), the closures
  walk the document again and decide, so it changes no verdict and no message. A function is
  written only once its entry has been needed ``COMPILE_AFTER`` times (its closure answers
  until then), so a small snapshot does not pay the ~50 ms that compiling all of it costs.

``tests/snapshot/test_validate.py`` proves both accept and reject exactly what ``jsonschema``
does on the shipped schema.

Supported keywords (the subset ``schema_gen.py`` emits): ``$ref`` (local), ``type`` (one or a
list), ``properties``, ``required``, ``additionalProperties`` (bool or schema), ``items``,
``const``, ``enum``, ``pattern``, ``minLength``, ``uniqueItems``, ``format: date-time``.
Annotations (``title``, ``description``, ``x-aws-enum``, ``$schema``, ``$id``) are ignored;
any other keyword is refused when compiling, so the two validators cannot drift silently.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cached_property
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


# --- The fast lane: generated source ------------------------------------------------------

COMPILE_AFTER = 64
"""A ``$defs`` entry's closure answers this many values before its function is generated."""

_CLASSES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "null": (type(None),), "object": (dict,), "array": (list,),
}
_CLASS_NAMES = {str: "str", int: "int", float: "float", bool: "bool", dict: "dict", list: "list"}
# The keywords generated code checks itself, with the one ``type`` each must come with.
_SOURCE_KEYWORDS: dict[str, str | None] = {
    "type": None, "const": None, "enum": None,
    "properties": "object", "required": "object", "additionalProperties": "object",
    "items": "array", "pattern": "string", "minLength": "string",
}


class _SourceWriter:
    """Writes and compiles yes/no Python functions: "is this value certainly valid?".

    One function per ``$defs`` entry that has members or items (``valid_<n>(v)``), plus one for
    the document. An object's properties are checked inline, in schema order (``if 'Name' in
    v: ...``), with no call per property; scalar ``$ref`` targets are inlined, and so is a
    ``$defs`` entry the schema refers to from one place only.

    Exact classes stand for the JSON types (``v.__class__ is not str``), so a ``str`` subclass,
    or ``8.0`` where an integer is due, is not "certainly valid": the caller then asks the
    closures, which decide. A node the writer does not specialise (``format``, ``uniqueItems``,
    unusual combinations) is checked by calling its closure. The document function inlines no
    ``$ref``: each entry it reaches starts as a :class:`_Tiered` stand-in."""

    def __init__(self, schema: dict[str, Any], closures: SchemaCompiler,
                 compile_after: int) -> None:
        self.schema = schema
        self.closures = closures
        self.compile_after = compile_after
        self.env: dict[str, Any] = {}  # the generated functions' globals
        self.functions: dict[str, str] = {}  # $ref -> name of its function in env
        self.count = 0
        self.lines: list[str] = []
        self.inline = True  # whether the function being written inlines $defs entries
        self.lock = threading.Lock()  # one function written at a time

    def function(self, name: str, node: dict[str, Any] | bool, *,
                 inline: bool = True) -> Callable[[Any], bool]:
        """Write and compile ``def name(v)``; it replaces any stand-in of that name."""
        with self.lock:
            self.lines = [f"def {name}(v):"]
            self.inline = inline
            self.check(node, "v", "    ")
            self.lines.append("    return True")
            source = "\n".join(self.lines)
            exec(compile(source, f"<snapshot schema: {name}>", "exec"), self.env)
            function: Callable[[Any], bool] = self.env[name]
            return function

    @cached_property
    def uses(self) -> Counter[str]:
        """How many places refer to each ``$defs`` entry (not needed for the document)."""
        return Counter(_refs(self.schema))

    def constant(self, prefix: str, value: Any) -> str:
        self.count += 1
        name = f"{prefix}{self.count}"
        self.env[name] = value
        return name

    def variable(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def check(self, node: dict[str, Any] | bool, var: str, ind: str) -> None:
        """Lines that ``return False`` unless ``var`` is certainly valid against ``node``."""
        out = self.lines
        if node is True:
            return
        if node is False:
            out.append(f"{ind}return False")
            return
        if "$ref" in node:  # as in SchemaCompiler, siblings of $ref are not looked at
            self.ref(node["$ref"], var, ind)
            return
        if not _specialised(node):
            closure = self.constant("closure", self.closures.compile(node))
            out.append(f"{ind}if {closure}({var}) is not None: return False")
            return
        if "type" in node:
            out.append(f"{ind}if {_class_test(var, _type_classes(node['type']))}: return False")
        if "const" in node:
            const = node["const"]
            test = _class_test(var, {type(const)})
            out.append(f"{ind}if {test} or {var} != {const!r}: return False")
        if "enum" in node:
            test = _class_test(var, {type(option) for option in node["enum"]})
            options = self.constant("enum", frozenset(node["enum"]))
            out.append(f"{ind}if {test} or {var} not in {options}: return False")
        if "pattern" in node:
            search = self.constant("search", re.compile(node["pattern"]).search)
            out.append(f"{ind}if {search}({var}) is None: return False")
        if "minLength" in node:
            out.append(f"{ind}if len({var}) < {int(node['minLength'])}: return False")
        if node.get("type") == "object":
            self.members(node, var, ind)
        if node.get("type") == "array" and not _trivial(node.get("items", True)):
            item = self.variable()
            out.append(f"{ind}for {item} in {var}:")
            self.check(node["items"], item, ind + "    ")

    def ref(self, ref: str, var: str, ind: str) -> None:
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref}")
        target = self.schema["$defs"][ref[len("#/$defs/"):]]
        if target is True or target is False or not _has_members(target):
            self.check(target, var, ind)  # a scalar
        elif self.inline and self.uses[ref] == 1:
            # Written in one place only, so not on a cycle: an entry reachable from outside
            # its cycle is written in two places, and stays a function.
            self.check(target, var, ind)
        else:
            if ref not in self.functions:
                self.count += 1
                self.functions[ref] = name = f"valid_{self.count}"
                self.env[name] = _Tiered(self, name, target, self.closures.compile({"$ref": ref}))
            self.lines.append(f"{ind}if not {self.functions[ref]}({var}): return False")

    def members(self, node: dict[str, Any], var: str, ind: str) -> None:
        out = self.lines
        props: dict[str, Any] = node.get("properties", {})
        required = node.get("required", [])
        extra = node.get("additionalProperties", True)
        if required:
            names = self.constant("required", frozenset(required))
            out.append(f"{ind}if not {var}.keys() >= {names}: return False")
        if extra is False:  # one set operation rather than a test per member
            allowed = self.constant("allowed", frozenset(props))
            out.append(f"{ind}if not {allowed}.issuperset({var}): return False")
        for key, sub in props.items():
            if _trivial(sub):
                continue
            item = self.variable()
            if key in required:
                out.append(f"{ind}{item} = {var}[{key!r}]")
                self.check(sub, item, ind)
            else:
                out.append(f"{ind}if {key!r} in {var}:")
                out.append(f"{ind}    {item} = {var}[{key!r}]")
                self.check(sub, item, ind + "    ")
        if not isinstance(extra, bool) and not _trivial(extra):
            known = self.constant("known", frozenset(props))
            key, item = self.variable(), self.variable()
            out.append(f"{ind}for {key}, {item} in {var}.items():")
            out.append(f"{ind}    if {key} not in {known}:")
            self.check(extra, item, ind + "        ")


class _Tiered:
    """Stands in for the function of one ``$defs`` entry. Its closure answers the first
    ``compile_after`` values, so a small snapshot never pays for writing and compiling source;
    then the function is written and compiled, and replaces the stand-in."""

    __slots__ = ("calls", "closure", "compiled", "name", "node", "writer")

    def __init__(self, writer: _SourceWriter, name: str, node: dict[str, Any],
                 closure: Check) -> None:
        self.writer, self.name, self.node, self.closure = writer, name, node, closure
        self.calls = 0
        self.compiled: Callable[[Any], bool] | None = None

    def __call__(self, value: Any) -> bool:
        if self.compiled is None:
            self.calls += 1
            if self.calls <= self.writer.compile_after:
                return self.closure(value) is None
            self.compiled = self.writer.function(self.name, self.node)
        return self.compiled(value)


def _specialised(node: dict[str, Any]) -> bool:
    """Whether generated code checks ``node`` itself (else it calls the node's closure)."""
    types = node.get("type")
    names = types if isinstance(types, list) else [types] if types is not None else None
    if names is not None and any(n not in _CLASSES for n in names):
        return False
    for keyword in set(node) - _ANNOTATIONS:
        if keyword not in _SOURCE_KEYWORDS:
            return False
        needs = _SOURCE_KEYWORDS[keyword]
        if needs is not None and names != [needs]:
            return False
    # Only literals whose class settles equality: 1 == 1.0 == True would need more care.
    literals = [node["const"]] if "const" in node else node.get("enum", [])
    return all(lit is None or type(lit) in (str, bool) for lit in literals)


def _class_test(var: str, classes: set[type]) -> str:
    """A test that ``var`` is of none of ``classes``."""
    tests = [f"{var} is not None" if c is type(None) else
             f"{var}.__class__ is not {_CLASS_NAMES[c]}"
             for c in sorted(classes, key=lambda c: c.__name__)]
    return " and ".join(tests) or "True"


def _type_classes(types: str | list[str]) -> set[type]:
    return {c for name in ([types] if isinstance(types, str) else types) for c in _CLASSES[name]}


def _has_members(node: dict[str, Any]) -> bool:
    return bool({"properties", "items", "additionalProperties", "$ref"} & set(node))


def _trivial(node: dict[str, Any] | bool) -> bool:
    return node is True or (isinstance(node, dict) and not set(node) - _ANNOTATIONS)


def _refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` in the schema, once per place it is written."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def compile_schema(schema: dict[str, Any], *,
                   compile_after: int = COMPILE_AFTER) -> Callable[[Any], Problem | None]:
    """The validator of ``schema``: ``None`` for a valid document, else its first problem.

    Generated source answers first; only when it cannot vouch for the document do the
    closures walk it again, to decide and to say where the first problem is."""
    closures = SchemaCompiler(schema)
    root = {k: v for k, v in schema.items() if k != "$defs"}
    explain = closures.compile(root)
    certainly_valid = _SourceWriter(schema, closures, compile_after).function(
        "valid_document", root, inline=False)

    def check(document: Any) -> Problem | None:
        if certainly_valid(document):
            return None
        return explain(document)

    return check
