"""The results model: what the engine produces and every reporter consumes.

Reporters take a :class:`RunResult` and return text; they never compute. Everything a report
shows (totals, pipelines, the evidence header) is already here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: critical 4 … info 0."""
        return _SEVERITY_RANK[self]

    @classmethod
    def ordered(cls) -> list[Severity]:
        """Most severe first."""
        return sorted(cls, key=lambda s: -s.rank)


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"


class Stage(str, Enum):
    """Where a rule sits in the per-pool pipeline picture."""

    LOG_DELIVERY = "log_delivery"
    LOG_GROUP = "log_group"
    SUBSCRIPTION = "subscription"
    FIREHOSE = "firehose"
    ENDPOINT = "endpoint"
    METRIC_STREAM = "metric_stream"
    TRAIL = "trail"
    POSTURE = "posture"


@dataclass(frozen=True)
class RuleMeta:
    id: str
    title: str
    severity: Severity
    resource: str
    description: str
    rationale: str
    remediation: str
    references: tuple[str, ...] = ()
    controls: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    stage: Stage | None = None
    source_file: str = ""
    help_uri: str = ""


@dataclass(frozen=True)
class ResourceRef:
    type: str
    arn: str
    name: str
    region: str
    account_id: str


@dataclass(frozen=True)
class Evidence:
    """One observed value the rule read, where it was read, and what was expected of it."""

    path: str
    observed: Any
    expected: str | None = None


@dataclass(frozen=True)
class Waiver:
    rule: str
    resource: str
    reason: str
    owner: str
    expires: str
    ticket: str | None = None
    source: str = ""
    """Where the waiver is written: ``file:line``."""
    account: str | None = None
    """Narrows the waiver to one account (None: any)."""
    region: str | None = None
    """Narrows the waiver to one Region (None: any)."""


@dataclass(frozen=True)
class Result:
    rule_id: str
    status: Status
    severity: Severity
    resource: ResourceRef
    message: str
    evidence: tuple[Evidence, ...] = ()
    errors: tuple[str, ...] = ()
    """Why the result is ``error``: the collection errors or missing types it depends on."""
    waiver: Waiver | None = None
    fingerprint: str = ""

    @staticmethod
    def make_fingerprint(rule_id: str, account_id: str, region: str, arn: str) -> str:
        """Stable identity: rule id + account + region + ARN (no line numbers, no names)."""
        raw = "\x1f".join((rule_id, account_id, region, arn))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class CollectionError:
    service: str
    operation: str
    region: str | None
    error_code: str
    message: str
    resource_type: str | None = None
    resource_arn: str | None = None
    field: str | None = None
    iam_action: str | None = None


@dataclass(frozen=True)
class PipelineNode:
    """One box of a pool's pipeline picture.

    ``status`` is the worst status of the results attached to this node (fail > error >
    waived > pass; ``None`` when no rule result applies, e.g. the node does not exist).
    """

    stage: Stage
    label: str
    arn: str | None
    status: Status | None
    result_fingerprints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pipeline:
    """The chain pool -> log group -> subscription -> Firehose -> endpoint, plus the metric
    stream and the covering trail, for one user pool."""

    pool: ResourceRef
    nodes: tuple[PipelineNode, ...]
    fully_observed: bool


@dataclass(frozen=True)
class SnapshotInfo:
    path: str
    sha256: str
    schema_version: str
    source_kind: str
    account_id: str
    partition: str
    regions: tuple[str, ...]
    started_at: str
    finished_at: str
    principal_arn: str | None
    tool_version: str


@dataclass(frozen=True)
class RunInfo:
    tool_version: str
    rule_pack_version: str
    rule_pack_sha256: str
    started_at: str
    finished_at: str
    fail_on: Severity | None
    waivers_file: str | None = None


@dataclass(frozen=True)
class RunResult:
    """Everything one ``check`` produced. Results are sorted by (severity desc, rule id, arn)."""

    run: RunInfo
    snapshot: SnapshotInfo
    rules: tuple[RuleMeta, ...]
    results: tuple[Result, ...]
    collection_errors: tuple[CollectionError, ...]
    pipelines: tuple[Pipeline, ...]
    stale_waivers: tuple[Waiver, ...] = ()
    expired_waivers: tuple[Waiver, ...] = ()
    resource_lines: dict[str, int] = field(default_factory=dict)
    """Line in the snapshot file where each resource's record starts, by ARN (for SARIF)."""

    def totals_by_status(self) -> dict[Status, int]:
        out = {s: 0 for s in Status}
        for r in self.results:
            out[r.status] += 1
        return out

    def totals_by_severity(self) -> dict[Severity, dict[Status, int]]:
        out = {sev: {s: 0 for s in Status} for sev in Severity.ordered()}
        for r in self.results:
            out[r.severity][r.status] += 1
        return out

    @property
    def pools_total(self) -> int:
        return len(self.pipelines)

    @property
    def pools_fully_observed(self) -> int:
        return sum(1 for p in self.pipelines if p.fully_observed)

    @property
    def incomplete(self) -> bool:
        return any(r.status is Status.ERROR for r in self.results)
