"""Names, ARNs and fake credentials of the demo estate: one place, used by seeding and manifest.

The Sumo Logic URL tokens are fake but shaped like real ones (100 characters of URL-safe
base64 ending in ``==``) and derived from a fixed seed, so every run seeds the same data.
"""

from __future__ import annotations

import base64
import hashlib

from .plan import ACCOUNT_ID, ORG, PoolPlan

SUMO_HOST = "endpoint1.collection.us2.sumologic.com"
DATADOG_LOGS_URL = "https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input"
PARTITION = "aws"
_TOKEN_BYTES = 73  # 73 bytes -> 100 base64 characters, the last two "=="


def fake_token(source: str) -> str:
    """A deterministic fake Sumo Logic source token for ``source``."""
    digest = hashlib.shake_256(f"cognito-lint demo estate: {source}".encode()).digest(_TOKEN_BYTES)
    return base64.urlsafe_b64encode(digest).decode()


def sumo_url(kind: str, source: str) -> str:
    """The HTTP endpoint URL of a Sumo Logic Kinesis Firehose source (kind ``log``/``metric``)."""
    return f"https://{SUMO_HOST}/receiver/v1/kinesis/{kind}/{fake_token(source)}"


def datadog_access_key(source: str) -> str:
    return hashlib.sha256(f"cognito-lint demo datadog key: {source}".encode()).hexdigest()


# ---------------------------------------------------------------- per Region


def logs_firehose(region: str) -> str:
    return f"sumo-cognito-logs-{region}"


def metrics_firehose(region: str) -> str:
    return f"sumo-cloudwatch-metrics-{region}"


def firehose_error_log_group(stream: str) -> str:
    return f"/aws/kinesisfirehose/{stream}"


def backup_bucket(region: str) -> str:
    return f"{ORG}-sumo-firehose-failed-{region}"


def trail_bucket(region: str) -> str:
    return f"{ORG}-cloudtrail-{region}"


def trail_name(region: str) -> str:
    return f"{ORG}-security-audit-{region}"


def trail_topic(region: str) -> str:
    return f"{ORG}-cloudtrail-log-files"


def sumo_s3_events_topic(region: str) -> str:
    return f"sumo-cloudtrail-{region}"


def trail_key_alias(region: str) -> str:
    return f"alias/{ORG}-cloudtrail-{region}"


METRIC_STREAM = "sumo-cognito-metrics"
ACCOUNT_SUBSCRIPTION_POLICY = "sumo-cognito-logs"
SUBSCRIPTION_FILTER = "sumo-cognito-logs"
ACCOUNT_DELIVERY_POLICY = "AWSLogDeliveryWrite20150319"
SES_DOMAIN = "auth.example.com"

# IAM (global)
ROLE_CWL_TO_FIREHOSE = "SumoCWLogsToFirehose"
ROLE_METRIC_STREAM = "SumoMetricStreamToFirehose"
ROLE_FIREHOSE_DELIVERY = "SumoFirehoseDelivery"
ROLE_SUMO_CLOUDTRAIL_SOURCE = "SumoLogicCloudTrailSource"
SUMO_AWS_ACCOUNT = "926226587429"
"""The AWS account Sumo Logic's hosted collectors assume customer roles from."""
SUMO_EXTERNAL_ID = "us2:0000000000ABCDEF"
"""``<deployment>:<org id>``, the external ID Sumo Logic shows when a source is created."""


def role_arn(name: str) -> str:
    return f"arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{name}"


def firehose_arn(region: str, stream: str) -> str:
    return f"arn:{PARTITION}:firehose:{region}:{ACCOUNT_ID}:deliverystream/{stream}"


def log_group_arn(region: str, name: str) -> str:
    return f"arn:{PARTITION}:logs:{region}:{ACCOUNT_ID}:log-group:{name}"


def bucket_arn(bucket: str) -> str:
    return f"arn:{PARTITION}:s3:::{bucket}"


def trail_arn(region: str) -> str:
    return f"arn:{PARTITION}:cloudtrail:{region}:{ACCOUNT_ID}:trail/{trail_name(region)}"


def metric_stream_arn(region: str) -> str:
    return f"arn:{PARTITION}:cloudwatch:{region}:{ACCOUNT_ID}:metric-stream/{METRIC_STREAM}"


def ses_identity_arn(region: str) -> str:
    return f"arn:{PARTITION}:ses:{region}:{ACCOUNT_ID}:identity/{SES_DOMAIN}"


# ---------------------------------------------------------------- per pool


def notification_log_group(pool: PoolPlan) -> str:
    return f"/aws/cognito/{pool.slug}/user-notifications"


def activity_log_group(pool: PoolPlan) -> str:
    return f"/aws/cognito/{pool.slug}/user-activity"


def pool_firehose(pool: PoolPlan) -> str:
    """The pool's own Firehose stream, for the forwarding breaks that need one."""
    return {
        "deleted_firehose": f"sumo-cognito-logs-{pool.slug}-legacy",
        "non_sumo": f"datadog-cognito-logs-{pool.slug}",
        "wrong_kind": f"sumo-cognito-logs-{pool.slug}",
    }[pool.forwarding.value]
