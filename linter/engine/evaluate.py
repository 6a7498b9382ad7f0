"""Evaluate compiled rules on a snapshot: one :class:`~linter.model.Result` per (rule, resource).

- ``when`` false or missing -> ``not_applicable``; unknown -> ``error``;
- ``assert`` true -> ``pass``; false -> ``fail``; unknown -> ``error``; missing -> the rule's
  ``missing`` policy (``fail`` by default);
- a rule whose resource type was not collected by the source, or whose listing failed in a
  Region, also gets one ``error`` result for "every <type> in <region>", so an incomplete
  listing is never a silent pass (the resource stands for all resources of the type there).

One :class:`Runtime` per snapshot holds the index, the facts context and the memo tables that
make resource queries O(distinct operand values) instead of O(resources).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any

from jmespath.exceptions import JMESPathError

from linter.engine.nodes import FALSE, TRUE, UNKNOWN, State
from linter.engine.paths import CompiledPath
from linter.engine.ruleset import Rule
from linter.facts.registry import FactContext
from linter.model import ResourceRef, Result, Status
from linter.snapshot.index import SnapshotIndex, arn_region, normalize_arn, type_of_arn

_LISTING_ARN = {
    "cognito.user_pool": ("cognito-idp", "userpool/"),
    "cognito.identity_pool": ("cognito-identity", "identitypool/"),
    "logs.log_group": ("logs", "log-group:"),
    "logs.account_policy": ("logs", "account-policy/"),
    "logs.resource_policy": ("logs", "resource-policy/"),
    "cloudwatch.metric_stream": ("cloudwatch", "metric-stream/"),
    "firehose.delivery_stream": ("firehose", "deliverystream/"),
    "cloudtrail.trail": ("cloudtrail", "trail/"),
    "s3.bucket": ("s3", ""),
    "kms.key": ("kms", "key/"),
}


class Runtime:
    """Per-snapshot evaluation context shared by every rule."""

    def __init__(self, index: SnapshotIndex, facts: FactContext | None = None) -> None:
        self.index = index
        self.facts = facts if facts is not None else FactContext(index)
        self.memo: dict[Any, Any] = {}
        self.evidence_cache: dict[tuple[Any, ...], Any] = {}
        """Shared Evidence objects for small scalar observations (see nodes.Compare)."""
        self._reverse: dict[tuple[str, str], tuple[dict[str, list[dict[str, Any]]],
                                                   tuple[str, ...]]] = {}
        self._refs: dict[int, ResourceRef] = {}
        self._sorted: dict[str, list[dict[str, Any]]] = {}
        self._subjects: dict[str, list[tuple[dict[str, Any], ResourceRef, bytes]]] = {}
        self._suffix: dict[int, bytes] = {}
        self._undescribed: dict[str, list[tuple[str | None, str]]] = {}
        for err in index.errors:
            if err.resource_arn is not None and err.field is None:
                rtype = err.resource_type or type_of_arn(err.resource_arn)
                if rtype:
                    region = err.region or arn_region(err.resource_arn)
                    self._undescribed.setdefault(rtype, []).append((region, err.describe()))

    def undescribed(self, rtype: str, region: str | None = None) -> list[str]:
        """Reasons: resources of ``rtype`` (in ``region``) that exist but could not be described
        (absent from the snapshot), so a query cannot tell whether one of them matches."""
        return [why for r, why in self._undescribed.get(rtype, ())
                if region is None or r is None or r == region]

    def sorted_of_type(self, rtype: str) -> list[dict[str, Any]]:
        """The resources of ``rtype`` in ARN order (sorted once per run)."""
        hit = self._sorted.get(rtype)
        if hit is None:
            hit = sorted(self.index.of_type(rtype), key=lambda r: r["arn"])
            self._sorted[rtype] = hit
        return hit

    def subjects(self, rtype: str) -> list[tuple[dict[str, Any], ResourceRef, bytes]]:
        """(resource, its ResourceRef, its fingerprint suffix) for every resource of ``rtype``
        in ARN order, computed once per run."""
        hit = self._subjects.get(rtype)
        if hit is None:
            hit = [(r, self.ref(r), self.fingerprint_suffix(r)) for r in self.sorted_of_type(rtype)]
            self._subjects[rtype] = hit
        return hit

    def fingerprint_suffix(self, res: dict[str, Any]) -> bytes:
        """The resource's part of :meth:`Result.make_fingerprint` (account, region, ARN)."""
        key = id(res)
        hit = self._suffix.get(key)
        if hit is None:
            hit = "\x1f".join((res["account_id"], res["region"], res["arn"])).encode("utf-8")
            self._suffix[key] = hit
        return hit

    def ref(self, res: dict[str, Any]) -> ResourceRef:
        key = id(res)
        ref = self._refs.get(key)
        if ref is None:
            ref = ResourceRef(type=res["type"], arn=res["arn"], name=res.get("name", ""),
                              region=res["region"], account_id=res["account_id"])
            self._refs[key] = ref
        return ref

    def reverse_index(self, rtype: str, path: CompiledPath
                      ) -> tuple[dict[str, list[dict[str, Any]]], tuple[str, ...]]:
        """ARN -> resources of ``rtype`` whose ``path`` holds that ARN, built once; plus the
        reasons why the list of referrers may be incomplete."""
        key = (rtype, path.text)
        hit = self._reverse.get(key)
        if hit is not None:
            return hit
        by_arn: dict[str, list[dict[str, Any]]] = {}
        reasons: list[str] = [*self.index.type_incomplete(rtype), *self.undescribed(rtype)]
        for res in self.index.of_type(rtype):
            for field in path.root_fields:
                if field not in res:
                    reasons.extend(self.index.field_unknown(res["arn"], field))
            for arn in _strings(path.get(res)):
                bucket = by_arn.setdefault(normalize_arn(arn), [])
                if not bucket or bucket[-1] is not res:
                    bucket.append(res)
        hit = (by_arn, tuple(dict.fromkeys(reasons)))
        self._reverse[key] = hit
        return hit


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


