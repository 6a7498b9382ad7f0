"""Log-group facts: forwarders, referenced_by_pools, delivery_write_allowed (domain-facts §1.3,
§1.4, §4.1)."""

from __future__ import annotations

import json

import pytest

from linter.facts import FACTS, FactUnknown
from linter.facts.logs import destination_kind, parse_selection_criteria

ACCT = "111122223333"
FH = f"arn:aws:firehose:us-east-1:{ACCT}:deliverystream/sumo-logs"
ROLE = f"arn:aws:iam::{ACCT}:role/CWLtoFirehose"


def call(name, ctx, res, **args):
    return FACTS[name].fn(ctx, res, **args)


def sub_filter(name="sumo", dest=FH, pattern="", role=ROLE):
    f = {"filterName": name, "destinationArn": dest, "filterPattern": pattern}
    if role:
        f["roleArn"] = role
    return f


def account_policy(snap, criteria=None, dest=FH, region="us-east-1", name="all-to-sumo"):
    body = {"policyName": name, "policyType": "SUBSCRIPTION_FILTER_POLICY", "scope": "ALL",
            "accountId": ACCT,
            "policyDocument": json.dumps({"DestinationArn": dest, "RoleArn": ROLE,
                                          "FilterPattern": "", "Distribution": "Random"})}
    if criteria is not None:
        body["selectionCriteria"] = criteria
    arn = f"arn:aws:logs:{region}:{ACCT}:account-policy/SUBSCRIPTION_FILTER_POLICY/{name}"
    return snap.add("logs.account_policy", arn, name, region, AccountPolicy=body)


@pytest.mark.parametrize(("arn", "kind"), [
    (FH, "firehose"),
    (f"arn:aws:lambda:us-east-1:{ACCT}:function:fwd", "lambda"),
    (f"arn:aws:kinesis:us-east-1:{ACCT}:stream/s", "kinesis"),
    (f"arn:aws:logs:us-east-1:{ACCT}:destination:central", "logs"),
    (f"arn:aws:sqs:us-east-1:{ACCT}:q", "other"),
    ("not-an-arn", "other"),
])
def test_destination_kind(arn, kind):
    assert destination_kind(arn) == kind


def test_forwarders_lists_log_group_filters(snap):
    group = snap.log_group("cognito", filters=[sub_filter(), sub_filter("lambda", role=None,
                           dest=f"arn:aws:lambda:us-east-1:{ACCT}:function:f", pattern="ERROR")])
    assert call("forwarders", snap.ctx(), group) == [
        {"scope": "log_group", "name": "sumo", "destination_arn": FH, "role_arn": ROLE,
         "filter_pattern": "", "destination_kind": "firehose"},
        {"scope": "log_group", "name": "lambda",
         "destination_arn": f"arn:aws:lambda:us-east-1:{ACCT}:function:f", "role_arn": None,
         "filter_pattern": "ERROR", "destination_kind": "lambda"},
    ]


def test_forwarders_include_account_policy_unless_excluded(snap):
    covered = snap.log_group("cognito", filters=[])
    excluded = snap.log_group("/aws/kinesisfirehose/sumo", filters=[])
    account_policy(snap, criteria='LogGroupName NOT IN ["/aws/kinesisfirehose/sumo", "x"]')
    ctx = snap.ctx()
    assert call("forwarders", ctx, covered) == [
        {"scope": "account", "name": "all-to-sumo", "destination_arn": FH, "role_arn": ROLE,
         "filter_pattern": "", "destination_kind": "firehose"}]
    assert call("forwarders", ctx, excluded) == []


def test_account_policy_of_other_region_does_not_forward(snap):
    group = snap.log_group("cognito", filters=[])
    account_policy(snap, region="eu-west-1")
    assert call("forwarders", snap.ctx(), group) == []


def test_forwarders_unknown_when_filters_failed_and_nothing_forwards(snap):
    group = snap.log_group("cognito", filters=None)
    snap.error(operation="DescribeSubscriptionFilters", resource_arn=group["arn"],
               field="SubscriptionFilters")
    with pytest.raises(FactUnknown) as exc:
        call("forwarders", snap.ctx(), group)
    assert "DescribeSubscriptionFilters" in exc.value.reasons[0]


