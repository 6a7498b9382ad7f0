"""Firehose facts: endpoint, http_destination, pipeline_roles, recursion_loop (domain-facts §3,
§6.3, §7.12-§7.15)."""

from __future__ import annotations

import json

import pytest

from linter.facts import FACTS, FactUnknown
from linter.facts.firehose import parse_endpoint

ACCT = "111122223333"
SUMO_LOG = "https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/log/redacted-0123456789ab"
SUMO_METRIC = "https://us2.sumologic.net/receiver/v1/kinesis/metric/redacted-ba9876543210"


def call(name, ctx, res, **args):
    return FACTS[name].fn(ctx, res, **args)


@pytest.mark.parametrize(("url", "expected"), [
    (SUMO_LOG, {"https": True, "host": "endpoint1.collection.us2.sumologic.com",
                "provider": "sumologic", "kind": "log", "token_hash": "redacted-0123456789ab"}),
    (SUMO_METRIC, {"https": True, "host": "us2.sumologic.net", "provider": "sumologic",
                   "kind": "metric", "token_hash": "redacted-ba9876543210"}),
    ("http://collectors.SUMOLOGIC.com/receiver/v1/kinesis/log/redacted-0123456789ab",
     {"https": False, "host": "collectors.sumologic.com", "provider": "sumologic",
      "kind": "log", "token_hash": "redacted-0123456789ab"}),
    ("https://endpoint1.collection.sumologic.com/receiver/v1/http/redacted-0123456789ab",
     {"https": True, "host": "endpoint1.collection.sumologic.com", "provider": "sumologic",
      "kind": "unknown", "token_hash": "redacted-0123456789ab"}),
    ("https://sumologic.com.evil.example/receiver/v1/kinesis/log/redacted-0123456789ab",
     {"https": True, "host": "sumologic.com.evil.example", "provider": "other",
      "kind": "unknown", "token_hash": "redacted-0123456789ab"}),
    ("https://http-inputs-acme.splunkcloud.com/redacted-aaaaaaaaaaaa",
     {"https": True, "host": "http-inputs-acme.splunkcloud.com", "provider": "other",
      "kind": "unknown", "token_hash": "redacted-aaaaaaaaaaaa"}),
    ("https://example.com", {"https": True, "host": "example.com", "provider": "other",
                             "kind": "unknown", "token_hash": None}),
])
def test_parse_endpoint(url, expected):
    assert parse_endpoint(url) == expected


def test_unredacted_token_is_hashed_never_returned():
    token = "SUMOSECRETtoken123456789=="
    got = parse_endpoint(f"https://x.sumologic.com/receiver/v1/kinesis/log/{token}")
    assert got["kind"] == "log"
    assert token not in json.dumps(got)
    assert got["token_hash"].startswith("redacted-")


def test_endpoint_fact(snap):
    fh = snap.firehose("sumo-logs", url=SUMO_LOG)
    s3_only = snap.firehose("s3-only")
    ctx = snap.ctx()
    assert call("endpoint", ctx, fh)["kind"] == "log"
    assert call("endpoint", ctx, s3_only) is None
    assert call("http_destination", ctx, fh)["EndpointConfiguration"]["Url"] == SUMO_LOG
    assert call("http_destination", ctx, s3_only) is None


def test_endpoint_unknown_when_describe_failed(snap):
    arn = f"arn:aws:firehose:us-east-1:{ACCT}:deliverystream/x"
    fh = snap.add("firehose.delivery_stream", arn, "x")
    snap.error(operation="DescribeDeliveryStream", resource_arn=arn,
               field="DeliveryStreamDescription")
    with pytest.raises(FactUnknown):
        call("endpoint", snap.ctx(), fh)


# -- pipeline_roles ---------------------------------------------------------------------------

def test_pipeline_roles(snap):
    logs_fh = snap.firehose("sumo-logs", url=SUMO_LOG)
    metrics_fh = snap.firehose("sumo-metrics", url=SUMO_METRIC)
    auth_fh = snap.firehose("auth-events", url=SUMO_LOG)
    unrelated = snap.firehose("unrelated", url=SUMO_LOG)
    group = snap.log_group("cognito", filters=[
        {"filterName": "f", "destinationArn": logs_fh["arn"], "filterPattern": ""}])
    # a forwarder of a log group no pool uses does not make a pipeline stream
    snap.log_group("app", filters=[
        {"filterName": "f", "destinationArn": unrelated["arn"], "filterPattern": ""}])
    snap.pool(confs=[
        {"EventSource": "userNotification", "LogLevel": "ERROR",
         "CloudWatchLogsConfiguration": {"LogGroupArn": group["arn"]}},
        {"EventSource": "userAuthEvents", "LogLevel": "INFO",
         "FirehoseConfiguration": {"StreamArn": auth_fh["arn"]}},
    ])
    snap.metric_stream("cognito-metrics", FirehoseArn=metrics_fh["arn"])
    ctx = snap.ctx()
    assert call("pipeline_roles", ctx, logs_fh) == ["log_forwarder"]
    assert call("pipeline_roles", ctx, metrics_fh) == ["metric_stream"]
    assert call("pipeline_roles", ctx, auth_fh) == ["cognito_target"]
    assert call("pipeline_roles", ctx, unrelated) == []


