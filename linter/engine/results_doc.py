"""The JSON results document (``linter/schemas/results-v1.json``): a :class:`RunResult` as plain
data. Its shape never depends on the content: every key is always present (``null`` or an
empty list/mapping when there is nothing), lists keep the run's deterministic order, and the
version says which shape it is. The reports' JSON reporter serialises this document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import Any

import orjson

from linter.engine.run import exit_code, failing_findings, no_cyclic_gc
from linter.model import (
    CollectionError,
    Evidence,
    Pipeline,
    ResourceRef,
    Result,
    RuleMeta,
    RunResult,
    Severity,
    Status,
    Waiver,
)

RESULTS_SCHEMA_VERSION = "1.0"


class LazyItems:
    """A long list of the document produced item by item when iterated (for a streaming
    writer: the 200,000 result mappings of a 10,000-pool run are never all in memory).
    ``encoded``, when given, yields the same items already encoded as compact JSON, for a
    writer that writes them one per line (see :mod:`linter.report._json`)."""

    __slots__ = ("_encoded", "_items", "_len")

    def __init__(self, length: int, items: Callable[[], Iterator[Any]],
                 encoded: Callable[[], Iterator[bytes]] | None = None) -> None:
        self._len = length
        self._items = items
        self._encoded = encoded

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        return self._items()

    def encoded(self) -> Iterator[bytes] | None:
        """The items as compact JSON (``orjson.dumps`` of each), or None if not offered."""
        return self._encoded() if self._encoded is not None else None


def to_document(run: RunResult, *, lazy: bool = False) -> dict[str, Any]:
    """The results document of ``run`` (plain data for ``json.dumps``). With ``lazy`` the
    ``results`` and ``pipelines`` lists are :class:`LazyItems`: sized iterables that build
    each item when iterated (once per iteration), for a writer that streams."""
    with no_cyclic_gc():
        return _document(run, lazy)


def _document(run: RunResult, lazy: bool = False) -> dict[str, Any]:
    gating = {id(r) for r in failing_findings(run)}
    by_status = run.totals_by_status()
    by_severity = run.totals_by_severity()
    return {
        "schema_version": RESULTS_SCHEMA_VERSION,
        "tool": {"name": "cognito-lint", "version": run.run.tool_version},
        "run": {
            "tool_version": run.run.tool_version,
            "rule_pack_version": run.run.rule_pack_version,
            "rule_pack_sha256": run.run.rule_pack_sha256,
            "started_at": run.run.started_at,
            "finished_at": run.run.finished_at,
            "fail_on": run.run.fail_on.value if run.run.fail_on else None,
            "waivers_file": run.run.waivers_file,
        },
        "outcome": {
            "exit_code": int(exit_code(run)),
            "failing_findings": len(gating),
            "incomplete": run.incomplete,
        },
        "snapshot": {
            "path": run.snapshot.path,
            "sha256": run.snapshot.sha256,
            "schema_version": run.snapshot.schema_version,
            "source_kind": run.snapshot.source_kind,
            "account_id": run.snapshot.account_id,
            "partition": run.snapshot.partition,
            "regions": list(run.snapshot.regions),
            "started_at": run.snapshot.started_at,
            "finished_at": run.snapshot.finished_at,
            "principal_arn": run.snapshot.principal_arn,
            "tool_version": run.snapshot.tool_version,
        },
        "totals": {
            "results": len(run.results),
            "by_status": {s.value: by_status[s] for s in Status},
            "by_severity": {sev.value: {s.value: by_severity[sev][s] for s in Status}
                            for sev in Severity.ordered()},
            "pools_total": run.pools_total,
            "pools_fully_observed": run.pools_fully_observed,
        },
        "rules": [_rule(m) for m in run.rules],
        "results": (LazyItems(len(run.results), lambda: _iter_results(run, gating),
                              lambda: _iter_encoded_results(run, gating))
                    if lazy else list(_iter_results(run, gating))),
        "collection_errors": [_collection_error(e) for e in run.collection_errors],
        "pipelines": (LazyItems(len(run.pipelines), lambda: map(_pipeline, run.pipelines))
                      if lazy else [_pipeline(p) for p in run.pipelines]),
        "waivers": {
            "stale": [_waiver(w) for w in run.stale_waivers],
            "expired": [_waiver(w) for w in run.expired_waivers],
        },
        "resource_lines": dict(sorted(run.resource_lines.items())),
    }


def _rule(m: RuleMeta) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "severity": m.severity.value,
        "resource": m.resource,
        "stage": m.stage.value if m.stage else None,
        "description": m.description,
        "rationale": m.rationale,
        "remediation": m.remediation,
        "references": list(m.references),
        "controls": {k: list(v) for k, v in sorted(m.controls.items())},
        "tags": list(m.tags),
        "source_file": m.source_file,
        "help_uri": m.help_uri or None,
    }


def _ref(r: ResourceRef) -> dict[str, Any]:
    return {"type": r.type, "arn": r.arn, "name": r.name, "region": r.region,
            "account_id": r.account_id}


_STATUS_TEXT = {s: s.value for s in Status}
_SEVERITY_TEXT = {s: s.value for s in Severity}


def _iter_results(run: RunResult, gating: set[int]) -> Iterator[dict[str, Any]]:
    """Every result; a resource's mapping is built once and shared by its results (it is
    serialised once per result all the same)."""
    lines = run.resource_lines
    refs: dict[int, tuple[dict[str, Any], int | None]] = {}
    status_text = _STATUS_TEXT
    severity_text = _SEVERITY_TEXT
    for r in run.results:
        res = r.resource
        hit = refs.get(id(res))
        if hit is None:
            hit = refs[id(res)] = (_ref(res), lines.get(res.arn))
        waiver = r.waiver
        yield {
            "rule_id": r.rule_id,
            "status": status_text[r.status],
            "severity": severity_text[r.severity],
            "resource": hit[0],
            "message": r.message,
            "evidence": [{"path": e.path, "observed": e.observed, "expected": e.expected}
                         for e in r.evidence],
            "errors": list(r.errors),
            "waiver": _waiver(waiver) if waiver else None,
            "fingerprint": r.fingerprint,
            "gating": id(r) in gating,
            "snapshot_line": hit[1],
        }


# The JSON members of a result, in order, and the fields of the dataclasses orjson serialises
# natively for them (Result, ResourceRef, Evidence, Waiver): they must stay the same.
_NATIVE_SHAPES = {
    Result: ("rule_id", "status", "severity", "resource", "message", "evidence", "errors",
             "waiver", "fingerprint"),
    ResourceRef: ("type", "arn", "name", "region", "account_id"),
    Evidence: ("path", "observed", "expected"),
    Waiver: ("rule", "resource", "reason", "owner", "expires", "ticket", "source", "account",
             "region"),
}
_NATIVE = all(tuple(f.name for f in fields(cls)) == names  # type: ignore[arg-type]
              for cls, names in _NATIVE_SHAPES.items())


def _iter_encoded_results(run: RunResult, gating: set[int]) -> Iterator[bytes]:
    """:func:`_iter_results`, each mapping encoded by ``orjson.dumps``. orjson serialises the
    frozen dataclasses (``Result`` with its ``ResourceRef``, ``Evidence`` and ``Waiver``; enums
    by value) natively, in their field order, which is the document's member order; the two
    computed members are appended. The same bytes as encoding the mappings (a test compares
    them), in about half the time. Falls back to the mappings if a model class changes shape."""
    dumps = orjson.dumps
    if not _NATIVE:
        yield from map(dumps, _iter_results(run, gating))
        return
    lines = run.resource_lines
    tails: dict[tuple[int, bool], bytes] = {}
    for r in run.results:
        res = r.resource
        gated = id(r) in gating
        key = (id(res), gated)
        tail = tails.get(key)
        if tail is None:
            line = lines.get(res.arn)
            tail = tails[key] = (b',"gating":' + (b"true" if gated else b"false")
                                 + b',"snapshot_line":' + dumps(line) + b"}")
        yield dumps(r)[:-1] + tail


def _waiver(w: Waiver) -> dict[str, Any]:
    return {"rule": w.rule, "resource": w.resource, "reason": w.reason, "owner": w.owner,
            "expires": w.expires, "ticket": w.ticket, "source": w.source,
            "account": w.account, "region": w.region}


def _collection_error(e: CollectionError) -> dict[str, Any]:
    return {"service": e.service, "operation": e.operation, "region": e.region,
            "error_code": e.error_code, "message": e.message, "resource_type": e.resource_type,
            "resource_arn": e.resource_arn, "field": e.field, "iam_action": e.iam_action}


def _pipeline(p: Pipeline) -> dict[str, Any]:
    return {
        "pool": _ref(p.pool),
        "fully_observed": p.fully_observed,
        "nodes": [{"stage": n.stage.value, "label": n.label, "arn": n.arn,
                   "status": n.status.value if n.status else None,
                   "result_fingerprints": list(n.result_fingerprints)} for n in p.nodes],
    }
