"""JMESPath paths: compiled once when a rule loads, checked against the snapshot schema.

- :func:`compile_path` compiles an expression (a syntax error carries its offset) and gives a
  fast accessor for plain field chains (``UserPool.DeletionProtection``: a few dict lookups
  instead of the JMESPath interpreter).
- :class:`Inference` walks the expression's AST through JSON Schema nodes (the snapshot
  schema's per-type bodies, or a fact's return schema) and refuses a field that cannot exist,
  with a "did you mean". It returns the possible schemas of the result, which the compiler uses
  for operator/type checks and as the context of quantifiers.

A *shape* is a list of schema nodes (the value is one of them), or ``None`` when nothing is
known (free-form data, a function result): below ``None`` every path is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jmespath
from jmespath import exceptions as jmes_exc
from jmespath.lexer import Lexer

from linter.snapshot import schema as snap

Schema = dict[str, Any]
Shape = list[Schema] | None


class PathSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class PathProblem(Exception):
    """A path that cannot exist in the schema. ``offset``: where the bad field starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class CompiledPath:
    text: str
    parsed: Any
    keys: tuple[str, ...] | None
    """The field names when the expression is a plain chain ``A.B.C`` (fast path)."""
    root_fields: frozenset[str]
    """Fields read directly on the context (``UserPool`` in ``UserPool.Name``): when the context
    is a resource and one of these body keys is absent, a collection error may explain it."""

    def get(self, value: Any) -> Any:
        keys = self.keys
        if keys is not None:
            for k in keys:
                if value.__class__ is dict:
                    value = value.get(k)
                else:
                    return None
            return value
        return self.parsed.search(value)


def compile_path(text: str) -> CompiledPath:
    """Compile ``text``; raise :class:`PathSyntaxError` (with the offset) when it is invalid."""
    try:
        parsed = jmespath.compile(text)
    except jmes_exc.LexerError as e:
        detail = getattr(e, "message", None) or e.msg
        raise PathSyntaxError(f"invalid JMESPath: {detail}", int(e.lexer_position or 0)) from None
    except jmes_exc.IncompleteExpressionError:
        raise PathSyntaxError(f"invalid JMESPath: the expression ends too early: '{text}'",
                              max(len(text) - 1, 0)) from None
    except jmes_exc.ParseError as e:
        token = e.token_value if e.token_value is not None else ""
        what = f"unexpected '{token}'" if token else "unexpected end of expression"
        raise PathSyntaxError(f"invalid JMESPath: {what} ({e.msg.lower()})",
                              int(e.lex_position or 0)) from None
    except jmes_exc.JMESPathError as e:
        raise PathSyntaxError(f"invalid JMESPath: {e}", 0) from None
    ast = parsed.parsed
    return CompiledPath(text, parsed, _chain(ast), frozenset(_root_fields(ast)))


def _chain(node: dict[str, Any]) -> tuple[str, ...] | None:
    if node["type"] == "field":
        return (node["value"],)
    if node["type"] == "subexpression":
        out: list[str] = []
        for c in node["children"]:
            sub = _chain(c)
            if sub is None:
                return None
            out.extend(sub)
        return tuple(out)
    return None


def _root_fields(node: dict[str, Any]) -> set[str]:
    t = node["type"]
    children = node.get("children", [])
    if t == "field":
        return {node["value"]}
    if t in ("subexpression", "index_expression", "projection", "value_projection",
             "filter_projection", "flatten", "pipe"):
        return _root_fields(children[0]) if children else set()
    if t in ("or_expression", "and_expression", "not_expression", "comparator",
             "multi_select_list", "function_expression"):
        out: set[str] = set()
        for c in children:
            if isinstance(c, dict) and c.get("type") != "expref":
                out |= _root_fields(c)
        return out
    if t == "multi_select_dict":
        out = set()
        for pair in children:
            out |= _root_fields(pair["children"][0])
        return out
    return set()


# -- schema shapes ------------------------------------------------------------------------------

def _alternatives(node: Schema) -> list[Schema]:
    node = snap.resolve(node)
    for key in ("anyOf", "oneOf"):
        if key in node:
            out: list[Schema] = []
            for alt in node[key]:
                out.extend(_alternatives(alt))
            return out
    return [node]


def expand(shape: Shape) -> Shape:
    """Resolve refs and unions; ``None`` if any alternative is free-form."""
    if shape is None:
        return None
    out: list[Schema] = []
    for s in shape:
        for alt in _alternatives(s):
            if not alt or snap.is_free_form(alt):
                return None
            out.append(alt)
    return out


