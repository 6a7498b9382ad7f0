"""CloudWatch Logs: account policies, scoped resource policies and log-group lookups."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from mockaws_builders import ACCOUNT, ROLE_ARN, make_firehose, make_log_group, raises_code

GRANT = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "delivery.logs.amazonaws.com"},
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "*",
    }],
})


@pytest.fixture
def firehose_arn(session: boto3.Session) -> str:
    return make_firehose(session, "sumo-logs")


def subscription_document(destination: str, **extra: Any) -> str:
    return json.dumps({"DestinationArn": destination, "RoleArn": ROLE_ARN, "FilterPattern": "",
                       **extra})


# ---------------------------------------------------------------- account policies


def test_subscription_filter_policy_round_trip(session: boto3.Session, firehose_arn: str) -> None:
    logs = session.client("logs")
    criteria = 'LogGroupName NOT IN ["/aws/kinesisfirehose/sumo-logs"]'
    put = logs.put_account_policy(
        policyName="to-sumo",
        policyDocument=subscription_document(firehose_arn),
        policyType="SUBSCRIPTION_FILTER_POLICY",
        scope="ALL",
        selectionCriteria=criteria,
    )["accountPolicy"]
    described = logs.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")

    assert described["accountPolicies"] == [put]
    assert put["policyName"] == "to-sumo"
    assert put["policyType"] == "SUBSCRIPTION_FILTER_POLICY"
    assert put["scope"] == "ALL"
    assert put["selectionCriteria"] == criteria
    assert put["accountId"] == ACCOUNT
    assert json.loads(put["policyDocument"])["DestinationArn"] == firehose_arn
    assert isinstance(put["lastUpdatedTime"], int)


def test_describe_filters_by_type_and_name(session: boto3.Session, firehose_arn: str) -> None:
    logs = session.client("logs")
    logs.put_account_policy(policyName="to-sumo", policyType="SUBSCRIPTION_FILTER_POLICY",
                            policyDocument=subscription_document(firehose_arn))
    logs.put_account_policy(policyName="keep-a-year", policyType="RETENTION_POLICY",
                            policyDocument=json.dumps({"retentionInDays": 365}))
    subscription = logs.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")
    retention = logs.describe_account_policies(policyType="RETENTION_POLICY",
                                               policyName="keep-a-year")
    none = logs.describe_account_policies(policyType="RETENTION_POLICY", policyName="other")
    assert [p["policyName"] for p in subscription["accountPolicies"]] == ["to-sumo"]
    assert [p["policyName"] for p in retention["accountPolicies"]] == ["keep-a-year"]
    assert none["accountPolicies"] == []
    assert session.client("logs", region_name="eu-west-1").describe_account_policies(
        policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"] == []


def test_one_subscription_policy_per_region(session: boto3.Session, firehose_arn: str) -> None:
    logs = session.client("logs")
    document = subscription_document(firehose_arn)
    logs.put_account_policy(policyName="first", policyType="SUBSCRIPTION_FILTER_POLICY",
                            policyDocument=document)
    logs.put_account_policy(policyName="first", policyType="SUBSCRIPTION_FILTER_POLICY",
                            policyDocument=subscription_document(firehose_arn,
                                                                 FilterPattern="ERROR"))
    raises_code("LimitExceededException", logs.put_account_policy, policyName="second",
                policyType="SUBSCRIPTION_FILTER_POLICY", policyDocument=document)
    (policy,) = logs.describe_account_policies(
        policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"]
    assert json.loads(policy["policyDocument"])["FilterPattern"] == "ERROR"


def test_delete_account_policy(session: boto3.Session, firehose_arn: str) -> None:
    logs = session.client("logs")
    logs.put_account_policy(policyName="to-sumo", policyType="SUBSCRIPTION_FILTER_POLICY",
                            policyDocument=subscription_document(firehose_arn))
    logs.delete_account_policy(policyName="to-sumo", policyType="SUBSCRIPTION_FILTER_POLICY")
    assert logs.describe_account_policies(
        policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"] == []
    raises_code("ResourceNotFoundException", logs.delete_account_policy,
                policyName="to-sumo", policyType="SUBSCRIPTION_FILTER_POLICY")


@pytest.mark.parametrize(
    ("policy_type", "document", "extra"),
    [
        ("SUBSCRIPTION_FILTER_POLICY", "not json", {}),
        ("SUBSCRIPTION_FILTER_POLICY", json.dumps({"RoleArn": ROLE_ARN}), {}),
        ("SUBSCRIPTION_FILTER_POLICY", json.dumps({
            "DestinationArn": f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/missing",
            "RoleArn": ROLE_ARN}), {}),
        ("SUBSCRIPTION_FILTER_POLICY", "FIREHOSE_WITHOUT_ROLE", {}),
        ("SUBSCRIPTION_FILTER_POLICY", "FIREHOSE",
         {"selectionCriteria": 'LogGroupNamePrefix IN ["/aws"]'}),
        ("SUBSCRIPTION_FILTER_POLICY", "FIREHOSE", {"scope": "SOME"}),
        ("DATA_PROTECTION_POLICY", json.dumps({"Name": "dp"}),
         {"selectionCriteria": 'LogGroupName NOT IN []'}),
        ("RETENTION_POLICY", json.dumps({"retentionInDays": 7}), {}),
        ("SUBSCRIPTION_FILTER_POLICY", "FIREHOSE", {"dryRun": True}),
        ("AUDIT_POLICY", json.dumps({}), {}),
    ],
    ids=["not-json", "no-destination", "missing-firehose", "firehose-without-role",
         "bad-selection", "bad-scope", "selection-on-data-protection", "retention-days",
         "dry-run-not-retention", "policy-type"],
)
def test_bad_account_policy_is_invalid(
    session: boto3.Session, firehose_arn: str, policy_type: str, document: str,
    extra: dict[str, Any]
) -> None:
    if document == "FIREHOSE":
        document = subscription_document(firehose_arn)
    elif document == "FIREHOSE_WITHOUT_ROLE":
        document = json.dumps({"DestinationArn": firehose_arn})
    raises_code("InvalidParameterException", session.client("logs").put_account_policy,
                policyName="policy", policyType=policy_type, policyDocument=document, **extra)


def test_retention_dry_run_reports_impact_and_stores_nothing(session: boto3.Session) -> None:
    logs = session.client("logs")
    make_log_group(session, "/app/short")
    logs.put_retention_policy(logGroupName="/app/short", retentionInDays=7)
    make_log_group(session, "/app/forever")
    result = logs.put_account_policy(
        policyName="keep-90-days", policyType="RETENTION_POLICY", dryRun=True,
        policyDocument=json.dumps({"retentionInDays": 90, "enforcementMode": "RETROACTIVE"}),
    )["dryRunResult"]
    assert result["totalMatchedLogGroups"] == 2
    assert result["increasedRetentionLogGroupCount"] == 1
    assert result["decreasedRetentionLogGroupCount"] == 1
    assert logs.describe_account_policies(policyType="RETENTION_POLICY")["accountPolicies"] == []


# ---------------------------------------------------------------- resource policies


def test_account_and_resource_scoped_policies_are_separate(session: boto3.Session) -> None:
    logs = session.client("logs")
    group_arn = make_log_group(session, "/aws/cognito/pool")
    logs.put_resource_policy(policyName="account-wide", policyDocument=GRANT)
    put = logs.put_resource_policy(policyName="AWSLogDeliveryWrite20150319",
                                   policyDocument=GRANT, resourceArn=group_arn)

    account = logs.describe_resource_policies()["resourcePolicies"]
    account_explicit = logs.describe_resource_policies(policyScope="ACCOUNT")["resourcePolicies"]
    resource = logs.describe_resource_policies(policyScope="RESOURCE",
                                               resourceArn=group_arn)["resourcePolicies"]

    assert [(p["policyName"], p["policyScope"]) for p in account] == [("account-wide", "ACCOUNT")]
    assert account == account_explicit
    assert "revisionId" not in account[0]
    assert resource == [put["resourcePolicy"]]
    assert resource[0]["policyScope"] == "RESOURCE"
    assert resource[0]["resourceArn"] == group_arn
    assert resource[0]["revisionId"] == put["revisionId"]


def test_resource_policy_update_needs_the_current_revision(session: boto3.Session) -> None:
    logs = session.client("logs")
    group_arn = make_log_group(session, "/aws/cognito/pool")
    first = logs.put_resource_policy(policyName="grant", policyDocument=GRANT,
                                     resourceArn=group_arn)
    raises_code("OperationAbortedException", logs.put_resource_policy, policyName="grant",
                policyDocument=GRANT, resourceArn=group_arn)
    second = logs.put_resource_policy(policyName="grant", policyDocument=GRANT,
                                      resourceArn=group_arn,
                                      expectedRevisionId=first["revisionId"])
    assert second["revisionId"] != first["revisionId"]
    raises_code("OperationAbortedException", logs.delete_resource_policy, policyName="grant",
                resourceArn=group_arn, expectedRevisionId=first["revisionId"])
    logs.delete_resource_policy(policyName="grant", resourceArn=group_arn,
                                expectedRevisionId=second["revisionId"])
    assert logs.describe_resource_policies(policyScope="RESOURCE",
                                           resourceArn=group_arn)["resourcePolicies"] == []


def test_resource_policy_goes_with_its_log_group(session: boto3.Session) -> None:
    logs = session.client("logs")
    group_arn = make_log_group(session, "/aws/cognito/pool")
    logs.put_resource_policy(policyName="grant", policyDocument=GRANT, resourceArn=group_arn)
    logs.delete_log_group(logGroupName="/aws/cognito/pool")
    make_log_group(session, "/aws/cognito/pool")
    assert logs.describe_resource_policies(policyScope="RESOURCE",
                                           resourceArn=group_arn)["resourcePolicies"] == []


def test_resource_policy_errors(session: boto3.Session) -> None:
    logs = session.client("logs")
    group_arn = make_log_group(session, "/aws/cognito/pool")
    missing = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/missing"
    raises_code("ResourceNotFoundException", logs.put_resource_policy, policyName="grant",
                policyDocument=GRANT, resourceArn=missing)
    raises_code("InvalidParameterException", logs.describe_resource_policies,
                policyScope="RESOURCE")
    raises_code("InvalidParameterException", logs.put_resource_policy, policyName="grant",
                policyDocument="{not json", resourceArn=group_arn)
    raises_code("InvalidParameterException", logs.put_resource_policy, policyDocument=GRANT)
    raises_code("ResourceNotFoundException", logs.delete_resource_policy, policyName="grant",
                resourceArn=group_arn)


def test_at_most_ten_account_scoped_policies(session: boto3.Session) -> None:
    logs = session.client("logs")
    for index in range(10):
        logs.put_resource_policy(policyName=f"policy-{index}", policyDocument=GRANT)
    raises_code("LimitExceededException", logs.put_resource_policy, policyName="policy-10",
                policyDocument=GRANT)


# ---------------------------------------------------------------- log groups


def test_describe_log_groups_by_identifiers(session: boto3.Session) -> None:
    logs = session.client("logs")
    by_arn = make_log_group(session, "/aws/cognito/a")
    make_log_group(session, "/aws/cognito/b")
    make_log_group(session, "/aws/cognito/c")
    groups = logs.describe_log_groups(
        logGroupIdentifiers=[by_arn + ":*", "/aws/cognito/c", "/not/there"]
    )["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/aws/cognito/a", "/aws/cognito/c"]
    assert groups[0]["logGroupArn"] == by_arn
    assert groups[0]["arn"] == by_arn + ":*"


def test_identifiers_cannot_be_combined_with_a_prefix(session: boto3.Session) -> None:
    raises_code("InvalidParameterException", session.client("logs").describe_log_groups,
                logGroupIdentifiers=["/a"], logGroupNamePrefix="/a")


def test_prefix_and_pattern_are_exclusive(session: boto3.Session) -> None:
    raises_code("InvalidParameterException", session.client("logs").describe_log_groups,
                logGroupNamePrefix="/a", logGroupNamePattern="b")


def test_pattern_is_a_case_sensitive_substring_with_few_fields(session: boto3.Session) -> None:
    logs = session.client("logs")
    make_log_group(session, "/aws/cognito/DataLogs")
    make_log_group(session, "/aws/cognito/datalogs")
    groups = logs.describe_log_groups(logGroupNamePattern="DataLogs")["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/aws/cognito/DataLogs"]
    assert set(groups[0]) == {"arn", "creationTime", "logGroupName"}


def test_log_group_class_is_stored_reported_and_filtered(session: boto3.Session) -> None:
    logs = session.client("logs")
    logs.create_log_group(logGroupName="/lambda/delivery", logGroupClass="DELIVERY")
    make_log_group(session, "/aws/cognito/standard")
    everything = {g["logGroupName"]: g["logGroupClass"]
                  for g in logs.describe_log_groups()["logGroups"]}
    delivery = logs.describe_log_groups(logGroupClass="DELIVERY")["logGroups"]
    assert everything == {"/aws/cognito/standard": "STANDARD", "/lambda/delivery": "DELIVERY"}
    assert [g["logGroupName"] for g in delivery] == ["/lambda/delivery"]
    raises_code("InvalidParameterException", logs.create_log_group, logGroupName="/x",
                logGroupClass="ARCHIVE")


def test_describe_log_groups_paginates(session: boto3.Session) -> None:
    logs = session.client("logs")
    for name in ("/g/3", "/g/1", "/g/2"):
        make_log_group(session, name)
    first = logs.describe_log_groups(limit=2)
    second = logs.describe_log_groups(limit=2, nextToken=first["nextToken"])
    assert [g["logGroupName"] for g in first["logGroups"]] == ["/g/1", "/g/2"]
    assert [g["logGroupName"] for g in second["logGroups"]] == ["/g/3"]
    assert "nextToken" not in second


def test_deletion_protected_log_group_cannot_be_deleted(session: boto3.Session) -> None:
    logs = session.client("logs")
    logs.create_log_group(logGroupName="/keep", deletionProtectionEnabled=True)
    (group,) = logs.describe_log_groups(logGroupIdentifiers=["/keep"])["logGroups"]
    assert group["deletionProtectionEnabled"] is True
    raises_code("InvalidParameterException", logs.delete_log_group, logGroupName="/keep")
