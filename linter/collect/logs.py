"""CloudWatch Logs: ``logs.log_group``, ``logs.account_policy``, ``logs.resource_policy``.

Region level (:class:`LogsCollector`): the account-level subscription filter policy
(DescribeAccountPolicies ``SUBSCRIPTION_FILTER_POLICY``) and the ACCOUNT-scope resource
policies (DescribeResourcePolicies). Referenced groups only (:func:`describe_log_groups`):
DescribeLogGroups by ``logGroupIdentifiers`` (50 a call), DescribeSubscriptionFilters per group,
and (:func:`describe_group_policies`) the RESOURCE-scope resource policy of each group a user
pool delivers to. Subscription and account-policy destinations go into the reference book.
"""

from __future__ import annotations

import json
from typing import Any

from linter.collect.calls import next_token
from linter.collect.interface import RegionContext, ResourceType

SERVICE = "logs"
BATCH = 50


def _normalize(arn: str) -> str:
    return arn[:-2] if arn.endswith(":*") else arn


def _destination_of_policy(document: Any) -> str | None:
    if not isinstance(document, str):
        return None
    try:
        parsed = json.loads(document)
    except ValueError:
        return None
    value = parsed.get("DestinationArn") if isinstance(parsed, dict) else None
    return value if isinstance(value, str) else None


class LogsCollector:
    service = SERVICE

    def collect(self, ctx: RegionContext) -> None:
        self._account_policies(ctx)
        self._account_resource_policies(ctx)

    @staticmethod
    def _account_policies(ctx: RegionContext) -> None:
        policy_type = "SUBSCRIPTION_FILTER_POLICY"
        policies, complete = ctx.api.items(
            SERVICE,
            ctx.region,
            "DescribeAccountPolicies",
            {"policyType": policy_type},
            items_key="accountPolicies",
            next_page=next_token("nextToken"),
            resource_type=ResourceType.ACCOUNT_POLICY,
        )
        if not complete:
            ctx.refs.mark_incomplete(ctx.region, "account subscription filter policy unknown")
        for policy in policies:
            name = policy.get("policyName") or ""
            account = policy.get("accountId") or ctx.account_id
            kind = policy.get("policyType") or policy_type
            arn = f"arn:{ctx.partition}:logs:{ctx.region}:{account}:account-policy/{kind}/{name}"
            ctx.sink.add(ctx.envelope(ResourceType.ACCOUNT_POLICY, arn, name, AccountPolicy=policy))
            destination = _destination_of_policy(policy.get("policyDocument"))
            if destination:
                ctx.refs.want_stream_arn(destination, tags=False)

    @staticmethod
    def _account_resource_policies(ctx: RegionContext) -> None:
        policies, _ = ctx.api.items(
            SERVICE,
            ctx.region,
            "DescribeResourcePolicies",
            {"policyScope": "ACCOUNT", "limit": 50},
            items_key="resourcePolicies",
            next_page=next_token("nextToken"),
            resource_type=ResourceType.RESOURCE_POLICY,
        )
        for policy in policies:
            if policy.get("policyScope") not in (None, "ACCOUNT"):
                continue
            name = policy.get("policyName") or ""
            ctx.sink.add(
                ctx.envelope(
                    ResourceType.RESOURCE_POLICY,
                    ctx.arn(SERVICE, f"resource-policy/{name}"),
                    name,
                    ResourcePolicy=policy,
                )
            )


def describe_log_groups(ctx: RegionContext, names: list[str]) -> None:
    """Describe the named groups of ``ctx.region`` and their subscription filters."""
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        wanted = set(batch)
        found: dict[str, dict[str, Any]] = {}

        def have_all(items: list[Any], wanted: set[str] = wanted) -> bool:
            return wanted <= {g.get("logGroupName") for g in items}

        groups, complete = ctx.api.items(
            SERVICE,
            ctx.region,
            "DescribeLogGroups",
            {"logGroupIdentifiers": batch, "limit": BATCH},
            items_key="logGroups",
            next_page=next_token("nextToken"),
            resource_type=ResourceType.LOG_GROUP,
            until=have_all,
        )
        for group in groups:
            # The API answers with the identifiers asked for; a server that ignores them
            # (moto) answers with more, which are not referenced and so not recorded.
            if group.get("logGroupName") in wanted:
                found[group["logGroupName"]] = group
        if not complete:
            ctx.refs.mark_incomplete(ctx.region, "log groups could not be described")
        for name in batch:
            group = found.get(name)
            if group is None:
                if complete:
                    ctx.refs.group_found(ctx.region, name, None)
                continue
            arn = _normalize(
                group.get("logGroupArn")
                or group.get("arn")
                or ctx.arn(SERVICE, f"log-group:{name}")
            )
            ctx.sink.add(ctx.envelope(ResourceType.LOG_GROUP, arn, name, LogGroup=group))
            ctx.refs.group_found(ctx.region, name, arn)
            _subscription_filters(ctx, name, arn)


def _subscription_filters(ctx: RegionContext, name: str, arn: str) -> None:
    filters, complete = ctx.api.items(
        SERVICE,
        ctx.region,
        "DescribeSubscriptionFilters",
        {"logGroupName": name},
        items_key="subscriptionFilters",
        next_page=next_token("nextToken"),
        resource_type=ResourceType.LOG_GROUP,
        resource_arn=arn,
        field="SubscriptionFilters",
    )
    if not complete:
        ctx.refs.mark_incomplete(ctx.region, f"subscription filters of {name} unknown")
        return
    ctx.sink.update(ResourceType.LOG_GROUP, arn, SubscriptionFilters=filters)
    for subscription in filters:
        destination = subscription.get("destinationArn")
        if isinstance(destination, str):
            ctx.refs.want_stream_arn(destination, tags=False)


def describe_group_policies(ctx: RegionContext, groups: list[tuple[str, str]]) -> None:
    """The RESOURCE-scope resource policy of each (name, ARN) group. A failure makes the
    Region's resource policies incomplete (the group itself stays fully described)."""
    for name, group_arn in groups:
        policies, _ = ctx.api.items(
            SERVICE,
            ctx.region,
            "DescribeResourcePolicies",
            {"policyScope": "RESOURCE", "resourceArn": group_arn, "limit": 50},
            items_key="resourcePolicies",
            next_page=next_token("nextToken"),
            resource_type=ResourceType.RESOURCE_POLICY,
            note=f"RESOURCE-scope policy of log group {name}",
        )
        for policy in policies:
            # Keep only this group's policy: a server that ignores the scope (moto) also
            # returns the ACCOUNT-scope ones, which the Region listing already holds.
            if policy.get("policyScope") != "RESOURCE":
                continue
            if _normalize(policy.get("resourceArn") or group_arn) != group_arn:
                continue
            policy_name = policy.get("policyName") or ""
            ctx.sink.add(
                ctx.envelope(
                    ResourceType.RESOURCE_POLICY,
                    f"{group_arn}/resource-policy/{policy_name}",
                    policy_name,
                    ResourcePolicy=policy,
                )
            )
