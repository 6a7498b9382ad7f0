"""Seed the demo estate into a (mocked) AWS account through boto3.

``seed_estate(session)`` builds what ``plan.py`` describes: per Region a Sumo Logic logs and
metrics pipeline (Firehose streams with HTTP endpoints, S3 backup, delivery-error logging), a
metric stream, a trail with its bucket, SNS topics and (in one Region) KMS key; per pool the
log groups, their delivery.logs.amazonaws.com grant, their forwarding, the pool with its
security settings and its log delivery configuration. It only talks to AWS APIs (moto plus
:mod:`linter.mockaws` for what moto lacks), so the account looks to a collector exactly like a
real one.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from . import names
from .breaks import derive_breaks
from .manifest import DemoManifest, DemoPool
from .plan import (
    ACCOUNT_ID,
    IDENTITY_PROVIDER_POOL,
    POOLS,
    REGIONS,
    Forwarding,
    PoolPlan,
    RegionPlan,
    StreamKind,
    TrailKind,
    UserActivity,
)

STRONG_PASSWORD_POLICY = {
    "MinimumLength": 14,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "PasswordHistorySize": 12,
    "TemporaryPasswordValidityDays": 3,
}
WEAK_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": False,
    "TemporaryPasswordValidityDays": 14,
}
RISK_COMPROMISED_CREDENTIALS = {
    "EventFilter": ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
    "Actions": {"EventAction": "BLOCK"},
}
RISK_ACCOUNT_TAKEOVER = {
    "Actions": {
        "LowAction": {"Notify": False, "EventAction": "NO_ACTION"},
        "MediumAction": {"Notify": False, "EventAction": "MFA_IF_CONFIGURED"},
        "HighAction": {"Notify": False, "EventAction": "BLOCK"},
    }
}
FIREHOSE_ERROR_LOG_RETENTION_DAYS = 7
COGNITO_LOG_RETENTION_DAYS = 365


def _policy(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _trust(service: str, condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return _policy([statement])


def _delivery_grant(region: str, resource: str) -> str:
    """The statement CloudWatch Logs' vended delivery (V1) needs on the target log groups."""
    return _policy([{
        "Sid": names.ACCOUNT_DELIVERY_POLICY,
        "Effect": "Allow",
        "Principal": {"Service": ["delivery.logs.amazonaws.com"]},
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": [resource],
        "Condition": {
            "StringEquals": {"aws:SourceAccount": [ACCOUNT_ID]},
            "ArnLike": {"aws:SourceArn": [f"arn:{names.PARTITION}:logs:{region}:{ACCOUNT_ID}:*"]},
        },
    }])


