"""SARIF 2.1.0 report for GitHub code scanning and other SARIF consumers.

Findings only: ``fail`` and ``error`` results, and ``waived`` ones with an accepted external
suppression; passes and not-applicable results are counted in the run's properties, not
listed (code scanning would otherwise open alerts for them). Every result has a physical
location — the snapshot file as given and the line where the resource's record starts (1 when
unknown) — and a logical location with the ARN, because an upload with a logical location only
is rejected. ``error`` results are results of kind ``fail`` and level ``error`` (so they are
visible as alerts, never lost in a log), and each collection error is also a tool execution
notification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from linter.model import Result, RuleMeta, RunResult, Severity, Status
from linter.report._json import dumps
from linter.report._text import (
    INFORMATION_URI,
    STATUS_ORDER,
    control_labels,
    gc_paused,
    help_uri,
    one_line,
    resource_label,
    rule_of,
    rules_by_id,
    value_text,
    waiver_text,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "cognitoLint/v1"
GITHUB_RESULT_LIMIT = 25_000
"""GitHub code scanning rejects a run with more results than this."""

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
_LISTED = (Status.FAIL, Status.ERROR, Status.WAIVED)


def artifact_uri(path: str) -> str:
    """The snapshot path as given, as a URI reference: relative stays relative, a Windows
    drive path becomes ``file:///C:/…``, unsafe characters are percent-encoded."""
    posix = path.replace("\\", "/")
    quoted = quote(posix, safe="/:@-._~!$'()*+,;=")
    if re.match(r"^[A-Za-z]:/", posix):
        return "file:///" + quoted
    return quoted


def _descriptor(rule: RuleMeta) -> dict[str, Any]:
    full = one_line(" ".join(x for x in (rule.description, rule.rationale) if x)) or rule.title
    text = f"{full}\n\nRemediation:\n{rule.remediation.strip()}" if rule.remediation else full
    md = [f"**{rule.title}** ({rule.severity.value})", "", full]
    if rule.remediation:
        md += ["", "**Remediation**", "", rule.remediation.strip()]
    if rule.references:
        md += ["", "**References**", "", *(f"- <{ref}>" for ref in rule.references)]
    controls = control_labels(rule)
    if controls:
        md += ["", "**Controls**: " + ", ".join(controls)]
    return {
        "id": rule.id,
        "name": "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", rule.title))
        or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {"text": text, "markdown": "\n".join(md)},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", *rule.tags, *controls][:20],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "precision": "very-high",
            "problem.severity": {"error": "error", "warning": "warning"}.get(
                _LEVEL[rule.severity], "recommendation"
            ),
        },
    }


def _message(r: Result) -> str:
    text = one_line(r.message)
    if r.status is Status.ERROR:
        why = "; ".join(r.errors) or "the data it needs was not collected"
        text = f"Not evaluable: {text} ({why})"
    for ev in r.evidence[:3]:
        exp = f", expected {ev.expected}" if ev.expected is not None else ""
        text += f" [{ev.path}: observed {value_text(ev.observed)}{exp}]"
    return text


@dataclass(frozen=True)
class SarifReporter:
    """``max_results``: at most this many results (by status then severity, the engine's order
    otherwise); GitHub rejects more than 25,000. The omission is said in the run's
    notifications and properties. ``None`` lists every finding."""

    max_results: int | None = GITHUB_RESULT_LIMIT

    @gc_paused
    def render(self, run: RunResult) -> str:
        return dumps(self.document(run))

    def document(self, run: RunResult) -> dict[str, Any]:
        rules = rules_by_id(run)
        descriptors: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        for rule in run.rules:
            if rule.id not in index:
                index[rule.id] = len(descriptors)
                descriptors.append(_descriptor(rule))
        listed = [r for r in run.results if r.status in _LISTED]
        rank = {s: n for n, s in enumerate(STATUS_ORDER)}
        listed.sort(key=lambda r: (rank[r.status], -r.severity.rank))
        omitted = 0
        if self.max_results is not None and len(listed) > self.max_results:
            omitted = len(listed) - self.max_results
            listed = listed[: self.max_results]
        for r in listed:
            if r.rule_id not in index:
                index[r.rule_id] = len(descriptors)
                descriptors.append(_descriptor(rule_of(rules, r)))
        uri = artifact_uri(run.snapshot.path)
        results = [self._result(r, index[r.rule_id], uri, run) for r in listed]

        notes: list[dict[str, Any]] = [
            {
                "level": "error",
                "message": {
                    "text": one_line(
                        f"{e.service}:{e.operation}"
                        + (f" in {e.region}" if e.region else "")
                        + (f" for {e.resource_arn}" if e.resource_arn else "")
                        + f" failed: {e.error_code}: {e.message}"
                    )
                },
                "properties": {"iamAction": e.iam_action, "field": e.field},
            }
            for e in run.collection_errors
        ]
        if omitted:
            notes.append({
                "level": "warning",
                "message": {"text": f"{omitted} lower-priority results omitted to stay within "
                            f"{self.max_results} results per run; the JSON and HTML reports "
                            "list them all"},
            })
        totals = run.totals_by_status()
        return {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "cognito-lint",
                            "version": run.run.tool_version,
                            "semanticVersion": run.run.tool_version,
                            "informationUri": INFORMATION_URI,
                            "rules": descriptors,
                            "properties": {
                                "rulePackVersion": run.run.rule_pack_version,
                                "rulePackSha256": run.run.rule_pack_sha256,
                            },
                        }
                    },
                    "invocations": [
                        {
                            "executionSuccessful": True,
                            "startTimeUtc": run.run.started_at,
                            "endTimeUtc": run.run.finished_at,
                            "toolExecutionNotifications": notes,
                        }
                    ],
                    "artifacts": [
                        {
                            "location": {"uri": uri},
                            "hashes": {"sha-256": run.snapshot.sha256},
                            "mimeType": "application/json",
                        }
                    ],
                    "results": results,
                    "columnKind": "unicodeCodePoints",
                    "properties": {
                        "accountId": run.snapshot.account_id,
                        "partition": run.snapshot.partition,
                        "regions": list(run.snapshot.regions),
                        "snapshotStartedAt": run.snapshot.started_at,
                        "totals": {s.value: totals[s] for s in STATUS_ORDER},
                        "poolsTotal": run.pools_total,
                        "poolsFullyObserved": run.pools_fully_observed,
                        "resultsOmitted": omitted,
                    },
                }
            ],
        }

    @staticmethod
    def _result(r: Result, rule_index: int, uri: str, run: RunResult) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ruleId": r.rule_id,
            "ruleIndex": rule_index,
            "kind": "fail",
            "level": "error" if r.status is Status.ERROR else _LEVEL[r.severity],
            "message": {"text": _message(r)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "index": 0},
                        "region": {"startLine": max(1, run.resource_lines.get(r.resource.arn, 1))},
                    },
                    "logicalLocations": [
                        {
                            "name": resource_label(r),
                            "fullyQualifiedName": r.resource.arn,
                            "kind": "resource",
                        }
                    ],
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: r.fingerprint},
            "properties": {
                "status": r.status.value,
                "severity": r.severity.value,
                "resourceType": r.resource.type,
                "region": r.resource.region,
                "accountId": r.resource.account_id,
            },
        }
        if r.status is Status.WAIVED:
            w = r.waiver
            out["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": waiver_text(w) if w else "waived",
                    **({"location": {"physicalLocation": {"artifactLocation": {
                        "uri": artifact_uri(w.source)}}}} if w and w.source else {}),
                }
            ]
        return out
