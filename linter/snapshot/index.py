"""Indexes over a loaded snapshot, built once: by ARN, by type, by (type, region), and the
collection errors by what they make unknown. Every lookup the engine and the facts make goes
through here, so no rule scans the snapshot per resource."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Resource = dict[str, Any]


def normalize_arn(arn: str) -> str:
    """Log-group ARNs come with (DescribeLogGroups ``arn``) or without (``logGroupArn``, Cognito
    ``LogGroupArn``) a trailing ``:*``; both name the same group."""
    return arn[:-2] if arn.endswith(":*") else arn


def arn_region(arn: str) -> str | None:
    parts = arn.split(":", 5)
    return parts[3] or None if len(parts) > 4 else None


def arn_account(arn: str) -> str | None:
    parts = arn.split(":", 5)
    return parts[4] or None if len(parts) > 4 else None


@dataclass(frozen=True)
class ErrorRecord:
    """A collection error as the snapshot records it (see docs/snapshot-format.md)."""

    service: str
    operation: str
    region: str | None
    error_code: str
    message: str
    resource_type: str | None
    resource_arn: str | None
    field: str | None

    def describe(self) -> str:
        where = f" in {self.region}" if self.region else ""
        what = f" for {self.resource_arn}" if self.resource_arn else ""
        return f"{self.service}:{self.operation}{where}{what} failed: {self.error_code}"


class SnapshotIndex:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.metadata: dict[str, Any] = doc.get("metadata", {})
        self.collected_types: frozenset[str] = frozenset(self.metadata.get("collected_types", []))
        self.regions: tuple[str, ...] = tuple(self.metadata.get("regions", []))
        self._by_arn: dict[str, Resource] = {}
        self._by_type: dict[str, list[Resource]] = defaultdict(list)
        self._by_type_region: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        for rtype, items in (doc.get("resources") or {}).items():
            for res in items:
                self._by_arn[normalize_arn(res["arn"])] = res
                self._by_type[rtype].append(res)
                self._by_type_region[(rtype, res["region"])].append(res)
        self.errors: tuple[ErrorRecord, ...] = tuple(
            ErrorRecord(
                service=e.get("service", ""),
                operation=e.get("operation", ""),
                region=e.get("region"),
                error_code=e.get("error_code", ""),
                message=e.get("message", ""),
                resource_type=e.get("resource_type"),
                resource_arn=normalize_arn(e["resource_arn"]) if e.get("resource_arn") else None,
                field=e.get("field"),
            )
            for e in doc.get("errors", [])
        )
        # (type, region) whose listing failed; region None = every region
        self._type_errors: dict[tuple[str, str | None], list[ErrorRecord]] = defaultdict(list)
        # arn -> errors for the whole resource (field None) or one body key
        self._resource_errors: dict[str, list[ErrorRecord]] = defaultdict(list)
        self._field_errors: dict[tuple[str, str], list[ErrorRecord]] = defaultdict(list)
        for err in self.errors:
            if err.resource_arn is None:
                if err.resource_type:
                    self._type_errors[(err.resource_type, err.region)].append(err)
            elif err.field is None:
                self._resource_errors[err.resource_arn].append(err)
            else:
                self._field_errors[(err.resource_arn, err.field)].append(err)

    # -- lookups -----------------------------------------------------------------------------
    def get(self, arn: str) -> Resource | None:
        return self._by_arn.get(normalize_arn(arn))

    def of_type(self, rtype: str) -> list[Resource]:
        return self._by_type.get(rtype, [])

    def of_type_in_region(self, rtype: str, region: str) -> list[Resource]:
        return self._by_type_region.get((rtype, region), [])

    def types(self) -> Iterable[str]:
        return self._by_type.keys()

    # -- what is unknown ---------------------------------------------------------------------
    def type_incomplete(self, rtype: str, region: str | None = None) -> list[str]:
        """Reasons why the list of ``rtype`` (in ``region``, or anywhere when None) may be
        incomplete: the type is not collected by this source, or its listing failed."""
        reasons: list[str] = []
        if rtype not in self.collected_types:
            kind = self.metadata.get("source", {}).get("kind", "snapshot")
            reasons.append(f"{rtype} is not collected by this {kind} source")
            return reasons
        for (etype, eregion), errs in self._type_errors.items():
            if etype != rtype:
                continue
            if region is None or eregion is None or eregion == region:
                reasons.extend(e.describe() for e in errs)
        return reasons

    def resource_unknown(self, arn: str) -> list[str]:
        """Reasons why the resource ``arn`` may exist but is absent (it could not be described,
        or its type's listing failed in its region)."""
        arn = normalize_arn(arn)
        reasons = [e.describe() for e in self._resource_errors.get(arn, [])]
        rtype = _type_of_arn(arn)
        if rtype is not None:
            reasons.extend(self.type_incomplete(rtype, arn_region(arn)))
        return reasons

    def field_unknown(self, arn: str, body_key: str) -> list[str]:
        """Reasons why body key ``body_key`` of resource ``arn`` is absent."""
        return [e.describe() for e in self._field_errors.get((normalize_arn(arn), body_key), [])]


def _type_of_arn(arn: str) -> str | None:
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None
    service, rest = parts[2], parts[5]
    if service == "cognito-idp" and rest.startswith("userpool/"):
        return "cognito.user_pool"
    if service == "cognito-identity" and rest.startswith("identitypool/"):
        return "cognito.identity_pool"
    if service == "logs" and rest.startswith("log-group:"):
        return "logs.log_group"
    if service == "cloudwatch" and rest.startswith("metric-stream/"):
        return "cloudwatch.metric_stream"
    if service == "firehose" and rest.startswith("deliverystream/"):
        return "firehose.delivery_stream"
    if service == "cloudtrail" and rest.startswith("trail/"):
        return "cloudtrail.trail"
    if service == "s3" and rest and "/" not in rest:
        return "s3.bucket"
    if service == "kms" and rest.startswith("key/"):
        return "kms.key"
    return None


def type_of_arn(arn: str) -> str | None:
    """The snapshot resource type an ARN names, when the ARN's form tells."""
    return _type_of_arn(normalize_arn(arn))
