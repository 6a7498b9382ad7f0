"""An independent, boto3-only reading of the demo account: which catalog rules a pool fails.

It re-derives the findings from what AWS (moto plus the extension) returns, without the
collector, the facts or the engine, so the tests can check that the seeded account really
holds the breaks the manifest promises and nothing else. Each check is tagged with the id of
the catalog rule (rules-catalog.md) whose semantics it follows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.exceptions import ClientError

from linter.demo import DemoPool

SUMO_HOST_SUFFIXES = (".sumologic.com", ".sumologic.net")


class Findings:
    """Rule id → problems found, for one pool's pipelines and posture."""

    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = defaultdict(list)

    def check(self, rule: str, ok: bool, problem: str) -> None:
        if not ok:
            self.problems[rule].append(problem)

    @property
    def rules(self) -> set[str]:
        return set(self.problems)


def _firehose(session: boto3.Session, arn: str) -> dict[str, Any] | None:
    region, name = arn.split(":")[3], arn.split("/")[-1]
    try:
        described: dict[str, Any] = session.client("firehose", region_name=region)\
            .describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
    except ClientError:
        return None
    return described


def check_firehose(session: boto3.Session, found: Findings, arn: str, kind: str,
                   direct: bool = False) -> None:
    stream = _firehose(session, arn)
    if stream is None:
        return
    http = stream["Destinations"][0].get("HttpEndpointDestinationDescription", {})
    url = urlparse(http.get("EndpointConfiguration", {}).get("Url", ""))
    found.check("CL-FH-001", stream["DeliveryStreamStatus"] == "ACTIVE", f"{arn} not ACTIVE")
    found.check("CL-FH-002", stream["DeliveryStreamType"] == "DirectPut", f"{arn} not DirectPut")
    found.check(
        "CL-FH-003",
        url.scheme == "https"
        and url.hostname is not None
        and url.hostname.endswith(SUMO_HOST_SUFFIXES)
        and url.path.startswith(f"/receiver/v1/kinesis/{kind}/"),
        f"{arn} is not a Sumo Logic {kind} endpoint",
    )
    found.check("CL-FH-004", http.get("RequestConfiguration", {}).get("ContentEncoding") == "GZIP",
                f"{arn} not GZIP")
    found.check("CL-FH-005", http.get("RetryOptions", {}).get("DurationInSeconds", 0) >= 60,
                f"{arn} retries < 60 s")
    backup = http.get("S3DestinationDescription", {}).get("BucketARN", "")
    found.check(
        "CL-FH-006",
        http.get("S3BackupMode") in ("FailedDataOnly", "AllData")
        and _blocks_public_access(session, backup.split(":::")[-1]),
        f"{arn} has no failed-data backup to a private bucket",
    )
    logging = http.get("CloudWatchLoggingOptions", {})
    found.check("CL-FH-007", bool(logging.get("Enabled") and logging.get("LogGroupName")),
                f"{arn} does not log delivery errors")
    hints = http.get("BufferingHints", {})
    found.check("CL-FH-008",
                hints.get("IntervalInSeconds", 300) <= 300 and hints.get("SizeInMBs", 5) <= 5,
                f"{arn} buffers too long")
    if direct:
        tags = session.client("firehose", region_name=arn.split(":")[3])\
            .list_tags_for_delivery_stream(DeliveryStreamName=arn.split("/")[-1])["Tags"]
        found.check("CL-LOG-012", {"Key": "LogDeliveryEnabled", "Value": "true"} in tags,
                    f"{arn} lacks LogDeliveryEnabled=true")


def _public_access_block(call: Any, **params: Any) -> dict[str, Any] | None:
    """The configuration; {} when none is configured; None when the bucket does not exist."""
    try:
        configuration: dict[str, Any] = call(**params)["PublicAccessBlockConfiguration"]
    except ClientError as e:
        if e.response["Error"]["Code"] == "NoSuchPublicAccessBlockConfiguration":
            return {}
        return None
    return configuration


def _blocks_public_access(session: boto3.Session, bucket: str) -> bool:
    """Each setting on in the bucket's own block or in the account-level one (S3 applies the
    most restrictive of the two)."""
    if not bucket:
        return False
    own = _public_access_block(session.client("s3").get_public_access_block, Bucket=bucket)
    if own is None:  # no such bucket
        return False
    account_id = session.client("sts").get_caller_identity()["Account"]
    account = _public_access_block(session.client("s3control").get_public_access_block,
                                   AccountId=account_id) or {}
    return all(own.get(k) is True or account.get(k) is True for k in (
        "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"))


def _bucket_notifies_new_files(session: boto3.Session, bucket: str) -> bool:
    """An ObjectCreated notification without key filter to a topic of the bucket's Region."""
    s3 = session.client("s3")
    try:
        region = s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] or "us-east-1"
        topics = s3.get_bucket_notification_configuration(Bucket=bucket).get(
            "TopicConfigurations", [])
    except ClientError:
        return False
    return any(
        {"s3:ObjectCreated:*", "s3:ObjectCreated:Put"} & set(t["Events"])
        and "Filter" not in t and t["TopicArn"].split(":")[3] == region
        for t in topics)


