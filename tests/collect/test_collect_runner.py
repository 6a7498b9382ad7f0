"""The collector against the seeded account (in-process moto + the extension)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from collect_estate import ACCOUNT, TOKENS, Estate, seed
from collect_fakes import Faults, recording
from moto import mock_aws

from linter import mockaws
from linter.collect import CollectOptions, collect, collect_snapshot
from linter.errors import UsageError
from linter.snapshot.loader import validate_document

REGIONS = ("us-east-1", "eu-west-1")
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Estate, dict[str, Any]]]:
    """Seeded once per module (seeding and collecting take seconds); read-only for the tests."""
    mockaws.install()
    with mock_aws():
        estate = seed()
        with recording():
            doc = collect_snapshot(
                boto3.Session(region_name="us-east-1"), CollectOptions(regions=REGIONS)
            )
        yield estate, doc


@pytest.fixture
def estate(world: tuple[Estate, dict[str, Any]]) -> Estate:
    return world[0]


@pytest.fixture
def snapshot(world: tuple[Estate, dict[str, Any]]) -> dict[str, Any]:
    return copy.deepcopy(world[1])


def by_name(doc: dict[str, Any], rtype: str) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in doc["resources"][rtype]}


def test_snapshot_is_schema_valid_and_complete(snapshot: dict[str, Any]) -> None:
    validate_document(snapshot, "collected")
    assert snapshot["errors"] == []
    meta = snapshot["metadata"]
    assert meta["account_id"] == ACCOUNT
    assert meta["partition"] == "aws"
    assert meta["regions"] == ["eu-west-1", "us-east-1"]
    assert meta["source"] == {"kind": "aws", "path": None}
    assert meta["principal_arn"].startswith(f"arn:aws:sts::{ACCOUNT}:")
    assert ISO_UTC.match(meta["started_at"]) and ISO_UTC.match(meta["finished_at"])
    assert meta["started_at"] <= meta["finished_at"]
    assert set(meta["collected_types"]) == set(snapshot["resources"])


def test_every_seeded_resource_is_collected(snapshot: dict[str, Any], estate: Estate) -> None:
    pools = by_name(snapshot, "cognito.user_pool")
    assert {n: p["arn"] for n, p in pools.items()} == estate.pools
    assert {
        n: g["arn"] for n, g in by_name(snapshot, "logs.log_group").items()
    } == estate.log_groups
    assert {
        n: s["arn"] for n, s in by_name(snapshot, "firehose.delivery_stream").items()
    } == estate.streams
    assert {n: t["arn"] for n, t in by_name(snapshot, "cloudtrail.trail").items()} == estate.trails
    assert list(by_name(snapshot, "cognito.identity_pool")) == estate.identity_pools
    assert list(by_name(snapshot, "cloudwatch.metric_stream")) == estate.metric_streams
    assert list(by_name(snapshot, "logs.account_policy")) == ["sumo-all"]
    assert set(by_name(snapshot, "logs.resource_policy")) == {
        "AWSLogDeliveryWrite",
        "cognito-prod-plus",
    }
    assert {n: b["arn"] for n, b in by_name(snapshot, "s3.bucket").items()} == estate.buckets
    assert [k["arn"] for k in snapshot["resources"]["kms.key"]] == estate.keys


def test_buckets_and_keys_the_pipelines_write_with(
    snapshot: dict[str, Any], estate: Estate
) -> None:
    buckets = by_name(snapshot, "s3.bucket")
    trails = buckets["lint-trails"]
    assert (trails["region"], trails["account_id"]) == ("us-east-1", ACCOUNT)
    assert trails["Location"] == {}  # us-east-1: LocationConstraint null, left out
    (topic,) = trails["NotificationConfiguration"]["TopicConfigurations"]
    assert topic["TopicArn"] == f"arn:aws:sns:us-east-1:{ACCOUNT}:trail-files"
    assert topic["Events"] == ["s3:ObjectCreated:*"]
    assert "PublicAccessBlockConfiguration" not in trails  # none of its own: no error either
    backup = buckets["lint-backup"]
    assert backup["NotificationConfiguration"] == {}
    assert set(backup["PublicAccessBlockConfiguration"].values()) == {True}
    # the account has no account-level block (NoSuchPublicAccessBlockConfiguration): none
    # recorded, and no error
    assert "AccountPublicAccessBlockConfiguration" not in trails
    assert "AccountPublicAccessBlockConfiguration" not in backup
    (key,) = snapshot["resources"]["kms.key"]
    trail = by_name(snapshot, "cloudtrail.trail")["org-audit"]["Trail"]
    assert key["arn"] == trail["KmsKeyId"] == key["KeyMetadata"]["Arn"]
    assert key["name"] == key["KeyMetadata"]["KeyId"]
    assert key["KeyPolicy"]["PolicyName"] == "default"
    assert "kms:Decrypt" in key["KeyPolicy"]["Policy"]
    assert "ResponseMetadata" not in key["KeyPolicy"]


def test_unreferenced_log_groups_and_streams_are_not_described(snapshot: dict[str, Any]) -> None:
    assert "unrelated/app" not in by_name(snapshot, "logs.log_group")
    assert "unrelated-stream" not in by_name(snapshot, "firehose.delivery_stream")


def test_envelopes_and_bodies(snapshot: dict[str, Any]) -> None:
    for rtype, items in snapshot["resources"].items():
        for item in items:
            assert item["type"] == rtype
            assert item["account_id"] == ACCOUNT
            # an S3 ARN has no Region: the record has the bucket's location
            assert item["arn"].split(":")[3] in (item["region"], "")
    plus = by_name(snapshot, "cognito.user_pool")["prod-plus"]
    assert plus["UserPool"]["UserPoolTier"] == "PLUS"
    assert ISO_UTC.match(plus["UserPool"]["CreationDate"])
    assert [c["EventSource"] for c in plus["LogDeliveryConfiguration"]["LogConfigurations"]] == [
        "userNotification",
        "userAuthEvents",
    ]
    assert "ResponseMetadata" not in plus["MfaConfig"]
    assert "AccountTakeoverRiskConfiguration" in plus["RiskConfiguration"]
    essentials = by_name(snapshot, "cognito.user_pool")["essentials"]
    assert essentials["LogDeliveryConfiguration"]["LogConfigurations"] == []
    assert "RiskConfiguration" not in essentials  # not PLUS: not asked

    group = by_name(snapshot, "logs.log_group")["cognito/prod-plus"]
    assert not group["arn"].endswith(":*")
    assert [f["filterName"] for f in group["SubscriptionFilters"]] == ["to-sumo"]

    policies = by_name(snapshot, "logs.resource_policy")
    assert (
        policies["cognito-prod-plus"]["arn"] == f"{group['arn']}/resource-policy/cognito-prod-plus"
    )
    assert policies["cognito-prod-plus"]["ResourcePolicy"]["policyScope"] == "RESOURCE"
    assert policies["AWSLogDeliveryWrite"]["arn"] == (
        f"arn:aws:logs:us-east-1:{ACCOUNT}:resource-policy/AWSLogDeliveryWrite"
    )
    account_policy = by_name(snapshot, "logs.account_policy")["sumo-all"]
    assert account_policy["arn"] == (
        f"arn:aws:logs:us-east-1:{ACCOUNT}:account-policy/SUBSCRIPTION_FILTER_POLICY/sumo-all"
    )

    stream = by_name(snapshot, "cloudwatch.metric_stream")["cognito-metrics"]
    assert stream["MetricStream"]["IncludeFilters"][0]["Namespace"] == "AWS/Cognito"
    assert "ResponseMetadata" not in stream["MetricStream"]


def test_tags_only_for_streams_cognito_delivers_to(snapshot: dict[str, Any]) -> None:
    streams = by_name(snapshot, "firehose.delivery_stream")
    assert streams["cognito-activity"]["Tags"] == [{"Key": "LogDeliveryEnabled", "Value": "true"}]
    assert all("Tags" not in s for n, s in streams.items() if n != "cognito-activity")


def test_trails_once_each_in_their_home_region(snapshot: dict[str, Any]) -> None:
    trails = by_name(snapshot, "cloudtrail.trail")
    assert len(snapshot["resources"]["cloudtrail.trail"]) == 2  # org-audit is listed in both
    assert (
        trails["org-audit"]["region"] == trails["org-audit"]["Trail"]["HomeRegion"] == "us-east-1"
    )
    assert trails["org-audit"]["Status"]["IsLogging"] is True
    assert trails["eu-only"]["region"] == "eu-west-1"
    assert trails["eu-only"]["Selectors"]["EventSelectors"][0]["ReadWriteType"] == "WriteOnly"


def test_endpoint_urls_are_redacted(snapshot: dict[str, Any]) -> None:
    text = json.dumps(snapshot)
    for token in TOKENS:
        assert token not in text
    streams = by_name(snapshot, "firehose.delivery_stream")

    def http(name: str) -> dict[str, Any]:
        return streams[name]["DeliveryStreamDescription"]["Destinations"][0][
            "HttpEndpointDestinationDescription"
        ]

    assert re.match(
        r"^https://endpoint1\.collection\.us2\.sumologic\.com/receiver/v1/kinesis/log/redacted-[0-9a-f]{12}$",
        http("sumo-logs")["EndpointConfiguration"]["Url"],
    )
    assert (
        "/receiver/v1/kinesis/metric/redacted-"
        in http("sumo-metrics")["EndpointConfiguration"]["Url"]
    )
    attribute = http("sumo-metrics")["RequestConfiguration"]["CommonAttributes"][0]
    assert re.match(r"^redacted-[0-9a-f]{12}$", attribute["AttributeValue"])
    assert re.match(
        r"^https://collector\.example\.com/redacted-[0-9a-f]{12}$",
        http("cognito-activity")["EndpointConfiguration"]["Url"],
    )


def test_two_snapshots_of_the_same_account_compare(estate: Estate) -> None:
    session = boto3.Session(region_name="us-east-1")
    first = collect_snapshot(session, CollectOptions(regions=REGIONS))
    second = collect_snapshot(session, CollectOptions(regions=REGIONS, max_workers=1))
    for doc in (first, second):
        doc["metadata"].pop("started_at")
        doc["metadata"].pop("finished_at")
        for trail in doc["resources"]["cloudtrail.trail"]:  # moto stamps "now" into these
            trail["Status"].pop("LatestDeliveryTime", None)
            trail["Status"].pop("LatestDeliveryAttemptTime", None)
    assert first == second


def test_one_region(estate: Estate) -> None:
    result = collect(boto3.Session(region_name="us-east-1"), CollectOptions(regions=("eu-west-1",)))
    doc = result.snapshot
    assert [p["name"] for p in doc["resources"]["cognito.user_pool"]] == ["eu-pool"]
    # the multi-Region trail is seen from eu-west-1 and described in its home Region
    assert {t["name"] for t in doc["resources"]["cloudtrail.trail"]} == {"org-audit", "eu-only"}
    assert doc["metadata"]["regions"] == ["eu-west-1"]


def test_all_regions_are_the_enabled_ones(estate: Estate, faults: Faults) -> None:
    faults.answer(
        "ec2",
        "DescribeRegions",
        {
            "Regions": [
                {"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
                {"RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"},
                {"RegionName": "ap-east-1", "OptInStatus": "not-opted-in"},
                {"RegionName": "cn-north-1"},  # another partition: AWS would not list it
            ]
        },
    )
    result = collect(boto3.Session(region_name="us-east-1"), CollectOptions(regions=None))
    assert result.snapshot["metadata"]["regions"] == ["eu-west-1", "us-east-1"]
    assert result.calls[("ec2", "DescribeRegions")] == 1
    assert len(result.snapshot["resources"]["cognito.user_pool"]) == 3
    assert result.snapshot["errors"] == []


def test_the_library_checks_the_regions_it_is_given(estate: Estate) -> None:
    session = boto3.Session(region_name="us-east-1")
    with pytest.raises(UsageError, match="unknown Region 'mars-1'"):
        collect_snapshot(session, CollectOptions(regions=("mars-1",)))
    with pytest.raises(UsageError, match="--max-workers"):
        collect_snapshot(session, CollectOptions(regions=("eu-west-1",), max_workers=0))
    doc = collect_snapshot(session, CollectOptions(regions=("eu-west-1", "eu-west-1")))
    assert doc["metadata"]["regions"] == ["eu-west-1"]
    assert [p["name"] for p in doc["resources"]["cognito.user_pool"]] == ["eu-pool"]
