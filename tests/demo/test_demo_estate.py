"""The seeded demo estate: shape of the manifest, and every break visible through boto3."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from demo_checks import check_pool, check_region

from linter.collect.runner import CollectOptions, collect
from linter.demo import DemoBreak, DemoManifest
from linter.demo.plan import HOSTILE_POOL_NAME
from linter.engine.run import CheckOptions, run_check
from linter.snapshot.writer import write_snapshot

CLASSIC_BREAKS = {
    "no-log-delivery": "CL-LOG-001",
    "log-group-without-subscription": "CL-LOG-006",
    "subscription-to-deleted-firehose": "CL-LOG-006",
    "firehose-non-sumo-endpoint": "CL-FH-003",
    "firehose-wrong-kind-endpoint": "CL-FH-003",
    "metric-stream-stopped": "CL-MET-001",
    "metric-stream-excludes-cognito": "CL-MET-001",
    "region-without-trail": "CL-CT-001",
    "trail-write-only": "CL-CT-002",
    "trail-not-logging": "CL-CT-001",
    "plus-without-user-activity-export": "CL-LOG-010",
    "deletion-protection-off": "CL-COG-001",
    "mfa-off": "CL-COG-002",
    "weak-password-policy": "CL-COG-003",
}
ARN_PATTERNS = {
    "cognito.user_pool":
        r"^arn:aws:cognito-idp:[a-z0-9-]+:123456789012:userpool/[\w-]+_[0-9a-zA-Z]+$",
    "logs.log_group": r"^arn:aws:logs:[a-z0-9-]+:123456789012:log-group:[./\w-]+$",
    "firehose.delivery_stream": r"^arn:aws:firehose:[a-z0-9-]+:123456789012:deliverystream/.+$",
}


def test_regions_and_pools(manifest: DemoManifest) -> None:
    assert {"us-east-1", "eu-west-1", "ap-southeast-2"} <= set(manifest.regions)
    assert len(manifest.pools) >= 12
    assert len({p.name for p in manifest.pools}) == len(manifest.pools)
    assert {p.region for p in manifest.pools} == set(manifest.regions)
    assert manifest.account_id == "123456789012"
    for pool in manifest.pools:
        assert pool.arn == (f"arn:aws:cognito-idp:{pool.region}:123456789012:"
                            f"userpool/{pool.id}")


def test_every_classic_break_is_seeded_once_with_its_rule(manifest: DemoManifest) -> None:
    keys = [b.key for b in manifest.breaks]
    assert len(keys) == len(set(keys))
    for key, rule in CLASSIC_BREAKS.items():
        assert manifest.break_by_key(key).rule_id == rule


def test_break_resources_have_the_rules_resource_type(manifest: DemoManifest) -> None:
    for item in manifest.breaks:
        assert re.match(ARN_PATTERNS[item.resource_type], item.resource_arn), item
        assert item.pool_arn in {p.arn for p in manifest.pools}
        assert item.region == item.resource_arn.split(":")[3]


def test_region_wide_breaks_sit_alone_in_their_region(manifest: DemoManifest) -> None:
    region_wide = [b for b in manifest.breaks if b.rule_id in ("CL-MET-001", "CL-CT-001",
                                                              "CL-CT-002")]
    assert len({b.region for b in region_wide}) == len(region_wide)
    for item in region_wide:
        assert manifest.pools_in(item.region) == (
            next(p for p in manifest.pools if p.arn == item.pool_arn),
        )
        assert [b.key for b in manifest.breaks if b.region == item.region] == [item.key]


def test_expected_failures_are_one_per_break(manifest: DemoManifest) -> None:
    assert len(manifest.expected_failures()) == len(manifest.breaks)


def test_compliant_pools_are_those_without_breaks(manifest: DemoManifest) -> None:
    broken = {b.pool_arn for b in manifest.breaks}
    compliant = set(manifest.compliant_pool_arns)
    assert compliant and not compliant & broken
    assert compliant | broken == {p.arn for p in manifest.pools}
    assert {manifest.pool(n).arn for n in ("prod-customer-identity", "prod-workforce-sso",
                                           "mobile-app-users", "eu-prod-customer-identity")
            } == compliant


def test_hostile_pool_name_is_kept_verbatim(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    pool = manifest.pool(HOSTILE_POOL_NAME)
    idp = session.client("cognito-idp", region_name=pool.region)
    assert idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["Name"] == HOSTILE_POOL_NAME
    listed = idp.list_user_pools(MaxResults=60)["UserPools"]
    assert HOSTILE_POOL_NAME in {p["Name"] for p in listed}


def test_independent_reading_finds_exactly_the_manifest_breaks(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    regions = {region: check_region(session, region) for region in manifest.regions}
    for pool in manifest.pools:
        expected = {b.rule_id for b in manifest.breaks if b.pool_arn == pool.arn}
        found, shared = check_pool(session, pool), regions[pool.region]
        assert found.rules | shared.rules == expected, (
            pool.name, dict(found.problems), dict(shared.problems))


# ---------------------------------------------------------------- each break, through boto3


def _client(session: boto3.Session, service: str, item: DemoBreak) -> Any:
    return session.client(service, region_name=item.region)  # type: ignore[call-overload]


def _pool_id(item: DemoBreak) -> str:
    return item.pool_arn.split("/")[-1]


def _log_group_name(arn: str) -> str:
    return arn.split(":log-group:")[1]


def _url(session: boto3.Session, item: DemoBreak) -> str:
    stream = _client(session, "firehose", item).describe_delivery_stream(
        DeliveryStreamName=item.resource_arn.split("/")[-1])["DeliveryStreamDescription"]
    url: str = stream["Destinations"][0]["HttpEndpointDestinationDescription"][
        "EndpointConfiguration"]["Url"]
    return url


def _subscribed_to(session: boto3.Session, item: DemoBreak, stream_arn: str) -> bool:
    logs = _client(session, "logs", item)
    group = _log_group_name(
        next(arn for arn in _pool_log_groups(session, item) if "user-notifications" in arn)
    )
    filters = logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"]
    return [f["destinationArn"] for f in filters] == [stream_arn]


def _pool_log_groups(session: boto3.Session, item: DemoBreak) -> list[str]:
    configs = _client(session, "cognito-idp", item).get_log_delivery_configuration(
        UserPoolId=_pool_id(item))["LogDeliveryConfiguration"]["LogConfigurations"]
    return [c["CloudWatchLogsConfiguration"]["LogGroupArn"] for c in configs
            if "CloudWatchLogsConfiguration" in c]


def _describe_pool(session: boto3.Session, item: DemoBreak) -> dict[str, Any]:
    pool: dict[str, Any] = _client(session, "cognito-idp", item).describe_user_pool(
        UserPoolId=_pool_id(item))["UserPool"]
    return pool


def _no_log_delivery(session: boto3.Session, item: DemoBreak) -> None:
    assert _pool_log_groups(session, item) == []
    configs = _client(session, "cognito-idp", item).get_log_delivery_configuration(
        UserPoolId=_pool_id(item))
    assert configs["LogDeliveryConfiguration"]["LogConfigurations"] == []


def _threat_protection_unavailable(session: boto3.Session, item: DemoBreak) -> None:
    pool = _describe_pool(session, item)
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert "UserPoolAddOns" not in pool


def _log_group_without_subscription(session: boto3.Session, item: DemoBreak) -> None:
    logs = _client(session, "logs", item)
    assert item.resource_arn in _pool_log_groups(session, item)
    filters = logs.describe_subscription_filters(logGroupName=_log_group_name(item.resource_arn))
    assert filters["subscriptionFilters"] == []
    policies = logs.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")
    assert policies["accountPolicies"] == []


def _subscription_to_deleted_firehose(session: boto3.Session, item: DemoBreak) -> None:
    assert item.cause_arn is not None
    assert item.resource_arn in _pool_log_groups(session, item)
    assert _subscribed_to(session, item, item.cause_arn)
    with pytest.raises(ClientError) as excinfo:
        _client(session, "firehose", item).describe_delivery_stream(
            DeliveryStreamName=item.cause_arn.split("/")[-1])
    assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException"


def _firehose_non_sumo(session: boto3.Session, item: DemoBreak) -> None:
    assert _subscribed_to(session, item, item.resource_arn)
    assert "sumologic" not in _url(session, item)
    assert _url(session, item).startswith("https://")


def _firehose_wrong_kind(session: boto3.Session, item: DemoBreak) -> None:
    assert _subscribed_to(session, item, item.resource_arn)
    assert re.match(r"^https://[\w.-]+\.sumologic\.com/receiver/v1/kinesis/metric/[^/]+$",
                    _url(session, item))


def _metric_stream(session: boto3.Session, item: DemoBreak) -> dict[str, Any]:
    cloudwatch = _client(session, "cloudwatch", item)
    (entry,) = cloudwatch.list_metric_streams()["Entries"]
    assert entry["Arn"] == item.cause_arn
    stream: dict[str, Any] = cloudwatch.get_metric_stream(Name=entry["Name"])
    return stream


def _metric_stream_stopped(session: boto3.Session, item: DemoBreak) -> None:
    stream = _metric_stream(session, item)
    assert stream["State"] == "stopped"
    assert {"Namespace": "AWS/Cognito"} in stream["IncludeFilters"]


def _metric_stream_excludes_cognito(session: boto3.Session, item: DemoBreak) -> None:
    stream = _metric_stream(session, item)
    assert stream["State"] == "running"
    assert stream["IncludeFilters"] == []
    assert {"Namespace": "AWS/Cognito"} in stream["ExcludeFilters"]


def _region_without_trail(session: boto3.Session, item: DemoBreak) -> None:
    assert _client(session, "cloudtrail", item).describe_trails()["trailList"] == []


def _only_trail(session: boto3.Session, item: DemoBreak) -> dict[str, Any]:
    (trail,) = _client(session, "cloudtrail", item).describe_trails()["trailList"]
    assert trail["TrailARN"] == item.cause_arn
    assert trail["HomeRegion"] == item.region
    return dict(trail)


def _trail_write_only(session: boto3.Session, item: DemoBreak) -> None:
    trail = _only_trail(session, item)
    cloudtrail = _client(session, "cloudtrail", item)
    assert cloudtrail.get_trail_status(Name=trail["TrailARN"])["IsLogging"] is True
    selectors = cloudtrail.get_event_selectors(TrailName=trail["TrailARN"])["EventSelectors"]
    assert [s["ReadWriteType"] for s in selectors] == ["WriteOnly"]


def _trail_not_logging(session: boto3.Session, item: DemoBreak) -> None:
    trail = _only_trail(session, item)
    status = _client(session, "cloudtrail", item).get_trail_status(Name=trail["TrailARN"])
    assert status["IsLogging"] is False


def _plus_without_user_activity(session: boto3.Session, item: DemoBreak) -> None:
    pool = _describe_pool(session, item)
    assert pool["UserPoolTier"] == "PLUS"
    assert pool["UserPoolAddOns"]["AdvancedSecurityMode"] == "ENFORCED"
    configs = _client(session, "cognito-idp", item).get_log_delivery_configuration(
        UserPoolId=_pool_id(item))["LogDeliveryConfiguration"]["LogConfigurations"]
    assert [c["EventSource"] for c in configs] == ["userNotification"]


def _deletion_protection_off(session: boto3.Session, item: DemoBreak) -> None:
    assert _describe_pool(session, item)["DeletionProtection"] == "INACTIVE"


def _mfa_off(session: boto3.Session, item: DemoBreak) -> None:
    assert _describe_pool(session, item)["MfaConfiguration"] == "OFF"


def _weak_password(session: boto3.Session, item: DemoBreak) -> None:
    policy = _describe_pool(session, item)["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] < 14
    assert policy["RequireSymbols"] is False


VISIBLE: dict[str, Callable[[boto3.Session, DemoBreak], None]] = {
    "no-log-delivery": _no_log_delivery,
    "threat-protection-unavailable": _threat_protection_unavailable,
    "log-group-without-subscription": _log_group_without_subscription,
    "subscription-to-deleted-firehose": _subscription_to_deleted_firehose,
    "firehose-non-sumo-endpoint": _firehose_non_sumo,
    "firehose-wrong-kind-endpoint": _firehose_wrong_kind,
    "metric-stream-stopped": _metric_stream_stopped,
    "metric-stream-excludes-cognito": _metric_stream_excludes_cognito,
    "region-without-trail": _region_without_trail,
    "trail-write-only": _trail_write_only,
    "trail-not-logging": _trail_not_logging,
    "plus-without-user-activity-export": _plus_without_user_activity,
    "deletion-protection-off": _deletion_protection_off,
    "mfa-off": _mfa_off,
    "weak-password-policy": _weak_password,
}


def test_every_break_has_a_visibility_check(manifest: DemoManifest) -> None:
    assert {b.key for b in manifest.breaks} == set(VISIBLE)


@pytest.mark.parametrize("key", sorted(VISIBLE))
def test_break_is_visible_through_boto3(
    session: boto3.Session, manifest: DemoManifest, key: str
) -> None:
    VISIBLE[key](session, manifest.break_by_key(key))


# ---------------------------------------------------------------- realism and secrets


def test_log_groups_grant_vended_delivery_in_both_scopes(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    us = session.client("logs", region_name="us-east-1")
    (account_policy,) = us.describe_resource_policies()["resourcePolicies"]
    assert account_policy["policyName"] == "AWSLogDeliveryWrite20150319"
    assert "delivery.logs.amazonaws.com" in account_policy["policyDocument"]
    eu_pool = manifest.pool("eu-prod-customer-identity")
    eu = session.client("logs", region_name="eu-west-1")
    (resource_policy,) = eu.describe_resource_policies(
        policyScope="RESOURCE", resourceArn=eu_pool.log_group_arns[0])["resourcePolicies"]
    statement = json.loads(resource_policy["policyDocument"])["Statement"][0]
    assert statement["Resource"] == [f"{eu_pool.log_group_arns[0]}:log-stream:*"]


def test_roles_behind_the_pipelines_exist(session: boto3.Session) -> None:
    iam = session.client("iam")
    trusted = {
        "SumoCWLogsToFirehose": "logs.amazonaws.com",
        "SumoMetricStreamToFirehose": "streams.metrics.cloudwatch.amazonaws.com",
        "SumoFirehoseDelivery": "firehose.amazonaws.com",
    }
    for role, service in trusted.items():
        trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
        assert trust["Statement"][0]["Principal"]["Service"] == service


def test_trail_buckets_notify_a_topic_of_their_region_that_s3_may_publish_to(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    buckets = 0
    for region in manifest.regions:
        for trail in session.client("cloudtrail", region_name=region).describe_trails(
                includeShadowTrails=False)["trailList"]:
            bucket = trail["S3BucketName"]
            s3 = session.client("s3", region_name=region)
            assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] in (
                None if region == "us-east-1" else region,)
            (config,) = s3.get_bucket_notification_configuration(Bucket=bucket)[
                "TopicConfigurations"]
            assert config["Events"] == ["s3:ObjectCreated:*"] and "Filter" not in config
            topic = config["TopicArn"]
            assert topic.split(":")[3] == region
            policy = json.loads(session.client("sns", region_name=region).get_topic_attributes(
                TopicArn=topic)["Attributes"]["Policy"])
            (statement,) = policy["Statement"]
            assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
            assert statement["Condition"]["ArnLike"]["aws:SourceArn"].endswith(f":{bucket}")
            buckets += 1
    assert buckets == len(manifest.regions) - 1  # us-west-2 has no trail (a break)


def test_every_bucket_blocks_public_access(session: boto3.Session) -> None:
    s3 = session.client("s3")
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert names and any("firehose-failed" in n for n in names)
    for name in names:
        block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
        assert set(block.values()) == {True}, name


def test_the_account_has_no_account_level_public_access_block(session: boto3.Session) -> None:
    # CL-FH-006 combines each backup bucket's own block with the account-level one: the demo
    # account sets none, so a bucket's own block decides (a seeded bucket without one fails)
    account = session.client("sts").get_caller_identity()["Account"]
    with pytest.raises(ClientError) as e:
        session.client("s3control", region_name="us-east-1").get_public_access_block(
            AccountId=account)
    assert e.value.response["Error"]["Code"] == "NoSuchPublicAccessBlockConfiguration"


def test_one_trail_is_encrypted_with_a_key_the_sumo_logic_role_may_decrypt_with(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    encrypted = {
        region: trail["KmsKeyId"]
        for region in manifest.regions
        for trail in session.client("cloudtrail", region_name=region).describe_trails(
            includeShadowTrails=False)["trailList"]
        if trail.get("KmsKeyId")
    }
    assert list(encrypted) == ["eu-west-1"]
    kms = session.client("kms", region_name="eu-west-1")
    key = kms.describe_key(KeyId=encrypted["eu-west-1"])["KeyMetadata"]
    assert key["Arn"] == encrypted["eu-west-1"] and key["KeyState"] == "Enabled"
    policy = json.loads(kms.get_key_policy(KeyId=key["Arn"], PolicyName="default")["Policy"])
    grants = {s["Sid"]: s for s in policy["Statement"]}
    sumo = grants["Allow Sumo Logic CloudTrail source to decrypt log files"]
    role = sumo["Principal"]["AWS"]
    assert (sumo["Effect"], sumo["Action"]) == ("Allow", "kms:Decrypt")
    assert grants["Allow CloudTrail to encrypt logs"]["Principal"] == {
        "Service": "cloudtrail.amazonaws.com"}

    iam = session.client("iam")
    described = iam.get_role(RoleName=role.split("/")[-1])["Role"]
    (trust,) = described["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"]["AWS"] == "arn:aws:iam::926226587429:root"  # Sumo Logic's account
    assert "sts:ExternalId" in trust["Condition"]["StringEquals"]
    (inline,) = iam.list_role_policies(RoleName=described["RoleName"])["PolicyNames"]
    document = iam.get_role_policy(RoleName=described["RoleName"], PolicyName=inline)[
        "PolicyDocument"]
    actions = {a for s in document["Statement"] for a in
               ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert {"s3:GetObject", "s3:ListBucket", "kms:Decrypt"} <= actions


def test_identity_pool_federates_a_seeded_user_pool(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    (arn,) = manifest.identity_pool_arns
    identity = session.client("cognito-identity", region_name="us-east-1")
    described = identity.describe_identity_pool(IdentityPoolId=arn.split("/")[-1])
    provider = described["CognitoIdentityProviders"][0]["ProviderName"]
    assert provider.endswith(manifest.pool("mobile-app-users").id)


def test_secrets_are_realistic_tokens_and_never_in_the_repr(
    session: boto3.Session, manifest: DemoManifest
) -> None:
    tokens = [s for s in manifest.secrets if s.endswith("==")]
    assert tokens and all(len(t) == 100 and re.fullmatch(r"[A-Za-z0-9_-]+==", t)
                          for t in tokens)
    assert not any(secret in repr(manifest) for secret in manifest.secrets)
    url = session.client("firehose", region_name="us-east-1").describe_delivery_stream(
        DeliveryStreamName="sumo-cognito-logs-us-east-1")["DeliveryStreamDescription"][
        "Destinations"][0]["HttpEndpointDestinationDescription"]["EndpointConfiguration"]["Url"]
    assert url.startswith("https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/log/")
    assert url.rsplit("/", 1)[1] in manifest.secrets


# ---------------------------------------------------------------- end to end


@pytest.mark.slow
def test_collected_and_checked_the_estate_fails_exactly_the_manifest(
    session: boto3.Session, manifest: DemoManifest, tmp_path: Path
) -> None:
    """The contract with the collector and the built-in rules, on the whole estate."""
    result = collect(session, CollectOptions(regions=manifest.regions, cognito_rps=1000))
    assert result.errors == []
    path = tmp_path / "demo-snapshot.json"
    write_snapshot(result.snapshot, path)
    text = path.read_text()
    assert not [secret for secret in manifest.secrets if secret in text]

    run = run_check(path, CheckOptions(discover_config=False))
    by_status: dict[str, set[tuple[str, str]]] = {}
    for item in run.results:
        by_status.setdefault(item.status.value, set()).add((item.rule_id, item.resource.arn))
    assert by_status.get("fail", set()) == manifest.expected_failures()
    assert by_status.get("error", set()) == set()
    compliant = set(manifest.compliant_pool_arns)
    on_compliant = {item.status.value for item in run.results if item.resource.arn in compliant}
    assert on_compliant == {"pass", "not_applicable"}
