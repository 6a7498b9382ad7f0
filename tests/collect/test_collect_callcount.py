"""The number of API calls matches the formula in docs/collection.md, exactly.

:func:`expected_calls` evaluates the documented formula from what a complete snapshot holds
(its resources and the references between them); the calls actually made are counted by a
botocore hook on the sessions (independent of the collector's own counter, which must agree).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

import boto3
from collect_estate import seed
from collect_fakes import CallRecorder, Faults
from moto import mock_aws

from linter import mockaws
from linter.collect import CollectOptions, collect
from linter.demo.account import mocked_account


def pages(n: int, size: int) -> int:
    return max(1, math.ceil(n / size))


def _name_of_group_arn(arn: str) -> tuple[str, str]:
    parts = arn.split(":", 6)
    name = arn.split(":log-group:", 1)[1].removesuffix(":*")
    return parts[3], name


def _stream_of_arn(arn: str) -> tuple[str, str] | None:
    if ":firehose:" not in arn or ":deliverystream/" not in arn:
        return None
    return arn.split(":")[3], arn.split(":deliverystream/", 1)[1]


def expected_calls(doc: dict[str, Any], *, all_regions: bool = False) -> Counter[str]:
    """docs/collection.md, "Call count", for a snapshot without errors."""
    assert doc["errors"] == []
    res = doc["resources"]
    calls: Counter[str] = Counter({"sts:GetCallerIdentity": 1})
    if all_regions:
        calls["ec2:DescribeRegions"] += 1

    groups = {(g["region"], g["name"]): g for g in res["logs.log_group"]}
    streams = {(s["region"], s["name"]): s for s in res["firehose.delivery_stream"]}

    for region in doc["metadata"]["regions"]:
        pools = [p for p in res["cognito.user_pool"] if p["region"] == region]
        calls["cognito-idp:ListUserPools"] += pages(len(pools), 60)
        for verb in ("DescribeUserPool", "GetLogDeliveryConfiguration", "GetUserPoolMfaConfig"):
            calls[f"cognito-idp:{verb}"] += len(pools)
        for p in pools:
            pool = p["UserPool"]
            mode = (pool.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode", "OFF")
            if pool.get("UserPoolTier") == "PLUS" and mode != "OFF":
                calls["cognito-idp:DescribeRiskConfiguration"] += 1
        identity = [i for i in res["cognito.identity_pool"] if i["region"] == region]
        calls["cognito-identity:ListIdentityPools"] += pages(len(identity), 60)
        metric = [m for m in res["cloudwatch.metric_stream"] if m["region"] == region]
        calls["cloudwatch:ListMetricStreams"] += pages(len(metric), 500)
        calls["cloudwatch:GetMetricStream"] += len(metric)
        account_policies = [a for a in res["logs.account_policy"] if a["region"] == region]
        calls["logs:DescribeAccountPolicies"] += 1
        account_scope = [
            r
            for r in res["logs.resource_policy"]
            if r["region"] == region
            and r["ResourcePolicy"].get("policyScope", "ACCOUNT") == "ACCOUNT"
        ]
        calls["logs:DescribeResourcePolicies"] += pages(len(account_scope), 50)
        calls["cloudtrail:DescribeTrails"] += 1

        # References, resolved in rounds exactly as the documented order says.
        group_refs: set[str] = set()
        policy_groups: set[str] = set()
        stream_refs: set[str] = set()
        tagged: set[str] = set()
        for p in pools:
            for c in p["LogDeliveryConfiguration"]["LogConfigurations"]:
                if "CloudWatchLogsConfiguration" in c:
                    g_region, name = _name_of_group_arn(
                        c["CloudWatchLogsConfiguration"]["LogGroupArn"]
                    )
                    assert g_region == region
                    group_refs.add(name)
                    policy_groups.add(name)
                if "FirehoseConfiguration" in c:
                    ref = _stream_of_arn(c["FirehoseConfiguration"]["StreamArn"])
                    assert ref is not None and ref[0] == region
                    stream_refs.add(ref[1])
                    tagged.add(ref[1])
        for a in account_policies:
            ref = _stream_of_arn(
                json.loads(a["AccountPolicy"]["policyDocument"]).get("DestinationArn", "")
            )
            if ref:
                stream_refs.add(ref[1])
        for m in metric:
            ref = _stream_of_arn(m["MetricStream"]["FirehoseArn"])
            if ref:
                stream_refs.add(ref[1])

        described_groups: set[str] = set()
        described_streams: set[str] = set()
        while True:
            new_groups = sorted(group_refs - described_groups)
            new_streams_before = stream_refs - described_streams
            if not new_groups and not new_streams_before:
                break
            described_groups |= set(new_groups)
            if new_groups:
                calls["logs:DescribeLogGroups"] += math.ceil(len(new_groups) / 50)
            for name in new_groups:
                group = groups.get((region, name))
                if group is None:
                    continue
                calls["logs:DescribeSubscriptionFilters"] += 1
                if name in policy_groups:
                    calls["logs:DescribeResourcePolicies"] += 1
                for f in group["SubscriptionFilters"]:
                    ref = _stream_of_arn(f["destinationArn"])
                    if ref:
                        stream_refs.add(ref[1])
            new_streams = sorted(stream_refs - described_streams)
            described_streams |= set(new_streams)
            for name in new_streams:
                calls["firehose:DescribeDeliveryStream"] += 1
                stream = streams.get((region, name))
                if stream is None:
                    continue
                if name in tagged:
                    calls["firehose:ListTagsForDeliveryStream"] += 1
                for destination in stream["DeliveryStreamDescription"]["Destinations"]:
                    for body in destination.values():
                        options = (
                            body.get("CloudWatchLoggingOptions") if isinstance(body, dict) else None
                        )
                        if options and options.get("Enabled") and options.get("LogGroupName"):
                            group_refs.add(options["LogGroupName"])
                        s3 = (
                            body.get("S3DestinationDescription") if isinstance(body, dict) else None
                        )
                        options = (s3 or {}).get("CloudWatchLoggingOptions")
                        if options and options.get("Enabled") and options.get("LogGroupName"):
                            group_refs.add(options["LogGroupName"])

    trails = len(res["cloudtrail.trail"])
    calls["cloudtrail:GetTrailStatus"] += trails
    calls["cloudtrail:GetEventSelectors"] += trails

    # Buckets the trails and the described streams write to, and the trails' keys: each once.
    buckets = {t["Trail"]["S3BucketName"] for t in res["cloudtrail.trail"]
               if t["Trail"].get("S3BucketName")}
    for stream in res["firehose.delivery_stream"]:
        for destination in stream["DeliveryStreamDescription"]["Destinations"]:
            for body in destination.values():
                s3 = body.get("S3DestinationDescription") if isinstance(body, dict) else None
                if (s3 or {}).get("BucketARN"):
                    buckets.add(s3["BucketARN"].split(":::", 1)[1])
    existing = buckets & {b["name"] for b in res["s3.bucket"]}
    calls["s3:GetBucketLocation"] += len(buckets)
    calls["s3:GetBucketNotificationConfiguration"] += len(existing)
    calls["s3:GetPublicAccessBlock"] += len(existing)
    # the account-level block: once, when a bucket of the account exists (without failures,
    # every existing bucket is the account's: another account's refuses GetPublicAccessBlock)
    calls["s3control:GetPublicAccessBlock"] += min(1, len(existing))
    keys = {t["Trail"]["KmsKeyId"] for t in res["cloudtrail.trail"] if t["Trail"].get("KmsKeyId")}
    calls["kms:DescribeKey"] += len(keys)
    calls["kms:GetKeyPolicy"] += len(keys & {k["arn"] for k in res["kms.key"]})
    return +calls


def counted(result_calls: Counter[tuple[str, str]]) -> Counter[str]:
    return +Counter({f"{service}:{op}": n for (service, op), n in result_calls.items()})


def test_demo_account_matches_the_formula(collector_calls: CallRecorder) -> None:
    with mocked_account() as (session, manifest):
        collector_calls.reset()
        result = collect(session, CollectOptions(regions=manifest.regions))
    expected = expected_calls(result.snapshot)
    assert +collector_calls.calls == expected
    assert counted(result.calls) == expected
    assert result.total_calls == sum(expected.values())


def test_seeded_account_with_paging_matches_the_formula(
    collector_calls: CallRecorder, faults: Faults
) -> None:
    # moto does not page ListIdentityPools: answer it with two pages (60 + 1) in eu-west-1
    listed = [
        {
            "IdentityPoolId": f"eu-west-1:{i:08d}-0000-4000-8000-000000000000",
            "IdentityPoolName": f"ids{i}",
        }
        for i in range(61)
    ]
    first = faults.answer(
        "cognito-identity",
        "ListIdentityPools",
        {"IdentityPools": listed[:60], "NextToken": "page-2"},
        when=lambda p: "NextToken" not in p,
        region="eu-west-1",
    )
    second = faults.answer(
        "cognito-identity",
        "ListIdentityPools",
        {"IdentityPools": listed[60:]},
        when=lambda p: p.get("NextToken") == "page-2",
        region="eu-west-1",
    )
    mockaws.install()
    with mock_aws():
        seed()
        collector_calls.reset()
        result = collect(
            boto3.Session(region_name="us-east-1"),
            CollectOptions(regions=("us-east-1", "eu-west-1")),
        )
    assert first.hits == second.hits == 1
    expected = expected_calls(result.snapshot)
    assert len(result.snapshot["resources"]["cognito.identity_pool"]) == 62
    assert expected["cognito-identity:ListIdentityPools"] == 3  # 2 pages + 1 in us-east-1
    # the seeded account's numbers, by hand: 2 rounds in us-east-1 (pool group, then the
    # Firehose error log group), 1 in eu-west-1
    assert expected["logs:DescribeLogGroups"] == 3
    assert expected["firehose:DescribeDeliveryStream"] == 4
    assert expected["firehose:ListTagsForDeliveryStream"] == 1
    assert expected["logs:DescribeResourcePolicies"] == 4
    # lint-trails (both trails) and lint-backup (every stream's backup); org-audit's key
    assert expected["s3:GetBucketLocation"] == expected["s3:GetPublicAccessBlock"] == 2
    assert expected["s3control:GetPublicAccessBlock"] == 1
    assert expected["kms:DescribeKey"] == expected["kms:GetKeyPolicy"] == 1
    assert +collector_calls.calls == expected
    assert counted(result.calls) == expected
