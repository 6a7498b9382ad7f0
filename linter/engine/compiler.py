"""Compile one schema-valid rule mapping into condition nodes, checking what JSON Schema cannot:

- every JMESPath compiles (the column of the error is reported) and every path can exist in the
  snapshot schema of its context (the resource type, a list item, a follow target, a query
  candidate, a fact's return schema), with a "did you mean" for misspelled fields;
- operators suit the field's type where the schema knows it (``gt`` on a string is an error),
  literals are values the field can hold (``equals: ACTIV`` -> did you mean 'ACTIVE');
- regexes compile; ISO dates parse; facts exist, apply to the current resource type and get
  the arguments they declare; ``{param: X}`` names a declared parameter and every declared
  parameter is used; message placeholders compile.

Problems are collected as :class:`~linter.engine.diagnostics.Diagnostic` with the position of
the offending key or value (plus the offset inside a path string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jsonschema

from linter.engine import operators as ops
from linter.engine.diagnostics import Diagnostic, did_you_mean
from linter.engine.nodes import (
    NOTSET,
    All,
    Any_,
    Compare,
    Follow,
    Node,
    Not,
    Operand,
    Quantifier,
    Query,
    ReferencedBy,
    Source,
    show,
)
from linter.engine.paths import (
    CompiledPath,
    Inference,
    PathProblem,
    PathSyntaxError,
    Shape,
    compile_path,
    expand,
    json_type,
    shape_enum,
    shape_types,
)
from linter.engine.ruleset import Rule
from linter.engine.schema_errors import OPERATORS
from linter.engine.templates import build, placeholders
from linter.engine.yamlmarks import Marks, Path_
from linter.model import RuleMeta, Severity, Stage
from linter.snapshot import schema as snap

_TYPE_WORD = {"string": "a string", "number": "a number", "boolean": "a boolean",
              "array": "a list", "object": "a mapping", "null": "null"}


def _words(types: set[str]) -> str:
    return " or ".join(_TYPE_WORD.get(t, t) for t in sorted(types))


@dataclass(frozen=True)
class Scope:
    shape: Shape
    describe: str
    cur_type: str
    ctx_is_resource: bool


def resource_scope(rtype: str, describe: str | None = None) -> Scope:
    node = snap.resource_schema(rtype)
    return Scope([node] if node is not None else None, describe or f"a {rtype}", rtype, True)


class RuleCompiler:
    """Compile one rule; ``diagnostics`` holds the problems found."""

    def __init__(self, file: str, marks: Marks, base: Path_, rule_id: str | None,
                 facts: dict[str, Any] | None = None) -> None:
        self.file = file
        self.marks = marks
        self.base = base
        self.rule_id = rule_id
        self.diagnostics: list[Diagnostic] = []
        if facts is None:
            from linter.facts import FACTS

            facts = FACTS
        self.facts = facts
        self.params: dict[str, Any] = {}
        self.used_params: set[str] = set()
        self.rut_type = ""
        self._ref_stack: list[list[Operand]] = []

    # -- diagnostics ---------------------------------------------------------------------------
    def error(self, path: Path_, message: str, *, at_key: bool = False,
              offset: int | None = None) -> None:
        full = (*self.base, *path)
        m = self.marks.key(full) if at_key else self.marks.value(full)
        column = m.column
        if offset is not None:
            style = self.marks.styles.get(full)
            if style in (None, "'", '"'):
                column += offset + (1 if style else 0)
        self.diagnostics.append(Diagnostic(self.file, m.line, column, message, self.rule_id))

    # -- the rule ------------------------------------------------------------------------------
    def compile_rule(self, d: dict[str, Any]) -> Rule | None:
        self.rut_type = d["resource"]
        self.params = dict(d.get("params") or {})
        scope = resource_scope(self.rut_type)
        when = self.cond(d["when"], ("when",), scope) if "when" in d else None
        assert_ = self.cond(d["assert"], ("assert",), scope)
        messages = {}
        for kind, text in d["message"].items():
            tpl = self.template(text, ("message", kind))
            if tpl is not None:
                messages[kind] = tpl
        for name in self.params:
            if name not in self.used_params:
                self.error(("params", name), f"param '{name}' is declared but never used "
                           "(reference it with {param: " + name + "} or remove it)", at_key=True)
        if self.diagnostics or assert_ is None:
            return None
        start = self.marks.value(self.base)
        meta = RuleMeta(
            id=d["id"],
            title=d["title"],
            severity=Severity(d["severity"]),
            resource=self.rut_type,
            description=d["description"].strip(),
            rationale=d["rationale"].strip(),
            remediation=d["remediation"].strip(),
            references=tuple(d.get("references") or ()),
            controls={k: tuple(v) for k, v in (d.get("controls") or {}).items()},
            tags=tuple(d.get("tags") or ()),
            stage=Stage(d["stage"]) if d.get("stage") else None,
            source_file=self.file,
            help_uri=d.get("help_uri", ""),
        )
        return Rule(meta=meta, missing=d.get("missing", "fail"), params=dict(self.params),
                    when=when, assert_=assert_, messages=messages, raw=d, line=start.line,
                    default_params=dict(self.params))

    # -- conditions ----------------------------------------------------------------------------
    def cond(self, d: dict[str, Any], path: Path_, scope: Scope) -> Node | None:
        if "all" in d or "any" in d:
            key = "all" if "all" in d else "any"
            items = [self.cond(x, (*path, key, i), scope) for i, x in enumerate(d[key])]
            if any(i is None for i in items):
                return None
            return All(items) if key == "all" else Any_(items)  # type: ignore[arg-type]
        if "not" in d:
            item = self.cond(d["not"], (*path, "not"), scope)
            return Not(item) if item is not None else None
        for q in ("some", "every", "none"):
            if q in d:
                return self.quantifier(q, d[q], (*path, q), scope)
        if "follow" in d:
            return self.follow(d["follow"], (*path, "follow"), scope)
        if "some_resource" in d or "no_resource" in d:
            key = "some_resource" if "some_resource" in d else "no_resource"
            return self.query(d[key], (*path, key), negate=key == "no_resource")
        if "referenced_by" in d:
            return self.referenced_by(d["referenced_by"], (*path, "referenced_by"), scope)
        return self.comparison(d, path, scope)

    def comparison(self, d: dict[str, Any], path: Path_, scope: Scope) -> Node | None:
        op = next(k for k in d if k in OPERATORS)
        got = self.source(d, path, scope)
        raw = d[op]
        if op in ("exists", "empty"):
            if got is None:
                return None
            return Compare(got[0], op, raw, default=d.get("default", NOTSET))
        if op == "matches":
            try:
                pattern = re.compile(raw)
            except re.error as e:
                self.error((*path, op), f"invalid regular expression: {e.msg}",
                           offset=e.pos if e.pos is not None else None)
                return None
            if got is not None:
                self.check_types(op, got[1], got[0].label, pattern, (*path, op))
                return Compare(got[0], op, pattern, default=d.get("default", NOTSET))
            return None
        if op == "length":
            (lop, lraw), = raw.items()
            operand = self.operand(lraw, (*path, "length", lop))
            if got is None or operand is None:
                return None
            self.check_types("length", got[1], got[0].label, None, (*path, op))
            return Compare(got[0], "length", operand[0], default=d.get("default", NOTSET),
                           length_op=lop)
        operand = self.operand(raw, (*path, op))
        if operand is None or got is None:
            return None
        value, known = operand[1], operand[2]
        if op in ("in", "not_in") and known and not isinstance(value, list):
            self.error((*path, op), f"{op} needs a list, and {operand[0].label()} is "
                       f"{_TYPE_WORD[json_type(value)]}")
            return None
        if op in ops.ORDERING and known and not self._orderable(value):
            self.error((*path, op), f"{op} needs a number or an ISO 8601 date "
                       f"(2026-01-31 or 2026-01-31T00:00:00Z), not {show(value)}")
            return None
        if known:
            self.check_types(op, got[1], got[0].label, value, (*path, op))
        return Compare(got[0], op, operand[0], default=d.get("default", NOTSET))

    @staticmethod
    def _orderable(value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return True
        return isinstance(value, str) and ops.parse_date(value) is not None

    def quantifier(self, kind: str, d: dict[str, Any], path: Path_, scope: Scope) -> Node | None:
        got = self.source(d, path, scope)
        if got is None:
            return None
        src, shape = got
        items = self._items(shape, src.label, kind, (*path, "path" if "path" in d else "fact"))
        if items is False:
            return None
        label = src.label
        item_scope = Scope(items if items is not True else None,
                           f"an item of {label}", scope.cur_type, False)
        where = self.cond(d["where"], (*path, "where"), item_scope)
        return Quantifier(kind, src, where) if where is not None else None

    def _items(self, shape: Shape, label: str, kind: str, path: Path_) -> Any:
        """The items' shape, ``True`` if unknown, ``False`` after reporting a non-list."""
        nodes = expand(shape)
        if nodes is None:
            return True
        out: list[dict[str, Any]] = []
        for n in nodes:
            it = snap.items(n)
            if it is None:
                continue
            if not it or snap.is_free_form(it):
                return True
            out.append(it)
        if not out:
            types = shape_types(nodes) or set()
            if types <= {"null"}:
                return True
            self.error(path, f"{kind} needs a list, and '{label}' is {_words(types)}")
            return False
        return out

    def follow(self, d: dict[str, Any], path: Path_, scope: Scope) -> Node | None:
        got = self.source(d, path, scope)
        to = d["to"]
        target_scope = resource_scope(to, f"the {to} it points to")
        where = self.cond(d["where"], (*path, "where"), target_scope) if "where" in d else None
        if got is None or ("where" in d and where is None):
            return None
        src, shape = got
        types = shape_types(shape)
        if types is not None and not types & {"string", "array"}:
            self.error((*path, "path" if "path" in d else "fact"),
                       f"follow needs an ARN (a string) or a list of ARNs, and '{src.label}' "
                       f"is {_words(types)}")
            return None
        return Follow(src, to, where)

    def query(self, d: dict[str, Any], path: Path_, *, negate: bool) -> Node | None:
        rtype = d["type"]
        refs: list[Operand] = []
        self._ref_stack.append(refs)
        try:
            region = None
            if "region" in d:
                got = self.operand(d["region"], (*path, "region"))
                if got is None:
                    return None
                region = got[0]
                if got[2] and not isinstance(got[1], str):
                    self.error((*path, "region"), f"region must be a string, not "
                               f"{_TYPE_WORD[json_type(got[1])]}")
                    return None
            where = None
            if "where" in d:
                where = self.cond(d["where"], (*path, "where"),
                                  resource_scope(rtype, f"a candidate {rtype}"))
                if where is None:
                    return None
        finally:
            self._ref_stack.pop()
        region_refs = {id(region)} if region is not None else set()
        return Query(rtype, region, where, negate,
                     tuple(r for r in refs if id(r) not in region_refs))

    def referenced_by(self, d: dict[str, Any], path: Path_, scope: Scope) -> Node | None:
        rtype = d["type"]
        ref_scope = resource_scope(rtype, f"a {rtype}")
        cp = self.path(d["path"], (*path, "path"), ref_scope)
        where = None
        if "where" in d:
            where = self.cond(d["where"], (*path, "where"), ref_scope)
            if where is None:
                return None
        if cp is None:
            return None
        return ReferencedBy(rtype, cp[0], where)

    # -- sources, paths, operands --------------------------------------------------------------
    def path(self, text: str, path: Path_, scope: Scope) -> tuple[CompiledPath, Shape] | None:
        try:
            cp = compile_path(text)
        except PathSyntaxError as e:
            self.error(path, e.message, offset=e.offset)
            return None
        try:
            shape = Inference(cp, scope.describe).run(scope.shape)
        except PathProblem as e:
            self.error(path, e.message, offset=e.offset)
            return None
        return cp, shape

    def source(self, d: dict[str, Any], path: Path_, scope: Scope
               ) -> tuple[Source, Shape] | None:
        fact_name = d.get("fact")
        if "param" in d:
            extra = [k for k in ("path", "fact", "args") if k in d]
            if extra:
                self.error((*path, extra[0]), f"'{extra[0]}' does not go with 'param' (a "
                           "comparison reads one of path, fact or param)", at_key=True)
                return None
            name = d["param"]
            if name not in self.params:
                self.error((*path, "param"), f"unknown param '{name}'"
                           f"{did_you_mean(name, self.params)} (declare it under params:)")
                return None
            self.used_params.add(name)
            return (Source(None, None, (), False, param=name),
                    [{"type": json_type(self.params[name])}])
        if fact_name is None:
            if "args" in d:
                self.error((*path, "args"), "args applies to a fact; this reads a path",
                           at_key=True)
                return None
            got = self.path(d["path"], (*path, "path"), scope)
            if got is None:
                return None
            return Source(got[0], None, (), scope.ctx_is_resource), got[1]
        spec = self.facts.get(fact_name)
        if spec is None:
            self.error((*path, "fact"), f"unknown fact '{fact_name}'"
                       f"{did_you_mean(fact_name, self.facts)} (see docs/facts.md)")
            return None
        ok = True
        if scope.cur_type not in spec.resource_types:
            self.error((*path, "fact"), f"fact '{fact_name}' applies to "
                       f"{', '.join(sorted(spec.resource_types))}, not to {scope.cur_type} "
                       "(the current resource here)")
            ok = False
        args = self.fact_args(spec, d.get("args") or {}, (*path, "args"))
        shape: Shape = [spec.returns]
        cp = None
        if "path" in d:
            got = self.path(d["path"], (*path, "path"),
                            Scope(shape, f"the value of fact {fact_name}", scope.cur_type, False))
            if got is None:
                return None
            cp, shape = got
        if args is None or not ok:
            return None
        return Source(cp, spec, args, False), shape

    def fact_args(self, spec: Any, given: dict[str, Any], path: Path_
                  ) -> tuple[tuple[str, Operand], ...] | None:
        known = spec.all_args()
        ok = True
        out: list[tuple[str, Operand]] = []
        for name, raw in given.items():
            if name not in known:
                hint = did_you_mean(name, known)
                takes = ", ".join(sorted(known)) or "no arguments"
                self.error((*path, name), f"fact '{spec.name}' has no argument '{name}'{hint} "
                           f"(it takes: {takes})", at_key=True)
                ok = False
                continue
            got = self.operand(raw, (*path, name))
            if got is None:
                ok = False
                continue
            operand, value, is_known = got
            if is_known:
                errs = list(jsonschema.Draft202012Validator(known[name]).iter_errors(value))
                if errs:
                    self.error((*path, name), f"fact '{spec.name}' argument '{name}': "
                               f"{show(value)} is not valid ({errs[0].message})")
                    ok = False
                    continue
            out.append((name, operand))
        for name in spec.args:
            if name not in given:
                self.error((*path[:-1], "fact"), f"fact '{spec.name}' needs argument '{name}' "
                           f"(args: {{{name}: ...}})")
                ok = False
        return tuple(out) if ok else None

    def operand(self, raw: Any, path: Path_) -> tuple[Operand, Any, bool] | None:
        """(operand, its value when known at load time, whether it is known)."""
        if isinstance(raw, dict) and "param" in raw:
            name = raw["param"]
            if name not in self.params:
                self.error((*path, "param"), f"unknown param '{name}'"
                           f"{did_you_mean(name, self.params)} (declare it under params:)")
                return None
            self.used_params.add(name)
            return Operand("param", name=name), self.params[name], True
        if isinstance(raw, dict) and "resource" in raw:
            got = self.path(raw["resource"], (*path, "resource"),
                            resource_scope(self.rut_type,
                                           f"the resource under test (a {self.rut_type})"))
            if got is None:
                return None
            op = Operand("resource", path=got[0])
            for refs in self._ref_stack:
                refs.append(op)
            return op, None, False
        if isinstance(raw, dict) and "literal" in raw:
            return Operand("literal", value=raw["literal"]), raw["literal"], True
        return Operand("literal", value=raw), raw, True

    # -- type checks ---------------------------------------------------------------------------
    def check_types(self, op: str, shape: Shape, label: str, value: Any, path: Path_) -> None:
        types = shape_types(shape)
        if types is None:
            return
        real = types - {"null"}
        if not real:
            return
        if op in ("equals", "not_equals", "in", "not_in"):
            values = value if op in ("in", "not_in") and isinstance(value, list) else [value]
            enum = shape_enum(shape)
            for v in values:
                t = json_type(v)
                if v is None:
                    continue
                if t not in real:
                    self.error(path, f"'{label}' is {_words(real)}, so {op} {show(v)} "
                               f"({_TYPE_WORD[t]}) can never match"
                               + (" (YAML: quote it to make it a string)" if t in
                                  ("number", "boolean") and "string" in real else ""))
                    return
                if t == "string" and enum and v not in enum:
                    self.error(path, f"{show(v)} is not a value '{label}' can take "
                               f"({', '.join(map(str, enum))}){did_you_mean(v, enum)}")
                    return
        elif op in ops.ORDERING:
            if not real & {"number", "string"}:
                self.error(path, f"{op} cannot apply to '{label}': it is {_words(real)}")
            elif (isinstance(value, (int, float)) and not isinstance(value, bool)
                  and "number" not in real):
                self.error(path, f"{op} {show(value)} compares a number, and '{label}' is "
                           f"{_words(real)}")
        elif op in ("contains", "not_contains"):
            if not real & {"array", "string"}:
                self.error(path, f"{op} cannot apply to '{label}': it is {_words(real)} "
                           "(contains applies to a list or a string)")
            elif real == {"string"} and not isinstance(value, str):
                self.error(path, f"'{label}' is a string, so {op} needs a string, not "
                           f"{show(value)}")
            elif real == {"array"}:
                items = [snap.items(n) for n in (expand(shape) or [])]
                item_shape = [i for i in items if i is not None]
                if item_shape and all(item_shape):
                    self.check_types("equals", item_shape, f"{label}[]", value, path)
        elif op == "matches":
            if "string" not in real:
                self.error(path, f"matches cannot apply to '{label}': it is {_words(real)}")
        elif op == "length" and not real & {"array", "string", "object"}:
            self.error(path, f"length cannot apply to '{label}': it is {_words(real)}")

    # -- messages ------------------------------------------------------------------------------
    def template(self, text: str, path: Path_) -> Any:
        compiled: dict[int, Any] = {}
        ok = True
        rut = resource_scope(self.rut_type, f"the resource under test (a {self.rut_type})")
        for ph in placeholders(text):
            if ph.text.startswith("params."):
                name = ph.text[len("params."):]
                if name not in self.params:
                    self.error(path, f"unknown param '{name}' in message"
                               f"{did_you_mean(name, self.params)}", offset=ph.offset)
                    ok = False
                    continue
                self.used_params.add(name)
                compiled[ph.offset] = ("param", name)
                continue
            if not ph.text:
                self.error(path, "empty placeholder {{ }} in message", offset=ph.offset)
                ok = False
                continue
            try:
                cp = compile_path(ph.text)
                Inference(cp, rut.describe).run(rut.shape)
            except PathSyntaxError as e:
                self.error(path, f"message placeholder: {e.message}", offset=ph.offset + e.offset)
                ok = False
                continue
            except PathProblem as e:
                self.error(path, f"message placeholder: {e.message}", offset=ph.offset + e.offset)
                ok = False
                continue
            compiled[ph.offset] = cp
        return build(text, compiled) if ok else None
