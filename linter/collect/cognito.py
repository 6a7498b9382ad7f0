"""Amazon Cognito user pools: ``cognito.user_pool``.

Per Region: ListUserPools (60 a page). Per pool: DescribeUserPool, GetLogDeliveryConfiguration,
GetUserPoolMfaConfig, and DescribeRiskConfiguration only for pools on ``PLUS`` whose threat
protection is not ``OFF`` (elsewhere it has nothing to say). A pool whose log delivery was never
configured answers ResourceNotFound: that is recorded as ``LogConfigurations: []``, not as an
error. The pool's log targets go into the reference book.
"""

from __future__ import annotations

from typing import Any

from linter.collect.calls import Outcome, next_token
from linter.collect.interface import RegionContext, ResourceType

SERVICE = "cognito-idp"
NOT_FOUND = frozenset({"ResourceNotFoundException"})
PAGE_SIZE = 60


def wants_risk_configuration(pool: dict[str, Any]) -> bool:
    mode = (pool.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode") or "OFF"
    return pool.get("UserPoolTier") == "PLUS" and mode != "OFF"


class CognitoCollector:
    service = SERVICE

    def collect(self, ctx: RegionContext) -> None:
        pools, complete = ctx.api.items(
            SERVICE,
            ctx.region,
            "ListUserPools",
            {"MaxResults": PAGE_SIZE},
            items_key="UserPools",
            next_page=next_token("NextToken"),
            resource_type=ResourceType.USER_POOL,
        )
        if not complete:
            ctx.refs.mark_incomplete(ctx.region, "user pool listing failed")
        for item in pools:
            self._pool(ctx, item["Id"])

    def _pool(self, ctx: RegionContext, pool_id: str) -> None:
        arn = ctx.arn(SERVICE, f"userpool/{pool_id}")
        params = {"UserPoolId": pool_id}
        described = ctx.api.call(
            SERVICE,
            ctx.region,
            "DescribeUserPool",
            params,
            resource_type=ResourceType.USER_POOL,
            resource_arn=arn,
            not_found=NOT_FOUND,
        )
        if described.outcome is Outcome.NOT_FOUND:
            return  # deleted since it was listed
        if not described.ok:
            ctx.refs.mark_incomplete(ctx.region, f"user pool {pool_id} could not be described")
            return
        pool = described.data.get("UserPool") or {}
        arn = pool.get("Arn") or arn
        ctx.sink.add(
            ctx.envelope(ResourceType.USER_POOL, arn, pool.get("Name") or pool_id, UserPool=pool)
        )

        delivery = ctx.api.call(
            SERVICE,
            ctx.region,
            "GetLogDeliveryConfiguration",
            params,
            resource_type=ResourceType.USER_POOL,
            resource_arn=arn,
            field="LogDeliveryConfiguration",
            not_found=NOT_FOUND,
        )
        if delivery.ok or delivery.outcome is Outcome.NOT_FOUND:
            config = delivery.data.get("LogDeliveryConfiguration") or {}
            config.setdefault("UserPoolId", pool_id)
            config.setdefault("LogConfigurations", [])
            ctx.sink.update(ResourceType.USER_POOL, arn, LogDeliveryConfiguration=config)
            self._reference_targets(ctx, config["LogConfigurations"])
        else:
            ctx.refs.mark_incomplete(ctx.region, f"log delivery of user pool {pool_id} unknown")

        mfa = ctx.api.call(
            SERVICE,
            ctx.region,
            "GetUserPoolMfaConfig",
            params,
            resource_type=ResourceType.USER_POOL,
            resource_arn=arn,
            field="MfaConfig",
        )
        if mfa.ok:
            ctx.sink.update(ResourceType.USER_POOL, arn, MfaConfig=mfa.data)

        if wants_risk_configuration(pool):
            risk = ctx.api.call(
                SERVICE,
                ctx.region,
                "DescribeRiskConfiguration",
                params,
                resource_type=ResourceType.USER_POOL,
                resource_arn=arn,
                field="RiskConfiguration",
            )
            if risk.ok:
                ctx.sink.update(
                    ResourceType.USER_POOL,
                    arn,
                    RiskConfiguration=risk.data.get("RiskConfiguration") or {},
                )

    @staticmethod
    def _reference_targets(ctx: RegionContext, configurations: list[dict[str, Any]]) -> None:
        for entry in configurations:
            group_arn = (entry.get("CloudWatchLogsConfiguration") or {}).get("LogGroupArn")
            if group_arn:
                ctx.refs.want_log_group_arn(group_arn, policy=True)
            stream_arn = (entry.get("FirehoseConfiguration") or {}).get("StreamArn")
            if stream_arn:
                ctx.refs.want_stream_arn(stream_arn, tags=True)
