"""Compiled conditions: small node objects with ``eval(state, ctx, cur) -> Tri``.

- ``ctx`` is the context value paths read (the resource, a list item, a follow target, a query
  candidate); ``cur`` the innermost *resource* (facts and collection errors apply to it);
- results are the four truth values of docs/rule-language.md: :data:`TRUE`, :data:`FALSE`,
  :data:`MISSING` (a value is absent and no collection error explains it), :data:`UNKNOWN`
  (the data was not collected, or a value had a type the operator does not apply to);
- every comparison appends :class:`~linter.model.Evidence` (with the path it read, prefixed by
  the quantifier item / follow hop it sits under) and unknown ones append their reasons.

Nodes are built once per rule by :mod:`linter.engine.compiler` and shared by every resource;
they keep no per-resource state (that lives in :class:`State`).
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from linter.engine import operators as ops
from linter.engine.paths import CompiledPath
from linter.facts.registry import FactUnknown
from linter.model import Evidence as _Evidence
from linter.snapshot.index import arn_region, normalize_arn

if TYPE_CHECKING:
    from linter.engine.evaluate import Runtime
    from linter.facts.registry import FactSpec


def _fast_evidence() -> Callable[[str, Any, str | None], _Evidence]:
    """``Evidence(path, observed, expected)`` without the frozen-dataclass ``__init__`` (three
    ``object.__setattr__`` calls): one evidence per comparison per resource adds up. Falls back
    to the real constructor if the model's fields ever change."""
    from dataclasses import fields

    if tuple(f.name for f in fields(_Evidence)) != ("path", "observed", "expected") or hasattr(
            _Evidence, "__slots__"):
        return _Evidence
    new = object.__new__

    def make(path: str, observed: Any, expected: str | None) -> _Evidence:
        e = new(_Evidence)
        d = e.__dict__
        d["path"] = path
        d["observed"] = observed
        d["expected"] = expected
        return e

    return make


Evidence = _fast_evidence()

Tri = int
FALSE: Tri = 0
TRUE: Tri = 1
MISSING: Tri = 2
UNKNOWN: Tri = 3
TRI_NAMES = {FALSE: "false", TRUE: "true", MISSING: "missing", UNKNOWN: "unknown"}

NOTSET: Any = object()
_SHAREABLE = frozenset({str, int, float, bool})
_MAX_LISTED = 10


class Unknown(Exception):
    """Raised while reading a value the snapshot says was not collected."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = tuple(reasons)


class Missing(Exception):
    """Raised while resolving a reference whose value is absent."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class State:
    """Per (rule, resource) evaluation state."""

    __slots__ = ("evidence", "missing", "params", "prefix", "reasons", "rt", "rut")

    def __init__(self, rt: Runtime, rut: dict[str, Any], params: dict[str, Any]) -> None:
        self.rt = rt
        self.rut = rut
        self.params = params
        self.evidence: list[_Evidence] = []
        self.reasons: list[str] = []
        self.missing: list[str] = []
        self.prefix = ""