_STATUS = {TRUE: Status.PASS, FALSE: Status.FAIL, UNKNOWN: Status.ERROR}
_RESULT_FIELDS = ("rule_id", "status", "severity", "resource", "message", "evidence", "errors",
                  "waiver", "fingerprint")


def _fast_result() -> Callable[..., Result]:
    """``Result(...)`` without the frozen-dataclass ``__init__`` (one result per rule and
    resource: 200,000 on a 10,000-pool account). Falls back to the real constructor if the
    model's fields change."""
    if tuple(f.name for f in fields(Result)) != _RESULT_FIELDS or hasattr(Result, "__slots__"):
        return Result
    new = object.__new__

    def make(rule_id: str, status: Status, severity: Any, resource: ResourceRef, message: str,
             evidence: tuple[Any, ...], errors: tuple[str, ...], waiver: Any,
             fingerprint: str) -> Result:
        r = new(Result)
        d = r.__dict__  # the instance's own (key-sharing) dict: fields as __init__ sets them
        d["rule_id"] = rule_id
        d["status"] = status
        d["severity"] = severity
        d["resource"] = resource
        d["message"] = message
        d["evidence"] = evidence
        d["errors"] = errors
        d["waiver"] = waiver
        d["fingerprint"] = fingerprint
        return r

    return make


_make_result = _fast_result()


_PASS, _FAIL, _ERROR, _NA = Status.PASS, Status.FAIL, Status.ERROR, Status.NOT_APPLICABLE
_MISSING_POLICY = {"fail": _FAIL, "pass": _PASS, "error": _ERROR}


class _RuleEval:
    """Per-rule constants of the hot loop: the fingerprint hasher seeded with the rule id, the
    message templates by status, the missing policy."""

    __slots__ = ("id", "messages", "missing", "params", "prefix", "rule", "severity")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.id = rule.meta.id
        self.severity = rule.meta.severity
        self.params = rule.params
        self.prefix = hashlib.sha256((rule.meta.id + "\x1f").encode("utf-8"))
        self.missing = _MISSING_POLICY[rule.missing]
        self.messages = {s: (tpl.bind(rule.params) if tpl is not None else None)
                         for s in Status for tpl in (rule.messages.get(s.value),)}


def evaluate_rule(rule: Rule, rt: Runtime) -> list[Result]:
    """Every result of ``rule`` on the snapshot, in ARN order."""
    out = _evaluate_subjects(rule, rt, _RuleEval(rule), rt.subjects(rule.meta.resource))
    extra = listing_errors(rule, rt)
    if extra:
        out.extend(extra)
        out.sort(key=lambda r: r.resource.arn)
    return out


def _evaluate_subjects(rule: Rule, rt: Runtime, ev: _RuleEval,
                       subjects: list[tuple[dict[str, Any], ResourceRef, bytes]]
                       ) -> list[Result]:
    """:func:`evaluate_one` for every subject, with the per-rule lookups hoisted out of the
    loop (one iteration per result: 200,000 on a 10,000-pool account). Keep the two in step."""
    when = rule.when.eval if rule.when is not None else None
    check = rule.assert_.eval
    messages = ev.messages
    missing_policy = ev.missing
    rule_id, severity, params = ev.id, ev.severity, ev.params
    seeded = ev.prefix.copy
    make = _make_result
    out: list[Result] = []
    append = out.append
    for res, ref, suffix in subjects:
        st = State(rt, res, params)
        status: Status | None = None
        try:
            if when is not None:
                w = when(st, res, res)
                if w == TRUE:
                    st.evidence = []
                else:
                    status = _ERROR if w == UNKNOWN else _NA
            if status is None:
                a = check(st, res, res)
                status = (_PASS if a == TRUE else _FAIL if a == FALSE
                          else _ERROR if a == UNKNOWN else missing_policy)
        except JMESPathError as e:  # e.g. a function given a value of the wrong type
            status = _expression_failed(st, e)
        errors = _errors(st) if status is _ERROR else ()
        h = seeded()
        h.update(suffix)
        append(make(rule_id, status, severity, ref, _message(rule, messages, status, res, errors),
                    tuple(st.evidence), errors, None, h.hexdigest()[:32]))
    return out


