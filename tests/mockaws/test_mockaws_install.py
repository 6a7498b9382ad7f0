"""install(): idempotent, usable after mock_aws() started, and served by a moto server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import boto3
import pytest
import requests
from mockaws_builders import ROLE_ARN, raises_code
from moto.cloudwatch.responses import CloudWatchResponse
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.server import ThreadedMotoServer

from linter import mockaws
from linter.mockaws._graft import original


def test_install_is_idempotent() -> None:
    mockaws.install()
    action = CognitoIdpResponse.__dict__["get_log_delivery_configuration"]
    wrapped = CognitoIdpResponse.__dict__["describe_user_pool"]
    mockaws.install()
    assert CognitoIdpResponse.__dict__["get_log_delivery_configuration"] is action
    assert CognitoIdpResponse.__dict__["describe_user_pool"] is wrapped
    moto_own = original(CognitoIdpResponse, "describe_user_pool")
    assert moto_own.__module__ == "moto.cognitoidp.responses"
    assert mockaws.is_installed()


def test_actions_are_methods_of_motos_response_classes() -> None:
    mockaws.install()
    for name in ("put_metric_stream", "get_metric_stream", "list_metric_streams",
                 "delete_metric_stream", "start_metric_streams", "stop_metric_streams"):
        assert callable(getattr(CloudWatchResponse, name))


def test_install_after_mock_aws_started_keeps_existing_data(tmp_path: object) -> None:
    # A fresh interpreter, so the extension is really absent until install() is called.
    script = textwrap.dedent(
        """
        import boto3
        from moto import mock_aws

        with mock_aws():
            idp = boto3.client("cognito-idp", region_name="us-east-1")
            pool_id = idp.create_user_pool(PoolName="before-install")["UserPool"]["Id"]
            try:
                idp.get_log_delivery_configuration(UserPoolId=pool_id)
                missing = False
            except NotImplementedError:
                missing = True

            from linter import mockaws
            mockaws.install()
            mockaws.install()
            config = idp.get_log_delivery_configuration(UserPoolId=pool_id)
            print(missing, config["LogDeliveryConfiguration"]["LogConfigurations"],
                  idp.list_user_pools(MaxResults=10)["UserPools"][0]["Name"])
        """
    )
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/nonexistent/config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "[]", "before-install"]


@pytest.fixture
def server() -> Iterator[str]:
    mockaws.install()
    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    host, port = moto_server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        yield url
    finally:
        requests.post(f"{url}/moto-api/reset", timeout=10)
        moto_server.stop()


@pytest.mark.server
def test_extension_through_a_threaded_moto_server(server: str) -> None:
    session = boto3.Session(region_name="eu-west-1")

    def client(service: str) -> object:
        return session.client(service, endpoint_url=server)  # type: ignore[call-overload]

    s3, firehose, cloudwatch = client("s3"), client("firehose"), client("cloudwatch")
    logs, idp = client("logs"), client("cognito-idp")
    s3.create_bucket(Bucket="backup", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    stream_arn = firehose.create_delivery_stream(
        DeliveryStreamName="sumo-metrics",
        HttpEndpointDestinationConfiguration={
            "EndpointConfiguration": {"Url": "https://example.sumologic.com/receiver/v1/"
                                             "kinesis/metric/dG9rZW4="},
            "S3Configuration": {"RoleARN": ROLE_ARN, "BucketARN": "arn:aws:s3:::backup"},
        },
    )["DeliveryStreamARN"]

    cloudwatch.put_metric_stream(Name="cognito", FirehoseArn=stream_arn, RoleArn=ROLE_ARN,
                                 OutputFormat="opentelemetry0.7",
                                 IncludeFilters=[{"Namespace": "AWS/Cognito"}])
    cloudwatch.stop_metric_streams(Names=["cognito"])
    assert cloudwatch.get_metric_stream(Name="cognito")["State"] == "stopped"
    assert [e["Name"] for e in cloudwatch.list_metric_streams()["Entries"]] == ["cognito"]
    raises_code("ResourceNotFoundException", cloudwatch.get_metric_stream, Name="missing")

    logs.create_log_group(logGroupName="/aws/cognito/pool")
    group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cognito/pool"
    pool_id = idp.create_user_pool(PoolName="pool")["UserPool"]["Id"]
    configs = [{"LogLevel": "ERROR", "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {"LogGroupArn": group_arn}}]
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=configs)
    got = idp.get_log_delivery_configuration(UserPoolId=pool_id)["LogDeliveryConfiguration"]
    assert got["LogConfigurations"] == configs
    raises_code("FeatureUnavailableInTierException", idp.set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[{
                    "LogLevel": "INFO", "EventSource": "userAuthEvents",
                    "FirehoseConfiguration": {"StreamArn": stream_arn}}])

    logs.put_account_policy(policyName="all", policyType="SUBSCRIPTION_FILTER_POLICY",
                            policyDocument=json.dumps({"DestinationArn": stream_arn,
                                                       "RoleArn": ROLE_ARN}))
    policies = logs.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")
    assert [p["policyName"] for p in policies["accountPolicies"]] == ["all"]


@pytest.mark.server
def test_metric_streams_over_the_query_protocol(server: str) -> None:
    # CloudWatch still accepts the query protocol; the extension answers it in XML.
    session = boto3.Session(region_name="us-east-1")
    session.client("s3", endpoint_url=server).create_bucket(Bucket="backup")
    stream_arn = session.client("firehose", endpoint_url=server).create_delivery_stream(
        DeliveryStreamName="metrics",
        HttpEndpointDestinationConfiguration={
            "EndpointConfiguration": {"Url": "https://example.com/metrics"},
            "S3Configuration": {"RoleARN": ROLE_ARN, "BucketARN": "arn:aws:s3:::backup"},
        },
    )["DeliveryStreamARN"]
    authorization = ("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/"
                     "monitoring/aws4_request")

    def query(**params: str) -> requests.Response:
        return requests.post(server, data={"Version": "2010-08-01", **params},
                             headers={"Authorization": authorization}, timeout=10)

    put = query(Action="PutMetricStream", Name="cognito", FirehoseArn=stream_arn,
                RoleArn=ROLE_ARN, OutputFormat="json",
                **{"IncludeFilters.member.1.Namespace": "AWS/Cognito"})
    listed = query(Action="ListMetricStreams")
    missing = query(Action="GetMetricStream", Name="missing")

    assert put.status_code == 200, put.text
    assert "<Arn>arn:aws:cloudwatch:us-east-1:123456789012:metric-stream/cognito</Arn>" in put.text
    assert "<Name>cognito</Name>" in listed.text
    assert "<State>running</State>" in listed.text
    assert missing.status_code == 404
    assert "<Code>ResourceNotFoundException</Code>" in missing.text
