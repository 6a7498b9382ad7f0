"""Builders shared by the moto-extension tests (imported by module name: keep it unique)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/delivery"


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


def make_pool(session: boto3.Session, name: str = "pool", region: str = REGION,
              **settings: Any) -> str:
    client = session.client("cognito-idp", region_name=region)
    pool_id: str = client.create_user_pool(PoolName=name, **settings)["UserPool"]["Id"]
    return pool_id


def make_plus_pool(session: boto3.Session, name: str = "plus-pool", region: str = REGION,
                   mode: str = "ENFORCED") -> str:
    return make_pool(session, name, region, UserPoolTier="PLUS",
                     UserPoolAddOns={"AdvancedSecurityMode": mode})


def make_log_group(session: boto3.Session, name: str, region: str = REGION) -> str:
    session.client("logs", region_name=region).create_log_group(logGroupName=name)
    return f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"


def make_bucket(session: boto3.Session, name: str) -> str:
    session.client("s3", region_name="us-east-1").create_bucket(Bucket=name)
    return f"arn:aws:s3:::{name}"


def make_firehose(session: boto3.Session, name: str, region: str = REGION,
                  url: str = "https://endpoint1.collection.us2.sumologic.com/receiver/v1/"
                             "kinesis/log/dGVzdA==", **destination: Any) -> str:
    bucket = f"backup-{name}".lower()
    s3 = session.client("s3", region_name=region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    config: dict[str, Any] = {
        "EndpointConfiguration": {"Url": url, "Name": "endpoint"},
        "S3Configuration": {"RoleARN": ROLE_ARN, "BucketARN": f"arn:aws:s3:::{bucket}"},
        **destination,
    }
    session.client("firehose", region_name=region).create_delivery_stream(
        DeliveryStreamName=name,
        DeliveryStreamType="DirectPut",
        HttpEndpointDestinationConfiguration=config,
    )
    return f"arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{name}"


def raises_code(code: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> ClientError:
    """Call ``fn`` and check that it fails with the AWS error ``code``."""
    with pytest.raises(ClientError) as excinfo:
        fn(*args, **kwargs)
    assert error_code(excinfo) == code, excinfo.value.response["Error"]
    return excinfo.value