def _key_lets_sumo_decrypt(session: boto3.Session, key_arn: str) -> bool:
    """The key is enabled and an Allow statement gives a Sumo role kms:Decrypt."""
    kms = session.client("kms", region_name=key_arn.split(":")[3])
    if kms.describe_key(KeyId=key_arn)["KeyMetadata"]["KeyState"] != "Enabled":
        return False
    policy = json.loads(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
    for statement in policy["Statement"]:
        principals = statement.get("Principal", {}).get("AWS", [])
        principals = [principals] if isinstance(principals, str) else principals
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if (statement["Effect"] == "Allow" and "kms:Decrypt" in actions
                and any(":role/" in p and "sumo" in p.lower() for p in principals)):
            return True
    return False


def _grants_delivery(document: str, group_arn: str) -> bool:
    for statement in json.loads(document).get("Statement", []):
        principal = statement.get("Principal", {}).get("Service", [])
        principals = [principal] if isinstance(principal, str) else principal
        actions = statement.get("Action", [])
        resources = statement.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        covered = any(fnmatchcase(f"{group_arn}:log-stream:*", r) for r in resources)
        if (statement.get("Effect") == "Allow"
                and "delivery.logs.amazonaws.com" in principals
                and {"logs:CreateLogStream", "logs:PutLogEvents"} <= set(actions)
                and covered):
            return True
    return False


def check_log_group(session: boto3.Session, found: Findings, group_arn: str) -> None:
    region, name = group_arn.split(":")[3], group_arn.split(":log-group:")[1]
    logs = session.client("logs", region_name=region)
    groups = logs.describe_log_groups(logGroupIdentifiers=[name])["logGroups"]
    found.check("CL-LOG-003", len(groups) == 1, f"{group_arn} missing")
    if not groups:
        return
    found.check("CL-LOG-004", "kmsKeyId" not in groups[0], f"{group_arn} KMS-encrypted")
    found.check("CL-LOG-008", groups[0].get("logGroupClass", "STANDARD") == "STANDARD",
                f"{group_arn} not STANDARD")
    policies = logs.describe_resource_policies(policyScope="ACCOUNT")["resourcePolicies"]
    policies += logs.describe_resource_policies(policyScope="RESOURCE",
                                                resourceArn=group_arn)["resourcePolicies"]
    found.check("CL-LOG-005", any(_grants_delivery(p["policyDocument"], group_arn)
                                  for p in policies),
                f"{group_arn}: no delivery.logs.amazonaws.com grant")

    destinations = [f["destinationArn"] for f in
                    logs.describe_subscription_filters(logGroupName=name)["subscriptionFilters"]
                    if not f["filterPattern"] and f.get("roleArn")]
    for policy in logs.describe_account_policies(
            policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"]:
        criteria = policy.get("selectionCriteria", "")
        excluded = json.loads(criteria.split(" IN ", 1)[1]) if " IN " in criteria else []
        if name not in excluded:
            destinations.append(json.loads(policy["policyDocument"])["DestinationArn"])
    existing = [d for d in destinations if ":firehose:" in d and _firehose(session, d)]
    found.check("CL-LOG-006", bool(existing), f"{group_arn} not forwarded to a Firehose stream")
    for destination in existing:
        check_firehose(session, found, destination, "log")


def _sends(stream: dict[str, Any], namespace: str) -> bool:
    """Whether the stream's filters let (some of) the namespace through."""
    include = {f["Namespace"] for f in stream["IncludeFilters"]}
    if include:
        return namespace in include
    # An exclude filter with MetricNames drops only those metrics, not the namespace.
    return namespace not in {f["Namespace"] for f in stream["ExcludeFilters"]
                             if not f.get("MetricNames")}


def check_metrics(session: boto3.Session, found: Findings, region: str) -> None:
    cloudwatch = session.client("cloudwatch", region_name=region)
    good = []
    for entry in cloudwatch.list_metric_streams()["Entries"]:
        stream = cloudwatch.get_metric_stream(Name=entry["Name"])
        if stream["State"] == "running" and _sends(stream, "AWS/Cognito"):
            good.append(stream)
            found.check("CL-MET-003", _sends(stream, "AWS/Usage"),
                        f"{stream['Arn']} misses AWS/Usage")
            found.check("CL-MET-005", stream["OutputFormat"] == "opentelemetry0.7",
                        f"{stream['Arn']} format")
            check_firehose(session, found, stream["FirehoseArn"], "metric")
    found.check("CL-MET-001", bool(good), f"no running stream sends AWS/Cognito in {region}")


def check_trails(session: boto3.Session, found: Findings, region: str) -> None:
    cloudtrail = session.client("cloudtrail", region_name=region)
    write, read_write = [], []
    for trail in cloudtrail.describe_trails()["trailList"]:
        arn = trail["TrailARN"]
        covers = trail["IsMultiRegionTrail"] or trail["HomeRegion"] == region
        if not (covers and cloudtrail.get_trail_status(Name=arn)["IsLogging"]
                and trail.get("S3BucketName")):
            continue
        selectors = cloudtrail.get_event_selectors(TrailName=arn)
        kinds = set()
        for selector in selectors["EventSelectors"]:
            if selector.get("IncludeManagementEvents", True):
                kinds |= {"All": {"read", "write"}, "ReadOnly": {"read"},
                          "WriteOnly": {"write"}}[selector.get("ReadWriteType", "All")]
        for selector in selectors["AdvancedEventSelectors"]:
            fields = {f["Field"]: f for f in selector["FieldSelectors"]}
            if fields["eventCategory"].get("Equals") == ["Management"]:
                read_only = fields.get("readOnly", {}).get("Equals")
                kinds |= ({"read", "write"} if read_only is None
                          else {"read" if v == "true" else "write" for v in read_only})
        if "write" in kinds:
            write.append(trail)
            if "read" in kinds:
                read_write.append(trail)
            found.check("CL-CT-006", trail["LogFileValidationEnabled"], f"{arn} no validation")
            found.check("CL-CT-007", bool(trail.get("SnsTopicARN"))
                        or _bucket_notifies_new_files(session, trail["S3BucketName"]),
                        f"{arn}: no SNS topic, no S3 event notification")
            if trail.get("KmsKeyId"):
                found.check("CL-CT-008", _key_lets_sumo_decrypt(session, trail["KmsKeyId"]),
                            f"{arn}: the Sumo Logic role cannot decrypt")
    found.check("CL-CT-001", bool(write), f"no logging trail covers {region}")
    if write:
        found.check("CL-CT-002", bool(read_write), f"no trail in {region} records reads")


def check_pool(session: boto3.Session, pool: DemoPool) -> Findings:
    """The pool's own checks: posture and its logs pipeline (see :func:`check_region`)."""
    found = Findings()
    idp = session.client("cognito-idp", region_name=pool.region)
    described = idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]
    mfa = idp.get_user_pool_mfa_config(UserPoolId=pool.id)
    password = described["Policies"]["PasswordPolicy"]
    found.check("CL-COG-001", described["DeletionProtection"] == "ACTIVE", "deletion protection")
    found.check("CL-COG-002", described["MfaConfiguration"] in ("ON", "OPTIONAL")
                and mfa.get("SoftwareTokenMfaConfiguration", {}).get("Enabled") is True, "MFA")
    found.check("CL-COG-003",
                password["MinimumLength"] >= 14
                and all(password[k] for k in ("RequireUppercase", "RequireLowercase",
                                              "RequireNumbers", "RequireSymbols"))
                and 0 < password.get("TemporaryPasswordValidityDays", 7) <= 7, "password")
    mode = described.get("UserPoolAddOns", {}).get("AdvancedSecurityMode", "OFF")
    threat_protection = described["UserPoolTier"] == "PLUS" and mode in ("AUDIT", "ENFORCED")
    high_action = ""
    if threat_protection:
        risk = idp.describe_risk_configuration(UserPoolId=pool.id)["RiskConfiguration"]
        high_action = risk.get("AccountTakeoverRiskConfiguration", {}).get("Actions", {})\
            .get("HighAction", {}).get("EventAction", "")
    found.check("CL-COG-004", threat_protection and mode == "ENFORCED"
                and high_action in ("BLOCK", "MFA_REQUIRED"), "threat protection")
    recovery = described.get("AccountRecoverySetting", {}).get("RecoveryMechanisms", [])
    found.check("CL-COG-005", any(m["Priority"] == 1 and m["Name"] != "verified_phone_number"
                                  for m in recovery), "account recovery")
    found.check("CL-COG-006",
                described.get("EmailConfiguration", {}).get("EmailSendingAccount") == "DEVELOPER"
                and not described.get("SmsConfigurationFailure"), "messaging")

    configs = idp.get_log_delivery_configuration(UserPoolId=pool.id)[
        "LogDeliveryConfiguration"]["LogConfigurations"]
    found.check("CL-LOG-001", any(
        c["EventSource"] == "userNotification" and c["LogLevel"] == "ERROR"
        and c.get("CloudWatchLogsConfiguration", {}).get("LogGroupArn") for c in configs
    ), "no userNotification export")
    if threat_protection:
        found.check("CL-LOG-010", any(c["EventSource"] == "userAuthEvents" and
                                      c["LogLevel"] == "INFO" for c in configs),
                    "no userAuthEvents export")
    for config in configs:
        if "CloudWatchLogsConfiguration" in config:
            group = config["CloudWatchLogsConfiguration"]["LogGroupArn"].removesuffix(":*")
            check_log_group(session, found, group)
        if "FirehoseConfiguration" in config:
            check_firehose(session, found, config["FirehoseConfiguration"]["StreamArn"], "log",
                           direct=True)
    return found


def check_region(session: boto3.Session, region: str) -> Findings:
    """The Region-wide checks (metric streams, trails) every pool of ``region`` shares."""
    found = Findings()
    check_metrics(session, found, region)
    check_trails(session, found, region)
    return found