def shape_types(shape: Shape) -> set[str] | None:
    """The JSON types the value can have (``integer`` counts as ``number``); None if unknown."""
    nodes = expand(shape)
    if nodes is None:
        return None
    types: set[str] = set()
    for n in nodes:
        if "const" in n:
            types.add(json_type(n["const"]))
            continue
        t = n.get("type")
        if t is None:
            values = n.get("enum")
            if values is None:
                return None
            types |= {json_type(v) for v in values}
            continue
        for x in (t if isinstance(t, list) else [t]):
            types.add("number" if x == "integer" else x)
    return types


def shape_enum(shape: Shape) -> list[Any] | None:
    """The values a string field can take when the schema lists them (AWS enums)."""
    nodes = expand(shape)
    if not nodes:
        return None
    values: list[Any] = []
    for n in nodes:
        if "const" in n:
            values.append(n["const"])
            continue
        e = snap.enum_values(n)
        if e is None:
            return None
        values.extend(e)
    return values


def json_type(value: Any) -> str:
    """The JSON Schema type name of a value (number for int and float alike)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def array_of(shape: Shape) -> Shape:
    if shape is None:
        return [{"type": "array"}]
    return [{"type": "array", "items": {"anyOf": list(shape)}}]


_FN_RESULTS: dict[str, Schema] = {
    "length": {"type": "integer"}, "contains": {"type": "boolean"},
    "starts_with": {"type": "boolean"}, "ends_with": {"type": "boolean"},
    "to_string": {"type": "string"}, "join": {"type": "string"}, "type": {"type": "string"},
    "to_number": {"type": "number"}, "abs": {"type": "number"}, "ceil": {"type": "number"},
    "floor": {"type": "number"}, "sum": {"type": "number"}, "avg": {"type": "number"},
    "keys": {"type": "array", "items": {"type": "string"}},
}


class Inference:
    """Walk one compiled path through a shape. ``describe`` names the context for messages
    (``a cognito.user_pool``, ``an item of LogConfigurations``, ``the fact log_targets``)."""

    def __init__(self, path: CompiledPath, describe: str) -> None:
        self.path = path
        self.describe = describe
        self._visits: dict[str, int] = {}
        self._tokens: list[dict[str, Any]] | None = None

    def run(self, shape: Shape) -> Shape:
        return self._infer(self.path.parsed.parsed, shape)

    # -- errors -------------------------------------------------------------------------------
    def _token_end(self, name: str, nth: int) -> tuple[int, int]:
        if self._tokens is None:
            self._tokens = [t for t in Lexer().tokenize(self.path.text)
                            if t["type"] in ("unquoted_identifier", "quoted_identifier")]
        hits = [t for t in self._tokens if t["value"] == name]
        if not hits:
            return 0, len(self.path.text)
        tok = hits[min(nth, len(hits) - 1)]
        return int(tok["start"]), int(tok["end"])

    def _fail(self, name: str, nodes: list[Schema]) -> PathProblem:
        nth = self._visits.get(name, 1) - 1
        start, end = self._token_end(name, nth)
        prefix = self.path.text[:end]
        parent = self.path.text[:start].rstrip(".").rstrip() or None
        objects = [n for n in nodes if "properties" in n or _is_object(n)]
        if objects:
            names: set[str] = set()
            for n in objects:
                names.update(snap.field_names(n))
            from linter.engine.diagnostics import did_you_mean

            hint = did_you_mean(name, names)
            msg = f"path '{prefix}' cannot exist in {self.describe}: no field '{name}'"
            msg += f" here{hint}" if hint else (
                f" (fields here: {', '.join(sorted(names)[:12])}"
                f"{', ...' if len(names) > 12 else ''})" if names else ""
            )
            return PathProblem(msg, start)
        kinds = sorted(shape_types(nodes) or {"a scalar"})
        what = " or ".join(_TYPE_WORD.get(k, k) for k in kinds)
        where = f"'{parent}'" if parent else "the value"
        return PathProblem(
            f"path '{prefix}' cannot exist in {self.describe}: {where} is {what}, "
            f"it has no field '{name}'", start)

    # -- the walk -----------------------------------------------------------------------------
    def _field(self, shape: Shape, name: str) -> Shape:
        self._visits[name] = self._visits.get(name, 0) + 1
        nodes = expand(shape)
        if nodes is None:
            return None
        out: list[Schema] = []
        for n in nodes:
            c = snap.child(n, name)
            if c is None:
                continue
            if not c or snap.is_free_form(c):
                return None
            out.append(c)
        if not out:
            raise self._fail(name, nodes)
        return out

    def _items(self, shape: Shape, what: str) -> Shape:
        nodes = expand(shape)
        if nodes is None:
            return None
        out: list[Schema] = []
        for n in nodes:
            it = snap.items(n)
            if it is None:
                continue
            if not it or snap.is_free_form(it):
                return None
            out.append(it)
        if not out:
            kinds = sorted(shape_types(nodes) or {"a scalar"})
            if kinds == ["null"]:
                return None
            raise PathProblem(
                f"path '{self.path.text}' cannot exist in {self.describe}: {what} applies to a "
                f"list, and the value there is {' or '.join(_TYPE_WORD.get(k, k) for k in kinds)}",
                0,
            )
        return out

    def _values(self, shape: Shape) -> Shape:
        nodes = expand(shape)
        if nodes is None:
            return None
        out: list[Schema] = []
        for n in nodes:
            props = n.get("properties", {})
            out.extend(snap.resolve(p) for p in props.values())
            extra = n.get("additionalProperties")
            if isinstance(extra, dict):
                out.append(snap.resolve(extra))
        return out or None

    def _infer(self, node: dict[str, Any], shape: Shape) -> Shape:
        t = node["type"]
        ch = node.get("children", [])
        if t == "field":
            return self._field(shape, node["value"])
        if t == "subexpression":
            s = shape
            for c in ch:
                s = self._infer(c, s)
            return s
        if t == "index_expression":
            return self._infer(ch[1], self._infer(ch[0], shape))
        if t == "index":
            return self._items(shape, "an index [n]")
        if t == "slice":
            self._items(shape, "a slice [a:b]")
            return shape
        if t == "projection":
            left = self._infer(ch[0], shape)
            items = left if ch[0]["type"] == "flatten" and left is None else self._items(
                left, "a projection [*]")
            return array_of(self._infer(ch[1], items))
        if t == "flatten":
            left = self._infer(ch[0], shape)
            items = self._items(left, "a flatten []")
            if items is None:
                return None
            flat: list[Schema] = []
            for n in expand(items) or []:
                inner = snap.items(n)
                flat.append(inner if inner is not None else n)
            return array_of(flat)
        if t == "value_projection":
            return array_of(self._infer(ch[1], self._values(self._infer(ch[0], shape))))
        if t == "filter_projection":
            items = self._items(self._infer(ch[0], shape), "a filter [?...]")
            self._infer(ch[2], items)
            return array_of(self._infer(ch[1], items))
        if t == "comparator":
            for c in ch:
                self._infer(c, shape)
            return [{"type": "boolean"}]
        if t in ("and_expression", "or_expression"):
            left = self._infer(ch[0], shape)
            right = self._infer(ch[1], shape)
            if t == "and_expression":
                return right
            return None if left is None or right is None else [*left, *right]
        if t == "not_expression":
            self._infer(ch[0], shape)
            return [{"type": "boolean"}]
        if t == "pipe":
            return self._infer(ch[1], self._infer(ch[0], shape))
        if t in ("current", "identity"):
            return shape
        if t == "multi_select_list":
            for c in ch:
                self._infer(c, shape)
            return [{"type": "array"}]
        if t == "multi_select_dict":
            for pair in ch:
                self._infer(pair["children"][0], shape)
            return None
        if t == "function_expression":
            return self._function(node, shape)
        return None

    def _function(self, node: dict[str, Any], shape: Shape) -> Shape:
        args: list[Shape] = []
        first_items: Shape = None
        for i, c in enumerate(node["children"]):
            if c["type"] == "expref":
                args.append(self._infer(c["children"][0], first_items))
                continue
            s = self._infer(c, shape)
            args.append(s)
            if i == 0 or first_items is None:
                types = shape_types(s)
                if types is not None and "array" in types:
                    first_items = self._items(s, "a list function")
        name = node["value"]
        if name in _FN_RESULTS:
            return [_FN_RESULTS[name]]
        if name in ("sort", "reverse", "sort_by") and args:
            return args[0]
        if name in ("max", "min", "max_by", "min_by") and args:
            return first_items
        if name == "map" and len(args) == 2:
            return array_of(args[0])
        if name == "not_null":
            merged: list[Schema] = []
            for a in args:
                if a is None:
                    return None
                merged.extend(a)
            return merged
        return None


_TYPE_WORD = {"string": "a string", "number": "a number", "boolean": "a boolean",
              "array": "a list", "object": "a mapping", "null": "null"}


def _is_object(n: Schema) -> bool:
    t = n.get("type")
    return t == "object" or (isinstance(t, list) and "object" in t)
