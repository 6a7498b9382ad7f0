"""A small seeded account for the collector tests (in-process moto + the moto extension).

us-east-1
  pool prod-plus (PLUS, ENFORCED): userNotification → log group cognito/prod-plus
      (RESOURCE-scope policy; subscription → sumo-logs); userAuthEvents → Firehose
      cognito-activity (tagged LogDeliveryEnabled=true); a risk configuration
  pool essentials: no log delivery
  Firehose sumo-logs (Sumo log URL) logs its errors to /aws/kinesisfirehose/sumo-logs, which is
      subscribed back to it (Sumo's template); the account subscription policy → sumo-logs
  metric stream cognito-metrics → Firehose sumo-metrics (Sumo metric URL, a common attribute)
  account resource policy AWSLogDeliveryWrite; identity pool ids
  NOT referenced (must not be collected): log group unrelated/app, Firehose unrelated-stream
  trail org-audit (multi-Region, logging, KMS key trail-key) → bucket lint-trails (S3 event
      notification to SNS topic trail-files; no public access block of its own)
  bucket lint-backup (every stream's failed-data backup; blocks public access)
eu-west-1
  pool eu-pool: userNotification → cognito/eu-pool (subscription → eu-sumo-logs, .net host)
  trail eu-only (single Region, WriteOnly)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import boto3

ACCOUNT = "123456789012"
TOKEN_LOGS = (
    "ZaVnC4dhaV2Ks8Y0GkQhQ0Zk9pLmW1xqT3vRbN7sJ5aE2uI8oP4yH6gF0dCxS9wV3tB7nM1kL5jH2gF8dS4aQ=="
)
TOKEN_METRICS = (
    "Q9wE8rT7yU6iO5pA4sD3fG2hJ1kL0zX9cV8bN7mQ6wE5rT4yU3iO2pA1sD0fG9hJ8kL7zX6cV5bN4mQ3wE2rT=="
)
TOKEN_EU = "M3nB4vC5xZ6lK7jH8gF9dS0aP1oI2uY3tR4eW5qM6nB7vC8xZ9lK0jH1gF2dS3aP4oI5uY6tR7eW8qM9nB0vC=="
ATTRIBUTE_SECRET = "attr5ecret0f8d2c1b7a6e5f4d3c2b1a0"
SUMO_LOG_URL = (
    f"https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/log/{TOKEN_LOGS}"
)
SUMO_METRIC_URL = (
    f"https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/metric/{TOKEN_METRICS}"
)
SUMO_EU_URL = f"https://endpoint4.collection.eu.sumologic.net/receiver/v1/kinesis/log/{TOKEN_EU}"
TOKENS = (TOKEN_LOGS, TOKEN_METRICS, TOKEN_EU, ATTRIBUTE_SECRET)

DELIVERY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AWSLogDeliveryWrite20150319",
                "Effect": "Allow",
                "Principal": {"Service": "delivery.logs.amazonaws.com"},
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "*",
            }
        ],
    }
)


BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}
TRAIL_KEY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "kms:GenerateDataKey*", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/sumo-trails"},
             "Action": "kms:Decrypt", "Resource": "*"},
        ],
    }
)


@dataclass
class Estate:
    pools: dict[str, str] = field(default_factory=dict)
    """pool name → ARN"""
    log_groups: dict[str, str] = field(default_factory=dict)
    """referenced log group name → ARN"""
    streams: dict[str, str] = field(default_factory=dict)
    """referenced Firehose stream name → ARN"""
    trails: dict[str, str] = field(default_factory=dict)
    identity_pools: list[str] = field(default_factory=list)
    buckets: dict[str, str] = field(default_factory=dict)
    """bucket name → ARN (the trails' and the streams' backup buckets)"""
    keys: list[str] = field(default_factory=list)
    metric_streams: list[str] = field(default_factory=list)
    role: str = ""


def _firehose(
    client: Any,
    name: str,
    url: str,
    role: str,
    *,
    error_group: str | None = None,
    attributes: list[dict[str, str]] | None = None,
    tags: list[dict[str, str]] | None = None,
) -> str:
    http: dict[str, Any] = {
        "EndpointConfiguration": {"Url": url, "Name": f"{name}-endpoint"},
        "RoleARN": role,
        "S3BackupMode": "FailedDataOnly",
        "S3Configuration": {"RoleARN": role, "BucketARN": "arn:aws:s3:::lint-backup"},
        "RequestConfiguration": {"ContentEncoding": "GZIP", "CommonAttributes": attributes or []},
        "CloudWatchLoggingOptions": (
            {"Enabled": True, "LogGroupName": error_group, "LogStreamName": "HttpEndpointDelivery"}
            if error_group
            else {"Enabled": False}
        ),
    }
    kwargs: dict[str, Any] = {}
    if tags:
        kwargs["Tags"] = tags
    client.create_delivery_stream(
        DeliveryStreamName=name,
        DeliveryStreamType="DirectPut",
        HttpEndpointDestinationConfiguration=http,
        **kwargs,
    )
    return client.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"][
        "DeliveryStreamARN"
    ]


def _group(client: Any, name: str) -> str:
    client.create_log_group(logGroupName=name)
    group = client.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
    return str(group["arn"]).removesuffix(":*")


def seed() -> Estate:
    """Seed the account (call inside ``mock_aws()`` with the extension installed)."""
    session = boto3.Session(region_name="us-east-1")
    estate = Estate()
    iam = session.client("iam")
    estate.role = iam.create_role(RoleName="lint-delivery", AssumeRolePolicyDocument="{}")["Role"][
        "Arn"
    ]
    s3 = session.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="lint-backup")
    s3.put_public_access_block(Bucket="lint-backup", PublicAccessBlockConfiguration=BLOCK_ALL)
    s3.create_bucket(Bucket="lint-trails")
    sns = session.client("sns", region_name="us-east-1")
    topic = sns.create_topic(Name="trail-files")["TopicArn"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                       "Action": "SNS:Publish", "Resource": topic}],
    }))
    s3.put_bucket_notification_configuration(
        Bucket="lint-trails",
        NotificationConfiguration={"TopicConfigurations": [
            {"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]},
    )
    estate.buckets = {"lint-backup": "arn:aws:s3:::lint-backup",
                      "lint-trails": "arn:aws:s3:::lint-trails"}

    _seed_us_east_1(session, estate)
    _seed_eu_west_1(session, estate)
    return estate


def _seed_us_east_1(session: boto3.Session, estate: Estate) -> None:
    region = "us-east-1"
    logs = session.client("logs", region_name=region)
    fh = session.client("firehose", region_name=region)
    cog = session.client("cognito-idp", region_name=region)
    role = estate.role

    error_group = "/aws/kinesisfirehose/sumo-logs"
    estate.log_groups[error_group] = _group(logs, error_group)
    estate.log_groups["cognito/prod-plus"] = _group(logs, "cognito/prod-plus")
    _group(logs, "unrelated/app")

    estate.streams["sumo-logs"] = _firehose(
        fh, "sumo-logs", SUMO_LOG_URL, role, error_group=error_group
    )
    estate.streams["sumo-metrics"] = _firehose(
        fh,
        "sumo-metrics",
        SUMO_METRIC_URL,
        role,
        attributes=[{"AttributeName": "x-sumo-category", "AttributeValue": ATTRIBUTE_SECRET}],
    )
    estate.streams["cognito-activity"] = _firehose(
        fh,
        "cognito-activity",
        "https://collector.example.com/ingest/v2?key=abcdef0123456789abcdef",
        role,
        tags=[{"Key": "LogDeliveryEnabled", "Value": "true"}],
    )
    _firehose(fh, "unrelated-stream", "https://other.example.com/in", role)

    for group in (error_group, "cognito/prod-plus"):
        logs.put_subscription_filter(
            logGroupName=group,
            filterName="to-sumo",
            filterPattern="",
            destinationArn=estate.streams["sumo-logs"],
            roleArn=role,
        )
    logs.put_resource_policy(
        policyName="cognito-prod-plus",
        policyDocument=DELIVERY_POLICY,
        resourceArn=estate.log_groups["cognito/prod-plus"],
    )
    logs.put_resource_policy(policyName="AWSLogDeliveryWrite", policyDocument=DELIVERY_POLICY)
    logs.put_account_policy(
        policyName="sumo-all",
        policyType="SUBSCRIPTION_FILTER_POLICY",
        scope="ALL",
        policyDocument=json.dumps(
            {"DestinationArn": estate.streams["sumo-logs"], "RoleArn": role, "FilterPattern": ""}
        ),
        selectionCriteria=f'LogGroupName NOT IN ["{error_group}"]',
    )

    plus = cog.create_user_pool(
        PoolName="prod-plus",
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
    )["UserPool"]
    estate.pools["prod-plus"] = plus["Arn"]
    cog.set_log_delivery_configuration(
        UserPoolId=plus["Id"],
        LogConfigurations=[
            {
                "LogLevel": "ERROR",
                "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {
                    "LogGroupArn": estate.log_groups["cognito/prod-plus"]
                },
            },
            {
                "LogLevel": "INFO",
                "EventSource": "userAuthEvents",
                "FirehoseConfiguration": {"StreamArn": estate.streams["cognito-activity"]},
            },
        ],
    )
    cog.set_risk_configuration(
        UserPoolId=plus["Id"],
        AccountTakeoverRiskConfiguration={
            "Actions": {"HighAction": {"Notify": False, "EventAction": "BLOCK"}}
        },
    )
    essentials = cog.create_user_pool(PoolName="essentials")["UserPool"]
    estate.pools["essentials"] = essentials["Arn"]

    cw = session.client("cloudwatch", region_name=region)
    cw.put_metric_stream(
        Name="cognito-metrics",
        FirehoseArn=estate.streams["sumo-metrics"],
        RoleArn=role,
        OutputFormat="opentelemetry0.7",
        IncludeFilters=[{"Namespace": "AWS/Cognito"}, {"Namespace": "AWS/Usage"}],
    )
    estate.metric_streams.append("cognito-metrics")

    ids = session.client("cognito-identity", region_name=region)
    ids.create_identity_pool(IdentityPoolName="ids", AllowUnauthenticatedIdentities=False)
    estate.identity_pools.append("ids")

    ct = session.client("cloudtrail", region_name=region)
    key = session.client("kms", region_name=region).create_key(
        Description="trail-key", Policy=TRAIL_KEY_POLICY)["KeyMetadata"]["Arn"]
    estate.keys.append(key)
    trail = ct.create_trail(Name="org-audit", S3BucketName="lint-trails", IsMultiRegionTrail=True,
                            KmsKeyId=key)
    ct.start_logging(Name="org-audit")
    estate.trails["org-audit"] = trail["TrailARN"]


def _seed_eu_west_1(session: boto3.Session, estate: Estate) -> None:
    region = "eu-west-1"
    logs = session.client("logs", region_name=region)
    fh = session.client("firehose", region_name=region)
    cog = session.client("cognito-idp", region_name=region)

    estate.log_groups["cognito/eu-pool"] = _group(logs, "cognito/eu-pool")
    estate.streams["eu-sumo-logs"] = _firehose(fh, "eu-sumo-logs", SUMO_EU_URL, estate.role)
    logs.put_subscription_filter(
        logGroupName="cognito/eu-pool",
        filterName="to-sumo",
        filterPattern="",
        destinationArn=estate.streams["eu-sumo-logs"],
        roleArn=estate.role,
    )
    pool = cog.create_user_pool(PoolName="eu-pool")["UserPool"]
    estate.pools["eu-pool"] = pool["Arn"]
    cog.set_log_delivery_configuration(
        UserPoolId=pool["Id"],
        LogConfigurations=[
            {
                "LogLevel": "ERROR",
                "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {
                    "LogGroupArn": estate.log_groups["cognito/eu-pool"]
                },
            }
        ],
    )
    ct = session.client("cloudtrail", region_name=region)
    trail = ct.create_trail(Name="eu-only", S3BucketName="lint-trails")
    ct.put_event_selectors(
        TrailName="eu-only",
        EventSelectors=[{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}],
    )
    estate.trails["eu-only"] = trail["TrailARN"]
