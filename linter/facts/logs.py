"""Facts about CloudWatch Logs log groups: who forwards them, which pools write to them, and
whether the vended-logs delivery service may write to them (domain-facts §1.3, §1.4, §4.1)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from linter.facts import _iam
from linter.facts._common import (
    BOOLEAN,
    NULLABLE_STRING,
    STRING,
    STRING_LIST,
    arn_parts,
    enum,
    list_of,
    obj,
)
from linter.facts.indexes import pool_targets
from linter.facts.registry import FactContext, FactUnknown, fact
from linter.snapshot.index import Resource, normalize_arn

LOG_GROUP = "logs.log_group"
ACCOUNT_POLICY = "logs.account_policy"
RESOURCE_POLICY = "logs.resource_policy"

DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com"
DELIVERY_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")

FORWARDER = obj(
    scope=enum("log_group", "account"),
    name=STRING,
    destination_arn=STRING,
    role_arn=NULLABLE_STRING,
    filter_pattern=STRING,
    destination_kind=enum("firehose", "lambda", "kinesis", "logs", "other"),
)


def destination_kind(arn: str) -> str:
    """What a subscription destination ARN names: a Firehose delivery stream, a Lambda function,
    a Kinesis data stream, a CloudWatch Logs destination (cross-account), or something else."""
    parts = arn_parts(arn)
    if parts is None:
        return "other"
    service, resource = parts[1], parts[4]
    if service == "firehose" and resource.startswith("deliverystream/"):
        return "firehose"
    if service == "lambda" and resource.startswith("function:"):
        return "lambda"
    if service == "kinesis" and resource.startswith("stream/"):
        return "kinesis"
    if service == "logs" and resource.startswith("destination:"):
        return "logs"
    return "other"


_NOT_IN = re.compile(r"^\s*LogGroupName\s+NOT\s+IN\s*(\[.*\])\s*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class AccountSubscription:
    """A parsed account-level subscription filter policy (``SUBSCRIPTION_FILTER_POLICY``)."""

    arn: str
    name: str
    destination_arn: str
    role_arn: str | None
    filter_pattern: str
    excluded: frozenset[str] | None
    """Log group names excluded by ``selectionCriteria``; None when it could not be read."""
    problem: str | None = None


def parse_selection_criteria(text: str | None) -> frozenset[str] | None:
    """The log group names of ``LogGroupName NOT IN [...]`` (the only selection criteria
    CloudWatch Logs supports for subscription policies, domain-facts §4.1); an absent or empty
    criteria excludes nothing. None when the text is not of that form."""
    if text is None or not text.strip():
        return frozenset()
    m = _NOT_IN.match(text)
    if not m:
        return None
    try:
        names = json.loads(m.group(1))
    except ValueError:
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return frozenset(names)


def _parse_account_policy(res: Resource) -> AccountSubscription | None:
    body = res.get("AccountPolicy")
    if not isinstance(body, dict):
        return None
    if body.get("policyType", "SUBSCRIPTION_FILTER_POLICY") != "SUBSCRIPTION_FILTER_POLICY":
        return None
    name = body.get("policyName") or res.get("name", "")
    doc = _iam.parse_policy(body.get("policyDocument"))
    excluded = parse_selection_criteria(body.get("selectionCriteria"))
    problem = None
    if doc is None or not doc.get("DestinationArn"):
        problem = f"account subscription policy {name}: policyDocument has no DestinationArn"
    elif excluded is None:
        problem = (f"account subscription policy {name}: selectionCriteria "
                   f"{body.get('selectionCriteria')!r} is not 'LogGroupName NOT IN [...]'")
    doc = doc or {}
    return AccountSubscription(
        arn=res["arn"],
        name=name,
        destination_arn=str(doc.get("DestinationArn") or ""),
        role_arn=doc.get("RoleArn") or None,
        filter_pattern=str(doc.get("FilterPattern") or ""),
        excluded=excluded,
        problem=problem,
    )


def account_subscriptions(ctx: FactContext, region: str) -> list[AccountSubscription]:
    """The parsed account subscription policies of ``region`` (cached per snapshot)."""
    table: dict[str, list[AccountSubscription]] = ctx.cached(
        "logs:account_subscriptions", _build_account_subscriptions
    )
    return table.get(region, [])


def _build_account_subscriptions(ctx: FactContext) -> dict[str, list[AccountSubscription]]:
    out: dict[str, list[AccountSubscription]] = {}
    for res in ctx.index.of_type(ACCOUNT_POLICY):
        parsed = _parse_account_policy(res)
        if parsed is not None:
            out.setdefault(res["region"], []).append(parsed)
    return out


@fact("forwarders", resource_types=LOG_GROUP, returns=list_of(FORWARDER))
def forwarders(ctx: FactContext, group: Resource) -> list[dict[str, Any]]:
    """Everything that forwards this log group's events elsewhere (domain-facts §4.1, §7.7):

    - its log-group subscription filters (``SubscriptionFilters``, at most 2), ``scope: log_group``;
    - the Region's account-level subscription filter policy (``logs.account_policy`` with
      ``policyType SUBSCRIPTION_FILTER_POLICY``; one per Region) unless its ``selectionCriteria``
      ``LogGroupName NOT IN [...]`` names this group, ``scope: account``. Its ``policyDocument``
      gives ``DestinationArn``, ``RoleArn`` and ``FilterPattern``.

    Item: ``{scope, name, destination_arn, role_arn, filter_pattern, destination_kind}``, with
    ``destination_kind`` firehose | lambda | kinesis | logs (a cross-account destination) | other,
    read from the destination ARN. An absent ``filterPattern`` is ``""`` (forwards everything).

    Unknown when nothing is known to forward the group and either its subscription filters or
    the Region's account policies could not be collected (or a policy could not be read).
    When something does forward it, the known forwarders are returned."""
    region = group["region"]
    name = (group.get("LogGroup") or {}).get("logGroupName") or group.get("name", "")
    reasons: list[str] = []
    out: list[dict[str, Any]] = []
    try:
        filters = ctx.body(group, "SubscriptionFilters") or []
    except FactUnknown as exc:
        reasons.extend(exc.reasons)
        filters = []
    for f in filters:
        if not isinstance(f, dict):
            continue
        dest = f.get("destinationArn") or ""
        out.append(
            {
                "scope": "log_group",
                "name": f.get("filterName") or "",
                "destination_arn": dest,
                "role_arn": f.get("roleArn") or None,
                "filter_pattern": f.get("filterPattern") or "",
                "destination_kind": destination_kind(dest),
            }
        )
    reasons.extend(ctx.index.type_incomplete(ACCOUNT_POLICY, region))
    for pol in account_subscriptions(ctx, region):
        if pol.problem is not None:
            reasons.append(pol.problem)
            continue
        if pol.excluded is not None and name in pol.excluded:
            continue
        out.append(
            {
                "scope": "account",
                "name": pol.name,
                "destination_arn": pol.destination_arn,
                "role_arn": pol.role_arn,
                "filter_pattern": pol.filter_pattern,
                "destination_kind": destination_kind(pol.destination_arn),
            }
        )
    if not out and reasons:
        raise FactUnknown(tuple(reasons))
    return out


@fact("referenced_by_pools", resource_types=LOG_GROUP, returns=STRING_LIST)
def referenced_by_pools(ctx: FactContext, group: Resource) -> list[str]:
    """ARNs (sorted) of the user pools whose log delivery configuration sends to this log group
    (``CloudWatchLogsConfiguration.LogGroupArn``; the trailing ``:*`` is ignored on both
    sides, domain-facts §1.3). Rules use it as "this is a Cognito log group".

    Unknown when no pool is known to reference the group and some pool of the group's Region
    could not be read (its ``GetLogDeliveryConfiguration`` or the pool listing failed). Cognito
    delivers only within one account, and deliveries are regional [inferred, §1.3]."""
    targets = pool_targets(ctx)
    pools = targets.by_log_group.get(normalize_arn(group["arn"]), [])
    if not pools:
        reasons = targets.unknown_in(group["region"])
        if reasons:
            raise FactUnknown(tuple(reasons))
    return sorted(set(pools))


_Compiled = dict[str, tuple[_iam.Statement, ...]]


def _delivery_statements(ctx: FactContext) -> tuple[_Compiled, _Compiled]:
    """The resource-policy statements that grant or deny the delivery service the write
    actions, compiled once per snapshot: (ACCOUNT scope by Region, RESOURCE scope by the
    resource ARN they are attached to)."""

    def build(c: FactContext) -> tuple[_Compiled, _Compiled]:
        by_region: dict[str, list[_iam.Statement]] = {}
        by_resource: dict[str, list[_iam.Statement]] = {}
        for res in c.index.of_type(RESOURCE_POLICY):
            body = res.get("ResourcePolicy")
            if not isinstance(body, dict):
                continue
            doc = _iam.parse_policy(body.get("policyDocument"))
            if doc is None:
                continue
            stmts = _iam.compile_policy(doc, DELIVERY_PRINCIPAL, DELIVERY_ACTIONS)
            if body.get("policyScope") == "RESOURCE" and body.get("resourceArn"):
                by_resource.setdefault(normalize_arn(body["resourceArn"]), []).extend(stmts)
            else:  # ACCOUNT scope (absent scope: policies created before scopes existed)
                by_region.setdefault(res["region"], []).extend(stmts)
        return ({k: tuple(v) for k, v in by_region.items()},
                {k: tuple(v) for k, v in by_resource.items()})

    return ctx.cached("logs:delivery_statements", build)


@fact("delivery_write_allowed", resource_types=LOG_GROUP, returns=BOOLEAN)
def delivery_write_allowed(ctx: FactContext, group: Resource) -> bool:
    """Whether CloudWatch Logs' vended-log delivery (principal ``delivery.logs.amazonaws.com``,
    used by Cognito's log export) may write to this group (domain-facts §1.4, §7.4): some
    ACCOUNT-scope resource policy of the group's Region, or the RESOURCE-scope policy of this
    group, has an ``Allow`` statement for that service principal (or ``*``) covering
    ``logs:CreateLogStream`` and ``logs:PutLogEvents`` (action wildcards such as ``logs:*``,
    case-insensitive) on every log stream of the group (``<group ARN>:log-stream:*``; resource
    wildcards such as ``...:log-group:/aws/vendedlogs/*`` or ``*`` match), and no statement of
    those policies denies them. Conditions (``aws:SourceAccount``/``aws:SourceArn``) are not
    evaluated. The ``/aws/vendedlogs/`` prefix is not required.

    Unknown when not allowed by what was collected and the resource policies of the Region
    could not be (fully) collected."""
    by_region, by_resource = _delivery_statements(ctx)
    arn = normalize_arn(group["arn"])
    # The policies apply together: one may grant CreateLogStream and another PutLogEvents.
    statements = by_region.get(group["region"], ()) + by_resource.get(arn, ())
    decision = _iam.decide(statements, DELIVERY_ACTIONS, f"{arn}:log-stream:")
    if decision.denied:
        return False
    if decision.allowed:
        return True
    reasons = ctx.index.type_incomplete(RESOURCE_POLICY, group["region"])
    if reasons:
        raise FactUnknown(tuple(reasons))
    return False
