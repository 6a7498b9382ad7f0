"""CloudWatch Logs: account policies, scoped resource policies, and log-group lookups.

Added operations (backend method on ``LogsBackend`` + action on ``LogsResponse``):
``PutAccountPolicy``, ``DescribeAccountPolicies``, ``DeleteAccountPolicy``.

Corrected operations:

* ``PutResourcePolicy`` / ``DescribeResourcePolicies`` / ``DeleteResourcePolicy`` know both
  scopes: without ``resourceArn`` a policy is account-scoped (at most 10, moto's own store);
  with a log-group ``resourceArn`` it is attached to that group (one per group, guarded by
  ``expectedRevisionId``, dropped when the group is deleted). Items carry ``policyScope``, and
  resource-scoped ones ``resourceArn`` and ``revisionId``. ``DescribeResourcePolicies``
  defaults to ``policyScope=ACCOUNT``; ``RESOURCE`` needs a ``resourceArn``.
* ``CreateLogGroup`` accepts ``logGroupClass`` (default ``STANDARD``) and
  ``deletionProtectionEnabled``; ``DescribeLogGroups`` returns ``logGroupClass`` and honours
  ``logGroupIdentifiers`` (names or ARNs, with or without ``:*``; 1..50; not combinable with
  a prefix or pattern), ``logGroupNamePattern`` (case-sensitive substring; only ``arn``,
  ``creationTime`` and ``logGroupName`` come back) and ``logGroupClass``.

Account policies follow the ``PutAccountPolicy`` documentation: the six policy types of the
botocore model; ``scope`` ``ALL``; one data-protection and one subscription-filter policy per
account and Region (``LimitExceededException`` for a second name); a subscription-filter
document needs ``DestinationArn`` (an existing Firehose stream when it is one) and, except for
Lambda and logical destinations, ``RoleArn``; its ``selectionCriteria`` can only be
``LogGroupName NOT IN [...]``; ``selectionCriteria`` is refused for data-protection policies;
``dryRun`` is only for retention policies and then stores nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.core.utils import unix_time_millis, utcnow
from moto.logs.exceptions import (
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
)
from moto.logs.models import LogGroup, LogsBackend
from moto.logs.responses import LogsResponse

from ._graft import extension_state, graft, original

POLICY_TYPES = (
    "DATA_PROTECTION_POLICY",
    "SUBSCRIPTION_FILTER_POLICY",
    "FIELD_INDEX_POLICY",
    "TRANSFORMER_POLICY",
    "METRIC_EXTRACTION_POLICY",
    "RETENTION_POLICY",
)
POLICIES_PER_TYPE = {
    "DATA_PROTECTION_POLICY": 1,
    "SUBSCRIPTION_FILTER_POLICY": 1,
    "FIELD_INDEX_POLICY": 40,
    "TRANSFORMER_POLICY": 20,
    "METRIC_EXTRACTION_POLICY": 5,
    "RETENTION_POLICY": 20,
}
LOG_GROUP_CLASSES = ("STANDARD", "INFREQUENT_ACCESS", "DELIVERY", "ESSENTIALS")
RETENTION_DAYS = (30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                  3288, 3653)
MAX_POLICY_DOCUMENT = 51200
MAX_IDENTIFIERS = 50

_SUBSCRIPTION_CRITERIA = re.compile(r"^\s*LogGroupName\s+NOT\s+IN\s+(\[.*\])\s*$", re.DOTALL)
_LOG_GROUP_ARN = re.compile(
    r"^arn:(?P<partition>[\w-]+):logs:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"log-group:(?P<name>[.\-_/#A-Za-z0-9]+?)(?::\*)?$"
)
_CLASS_ATTR = "_cognito_lint_log_group_class"
_PROTECTION_ATTR = "_cognito_lint_deletion_protection"


class OperationAbortedException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("OperationAbortedException", message)


@dataclass
class AccountPolicy:
    policy_name: str
    policy_document: str
    policy_type: str
    account_id: str
    scope: str = "ALL"
    selection_criteria: str | None = None
    last_updated: datetime = field(default_factory=utcnow)

    def describe(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "policyName": self.policy_name,
            "policyDocument": self.policy_document,
            "lastUpdatedTime": int(unix_time_millis(self.last_updated)),
            "policyType": self.policy_type,
            "scope": self.scope,
            "accountId": self.account_id,
        }
        if self.selection_criteria is not None:
            item["selectionCriteria"] = self.selection_criteria
        return item


@dataclass
class ResourceScopedPolicy:
    policy_name: str
    policy_document: str
    resource_arn: str
    revision_id: str
    last_updated: datetime = field(default_factory=utcnow)

    def describe(self) -> dict[str, Any]:
        return {
            "policyName": self.policy_name,
            "policyDocument": self.policy_document,
            "lastUpdatedTime": int(unix_time_millis(self.last_updated)),
            "policyScope": "RESOURCE",
            "resourceArn": self.resource_arn,
            "revisionId": self.revision_id,
        }


@dataclass
class LogsState:
    account_policies: dict[tuple[str, str], AccountPolicy] = field(default_factory=dict)
    resource_policies: dict[str, ResourceScopedPolicy] = field(default_factory=dict)
    revision_counter: int = 0


def state(backend: LogsBackend) -> LogsState:
    return extension_state(backend, "logs", LogsState)


def _invalid(message: str) -> InvalidParameterException:
    return InvalidParameterException(msg=message)


def _require_enum(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _invalid(
            f"1 validation error detected: Value '{value}' at '{name}' failed to satisfy "
            f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
        )


def _json_object(document: Any, what: str) -> dict[str, Any]:
    try:
        parsed = json.loads(document)
    except (TypeError, ValueError):
        raise _invalid(f"{what} is not valid JSON.") from None
    if not isinstance(parsed, dict):
        raise _invalid(f"{what} must be a JSON object.")
    return parsed


# ---------------------------------------------------------------- account policies


def _validate_subscription_document(backend: LogsBackend, document: dict[str, Any]) -> None:
    destination = document.get("DestinationArn")
    if not isinstance(destination, str) or not destination:
        raise _invalid("A subscription filter policy needs a DestinationArn.")
    parts = destination.split(":")
    service = parts[2] if len(parts) > 5 else ""
    if service == "firehose":
        from moto.firehose.models import firehose_backends

        found = firehose_backends[backend.account_id][backend.region_name].lookup_name_from_arn(
            destination
        )
        if not found:
            raise _invalid(
                "Could not deliver test message to specified Firehose stream. "
                "Check if the given Firehose stream is in ACTIVE state."
            )
    elif service not in ("kinesis", "lambda", "logs"):
        raise _invalid(f"DestinationArn '{destination}' is not a supported destination.")
    if service in ("kinesis", "firehose") and not document.get("RoleArn"):
        raise _invalid("A subscription filter policy to Kinesis or Firehose needs a RoleArn.")
    if "FilterPattern" in document and not isinstance(document["FilterPattern"], str):
        raise _invalid("FilterPattern must be a string.")
    if "Distribution" in document:
        _require_enum("policyDocument.Distribution", document["Distribution"],
                      ("Random", "ByLogStream"))


def subscription_excluded_groups(selection_criteria: str) -> list[str]:
    """The names listed by a ``LogGroupName NOT IN [...]`` selection criteria."""
    match = _SUBSCRIPTION_CRITERIA.match(selection_criteria)
    names: Any = None
    if match:
        try:
            names = json.loads(match.group(1))
        except ValueError:
            names = None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _invalid(
            "The selectionCriteria of a subscription filter policy must be "
            'LogGroupName NOT IN ["name", ...].'
        )
    return names


def _days(retention: Any) -> float:
    if retention is None or retention == "NEVER_EXPIRE":
        return float("inf")
    return float(retention)


def _retention_dry_run(
    backend: LogsBackend, document: dict[str, Any], selection: str | None
) -> dict[str, Any]:
    prefixes: list[str] = []
    if selection:
        match = re.match(r"^\s*LogGroupNamePrefix\s+IN\s+(\[.*\])\s*$", selection)
        if not match:
            raise _invalid("A retention policy selectionCriteria must be LogGroupNamePrefix IN [].")
        prefixes = json.loads(match.group(1))
    proposed_days = _days(document.get("retentionInDays"))
    counts = {"increased": 0, "decreased": 0, "unchanged": 0}
    matched = 0
    for name, group in backend.groups.items():
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        matched += 1
        # "Never expire" (no retention) is the longest retention of all.
        current = _days(group.retention_in_days)
        if proposed_days == current:
            counts["unchanged"] += 1
        elif proposed_days < current:
            counts["decreased"] += 1
        else:
            counts["increased"] += 1
    return {
        "totalMatchedLogGroups": matched,
        "increasedRetentionLogGroupCount": counts["increased"],
        "decreasedRetentionLogGroupCount": counts["decreased"],
        "unchangedRetentionLogGroupCount": counts["unchanged"],
        "failedAnalysisCount": 0,
        "topLogGroupsImpacted": [],
    }


def put_account_policy(
    self: LogsBackend,
    policy_name: str,
    policy_document: str,
    policy_type: str,
    scope: str | None = None,
    selection_criteria: str | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Backend method: create or update an account-level policy (or dry-run a retention one)."""
    if not policy_name:
        raise _invalid("policyName is required.")
    if policy_name.startswith("aws/"):
        raise _invalid("A policy name cannot start with aws/.")
    _require_enum("policyType", policy_type, POLICY_TYPES)
    _require_enum("scope", scope or "ALL", ("ALL",))
    if dry_run and policy_type != "RETENTION_POLICY":
        raise _invalid("dryRun is valid only for RETENTION_POLICY.")
    if selection_criteria is not None and policy_type == "DATA_PROTECTION_POLICY":
        raise _invalid("selectionCriteria is not supported for DATA_PROTECTION_POLICY.")
    document = _json_object(policy_document, "policyDocument")
    if policy_type == "SUBSCRIPTION_FILTER_POLICY":
        _validate_subscription_document(self, document)
        if selection_criteria is not None:
            subscription_excluded_groups(selection_criteria)
    if policy_type == "RETENTION_POLICY":
        days = document.get("retentionInDays")
        if days != "NEVER_EXPIRE" and days not in RETENTION_DAYS:
            raise _invalid(f"retentionInDays must be one of {RETENTION_DAYS} or NEVER_EXPIRE.")
        if dry_run:
            return {"dryRunResult": _retention_dry_run(self, document, selection_criteria)}

    policies = state(self).account_policies
    key = (policy_type, policy_name)
    same_type = [p for (t, _), p in policies.items() if t == policy_type]
    if key not in policies and len(same_type) >= POLICIES_PER_TYPE[policy_type]:
        raise LimitExceededException()
    policy = AccountPolicy(
        policy_name=policy_name,
        policy_document=policy_document,
        policy_type=policy_type,
        account_id=self.account_id,
        scope=scope or "ALL",
        selection_criteria=selection_criteria,
    )
    policies[key] = policy
    return {"accountPolicy": policy.describe()}


