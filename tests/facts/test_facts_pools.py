"""Pool facts: log_targets, log_configuration_problems, effective_temporary_password_days,
user_pools_in_region (domain-facts §1)."""

from __future__ import annotations

import pytest

from linter.facts import FACTS, FactUnknown

LG = "arn:aws:logs:us-east-1:111122223333:log-group:cognito-exported"
FH = "arn:aws:firehose:us-east-1:111122223333:deliverystream/auth-events"
S3 = "arn:aws:s3:::cognito-logs-bucket"


def call(name, ctx, res, **args):
    return FACTS[name].fn(ctx, res, **args)


def notification(arn=LG):
    return {"EventSource": "userNotification", "LogLevel": "ERROR",
            "CloudWatchLogsConfiguration": {"LogGroupArn": arn}}


def test_log_targets_normalises_each_destination(snap):
    pool = snap.pool(confs=[
        notification(LG + ":*"),
        {"EventSource": "userAuthEvents", "LogLevel": "INFO",
         "FirehoseConfiguration": {"StreamArn": FH}},
    ])
    assert call("log_targets", snap.ctx(), pool) == [
        {"source": "userNotification", "level": "ERROR", "dest_kind": "cwl", "dest_arn": LG,
         "dest_region": "us-east-1", "dest_account": "111122223333"},
        {"source": "userAuthEvents", "level": "INFO", "dest_kind": "firehose", "dest_arn": FH,
         "dest_region": "us-east-1", "dest_account": "111122223333"},
    ]


def test_log_targets_s3_bucket_has_no_region_or_account(snap):
    pool = snap.pool(confs=[{"EventSource": "userAuthEvents", "LogLevel": "INFO",
                             "S3Configuration": {"BucketArn": S3}}])
    [target] = call("log_targets", snap.ctx(), pool)
    got = (target["dest_kind"], target["dest_region"], target["dest_account"])
    assert got == ("s3", None, None)


@pytest.mark.parametrize("confs", [None, []])
def test_log_targets_empty_when_not_configured(snap, confs):
    pool = snap.pool(confs=confs)
    assert call("log_targets", snap.ctx(), pool) == []


def test_log_targets_unknown_when_the_call_failed(snap):
    pool = snap.pool()
    snap.error(operation="GetLogDeliveryConfiguration", resource_type="cognito.user_pool",
               resource_arn=pool["arn"], field="LogDeliveryConfiguration")
    with pytest.raises(FactUnknown) as exc:
        call("log_targets", snap.ctx(), pool)
    assert "GetLogDeliveryConfiguration" in exc.value.reasons[0]


def test_log_targets_skips_entries_without_destination(snap):
    pool = snap.pool(confs=[{"EventSource": "userNotification", "LogLevel": "ERROR"}])
    assert call("log_targets", snap.ctx(), pool) == []


def test_well_formed_configuration_has_no_problems(snap):
    pool = snap.pool(confs=[notification(), {"EventSource": "userAuthEvents", "LogLevel": "INFO",
                                              "S3Configuration": {"BucketArn": S3}}])
    assert call("log_configuration_problems", snap.ctx(), pool) == []


@pytest.mark.parametrize(
    ("confs", "fragment"),
    [
        ([notification(), notification(), notification()], "at most 2"),
        ([notification(), notification()], "repeats the event source"),
        ([{**notification(), "LogLevel": "INFO"}], "allows only ERROR"),
        ([{**notification(), "FirehoseConfiguration": {"StreamArn": FH}}],
         "only to CloudWatch Logs"),
        ([{"EventSource": "userAuthEvents", "LogLevel": "ERROR",
           "S3Configuration": {"BucketArn": S3}}], "allows only INFO"),
        ([{"EventSource": "userAuthEvents", "LogLevel": "INFO",
           "S3Configuration": {"BucketArn": S3}, "FirehoseConfiguration": {"StreamArn": FH}}],
         "exactly one destination"),
        ([{"EventSource": "userNotification", "LogLevel": "ERROR"}], "no destination ARN"),
        ([{"EventSource": "somethingElse", "LogLevel": "ERROR",
           "CloudWatchLogsConfiguration": {"LogGroupArn": LG}}], "unknown EventSource"),
    ],
)
def test_configuration_problems(snap, confs, fragment):
    pool = snap.pool(confs=confs)
    problems = call("log_configuration_problems", snap.ctx(), pool)
    assert any(fragment in p for p in problems), problems


@pytest.mark.parametrize(("policy", "days"), [
    ({"TemporaryPasswordValidityDays": 3}, 3),
    ({"TemporaryPasswordValidityDays": 0}, 7),
    ({}, 7),
    (None, 7),
    ({"TemporaryPasswordValidityDays": 30}, 30),
])
def test_effective_temporary_password_days(snap, policy, days):
    pool = snap.pool(Policies={"PasswordPolicy": policy} if policy is not None else {})
    assert call("effective_temporary_password_days", snap.ctx(), pool) == days


def test_temporary_password_days_unknown_when_describe_failed(snap):
    pool = snap.add("cognito.user_pool", "arn:aws:cognito-idp:us-east-1:111122223333:userpool/x_1")
    snap.error(operation="DescribeUserPool", resource_arn=pool["arn"], field="UserPool")
    with pytest.raises(FactUnknown):
        call("effective_temporary_password_days", snap.ctx(), pool)
    other = snap.add("cognito.user_pool", "arn:aws:cognito-idp:us-east-1:111122223333:userpool/x_2")
    assert call("effective_temporary_password_days", snap.ctx(), other) is None


def test_user_pools_in_region(snap):
    snap.pool("us-east-1_A")
    snap.pool("us-east-1_B")
    stream = snap.metric_stream("s")
    other = snap.metric_stream("t", region="eu-west-1")
    ctx = snap.ctx()
    assert call("user_pools_in_region", ctx, stream) == 2
    assert call("user_pools_in_region", ctx, other) == 0


def test_user_pools_in_region_unknown_when_listing_failed(snap):
    stream = snap.metric_stream("t", region="eu-west-1")
    snap.error(operation="ListUserPools", region="eu-west-1", resource_type="cognito.user_pool")
    with pytest.raises(FactUnknown):
        call("user_pools_in_region", snap.ctx(), stream)