class _Seeder:
    def __init__(self, session: boto3.Session) -> None:
        self.session = session
        self.clients: dict[tuple[str, str], Any] = {}
        self.secrets: list[str] = []

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self.clients:
            self.clients[key] = self.session.client(service, region_name=region)  # type: ignore[call-overload]
        return self.clients[key]

    # ------------------------------------------------------------ global

    def iam(self) -> None:
        iam = self.client("iam", "us-east-1")
        account_condition = {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}
        iam.create_role(
            RoleName=names.ROLE_CWL_TO_FIREHOSE,
            Description="CloudWatch Logs subscriptions to the Sumo Logic Firehose streams",
            AssumeRolePolicyDocument=_trust(
                "logs.amazonaws.com",
                {"StringLike": {"aws:SourceArn": f"arn:{names.PARTITION}:logs:*:{ACCOUNT_ID}:*"}},
            ),
        )
        iam.create_role(
            RoleName=names.ROLE_METRIC_STREAM,
            Description="CloudWatch metric streams to the Sumo Logic Firehose streams",
            AssumeRolePolicyDocument=_trust(
                "streams.metrics.cloudwatch.amazonaws.com", account_condition
            ),
        )
        iam.create_role(
            RoleName=names.ROLE_FIREHOSE_DELIVERY,
            Description="Firehose delivery to Sumo Logic with failed-data backup to S3",
            AssumeRolePolicyDocument=_trust(
                "firehose.amazonaws.com", {"StringEquals": {"sts:ExternalId": ACCOUNT_ID}}
            ),
        )
        put_firehose = _policy([{
            "Effect": "Allow",
            "Action": ["firehose:PutRecord", "firehose:PutRecordBatch"],
            "Resource": f"arn:{names.PARTITION}:firehose:*:{ACCOUNT_ID}:deliverystream/sumo-*",
        }])
        for role in (names.ROLE_CWL_TO_FIREHOSE, names.ROLE_METRIC_STREAM):
            iam.put_role_policy(
                RoleName=role, PolicyName="put-records", PolicyDocument=put_firehose
            )
        iam.put_role_policy(
            RoleName=names.ROLE_FIREHOSE_DELIVERY,
            PolicyName="backup-and-error-logging",
            PolicyDocument=_policy([
                {
                    "Effect": "Allow",
                    "Action": ["s3:AbortMultipartUpload", "s3:GetBucketLocation",
                               "s3:GetObject", "s3:ListBucket",
                               "s3:ListBucketMultipartUploads", "s3:PutObject"],
                    "Resource": [f"arn:{names.PARTITION}:s3:::acme-sumo-firehose-failed-*",
                                 f"arn:{names.PARTITION}:s3:::acme-sumo-firehose-failed-*/*"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["logs:PutLogEvents"],
                    "Resource": f"arn:{names.PARTITION}:logs:*:{ACCOUNT_ID}:log-group:"
                                "/aws/kinesisfirehose/*",
                },
            ]),
        )
        iam.create_service_linked_role(AWSServiceName="delivery.logs.amazonaws.com")
        # The role Sumo Logic's CloudTrail source assumes (grant-access-aws-product): trusted
        # by Sumo Logic's account with the source's external ID; reads the trail buckets and
        # decrypts KMS-encrypted log files.
        iam.create_role(
            RoleName=names.ROLE_SUMO_CLOUDTRAIL_SOURCE,
            Description="Sumo Logic AWS CloudTrail source: read the trail buckets",
            AssumeRolePolicyDocument=_policy([{
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{names.PARTITION}:iam::{names.SUMO_AWS_ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": names.SUMO_EXTERNAL_ID}},
            }]),
        )
        iam.put_role_policy(
            RoleName=names.ROLE_SUMO_CLOUDTRAIL_SOURCE,
            PolicyName="read-cloudtrail-files",
            PolicyDocument=_policy([
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket",
                               "s3:ListBucketVersions"],
                    "Resource": [f"arn:{names.PARTITION}:s3:::acme-cloudtrail-*",
                                 f"arn:{names.PARTITION}:s3:::acme-cloudtrail-*/*"],
                },
                {
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": f"arn:{names.PARTITION}:kms:*:{ACCOUNT_ID}:key/*",
                },
            ]),
        )

    # ------------------------------------------------------------ per Region

    def bucket(self, region: str, bucket: str, policy: str | None = None) -> None:
        s3 = self.client("s3", region)
        if region == "us-east-1":
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        if policy:
            s3.put_bucket_policy(Bucket=bucket, Policy=policy)

    def log_group(self, region: str, name: str, retention: int, tags: dict[str, str]) -> str:
        logs = self.client("logs", region)
        logs.create_log_group(logGroupName=name, tags=tags)
        logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
        return names.log_group_arn(region, name)

    def firehose(
        self,
        region: str,
        stream: str,
        url: str,
        *,
        kind: str,
        endpoint_name: str,
        access_key: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> str:
        """A DirectPut Firehose stream to an HTTP endpoint, set up like Sumo's templates."""
        error_group = names.firehose_error_log_group(stream)
        self.log_group(region, error_group, FIREHOSE_ERROR_LOG_RETENTION_DAYS,
                       {"team": "observability"})
        logs = self.client("logs", region)
        for log_stream in ("HttpEndpointDelivery", "S3Delivery"):
            logs.create_log_stream(logGroupName=error_group, logStreamName=log_stream)
        endpoint: dict[str, str] = {"Url": url, "Name": endpoint_name}
        if access_key is not None:
            endpoint["AccessKey"] = access_key
            self.secrets.append(access_key)
        role = names.role_arn(names.ROLE_FIREHOSE_DELIVERY)
        prefix = "Metrics" if kind == "metric" else "Logs"
        all_tags = {"team": "observability", "managed-by": "terraform", **(tags or {})}
        self.client("firehose", region).create_delivery_stream(
            DeliveryStreamName=stream,
            DeliveryStreamType="DirectPut",
            HttpEndpointDestinationConfiguration={
                "EndpointConfiguration": endpoint,
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60},
                "CloudWatchLoggingOptions": {
                    "Enabled": True,
                    "LogGroupName": error_group,
                    "LogStreamName": "HttpEndpointDelivery",
                },
                "RequestConfiguration": {"ContentEncoding": "GZIP"},
                "RoleARN": role,
                "RetryOptions": {"DurationInSeconds": 60},
                "S3BackupMode": "FailedDataOnly",
                "S3Configuration": {
                    "RoleARN": role,
                    "BucketARN": names.bucket_arn(names.backup_bucket(region)),
                    "ErrorOutputPrefix": f"SumoLogic-Kinesis-Failed-{prefix}/{stream}/",
                    "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300},
                    "CompressionFormat": "UNCOMPRESSED",
                    "CloudWatchLoggingOptions": {
                        "Enabled": True,
                        "LogGroupName": error_group,
                        "LogStreamName": "S3Delivery",
                    },
                },
            },
            Tags=[{"Key": k, "Value": v} for k, v in sorted(all_tags.items())],
        )
        return names.firehose_arn(region, stream)

    def sumo_firehose(self, region: str, stream: str, kind: str, **kwargs: Any) -> str:
        url = names.sumo_url(kind, stream)
        self.secrets.append(names.fake_token(stream))
        return self.firehose(region, stream, url, kind=kind,
                             endpoint_name="Sumo Logic", **kwargs)

    def metric_stream(self, plan: RegionPlan, firehose_arn: str) -> None:
        cloudwatch = self.client("cloudwatch", plan.name)
        filters: dict[str, Any] = {
            "IncludeFilters": [{"Namespace": "AWS/Cognito"}, {"Namespace": "AWS/Usage"}]
        }
        if plan.metric_stream is StreamKind.EXCLUDES_COGNITO:
            # A cost-cutting change that dropped the busiest namespaces, Cognito among them.
            filters = {
                "ExcludeFilters": [
                    {"Namespace": "AWS/Cognito"},
                    {"Namespace": "AWS/EBS"},
                    {"Namespace": "AWS/Lambda"},
                ]
            }
        cloudwatch.put_metric_stream(
            Name=names.METRIC_STREAM,
            FirehoseArn=firehose_arn,
            RoleArn=names.role_arn(names.ROLE_METRIC_STREAM),
            OutputFormat="opentelemetry0.7",
            Tags=[{"Key": "team", "Value": "observability"}],
            **filters,
        )
        if plan.metric_stream is StreamKind.STOPPED:
            cloudwatch.stop_metric_streams(Names=[names.METRIC_STREAM])

    def trail(self, plan: RegionPlan) -> None:
        region = plan.name
        bucket = names.trail_bucket(region)
        trail_arn = names.trail_arn(region)
        self.bucket(region, bucket, _policy([
            {
                "Sid": "AWSCloudTrailAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:GetBucketAcl",
                "Resource": names.bucket_arn(bucket),
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "AWSCloudTrailWrite",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"{names.bucket_arn(bucket)}/AWSLogs/{ACCOUNT_ID}/*",
                "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                               "aws:SourceArn": trail_arn}},
            },
        ]))
        sns = self.client("sns", region)
        topic = sns.create_topic(Name=names.trail_topic(region))["TopicArn"]
        sns.set_topic_attributes(
            TopicArn=topic,
            AttributeName="Policy",
            AttributeValue=_policy([{
                "Sid": "AWSCloudTrailSNSPolicy",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": topic,
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            }]),
        )
        # The route Sumo Logic documents: an S3 event notification of the bucket (all object
        # create events) to a topic in the bucket's Region that S3 may publish to.
        s3_events = sns.create_topic(Name=names.sumo_s3_events_topic(region))["TopicArn"]
        sns.set_topic_attributes(
            TopicArn=s3_events,
            AttributeName="Policy",
            AttributeValue=_policy([{
                "Sid": "AllowS3ToPublishNewTrailFiles",
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": s3_events,
                "Condition": {
                    "ArnLike": {"aws:SourceArn": f"arn:{names.PARTITION}:s3:*:*:{bucket}"},
                    "StringEquals": {"aws:SourceAccount": ACCOUNT_ID},
                },
            }]),
        )
        self.client("s3", region).put_bucket_notification_configuration(
            Bucket=bucket,
            NotificationConfiguration={
                "TopicConfigurations": [
                    {"TopicArn": s3_events, "Events": ["s3:ObjectCreated:*"]}
                ]
            },
        )
        encryption = {"KmsKeyId": self.trail_key(region)} if plan.trail_kms else {}
        cloudtrail = self.client("cloudtrail", region)
        cloudtrail.create_trail(
            Name=names.trail_name(region),
            S3BucketName=bucket,
            SnsTopicName=names.trail_topic(region),
            IncludeGlobalServiceEvents=region == "us-east-1",
            IsMultiRegionTrail=False,
            EnableLogFileValidation=True,
            TagsList=[{"Key": "team", "Value": "security"}],
            **encryption,
        )
        if plan.trail is TrailKind.ADVANCED:
            cloudtrail.put_event_selectors(
                TrailName=names.trail_name(region),
                AdvancedEventSelectors=[
                    {
                        "Name": "Management events",
                        "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}],
                    },
                    {
                        "Name": "Cognito identity pool data events",
                        "FieldSelectors": [
                            {"Field": "eventCategory", "Equals": ["Data"]},
                            {"Field": "resources.type", "Equals": ["AWS::Cognito::IdentityPool"]},
                        ],
                    },
                ],
            )
        else:
            read_write = "WriteOnly" if plan.trail is TrailKind.WRITE_ONLY else "All"
            cloudtrail.put_event_selectors(
                TrailName=names.trail_name(region),
                EventSelectors=[{"ReadWriteType": read_write, "IncludeManagementEvents": True}],
            )
        cloudtrail.start_logging(Name=trail_arn)
        if plan.trail is TrailKind.NOT_LOGGING:
            cloudtrail.stop_logging(Name=trail_arn)

    def trail_key(self, region: str) -> str:
        """A KMS key for the Region's trail, with the key policy CloudTrail's console writes
        plus the decrypt grant Sumo Logic documents for its source role; returns its alias."""
        trail_arn = names.trail_arn(region)
        trail_context = f"arn:{names.PARTITION}:cloudtrail:*:{ACCOUNT_ID}:trail/*"
        kms = self.client("kms", region)
        key = kms.create_key(
            Description=f"CloudTrail log files of {names.trail_name(region)}",
            KeyUsage="ENCRYPT_DECRYPT",
            Tags=[{"TagKey": "team", "TagValue": "security"}],
            Policy=_policy([
                {
                    "Sid": "Enable IAM User Permissions",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{names.PARTITION}:iam::{ACCOUNT_ID}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "Allow CloudTrail to encrypt logs",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": "kms:GenerateDataKey*",
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {"aws:SourceArn": trail_arn},
                        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": trail_context},
                    },
                },
                {
                    "Sid": "Allow CloudTrail to describe key",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": "kms:DescribeKey",
                    "Resource": "*",
                },
                {
                    "Sid": "Allow Sumo Logic CloudTrail source to decrypt log files",
                    "Effect": "Allow",
                    "Principal": {"AWS": names.role_arn(names.ROLE_SUMO_CLOUDTRAIL_SOURCE)},
                    "Action": "kms:Decrypt",
                    "Resource": "*",
                    "Condition": {
                        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": trail_context},
                    },
                },
            ]),
        )["KeyMetadata"]
        alias = names.trail_key_alias(region)
        kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
        return alias

    def region(self, plan: RegionPlan) -> None:
        region = plan.name
        self.bucket(region, names.backup_bucket(region))
        logs_stream = self.sumo_firehose(
            region, names.logs_firehose(region), "log",
            # Cognito delivers userAuthEvents straight to this stream: the log-delivery
            # service-linked role may only write to streams carrying this tag.
            tags={"LogDeliveryEnabled": "true", "sumo-source": "cognito-logs"},
        )
        metrics_stream = self.sumo_firehose(
            region, names.metrics_firehose(region), "metric",
            tags={"sumo-source": "cloudwatch-metrics"},
        )
        self.metric_stream(plan, metrics_stream)
        if plan.trail is not TrailKind.NONE:
            self.trail(plan)
        logs = self.client("logs", region)
        if plan.delivery_policy_scope == "ACCOUNT":
            logs.put_resource_policy(
                policyName=names.ACCOUNT_DELIVERY_POLICY,
                policyDocument=_delivery_grant(
                    region, names.log_group_arn(region, "/aws/cognito/*") + ":log-stream:*"
                ),
            )
        if plan.account_subscription_policy:
            excluded = [
                names.firehose_error_log_group(names.logs_firehose(region)),
                names.firehose_error_log_group(names.metrics_firehose(region)),
            ]
            logs.put_account_policy(
                policyName=names.ACCOUNT_SUBSCRIPTION_POLICY,
                policyType="SUBSCRIPTION_FILTER_POLICY",
                policyDocument=json.dumps({
                    "DestinationArn": logs_stream,
                    "RoleArn": names.role_arn(names.ROLE_CWL_TO_FIREHOSE),
                    "FilterPattern": "",
                }),
                scope="ALL",
                # Never forward the Firehose streams' own error logs back into them.
                selectionCriteria=f"LogGroupName NOT IN {json.dumps(excluded)}",
            )
        self.client("ses", region).verify_domain_identity(Domain=names.SES_DOMAIN)

    # ------------------------------------------------------------ per pool

    def cognito_log_group(self, pool: PoolPlan, name: str, forwarding: Forwarding) -> str:
        region = pool.region
        arn = self.log_group(region, name, COGNITO_LOG_RETENTION_DAYS,
                             {"team": pool.team, "source": "cognito"})
        logs = self.client("logs", region)
        if REGION_PLANS[region].delivery_policy_scope == "RESOURCE":
            logs.put_resource_policy(
                policyName=names.ACCOUNT_DELIVERY_POLICY,
                policyDocument=_delivery_grant(region, f"{arn}:log-stream:*"),
                resourceArn=arn,
            )
        destination: str | None = None
        if forwarding is Forwarding.SUBSCRIPTION:
            destination = names.firehose_arn(region, names.logs_firehose(region))
        elif forwarding is Forwarding.NON_SUMO:
            stream = names.pool_firehose(pool)
            key = names.datadog_access_key(stream)
            destination = self.firehose(region, stream, names.DATADOG_LOGS_URL, kind="log",
                                        endpoint_name="Datadog", access_key=key,
                                        tags={"team": pool.team})
        elif forwarding in (Forwarding.WRONG_KIND, Forwarding.DELETED_FIREHOSE):
            stream = names.pool_firehose(pool)
            # WRONG_KIND: the URL of the metrics source pasted into a logs pipeline.
            kind = "metric" if forwarding is Forwarding.WRONG_KIND else "log"
            destination = self.sumo_firehose(region, stream, kind, tags={"team": pool.team})
        if destination is not None:
            logs.put_subscription_filter(
                logGroupName=name,
                filterName=names.SUBSCRIPTION_FILTER,
                filterPattern="",
                destinationArn=destination,
                roleArn=names.role_arn(names.ROLE_CWL_TO_FIREHOSE),
            )
        if forwarding is Forwarding.DELETED_FIREHOSE:
            self.client("firehose", region).delete_delivery_stream(
                DeliveryStreamName=names.pool_firehose(pool)
            )
        return arn

    def pool(self, plan: PoolPlan) -> DemoPool:
        region = plan.region
        idp = self.client("cognito-idp", region)
        settings: dict[str, Any] = {
            "Policies": {
                "PasswordPolicy": WEAK_PASSWORD_POLICY if plan.weak_password
                else STRONG_PASSWORD_POLICY
            },
            "DeletionProtection": plan.deletion_protection,
            "UserPoolTier": plan.tier,
            "AutoVerifiedAttributes": ["email"],
            "UsernameAttributes": ["email"],
            "AccountRecoverySetting": {
                "RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]
            },
            "EmailConfiguration": {
                "EmailSendingAccount": "DEVELOPER",
                "SourceArn": names.ses_identity_arn(region),
                "From": f"Acme Accounts <no-reply@{names.SES_DOMAIN}>",
            },
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False},
            "UserPoolTags": {"team": plan.team, "environment": "production"},
        }
        if plan.security_mode != "OFF":
            settings["UserPoolAddOns"] = {"AdvancedSecurityMode": plan.security_mode}
        created = idp.create_user_pool(PoolName=plan.name, **settings)["UserPool"]
        pool_id = created["Id"]
        if plan.mfa != "OFF":
            idp.set_user_pool_mfa_config(
                UserPoolId=pool_id,
                SoftwareTokenMfaConfiguration={"Enabled": True},
                MfaConfiguration=plan.mfa,
            )
        if plan.tier == "PLUS" and plan.security_mode != "OFF":
            idp.set_risk_configuration(
                UserPoolId=pool_id,
                CompromisedCredentialsRiskConfiguration=RISK_COMPROMISED_CREDENTIALS,
                AccountTakeoverRiskConfiguration=RISK_ACCOUNT_TAKEOVER,
            )
        log_groups: list[str] = []
        configurations: list[dict[str, Any]] = []
        if plan.log_delivery:
            arn = self.cognito_log_group(plan, names.notification_log_group(plan), plan.forwarding)
            log_groups.append(arn)
            configurations.append({
                "LogLevel": "ERROR",
                "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {"LogGroupArn": arn},
            })
        if plan.user_activity is UserActivity.CLOUDWATCH_LOGS:
            forwarding = (Forwarding.ACCOUNT_POLICY if plan.forwarding is Forwarding.ACCOUNT_POLICY
                          else Forwarding.SUBSCRIPTION)
            arn = self.cognito_log_group(plan, names.activity_log_group(plan), forwarding)
            log_groups.append(arn)
            configurations.append({
                "LogLevel": "INFO",
                "EventSource": "userAuthEvents",
                "CloudWatchLogsConfiguration": {"LogGroupArn": arn},
            })
        elif plan.user_activity is UserActivity.FIREHOSE:
            configurations.append({
                "LogLevel": "INFO",
                "EventSource": "userAuthEvents",
                "FirehoseConfiguration": {
                    "StreamArn": names.firehose_arn(region, names.logs_firehose(region))
                },
            })
        if configurations:
            idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=configurations)
        return DemoPool(
            name=plan.name,
            region=region,
            arn=created["Arn"],
            id=pool_id,
            tier=plan.tier,
            log_group_arns=tuple(log_groups),
        )

    def identity_pools(self, plan: RegionPlan, pools: dict[str, DemoPool]) -> list[str]:
        arns: list[str] = []
        if not plan.identity_pools:
            return arns
        provider_pool = pools[IDENTITY_PROVIDER_POOL]
        client_id = self.client("cognito-idp", plan.name).create_user_pool_client(
            UserPoolId=provider_pool.id, ClientName="mobile-app", GenerateSecret=False
        )["UserPoolClient"]["ClientId"]
        identity = self.client("cognito-identity", plan.name)
        for name in plan.identity_pools:
            created = identity.create_identity_pool(
                IdentityPoolName=name,
                AllowUnauthenticatedIdentities=False,
                CognitoIdentityProviders=[{
                    "ProviderName": f"cognito-idp.{plan.name}.amazonaws.com/{provider_pool.id}",
                    "ClientId": client_id,
                    "ServerSideTokenCheck": True,
                }],
            )
            arns.append(
                f"arn:{names.PARTITION}:cognito-identity:{plan.name}:{ACCOUNT_ID}:"
                f"identitypool/{created['IdentityPoolId']}"
            )
        return arns

    def run(self) -> DemoManifest:
        self.iam()
        for region in REGIONS:
            self.region(region)
        pools = {plan.name: self.pool(plan) for plan in POOLS}
        identity_pools: list[str] = []
        for region in REGIONS:
            identity_pools.extend(self.identity_pools(region, pools))
        breaks = derive_breaks(pools)
        broken = {b.pool_arn for b in breaks}
        return DemoManifest(
            account_id=ACCOUNT_ID,
            regions=tuple(r.name for r in REGIONS),
            pools=tuple(pools.values()),
            breaks=breaks,
            compliant_pool_arns=tuple(p.arn for p in pools.values() if p.arn not in broken),
            identity_pool_arns=tuple(identity_pools),
            secrets=tuple(self.secrets),
        )


REGION_PLANS = {plan.name: plan for plan in REGIONS}


def seed_estate(session: boto3.Session) -> DemoManifest:
    """Seed the demo estate into the account ``session`` reaches; return its manifest.

    The account must be empty and mocked (moto with :func:`linter.mockaws.install`): this
    creates IAM roles, buckets, Firehose streams, log groups, metric streams, trails and user
    pools in every Region of ``plan.REGIONS``.
    """
    return _Seeder(session).run()