def _expression_failed(st: State, e: Exception) -> Status:
    """A rule expression that fails at run time on this resource's data (JMESPath raises, for
    instance, when a function gets a value of the wrong type) gives ``error``, never a crash and
    never a pass; the reason names the failure."""
    st.reasons.append(f"the rule's expression failed on this resource: {e}")
    return _ERROR


def _message(rule: Rule, messages: dict[Status, Any], status: Status, res: dict[str, Any],
             errors: tuple[str, ...]) -> str:
    tpl = messages[status]
    if tpl is None:
        return _default_message(rule, status, errors)
    try:
        return str(tpl(res))
    except JMESPathError:
        return _default_message(rule, status, errors)


def _errors(st: State) -> tuple[str, ...]:
    """The reasons of an ``error`` result."""
    if st.missing and not st.reasons:
        return tuple(f"missing value: {m}" for m in dict.fromkeys(st.missing))
    return tuple(dict.fromkeys(st.reasons)) or ("the data this rule needs was not collected",)


def evaluate_one(rule: Rule, rt: Runtime, res: dict[str, Any], ev: _RuleEval | None = None,
                 ref: ResourceRef | None = None, suffix: bytes | None = None) -> Result:
    """The result of ``rule`` on one resource (``ev``: the rule's precomputed constants;
    ``ref``/``suffix``: the resource's, from :meth:`Runtime.subjects`)."""
    if ev is None:
        ev = _RuleEval(rule)
    st = State(rt, res, ev.params)
    status: Status | None = None
    try:
        if rule.when is not None:
            w = rule.when.eval(st, res, res)
            if w == TRUE:
                st.evidence = []
            else:
                status = _ERROR if w == UNKNOWN else _NA
        if status is None:
            a = rule.assert_.eval(st, res, res)
            status = (_PASS if a == TRUE else _FAIL if a == FALSE else _ERROR if a == UNKNOWN
                      else ev.missing)
    except JMESPathError as e:
        status = _expression_failed(st, e)
    errors = _errors(st) if status is _ERROR else ()
    h = ev.prefix.copy()
    h.update(suffix if suffix is not None else rt.fingerprint_suffix(res))
    return _make_result(
        rule_id=ev.id,
        status=status,
        severity=ev.severity,
        resource=ref if ref is not None else rt.ref(res),
        message=_message(rule, ev.messages, status, res, errors),
        evidence=tuple(st.evidence),
        errors=errors,
        waiver=None,
        fingerprint=h.hexdigest()[:32],
    )


def _default_message(rule: Rule, status: Status, errors: tuple[str, ...]) -> str:
    if status is _ERROR:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"Not evaluated: {errors[0]}{more}" if errors else "Not evaluated"
    if status is _NA:
        return "Not applicable: the rule's 'when' condition does not hold"
    return rule.meta.title


def listing_errors(rule: Rule, rt: Runtime) -> list[Result]:
    """``error`` results standing for resources of the rule's type that may exist but are not
    in the snapshot: the type is not collected by the source, or its listing failed."""
    index = rt.index
    rtype = rule.meta.resource
    meta = index.metadata
    account = str(meta.get("account_id", ""))
    partition = str(meta.get("partition", "aws"))
    service, prefix = _LISTING_ARN.get(rtype, (rtype, ""))
    regions: dict[str | None, list[str]] = {}
    if rtype not in index.collected_types:
        regions[None] = index.type_incomplete(rtype)
    else:
        for err in index.errors:
            if err.resource_arn is None and err.resource_type == rtype:
                regions.setdefault(err.region, []).append(err.describe())
    out = []
    for region, reasons in sorted(regions.items(), key=lambda kv: kv[0] or ""):
        where = region or "*"
        arn = (f"arn:{partition}:s3:::*" if service == "s3"  # bucket ARNs name no Region/account
               else f"arn:{partition}:{service}:{where}:{account}:{prefix}*")
        ref = ResourceRef(type=rtype, arn=arn,
                          name=f"(every {rtype} in {region or 'every Region'})",
                          region=region or "", account_id=account)
        reasons = list(dict.fromkeys(reasons))
        out.append(Result(
            rule_id=rule.meta.id,
            status=Status.ERROR,
            severity=rule.meta.severity,
            resource=ref,
            message=f"Not evaluated: the list of {rtype} in {region or 'every Region'} is "
                    f"incomplete ({reasons[0]})",
            errors=tuple(reasons),
            fingerprint=Result.make_fingerprint(rule.meta.id, account, region or "", arn),
        ))
    return out
