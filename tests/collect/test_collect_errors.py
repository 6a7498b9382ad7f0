"""Every failed call becomes one ``errors`` entry with the documented semantics, and the rest of
the account is still collected (docs/snapshot-format.md, "Errors")."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from collect_estate import SUMO_LOG_URL, TOKEN_LOGS, Estate, seed
from collect_fakes import Faults
from moto import mock_aws

from linter import mockaws
from linter.collect import CollectOptions, collect
from linter.collect.calls import ApiCaller, failure
from linter.snapshot.loader import validate_document

REGIONS = ("us-east-1", "eu-west-1")


@pytest.fixture(scope="module")
def estate() -> Iterator[Estate]:
    """Seeded once: collection only reads, so every test can take its own snapshot of it."""
    mockaws.install()
    with mock_aws():
        yield seed()


def take(regions: tuple[str, ...] = REGIONS) -> tuple[dict[str, Any], Any]:
    result = collect(boto3.Session(region_name="us-east-1"), CollectOptions(regions=regions))
    validate_document(result.snapshot, "collected")
    return result.snapshot, result.calls


def names(doc: dict[str, Any], rtype: str) -> set[str]:
    return {r["name"] for r in doc["resources"][rtype]}


def record(doc: dict[str, Any], rtype: str, name: str) -> dict[str, Any]:
    return next(r for r in doc["resources"][rtype] if r["name"] == name)


def only_error(doc: dict[str, Any]) -> dict[str, Any]:
    assert len(doc["errors"]) == 1, doc["errors"]
    return doc["errors"][0]


def pool_id(estate: Estate, name: str) -> str:
    return estate.pools[name].rsplit("/", 1)[1]


def test_access_denied_on_one_detail_call_is_recorded_and_the_rest_collected(
    estate: Estate, faults: Faults
) -> None:
    target = pool_id(estate, "prod-plus")
    faults.add(
        "cognito-identity-provider",
        "GetUserPoolMfaConfig",
        when=lambda p: p.get("UserPoolId") == target,
    )
    doc, _ = take()
    assert only_error(doc) == {
        "service": "cognito-idp",
        "operation": "GetUserPoolMfaConfig",
        "region": "us-east-1",
        "resource_type": "cognito.user_pool",
        "resource_arn": estate.pools["prod-plus"],
        "field": "MfaConfig",
        "error_code": "AccessDeniedException",
        "message": "User is not authorized to perform this action",
        "iam_action": "cognito-idp:GetUserPoolMfaConfig",
    }
    pool = record(doc, "cognito.user_pool", "prod-plus")
    assert "MfaConfig" not in pool and "LogDeliveryConfiguration" in pool
    assert "MfaConfig" in record(doc, "cognito.user_pool", "essentials")
    assert names(doc, "cognito.user_pool") == set(estate.pools)
    assert names(doc, "logs.log_group") == set(estate.log_groups)
    assert names(doc, "firehose.delivery_stream") == set(estate.streams)
    assert names(doc, "cloudtrail.trail") == set(estate.trails)


def test_failed_listing_has_no_arn_and_widens_the_stream_listing(
    estate: Estate, faults: Faults
) -> None:
    faults.add("cloudwatch", "ListMetricStreams", region="us-east-1")
    doc, calls = take()
    error = only_error(doc)
    assert (error["resource_type"], error["resource_arn"], error["field"]) == (
        "cloudwatch.metric_stream",
        None,
        None,
    )
    assert error["region"] == "us-east-1"
    assert doc["resources"]["cloudwatch.metric_stream"] == []
    # Metric streams unknown → the streams they point at are unknown → list every stream
    # of that Region, so the metric stream's Firehose is still there.
    assert calls[("firehose", "ListDeliveryStreams")] == 1
    assert {"sumo-metrics", "unrelated-stream"} <= names(doc, "firehose.delivery_stream")
    assert "eu-sumo-logs" in names(doc, "firehose.delivery_stream")


def test_describe_failure_leaves_the_resource_out_with_its_arn(
    estate: Estate, faults: Faults
) -> None:
    target = pool_id(estate, "essentials")
    faults.add(
        "cognito-identity-provider",
        "DescribeUserPool",
        when=lambda p: p.get("UserPoolId") == target,
    )
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_arn"], error["field"]) == (estate.pools["essentials"], None)
    assert names(doc, "cognito.user_pool") == {"prod-plus", "eu-pool"}


def test_log_delivery_not_found_means_not_configured(estate: Estate, faults: Faults) -> None:
    target = pool_id(estate, "prod-plus")
    faults.add(
        "cognito-identity-provider",
        "GetLogDeliveryConfiguration",
        "ResourceNotFoundException",
        "No log delivery configuration",
        when=lambda p: p.get("UserPoolId") == target,
    )
    doc, calls = take()
    assert doc["errors"] == []
    pool = record(doc, "cognito.user_pool", "prod-plus")
    assert pool["LogDeliveryConfiguration"] == {"UserPoolId": target, "LogConfigurations": []}
    # what only that pool referenced is no longer described
    assert "cognito/prod-plus" not in names(doc, "logs.log_group")
    assert "cognito-activity" not in names(doc, "firehose.delivery_stream")
    assert calls[("firehose", "ListTagsForDeliveryStream")] == 0


def test_log_delivery_access_denied_is_an_error_not_an_empty_configuration(
    estate: Estate, faults: Faults
) -> None:
    faults.add("cognito-identity-provider", "GetLogDeliveryConfiguration", region="eu-west-1")
    doc, calls = take()
    error = only_error(doc)
    assert (error["resource_arn"], error["field"]) == (
        estate.pools["eu-pool"],
        "LogDeliveryConfiguration",
    )
    assert "LogDeliveryConfiguration" not in record(doc, "cognito.user_pool", "eu-pool")
    # the pool's targets are unknown: every stream of eu-west-1 is listed and described
    assert calls[("firehose", "ListDeliveryStreams")] == 1
    assert "eu-sumo-logs" in names(doc, "firehose.delivery_stream")


def test_missing_referenced_stream_is_absent_not_an_error(estate: Estate, faults: Faults) -> None:
    faults.add(
        "firehose",
        "DescribeDeliveryStream",
        "ResourceNotFoundException",
        "Firehose sumo-logs not found",
        when=lambda p: p.get("DeliveryStreamName") == "sumo-logs",
    )
    doc, _ = take()
    assert doc["errors"] == []
    assert "sumo-logs" not in names(doc, "firehose.delivery_stream")
    # its error log group is only known from its description
    assert "/aws/kinesisfirehose/sumo-logs" not in names(doc, "logs.log_group")


def test_denied_stream_description_names_the_stream(estate: Estate, faults: Faults) -> None:
    faults.add(
        "firehose",
        "DescribeDeliveryStream",
        message=f"denied for {SUMO_LOG_URL}",
        when=lambda p: p.get("DeliveryStreamName") == "sumo-logs",
    )
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_type"], error["resource_arn"], error["field"]) == (
        "firehose.delivery_stream",
        estate.streams["sumo-logs"],
        None,
    )
    # the URL was never seen (its description failed), yet its token is not written
    assert TOKEN_LOGS not in json.dumps(doc)
    assert "/receiver/v1/kinesis/log/redacted-" in error["message"]


def test_a_seen_token_is_scrubbed_from_error_messages(estate: Estate, faults: Faults) -> None:
    faults.add(
        "firehose",
        "ListTagsForDeliveryStream",
        "ThrottlingException",
        f"Rate exceeded (while {TOKEN_LOGS} was busy)",
    )
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_arn"], error["field"], error["error_code"]) == (
        estate.streams["cognito-activity"],
        "Tags",
        "ThrottlingException",
    )
    assert TOKEN_LOGS not in json.dumps(doc)
    assert "redacted-" in error["message"]
    assert "Tags" not in record(doc, "firehose.delivery_stream", "cognito-activity")


def test_describe_log_groups_failure_is_a_listing_error(estate: Estate, faults: Faults) -> None:
    faults.add("cloudwatch-logs", "DescribeLogGroups", region="eu-west-1")
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_type"], error["region"], error["resource_arn"]) == (
        "logs.log_group",
        "eu-west-1",
        None,
    )
    assert "cognito/eu-pool" not in names(doc, "logs.log_group")
    assert "eu-sumo-logs" in names(doc, "firehose.delivery_stream")


def test_subscription_filters_failure_leaves_the_group_without_them(
    estate: Estate, faults: Faults
) -> None:
    faults.add(
        "cloudwatch-logs",
        "DescribeSubscriptionFilters",
        when=lambda p: p.get("logGroupName") == "cognito/prod-plus",
    )
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_arn"], error["field"]) == (
        estate.log_groups["cognito/prod-plus"],
        "SubscriptionFilters",
    )
    group = record(doc, "logs.log_group", "cognito/prod-plus")
    assert "LogGroup" in group and "SubscriptionFilters" not in group


def test_resource_scope_policy_failure_names_the_group(estate: Estate, faults: Faults) -> None:
    faults.add(
        "cloudwatch-logs",
        "DescribeResourcePolicies",
        when=lambda p: p.get("policyScope") == "RESOURCE",
        region="us-east-1",
    )
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_type"], error["resource_arn"], error["field"]) == (
        "logs.resource_policy",
        None,
        None,
    )
    assert error["message"].endswith("[RESOURCE-scope policy of log group cognito/prod-plus]")
    assert names(doc, "logs.resource_policy") == {"AWSLogDeliveryWrite"}


def test_trail_detail_failure_keeps_the_trail(estate: Estate, faults: Faults) -> None:
    faults.add("cloudtrail", "GetTrailStatus", "TrailNotFoundException", "gone")
    doc, _ = take()
    assert {(e["field"], e["region"]) for e in doc["errors"]} == {
        ("Status", "us-east-1"),
        ("Status", "eu-west-1"),
    }
    for trail in doc["resources"]["cloudtrail.trail"]:
        assert "Status" not in trail and "Selectors" in trail


def test_connection_errors_are_recorded(estate: Estate, faults: Faults) -> None:
    faults.raise_(
        "cognito-identity",
        "ListIdentityPools",
        EndpointConnectionError(endpoint_url="https://cognito-identity.us-east-1.amazonaws.com/"),
    )
    doc, _ = take(("us-east-1",))
    error = only_error(doc)
    assert error["error_code"] == "EndpointConnectionError"
    assert error["resource_type"] == "cognito.identity_pool"
    assert "cognito-identity.us-east-1.amazonaws.com" in error["message"]


def test_a_mock_that_does_not_implement_a_call_is_recorded(estate: Estate, faults: Faults) -> None:
    faults.raise_(
        "cloudwatch-logs",
        "DescribeAccountPolicies",
        NotImplementedError("The describe_account_policies action has not been implemented"),
    )
    doc, _ = take(("eu-west-1",))
    error = only_error(doc)
    assert (error["operation"], error["error_code"]) == (
        "DescribeAccountPolicies",
        "NotImplemented",
    )


def test_interrupt_stops_every_worker_at_its_next_call(
    estate: Estate, faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancelled = threading.Event()
    original = ApiCaller.cancel

    def cancel(self: ApiCaller) -> None:
        original(self)
        cancelled.set()

    monkeypatch.setattr(ApiCaller, "cancel", cancel)
    # us-east-1 is interrupted at its first call; eu-west-1 (already running) holds its first
    # call until the run is cancelled, and must not make another one after that.
    faults.raise_(
        "cognito-identity-provider", "ListUserPools", KeyboardInterrupt(), region="us-east-1"
    )
    held = faults.add(
        "cognito-identity-provider",
        "ListUserPools",
        region="eu-west-1",
        when=lambda _: cancelled.wait(timeout=30),
    )
    after = faults.add("cognito-identity", "ListIdentityPools", region="eu-west-1")
    with pytest.raises(KeyboardInterrupt):
        collect(boto3.Session(region_name="us-east-1"), CollectOptions(regions=REGIONS))
    assert cancelled.is_set()
    assert held.hits == 1
    assert after.hits == 0


def test_failure_messages_are_one_clean_line() -> None:
    html = (
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
        "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error &amp; "
        "was unable to complete your request.</p>\n"
    )
    error = ClientError({"Error": {"Code": "500", "Message": html}}, "ListMetricStreams")
    code, message = failure(error)
    assert code == "HTTP500"
    assert message == (
        "500 Internal Server Error Internal Server Error The server encountered an internal "
        "error & was unable to complete your request."
    )
    long = ClientError({"Error": {"Code": "X", "Message": "y" * 2000}}, "Op")
    assert len(failure(long)[1]) == 500


# ---------------------------------------------------------------- buckets and keys


def _bucket(name: str) -> Any:
    return lambda p: f"/{name}?" in p["url"] or f"//{name}." in p["url"]


def test_another_accounts_trail_bucket_is_an_error_not_a_pass(
    estate: Estate, faults: Faults
) -> None:
    # an organization trail's bucket in the log-archive account answers AccessDenied
    faults.add("s3", "GetBucketLocation", "AccessDenied", "Access Denied", status=403,
               when=_bucket("lint-trails"))
    doc, calls = take()
    assert only_error(doc) == {
        "service": "s3",
        "operation": "GetBucketLocation",
        "region": "eu-west-1",  # both trails point at it: asked where the first one lives
        "resource_type": "s3.bucket",
        "resource_arn": estate.buckets["lint-trails"],
        "field": None,
        "error_code": "AccessDenied",
        "message": "Access Denied",
        "iam_action": "s3:GetBucketLocation",
    }
    assert names(doc, "s3.bucket") == {"lint-backup"}
    assert calls[("s3", "GetBucketNotificationConfiguration")] == 1  # lint-backup's only


def test_denied_bucket_details_keep_the_bucket_and_name_the_iam_action(
    estate: Estate, faults: Faults
) -> None:
    faults.add("s3", "GetBucketNotificationConfiguration", "AccessDenied", "Access Denied",
               status=403, when=_bucket("lint-trails"))
    faults.add("s3", "GetPublicAccessBlock", "AccessDenied", "Access Denied", status=403,
               when=_bucket("lint-backup"))
    doc, calls = take()
    errors = {(e["resource_arn"], e["field"]): e for e in doc["errors"]}
    backup_arn, trails_arn = estate.buckets["lint-backup"], estate.buckets["lint-trails"]
    assert set(errors) == {
        (trails_arn, "NotificationConfiguration"),
        (backup_arn, "PublicAccessBlockConfiguration"),
        # GetPublicAccessBlock proves whose bucket it is: failed, the account-level block that
        # applies is unknown too
        (backup_arn, "AccountPublicAccessBlockConfiguration"),
    }
    notifications = errors[(trails_arn, "NotificationConfiguration")]
    assert (notifications["iam_action"], notifications["region"]) == (
        "s3:GetBucketNotification", "us-east-1")
    for field in ("PublicAccessBlockConfiguration", "AccountPublicAccessBlockConfiguration"):
        block = errors[(backup_arn, field)]
        assert (block["operation"], block["iam_action"], block["error_code"]) == (
            "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", "AccessDenied")
    trails = record(doc, "s3.bucket", "lint-trails")
    backup = record(doc, "s3.bucket", "lint-backup")
    assert "NotificationConfiguration" not in trails and "Location" in trails
    assert "PublicAccessBlockConfiguration" not in backup
    assert "AccountPublicAccessBlockConfiguration" not in backup
    assert backup["NotificationConfiguration"] == {}
    # the account-level block is still asked, for lint-trails (the account has none)
    assert calls[("s3control", "GetPublicAccessBlock")] == 1


def test_a_backup_bucket_that_does_not_exist_is_absent_not_an_error(
    estate: Estate, faults: Faults
) -> None:
    faults.add("s3", "GetBucketLocation", "NoSuchBucket", "The specified bucket does not exist",
               status=404, when=_bucket("lint-backup"))
    doc, calls = take()
    assert doc["errors"] == []
    assert names(doc, "s3.bucket") == {"lint-trails"}
    assert calls[("s3", "GetBucketLocation")] == 2
    assert calls[("s3", "GetPublicAccessBlock")] == 1


@pytest.mark.parametrize(("constraint", "region"), [("EU", "eu-west-1"), ("", "us-east-1"),
                                                    ("ap-southeast-2", "ap-southeast-2")])
def test_legacy_location_constraints_name_the_buckets_region(
    estate: Estate, faults: Faults, constraint: str, region: str
) -> None:
    faults.answer("s3", "GetBucketLocation", {"LocationConstraint": constraint},
                  when=_bucket("lint-backup"))
    doc, _ = take(("us-east-1",))
    backup = record(doc, "s3.bucket", "lint-backup")
    assert backup["region"] == region
    assert backup["Location"] == {"LocationConstraint": constraint}
    assert set(backup["PublicAccessBlockConfiguration"].values()) == {True}


def test_denied_trail_key_is_an_error_and_its_policy_is_not_asked(
    estate: Estate, faults: Faults
) -> None:
    (key,) = estate.keys
    faults.add("kms", "DescribeKey", when=lambda p: p.get("KeyId") == key)
    doc, calls = take()
    error = only_error(doc)
    assert (error["service"], error["operation"], error["resource_type"]) == (
        "kms", "DescribeKey", "kms.key")
    assert (error["resource_arn"], error["field"], error["region"]) == (key, None, "us-east-1")
    assert error["iam_action"] == "kms:DescribeKey"
    assert doc["resources"]["kms.key"] == []
    assert calls[("kms", "GetKeyPolicy")] == 0


def test_denied_key_policy_keeps_the_key(estate: Estate, faults: Faults) -> None:
    (key,) = estate.keys
    faults.add("kms", "GetKeyPolicy")
    doc, _ = take()
    error = only_error(doc)
    assert (error["resource_arn"], error["field"], error["iam_action"]) == (
        key, "KeyPolicy", "kms:GetKeyPolicy")
    (described,) = doc["resources"]["kms.key"]
    assert "KeyPolicy" not in described and described["KeyMetadata"]["Arn"] == key


def test_a_trail_key_that_no_longer_exists_is_absent_not_an_error(
    estate: Estate, faults: Faults
) -> None:
    faults.add("kms", "DescribeKey", "NotFoundException", "Key does not exist")
    doc, calls = take()
    assert doc["errors"] == [] and doc["resources"]["kms.key"] == []
    assert calls[("kms", "DescribeKey")] == 1 and calls[("kms", "GetKeyPolicy")] == 0