def test_forwarders_known_account_policy_wins_over_failed_filters(snap):
    group = snap.log_group("cognito", filters=None)
    snap.error(operation="DescribeSubscriptionFilters", resource_arn=group["arn"],
               field="SubscriptionFilters")
    account_policy(snap)
    assert [f["scope"] for f in call("forwarders", snap.ctx(), group)] == ["account"]


def test_forwarders_unknown_when_account_policies_not_listed(snap):
    group = snap.log_group("cognito", filters=[])
    snap.error(operation="DescribeAccountPolicies", resource_type="logs.account_policy")
    with pytest.raises(FactUnknown):
        call("forwarders", snap.ctx(), group)


def test_forwarders_unknown_when_selection_criteria_unreadable(snap):
    group = snap.log_group("cognito", filters=[])
    account_policy(snap, criteria="LogGroupName LIKE 'x%'")
    with pytest.raises(FactUnknown) as exc:
        call("forwarders", snap.ctx(), group)
    assert "selectionCriteria" in exc.value.reasons[0]


@pytest.mark.parametrize(("text", "names"), [
    (None, frozenset()),
    ("", frozenset()),
    ('LogGroupName NOT IN ["a", "b/c"]', frozenset({"a", "b/c"})),
    ('logGroupName not in []', frozenset()),
    ("LogGroupName IN [\"a\"]", None),
    ("LogGroupName NOT IN [a]", None),
])
def test_parse_selection_criteria(text, names):
    assert parse_selection_criteria(text) == names


def test_referenced_by_pools_normalises_trailing_star(snap):
    group = snap.log_group("cognito-exported")
    conf = {"EventSource": "userNotification", "LogLevel": "ERROR",
            "CloudWatchLogsConfiguration": {"LogGroupArn": group["arn"] + ":*"}}
    b = snap.pool("us-east-1_B", confs=[conf])
    a = snap.pool("us-east-1_A", confs=[{**conf, "CloudWatchLogsConfiguration": {
        "LogGroupArn": group["arn"]}}])
    snap.pool("us-east-1_C", confs=[])
    unrelated = snap.log_group("other")
    ctx = snap.ctx()
    assert call("referenced_by_pools", ctx, group) == sorted([a["arn"], b["arn"]])
    assert call("referenced_by_pools", ctx, unrelated) == []


def test_referenced_by_pools_unknown_when_a_pool_config_failed(snap):
    group = snap.log_group("cognito-exported")
    pool = snap.pool()
    snap.error(operation="GetLogDeliveryConfiguration", resource_arn=pool["arn"],
               field="LogDeliveryConfiguration")
    other_region = snap.log_group("eu-group", region="eu-west-1")
    ctx = snap.ctx()
    with pytest.raises(FactUnknown):
        call("referenced_by_pools", ctx, group)
    assert call("referenced_by_pools", ctx, other_region) == []


# -- delivery_write_allowed -------------------------------------------------------------------

def statement(resource, actions=("logs:CreateLogStream", "logs:PutLogEvents"),
              principal=None, effect="Allow"):
    return {"Sid": "AWSLogDeliveryWrite20150319", "Effect": effect,
            "Principal": principal or {"Service": ["delivery.logs.amazonaws.com"]},
            "Action": list(actions), "Resource": resource,
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCT}}}


def resource_policy(snap, statements, scope="ACCOUNT", resource_arn=None, name="p",
                    region="us-east-1"):
    body = {"policyName": name, "policyDocument": json.dumps(
        {"Version": "2012-10-17", "Statement": statements}), "policyScope": scope}
    if resource_arn:
        body["resourceArn"] = resource_arn
        arn = f"{resource_arn}/resource-policy/{name}"
    else:
        arn = f"arn:aws:logs:{region}:{ACCT}:resource-policy/{name}"
    return snap.add("logs.resource_policy", arn, name, region, ResourcePolicy=body)