def test_pipeline_roles_unknown_when_region_has_unread_pool(snap):
    fh = snap.firehose("sumo-logs", url=SUMO_LOG)
    eu = snap.firehose("eu", region="eu-west-1", url=SUMO_LOG)
    pool = snap.pool()
    snap.error(operation="GetLogDeliveryConfiguration", resource_arn=pool["arn"],
               field="LogDeliveryConfiguration")
    ctx = snap.ctx()
    with pytest.raises(FactUnknown):
        call("pipeline_roles", ctx, fh)
    assert call("pipeline_roles", ctx, eu) == []


def test_pipeline_roles_known_role_despite_unknowns(snap):
    fh = snap.firehose("sumo-metrics", url=SUMO_METRIC)
    snap.metric_stream("m", FirehoseArn=fh["arn"])
    snap.error(operation="ListUserPools", resource_type="cognito.user_pool")
    assert call("pipeline_roles", snap.ctx(), fh) == ["metric_stream"]


# -- recursion_loop ---------------------------------------------------------------------------

ERR_GROUP = "/aws/kinesisfirehose/Kinesis-Logs-abc"
LOGGING = {"Enabled": True, "LogGroupName": ERR_GROUP, "LogStreamName": "HttpEndpointDelivery"}


def test_self_subscription_is_a_loop(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG, logging=LOGGING)
    snap.log_group(ERR_GROUP, filters=[
        {"filterName": "self", "destinationArn": fh["arn"], "filterPattern": ""}])
    assert call("recursion_loop", snap.ctx(), fh) is True


def test_error_group_forwarded_elsewhere_is_no_loop(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG, logging=LOGGING)
    other = snap.firehose("other", url=SUMO_LOG)
    snap.log_group(ERR_GROUP, filters=[
        {"filterName": "x", "destinationArn": other["arn"], "filterPattern": ""}])
    assert call("recursion_loop", snap.ctx(), fh) is False


def test_logging_disabled_is_no_loop(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG, logging={**LOGGING, "Enabled": False})
    snap.log_group(ERR_GROUP, filters=[
        {"filterName": "self", "destinationArn": fh["arn"], "filterPattern": ""}])
    assert call("recursion_loop", snap.ctx(), fh) is False


def _account_policy(snap, dest, criteria=None):
    body = {"policyName": "all", "policyType": "SUBSCRIPTION_FILTER_POLICY",
            "policyDocument": json.dumps({"DestinationArn": dest, "FilterPattern": ""})}
    if criteria:
        body["selectionCriteria"] = criteria
    snap.add("logs.account_policy",
             f"arn:aws:logs:us-east-1:{ACCT}:account-policy/SUBSCRIPTION_FILTER_POLICY/all",
             "all", AccountPolicy=body)


def test_account_policy_loop_even_when_error_group_not_in_snapshot(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG, logging=LOGGING)
    _account_policy(snap, fh["arn"])
    assert call("recursion_loop", snap.ctx(), fh) is True


def test_account_policy_excluding_error_group_is_no_loop(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG, logging=LOGGING)
    _account_policy(snap, fh["arn"], criteria=f'LogGroupName NOT IN ["{ERR_GROUP}"]')
    assert call("recursion_loop", snap.ctx(), fh) is False


def test_s3_backup_logging_group_counts(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG)
    http = fh["DeliveryStreamDescription"]["Destinations"][0]["HttpEndpointDestinationDescription"]
    http["S3DestinationDescription"] = {"BucketARN": "arn:aws:s3:::b",
                                        "CloudWatchLoggingOptions": {**LOGGING,
                                                                     "LogStreamName": "S3Delivery"}}
    snap.log_group(ERR_GROUP, filters=[
        {"filterName": "self", "destinationArn": fh["arn"], "filterPattern": ""}])
    assert call("recursion_loop", snap.ctx(), fh) is True


def test_recursion_unknown_when_error_group_filters_failed(snap):
    fh = snap.firehose("Kinesis-Logs-abc", url=SUMO_LOG, logging=LOGGING)
    group = snap.log_group(ERR_GROUP, filters=None)
    snap.error(operation="DescribeSubscriptionFilters", resource_arn=group["arn"],
               field="SubscriptionFilters")
    with pytest.raises(FactUnknown):
        call("recursion_loop", snap.ctx(), fh)
