"""The snapshot: one versioned JSON document, the evidence every check runs on."""

SCHEMA_VERSION = "1.0"

RESOURCE_TYPES: tuple[str, ...] = (
    "cognito.user_pool",
    "cognito.identity_pool",
    "logs.log_group",
    "logs.account_policy",
    "logs.resource_policy",
    "cloudwatch.metric_stream",
    "firehose.delivery_stream",
    "cloudtrail.trail",
    "s3.bucket",
    "kms.key",
)