@pytest.mark.parametrize(("resource", "allowed"), [
    ("{g}:log-stream:*", True),
    ("{g}:*", True),
    ("arn:aws:logs:us-east-1:111122223333:log-group:*", True),
    ("*", True),
    (["arn:aws:s3:::x", "{g}:log-stream:*"], True),
    ("{g}:log-stream:cognito-*", False),
    ("{g}:log-stream:one", False),
    ("arn:aws:logs:us-east-1:111122223333:log-group:other:log-stream:*", False),
    ("arn:aws:logs:eu-west-1:111122223333:log-group:*", False),
])
def test_account_scope_resource_patterns(snap, resource, allowed):
    group = snap.log_group("cognito-exported")
    res = [r.format(g=group["arn"]) for r in resource] if isinstance(resource, list) \
        else resource.format(g=group["arn"])
    resource_policy(snap, [statement(res)])
    assert call("delivery_write_allowed", snap.ctx(), group) is allowed


def test_vendedlogs_wildcard(snap):
    group = snap.log_group("/aws/vendedlogs/cognito/prod")
    plain = snap.log_group("cognito-prod")
    resource_policy(snap, [statement(
        "arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/*")])
    ctx = snap.ctx()
    assert call("delivery_write_allowed", ctx, group) is True
    assert call("delivery_write_allowed", ctx, plain) is False


@pytest.mark.parametrize(("actions", "allowed"), [
    (["logs:*"], True),
    (["LOGS:createlogstream", "logs:putlogevents"], True),
    (["logs:Put*", "logs:Create*"], True),
    (["logs:PutLogEvents"], False),
    (["logs:CreateLogStream"], False),
])
def test_action_wildcards(snap, actions, allowed):
    group = snap.log_group("g")
    resource_policy(snap, [statement(group["arn"] + ":log-stream:*", actions=actions)])
    assert call("delivery_write_allowed", snap.ctx(), group) is allowed


def test_actions_split_over_account_and_resource_policies(snap):
    group = snap.log_group("g")
    resource_policy(snap, [statement("*", actions=["logs:CreateLogStream"])])
    put = statement(group["arn"] + ":log-stream:*", actions=["logs:PutLogEvents"])
    resource_policy(snap, [put], scope="RESOURCE", resource_arn=group["arn"], name="r")
    assert call("delivery_write_allowed", snap.ctx(), group) is True


def test_resource_scope_policy_of_this_group_only(snap):
    group = snap.log_group("g")
    other = snap.log_group("h")
    resource_policy(snap, [statement(group["arn"] + ":log-stream:*")], scope="RESOURCE",
                    resource_arn=group["arn"] + ":*")
    ctx = snap.ctx()
    assert call("delivery_write_allowed", ctx, group) is True
    assert call("delivery_write_allowed", ctx, other) is False


@pytest.mark.parametrize(("principal", "allowed"), [
    ({"Service": "delivery.logs.amazonaws.com"}, True),
    ("*", True),
    ({"AWS": "*"}, True),
    ({"Service": "logs.amazonaws.com"}, False),
    ({"AWS": "arn:aws:iam::111122223333:root"}, False),
])
def test_principals(snap, principal, allowed):
    group = snap.log_group("g")
    resource_policy(snap, [statement("*", principal=principal)])
    assert call("delivery_write_allowed", snap.ctx(), group) is allowed


def test_explicit_deny_wins(snap):
    group = snap.log_group("g")
    resource_policy(snap, [statement("*"),
                           statement(group["arn"] + ":log-stream:x", effect="Deny",
                                     actions=["logs:PutLogEvents"])])
    assert call("delivery_write_allowed", snap.ctx(), group) is False


def test_not_resource_allow(snap):
    group = snap.log_group("g")
    other = snap.log_group("h")
    stmt = statement("*")
    del stmt["Resource"]
    stmt["NotResource"] = other["arn"] + ":*"
    resource_policy(snap, [stmt])
    ctx = snap.ctx()
    assert call("delivery_write_allowed", ctx, group) is True
    assert call("delivery_write_allowed", ctx, other) is False


def test_unknown_when_resource_policies_not_collected(snap):
    group = snap.log_group("g")
    snap.error(operation="DescribeResourcePolicies", resource_type="logs.resource_policy")
    with pytest.raises(FactUnknown):
        call("delivery_write_allowed", snap.ctx(), group)


def test_allowed_even_when_listing_partly_failed(snap):
    group = snap.log_group("g")
    resource_policy(snap, [statement("*")])
    snap.error(operation="DescribeResourcePolicies", resource_type="logs.resource_policy")
    assert call("delivery_write_allowed", snap.ctx(), group) is True