def freeze(value: Any) -> Any:
    """A hashable stand-in for a JSON value (memo keys)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def show(value: Any) -> str:
    """An operand as text for evidence (``"ACTIVE"``, ``14``, ``["A", "B"]``)."""
    if isinstance(value, re.Pattern):
        return f"/{value.pattern}/"
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 200 else text[:197] + "..."


# -- operands and sources -------------------------------------------------------------------------

class Operand:
    """A literal, ``{param: NAME}`` or ``{resource: PATH}`` (on the resource under test)."""

    __slots__ = ("kind", "name", "path", "value")

    def __init__(self, kind: str, *, value: Any = None, name: str = "",
                 path: CompiledPath | None = None) -> None:
        self.kind = kind
        self.value = value
        self.name = name
        self.path = path

    def resolve(self, st: State) -> Any:
        """The operand's value; raises :class:`Missing` or :class:`Unknown` for a reference
        that cannot be resolved."""
        if self.kind == "literal":
            return self.value
        if self.kind == "param":
            return st.params[self.name]
        assert self.path is not None
        rut = st.rut
        for key in self.path.root_fields:
            if key not in rut:
                reasons = st.rt.index.field_unknown(rut["arn"], key)
                if reasons:
                    raise Unknown(reasons)
        value = self.path.get(rut)
        if value is None:
            raise Missing(f"resource {self.path.text}")
        return value

    def label(self) -> str:
        if self.kind == "param":
            return f"param {self.name}"
        if self.kind == "resource":
            assert self.path is not None
            return f"resource {self.path.text}"
        return show(self.value)


class Source:
    """What a comparison or quantifier reads: a path on the context, a fact (with args) on
    the current resource, optionally followed by a path into the fact's value, or a rule
    parameter (a switch such as ``{param: require_sumo, equals: true}``)."""

    __slots__ = ("args", "fact", "label", "param", "path", "read", "root_fields")

    def __init__(self, path: CompiledPath | None, fact: FactSpec | None,
                 args: tuple[tuple[str, Operand], ...], ctx_is_resource: bool,
                 param: str | None = None) -> None:
        self.path = path
        self.fact = fact
        self.args = args
        self.param = param
        self.root_fields: tuple[str, ...] = (
            tuple(sorted(path.root_fields)) if path is not None and fact is None
            and ctx_is_resource else ()
        )
        if param is not None:
            self.label = f"param {param}"
        elif fact is None:
            assert path is not None
            self.label = path.text
        else:
            shown = ", ".join(
                f"{k}={show(o.value) if o.kind == 'literal' else '{' + o.label() + '}'}"
                for k, o in args)
            self.label = f"fact:{fact.name}" + (f"({shown})" if shown else "")
            if path is not None:
                self.label += f".{path.text}"
        # ``read(st, ctx, cur)``: chosen once, so the hot path has no branches on the kind.
        self.read: Callable[[State, Any, dict[str, Any]], Any]
        if param is not None:
            self.read = self._read_param
        elif fact is not None:
            self.read = self._read_fact
        elif self.root_fields:
            self.read = self._read_resource_path
        else:
            assert path is not None
            get = path.get
            self.read = lambda st, ctx, cur: get(ctx)

    def _read_param(self, st: State, ctx: Any, cur: dict[str, Any]) -> Any:
        return st.params[self.param]  # type: ignore[index]

    def _read_resource_path(self, st: State, ctx: Any, cur: dict[str, Any]) -> Any:
        for key in self.root_fields:
            if key not in ctx:
                reasons = st.rt.index.field_unknown(ctx["arn"], key)
                if reasons:
                    raise Unknown(reasons)
        return self.path.get(ctx)  # type: ignore[union-attr]

    def _read_fact(self, st: State, ctx: Any, cur: dict[str, Any]) -> Any:
        kwargs = {name: op.resolve(st) for name, op in self.args} if self.args else {}
        try:
            value = self.fact.fn(st.rt.facts, cur, **kwargs)  # type: ignore[union-attr]
        except FactUnknown as e:
            raise Unknown(e.reasons) from None
        if self.path is not None and value is not None:
            value = self.path.get(value)
        return value


# -- conditions --------------------------------------------------------------------------------

class Node(ABC):
    """A compiled condition. ``eval`` answers for the context ``ctx`` (the resource, a list
    item, a follow target or a query candidate) with ``cur`` the innermost resource."""

    __slots__ = ()

    @abstractmethod
    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri: ...


class All(Node):
    __slots__ = ("items",)

    def __init__(self, items: list[Node]) -> None:
        self.items = tuple(items)

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        unknown = missing = False
        for item in self.items:
            r = item.eval(st, ctx, cur)
            if r == FALSE:
                return FALSE
            if r == UNKNOWN:
                unknown = True
            elif r == MISSING:
                missing = True
        return UNKNOWN if unknown else MISSING if missing else TRUE


class Any_(Node):
    __slots__ = ("items",)

    def __init__(self, items: list[Node]) -> None:
        self.items = tuple(items)

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        unknown = missing = False
        for item in self.items:
            r = item.eval(st, ctx, cur)
            if r == TRUE:
                return TRUE
            if r == UNKNOWN:
                unknown = True
            elif r == MISSING:
                missing = True
        return UNKNOWN if unknown else MISSING if missing else FALSE


class Not(Node):
    __slots__ = ("item",)

    def __init__(self, item: Node) -> None:
        self.item = item

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        r = self.item.eval(st, ctx, cur)
        return FALSE if r == TRUE else TRUE if r == FALSE else r


class Compare(Node):
    """``{path|fact|param, [default], OPERATOR: operand}``; ``length: {OP: n}`` compares the
    length of the value."""

    __slots__ = ("_last", "_memo", "_ref", "_shown_op", "default", "expected", "fn",
                 "is_length", "literal", "null_safe", "op", "operand", "source")

    def __init__(self, source: Source, op: str, operand: Any, *, default: Any = NOTSET,
                 length_op: str | None = None) -> None:
        self.source = source
        self.op = op
        self.operand = operand
        self.default = default
        self.is_length = length_op is not None
        self.fn = ops.OPERATORS[length_op if length_op else op]
        self.null_safe = op in ops.NULL_SAFE
        shown_op = f"length {length_op}" if length_op else op
        self._shown_op = shown_op
        # A reference operand is resolved per resource; anything else is a constant.
        self._ref: Operand | None = (
            operand if isinstance(operand, Operand) and operand.kind != "literal" else None)
        self.literal = operand.value if isinstance(operand, Operand) else operand
        self.expected: str | None = (
            None if self._ref is not None else f"{shown_op} {show(self.literal)}")
        self._last: tuple[Any, str] = (NOTSET, "")
        self._memo: dict[tuple[str, type, Any], tuple[_Evidence, Tri, str | None]] = {}
        """(label, type, small scalar) -> (evidence, outcome, reason) for a literal operand:
        the outcome is a pure function of the value, which thousands of resources share."""

    def _expected(self, operand: Any) -> str:
        last = self._last
        if last[0] is operand:  # a param: the same object for every resource
            return last[1]
        assert self._ref is not None
        text = f"{self._shown_op} {show(operand)} ({self._ref.label()})"
        self._last = (operand, text)
        return text

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        source = self.source
        label = st.prefix + source.label if st.prefix else source.label
        try:
            value = source.read(st, ctx, cur)
        except Unknown as u:
            st.reasons.extend(u.reasons)
            st.evidence.append(Evidence(label, None, self.expected))
            return UNKNOWN
        except Missing as m:
            st.missing.append(m.what)
            st.evidence.append(Evidence(label, None, self.expected))
            return MISSING
        if value is None and self.default is not NOTSET:
            value = self.default
        ref = self._ref
        if ref is None:
            cls = value.__class__
            if value is None or (cls in _SHAREABLE and (cls is not str or len(value) <= 48)):
                key = (label, cls, value)
                hit = self._memo.get(key)
                if hit is None:
                    scratch = State(st.rt, st.rut, st.params)
                    r = self._compare(scratch, label, value, self.literal, self.expected)
                    why = scratch.reasons[0] if scratch.reasons else None
                    hit = self._memo[key] = (scratch.evidence[0], r, why)
                st.evidence.append(hit[0])
                r = hit[1]
                if r == MISSING:
                    st.missing.append(label)
                elif hit[2] is not None:
                    st.reasons.append(hit[2])
                return r
            operand = self.literal
            expected = self.expected
        else:
            try:
                operand = ref.resolve(st)
            except Unknown as u:
                st.reasons.extend(u.reasons)
                st.evidence.append(Evidence(label, value, f"{self._shown_op} {ref.label()}"))
                return UNKNOWN
            except Missing as m:
                st.missing.append(m.what)
                st.evidence.append(Evidence(label, value, f"{self._shown_op} {ref.label()}"))
                return MISSING
            expected = self._expected(operand)
        return self._compare(st, label, value, operand, expected)

    def _compare(self, st: State, label: str, value: Any, operand: Any,
                 expected: str | None) -> Tri:
        """Record the evidence of ``value`` and compare it with ``operand``."""
        cls = value.__class__
        if value is None or (cls in _SHAREABLE and (cls is not str or len(value) <= 48)):
            # Thousands of resources read the same small value ("ACTIVE", true, 14): share one
            # immutable Evidence per (path, value, expectation) instead of one per result.
            cache = st.rt.evidence_cache
            key = (label, cls, value, expected)
            ev = cache.get(key)
            if ev is None:
                ev = cache[key] = Evidence(label, value, expected)
            st.evidence.append(ev)
        else:
            st.evidence.append(Evidence(label, value, expected))
        if value is None and not self.null_safe:
            st.missing.append(label)
            return MISSING
        try:
            if self.is_length:
                return TRUE if self.fn(ops.length_of(value), operand) else FALSE
            return TRUE if self.fn(value, operand) else FALSE
        except ops.OperandTypeError as e:
            st.reasons.append(f"{label}: {e}")
            return UNKNOWN


class Quantifier(Node):
    """``some`` / ``every`` / ``none`` item of a list satisfies ``where``."""

    __slots__ = ("kind", "source", "where")

    def __init__(self, kind: str, source: Source, where: Node) -> None:
        self.kind = kind
        self.source = source
        self.where = where

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        label = st.prefix + self.source.label
        try:
            items = self.source.read(st, ctx, cur)
        except Unknown as u:
            st.reasons.extend(u.reasons)
            st.evidence.append(Evidence(label, None, f"{self.kind} item matches"))
            return UNKNOWN
        except Missing as m:
            st.missing.append(m.what)
            return MISSING
        if items is None:
            st.missing.append(label)
            st.evidence.append(Evidence(label, None, f"{self.kind} item matches"))
            return MISSING
        if not isinstance(items, list):
            st.reasons.append(f"{label}: {self.kind} applies to a list, not a "
                              f"{ops.type_name(items)}")
            return UNKNOWN
        if not items:
            st.evidence.append(Evidence(label, [], f"{self.kind} item matches"))
        stop = FALSE if self.kind == "every" else TRUE
        unknown = missing = False
        hit = False
        old = st.prefix
        try:
            for i, item in enumerate(items):
                st.prefix = f"{label}[{i}]."
                r = self.where.eval(st, item, cur)
                if r == stop:
                    hit = True
                    break
                if r == UNKNOWN:
                    unknown = True
                elif r == MISSING:
                    missing = True
        finally:
            st.prefix = old
        if self.kind == "some":
            return TRUE if hit else UNKNOWN if unknown else MISSING if missing else FALSE
        if self.kind == "none":
            return FALSE if hit else UNKNOWN if unknown else MISSING if missing else TRUE
        return FALSE if hit else UNKNOWN if unknown else MISSING if missing else TRUE


class Follow(Node):
    """Resolve the ARN(s) at ``source`` to resources of type ``to``; every one must exist and
    satisfy ``where``. A dangling ARN is false unless the snapshot says the target could not be
    collected (then unknown)."""

    __slots__ = ("source", "to", "where")

    def __init__(self, source: Source, to: str, where: Node | None) -> None:
        self.source = source
        self.to = to
        self.where = where

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        label = st.prefix + self.source.label
        expected = f"resolves to a {self.to} in the snapshot"
        try:
            value = self.source.read(st, ctx, cur)
        except Unknown as u:
            st.reasons.extend(u.reasons)
            st.evidence.append(Evidence(label, None, expected))
            return UNKNOWN
        except Missing as m:
            st.missing.append(m.what)
            return MISSING
        if value is None:
            st.missing.append(label)
            st.evidence.append(Evidence(label, None, expected))
            return MISSING
        arns = value if isinstance(value, list) else [value]
        if not arns:
            st.evidence.append(Evidence(label, [], expected))
            return TRUE
        index = st.rt.index
        unknown = missing = False
        old = st.prefix
        for arn in arns:
            if not isinstance(arn, str):
                st.reasons.append(f"{label}: follow needs an ARN string, not a "
                                  f"{ops.type_name(arn)}")
                unknown = True
                continue
            target = index.get(arn)
            if target is None or target.get("type") != self.to:
                if target is None:
                    reasons = list(dict.fromkeys(
                        [*index.resource_unknown(arn),
                         *index.type_incomplete(self.to, arn_region(arn))]))
                    if reasons:
                        st.reasons.extend(reasons)
                        st.evidence.append(Evidence(label, arn, expected + " (not collected)"))
                        unknown = True
                        continue
                    st.evidence.append(Evidence(label, arn, expected + " (dangling: not found)"))
                else:
                    st.evidence.append(Evidence(label, arn,
                                                f"{expected} (it is a {target.get('type')})"))
                return FALSE
            st.evidence.append(Evidence(label, arn, expected))
            if self.where is None:
                continue
            st.prefix = f"{label} → {normalize_arn(arn)} → "
            try:
                r = self.where.eval(st, target, target)
            finally:
                st.prefix = old
            if r == FALSE:
                return FALSE
            if r == UNKNOWN:
                unknown = True
            elif r == MISSING:
                missing = True
        return UNKNOWN if unknown else MISSING if missing else TRUE


class Query(Node):
    """``some_resource`` / ``no_resource``: does some resource of ``rtype`` (in ``region``)
    satisfy ``where``? Memoised per run by the values of the ``{resource: …}`` references inside
    ``where`` (and the region), so a per-region question is answered once per region."""

    __slots__ = ("negate", "refs", "region", "rtype", "where")

    def __init__(self, rtype: str, region: Operand | None, where: Node | None, negate: bool,
                 refs: tuple[Operand, ...]) -> None:
        self.rtype = rtype
        self.region = region
        self.where = where
        self.negate = negate
        self.refs = refs

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        region: str | None = None
        name = "no_resource" if self.negate else "some_resource"
        if self.region is not None:
            try:
                region = self.region.resolve(st)
            except Unknown as u:
                st.reasons.extend(u.reasons)
                return UNKNOWN
            except Missing as m:
                st.missing.append(m.what)
                return MISSING
        key: list[Any] = [id(self), region]
        for ref in self.refs:
            try:
                key.append(freeze(ref.resolve(st)))
            except (Unknown, Missing) as e:
                key.append(("?", type(e).__name__, str(e)))
        memo = st.rt.memo
        k = tuple(key)
        hit = memo.get(k)
        if hit is None:
            hit = self._compute(st, region, name)
            memo[k] = hit
        tri, evidence, reasons, missing = hit
        if st.prefix:
            st.evidence.extend(Evidence(st.prefix + e.path, e.observed, e.expected)
                               for e in evidence)
        else:
            st.evidence.extend(evidence)
        st.reasons.extend(reasons)
        st.missing.extend(missing)
        return tri

    def _compute(self, st: State, region: str | None, name: str
                 ) -> tuple[Tri, tuple[_Evidence, ...], tuple[str, ...], tuple[str, ...]]:
        index = st.rt.index
        cands = (index.of_type_in_region(self.rtype, region) if region is not None
                 else index.of_type(self.rtype))
        sub = State(st.rt, st.rut, st.params)
        unknown_reasons: list[str] = []
        missing: list[str] = []
        matched: dict[str, Any] | None = None
        for cand in cands:
            if self.where is None:
                matched = cand
                break
            sub.evidence, sub.reasons, sub.missing = [], [], []
            r = self.where.eval(sub, cand, cand)
            if r == TRUE:
                matched = cand
                break
            if r == UNKNOWN:
                unknown_reasons.extend(sub.reasons)
            elif r == MISSING:
                missing.extend(f"{cand['arn']}: {m}" for m in sub.missing)
        where = f" in {region}" if region is not None else ""
        label = f"{name}({self.rtype}{where})"
        evidence: list[_Evidence]
        if matched is not None:
            tri = TRUE
            arn = matched["arn"]
            evidence = [Evidence(label, arn, "a matching resource exists"
                                 if not self.negate else "no matching resource")]
            evidence.extend(Evidence(f"{arn} → {e.path}", e.observed, e.expected)
                            for e in sub.evidence)
            reasons: list[str] = []
            missing = []
        else:
            shown = [c["arn"] for c in cands[:_MAX_LISTED]]
            more = len(cands) - len(shown)
            if more > 0:
                shown.append(f"... and {more} more")
            evidence = [Evidence(label, shown, "a matching resource exists"
                                 if not self.negate else "no matching resource")]
            incomplete = [*index.type_incomplete(self.rtype, region),
                          *st.rt.undescribed(self.rtype, region)]
            if incomplete:
                tri, reasons = UNKNOWN, list(incomplete)
            elif unknown_reasons:
                tri, reasons = UNKNOWN, list(dict.fromkeys(unknown_reasons))
            elif missing:
                tri, reasons = MISSING, []
            else:
                tri, reasons = FALSE, []
        if self.negate:
            tri = FALSE if tri == TRUE else TRUE if tri == FALSE else tri
        return tri, tuple(evidence), tuple(reasons), tuple(missing)


class ReferencedBy(Node):
    """Some resource of ``rtype`` whose ``path`` holds the current resource's ARN (and that
    satisfies ``where``). Answered from a reverse index built once per (type, path)."""

    __slots__ = ("path", "rtype", "where")

    def __init__(self, rtype: str, path: CompiledPath, where: Node | None) -> None:
        self.rtype = rtype
        self.path = path
        self.where = where

    def eval(self, st: State, ctx: Any, cur: dict[str, Any]) -> Tri:
        by_arn, unknown_reasons = st.rt.reverse_index(self.rtype, self.path)
        referrers = by_arn.get(normalize_arn(cur["arn"]), ())
        label = f"{st.prefix}referenced_by({self.rtype}.{self.path.text})"
        unknown = missing = False
        old = st.prefix
        for ref in referrers:
            if self.where is None:
                st.evidence.append(Evidence(label, ref["arn"], "a referrer exists"))
                return TRUE
            st.prefix = f"{old}{ref['arn']} → "
            try:
                r = self.where.eval(st, ref, ref)
            finally:
                st.prefix = old
            if r == TRUE:
                st.evidence.append(Evidence(label, ref["arn"], "a referrer exists"))
                return TRUE
            if r == UNKNOWN:
                unknown = True
            elif r == MISSING:
                missing = True
        st.evidence.append(Evidence(label, [r["arn"] for r in referrers[:_MAX_LISTED]],
                                    "a referrer exists"))
        if unknown_reasons:
            st.reasons.extend(unknown_reasons)
            return UNKNOWN
        return UNKNOWN if unknown else MISSING if missing else FALSE
