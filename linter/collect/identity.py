"""Amazon Cognito identity pools: ``cognito.identity_pool`` (ListIdentityPools items, 60 a
page). The rules only need to know which Regions have identity pools (CloudTrail data events)."""

from __future__ import annotations

from linter.collect.calls import next_token
from linter.collect.interface import RegionContext, ResourceType

SERVICE = "cognito-identity"
PAGE_SIZE = 60


class IdentityPoolCollector:
    service = SERVICE

    def collect(self, ctx: RegionContext) -> None:
        pools, _ = ctx.api.items(
            SERVICE,
            ctx.region,
            "ListIdentityPools",
            {"MaxResults": PAGE_SIZE},
            items_key="IdentityPools",
            next_page=next_token("NextToken"),
            resource_type=ResourceType.IDENTITY_POOL,
        )
        for item in pools:
            pool_id = item["IdentityPoolId"]
            ctx.sink.add(
                ctx.envelope(
                    ResourceType.IDENTITY_POOL,
                    ctx.arn(SERVICE, f"identitypool/{pool_id}"),
                    item.get("IdentityPoolName") or pool_id,
                    IdentityPool=item,
                )
            )