def describe_account_policies(
    self: LogsBackend,
    policy_type: str,
    policy_name: str | None = None,
    account_identifiers: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Backend method: the policies of one type, optionally one name, sorted by name."""
    _require_enum("policyType", policy_type, POLICY_TYPES)
    if account_identifiers and self.account_id not in account_identifiers:
        return []
    return [
        policy.describe()
        for (kind, name), policy in sorted(state(self).account_policies.items())
        if kind == policy_type and (policy_name is None or name == policy_name)
    ]


def delete_account_policy(
    self: LogsBackend, policy_name: str, policy_type: str, dry_run: bool = False
) -> dict[str, Any]:
    """Backend method."""
    _require_enum("policyType", policy_type, POLICY_TYPES)
    if dry_run and policy_type != "RETENTION_POLICY":
        raise _invalid("dryRun is valid only for RETENTION_POLICY.")
    policies = state(self).account_policies
    if (policy_type, policy_name) not in policies:
        raise ResourceNotFoundException(
            msg=f"Policy with name [{policy_name}] and type [{policy_type}] does not exist"
        )
    if dry_run:
        return {"dryRunResult": _retention_dry_run(self, {"retentionInDays": "NEVER_EXPIRE"},
                                                   None)}
    del policies[(policy_type, policy_name)]
    return {}


def _put_account_policy_action(self: LogsResponse) -> str:
    return json.dumps(
        put_account_policy(
            self.logs_backend,
            policy_name=self._get_param("policyName"),
            policy_document=self._get_param("policyDocument"),
            policy_type=self._get_param("policyType"),
            scope=self._get_param("scope"),
            selection_criteria=self._get_param("selectionCriteria"),
            dry_run=bool(self._get_param("dryRun", False)),
        )
    )


def _describe_account_policies_action(self: LogsResponse) -> str:
    policies = describe_account_policies(
        self.logs_backend,
        policy_type=self._get_param("policyType"),
        policy_name=self._get_param("policyName"),
        account_identifiers=self._get_param("accountIdentifiers"),
    )
    return json.dumps({"accountPolicies": policies})


def _delete_account_policy_action(self: LogsResponse) -> str:
    return json.dumps(
        delete_account_policy(
            self.logs_backend,
            policy_name=self._get_param("policyName"),
            policy_type=self._get_param("policyType"),
            dry_run=bool(self._get_param("dryRun", False)),
        )
    )


# ---------------------------------------------------------------- resource policies


def _log_group_for_arn(backend: LogsBackend, arn: str) -> tuple[str, LogGroup]:
    """(normalised ARN, group) for a log-group ARN of this account and Region."""
    match = _LOG_GROUP_ARN.match(arn or "")
    if (
        not match
        or match["account"] != backend.account_id
        or match["region"] != backend.region_name
    ):
        raise _invalid(f"resourceArn '{arn}' is not a log group ARN of this account and Region.")
    group = backend.groups.get(match["name"])
    if group is None:
        raise ResourceNotFoundException()
    return group.arn, group


def _next_revision(backend: LogsBackend, arn: str, document: str) -> str:
    ext = state(backend)
    ext.revision_counter += 1
    seed = f"{arn}\n{document}\n{ext.revision_counter}".encode()
    return hashlib.sha256(seed).hexdigest()[:32]


def put_scoped_resource_policy(
    self: LogsBackend,
    policy_name: str | None,
    policy_document: str | None,
    resource_arn: str | None = None,
    expected_revision_id: str | None = None,
) -> dict[str, Any]:
    """Backend method: ``PutResourcePolicy`` for either scope; returns the response body."""
    if not policy_document:
        raise _invalid("policyDocument is required.")
    if len(policy_document) > MAX_POLICY_DOCUMENT:
        raise _invalid(f"policyDocument is longer than {MAX_POLICY_DOCUMENT} characters.")
    _json_object(policy_document, "policyDocument")
    if resource_arn is None:
        if not policy_name:
            raise _invalid("policyName is required.")
        policy = self.put_resource_policy(policy_name, policy_document)
        item = dict(policy.describe(), policyScope="ACCOUNT")
        return {"resourcePolicy": item}
    arn, _group = _log_group_for_arn(self, resource_arn)
    policies = state(self).resource_policies
    existing = policies.get(arn)
    if existing is not None and expected_revision_id != existing.revision_id:
        raise OperationAbortedException(
            "The expectedRevisionId does not match the current revision of the resource policy."
        )
    if existing is None and expected_revision_id is not None:
        raise OperationAbortedException(
            "There is no resource policy to update: omit expectedRevisionId to create one."
        )
    policy_name = policy_name or (existing.policy_name if existing else "")
    if not policy_name:
        raise _invalid("policyName is required.")
    scoped = ResourceScopedPolicy(
        policy_name=policy_name,
        policy_document=policy_document,
        resource_arn=arn,
        revision_id=_next_revision(self, arn, policy_document),
    )
    policies[arn] = scoped
    return {"resourcePolicy": scoped.describe(), "revisionId": scoped.revision_id}


def describe_scoped_resource_policies(
    self: LogsBackend, policy_scope: str | None = None, resource_arn: str | None = None
) -> list[dict[str, Any]]:
    """Backend method: ``DescribeResourcePolicies`` items for one scope (default ACCOUNT)."""
    scope = policy_scope or ("RESOURCE" if resource_arn else "ACCOUNT")
    _require_enum("policyScope", scope, ("ACCOUNT", "RESOURCE"))
    if scope == "ACCOUNT":
        if resource_arn:
            raise _invalid("resourceArn cannot be combined with policyScope ACCOUNT.")
        policies = self.describe_resource_policies()
        return [dict(p.describe(), policyScope="ACCOUNT") for p in policies]
    if not resource_arn:
        raise _invalid("resourceArn is required with policyScope RESOURCE.")
    arn, _group = _log_group_for_arn(self, resource_arn)
    policy = state(self).resource_policies.get(arn)
    return [policy.describe()] if policy else []


def delete_scoped_resource_policy(
    self: LogsBackend,
    policy_name: str | None,
    resource_arn: str | None = None,
    expected_revision_id: str | None = None,
) -> None:
    """Backend method: ``DeleteResourcePolicy`` for either scope."""
    if resource_arn is None:
        if not policy_name:
            raise _invalid("policyName is required.")
        self.delete_resource_policy(policy_name)
        return
    arn, _group = _log_group_for_arn(self, resource_arn)
    policies = state(self).resource_policies
    existing = policies.get(arn)
    if existing is None or (policy_name and policy_name != existing.policy_name):
        raise ResourceNotFoundException(
            msg=f"Policy with name [{policy_name}] does not exist for resource [{arn}]"
        )
    if expected_revision_id != existing.revision_id:
        raise OperationAbortedException(
            "The expectedRevisionId does not match the current revision of the resource policy."
        )
    del policies[arn]


def _put_resource_policy_action(self: LogsResponse) -> str:
    return json.dumps(
        put_scoped_resource_policy(
            self.logs_backend,
            policy_name=self._get_param("policyName"),
            policy_document=self._get_param("policyDocument"),
            resource_arn=self._get_param("resourceArn"),
            expected_revision_id=self._get_param("expectedRevisionId"),
        )
    )


def _describe_resource_policies_action(self: LogsResponse) -> str:
    policies = describe_scoped_resource_policies(
        self.logs_backend,
        policy_scope=self._get_param("policyScope"),
        resource_arn=self._get_param("resourceArn"),
    )
    return json.dumps({"resourcePolicies": policies})


def _delete_resource_policy_action(self: LogsResponse) -> str:
    delete_scoped_resource_policy(
        self.logs_backend,
        policy_name=self._get_param("policyName"),
        resource_arn=self._get_param("resourceArn"),
        expected_revision_id=self._get_param("expectedRevisionId"),
    )
    return ""


# ---------------------------------------------------------------- log groups


def _create_log_group_action(self: LogsResponse) -> str:
    log_group_class = self._get_param("logGroupClass") or "STANDARD"
    _require_enum("logGroupClass", log_group_class, LOG_GROUP_CLASSES)
    protection = self._get_param("deletionProtectionEnabled")
    result: str = original(LogsResponse, "create_log_group")(self)
    group = self.logs_backend.groups[self._get_param("logGroupName")]
    setattr(group, _CLASS_ATTR, log_group_class)
    if protection is not None:
        setattr(group, _PROTECTION_ATTR, bool(protection))
    return result


def _delete_log_group(self: LogsBackend, log_group_name: str) -> None:
    group = self.groups.get(log_group_name)
    if group is not None and getattr(group, _PROTECTION_ATTR, False):
        raise _invalid(f"Log group {log_group_name} has deletion protection enabled.")
    original(LogsBackend, "delete_log_group")(self, log_group_name)
    if group is not None:
        state(self).resource_policies.pop(group.arn, None)


def _to_describe_dict(self: LogGroup) -> dict[str, Any]:
    described: dict[str, Any] = original(LogGroup, "to_describe_dict")(self)
    described["logGroupClass"] = getattr(self, _CLASS_ATTR, "STANDARD")
    if getattr(self, _PROTECTION_ATTR, False):
        described["deletionProtectionEnabled"] = True
    return described


def _identifier_name(backend: LogsBackend, identifier: str) -> str:
    match = _LOG_GROUP_ARN.match(identifier)
    if match is None:
        return identifier
    if match["account"] != backend.account_id or match["region"] != backend.region_name:
        return ""
    return match["name"]


def describe_log_groups_filtered(
    self: LogsBackend,
    prefix: str | None = None,
    pattern: str | None = None,
    identifiers: list[str] | None = None,
    log_group_class: str | None = None,
) -> list[LogGroup]:
    """Backend method: the groups ``DescribeLogGroups`` selects, sorted by name."""
    if prefix is not None and pattern is not None:
        raise _invalid("logGroupNamePrefix and logGroupNamePattern are mutually exclusive.")
    if identifiers is not None:
        if prefix is not None or pattern is not None or log_group_class is not None:
            raise _invalid(
                "logGroupIdentifiers can be combined only with includeLinkedAccounts."
            )
        if not 1 <= len(identifiers) <= MAX_IDENTIFIERS:
            raise _invalid(f"logGroupIdentifiers must hold 1 to {MAX_IDENTIFIERS} identifiers.")
    if log_group_class is not None:
        _require_enum("logGroupClass", log_group_class, LOG_GROUP_CLASSES)
    wanted = {_identifier_name(self, i) for i in identifiers} if identifiers is not None else None
    classes = {log_group_class}
    if log_group_class in ("INFREQUENT_ACCESS", "ESSENTIALS"):
        classes = {"INFREQUENT_ACCESS", "ESSENTIALS"}
    selected = []
    for name, group in self.groups.items():
        if wanted is not None and name not in wanted:
            continue
        if prefix is not None and not name.startswith(prefix):
            continue
        if pattern is not None and pattern not in name:
            continue
        if log_group_class is not None and getattr(group, _CLASS_ATTR, "STANDARD") not in classes:
            continue
        selected.append(group)
    return sorted(selected, key=lambda g: g.name)


def _describe_log_groups_action(self: LogsResponse) -> str:
    limit = self._get_param("limit", 50)
    if not 1 <= int(limit) <= 50:
        raise _invalid("limit must be between 1 and 50.")
    pattern = self._get_param("logGroupNamePattern")
    groups = describe_log_groups_filtered(
        self.logs_backend,
        prefix=self._get_param("logGroupNamePrefix"),
        pattern=pattern,
        identifiers=self._get_param("logGroupIdentifiers"),
        log_group_class=self._get_param("logGroupClass"),
    )
    next_token = self._get_param("nextToken")
    start = 0
    if next_token:
        start = next((i for i, g in enumerate(groups) if g.name >= next_token), len(groups))
    page = groups[start : start + int(limit)]
    rest = groups[start + int(limit) :]
    items = [g.to_describe_dict() for g in page]
    if pattern is not None:
        items = [
            {k: v for k, v in item.items() if k in ("arn", "creationTime", "logGroupName")}
            for item in items
        ]
    result: dict[str, Any] = {"logGroups": items}
    if rest:
        result["nextToken"] = rest[0].name
    return json.dumps(result)


def install() -> None:
    graft(
        LogsBackend,
        {
            "put_account_policy": put_account_policy,
            "describe_account_policies": describe_account_policies,
            "delete_account_policy": delete_account_policy,
            "put_scoped_resource_policy": put_scoped_resource_policy,
            "describe_scoped_resource_policies": describe_scoped_resource_policies,
            "delete_scoped_resource_policy": delete_scoped_resource_policy,
            "describe_log_groups_filtered": describe_log_groups_filtered,
            "delete_log_group": _delete_log_group,
        },
    )
    graft(LogGroup, {"to_describe_dict": _to_describe_dict})
    graft(
        LogsResponse,
        {
            "put_account_policy": _put_account_policy_action,
            "describe_account_policies": _describe_account_policies_action,
            "delete_account_policy": _delete_account_policy_action,
            "put_resource_policy": _put_resource_policy_action,
            "describe_resource_policies": _describe_resource_policies_action,
            "delete_resource_policy": _delete_resource_policy_action,
            "create_log_group": _create_log_group_action,
            "describe_log_groups": _describe_log_groups_action,
        },
    )
