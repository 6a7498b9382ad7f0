"""CloudWatch metric streams over the protocol boto3 picks for CloudWatch (smithy-rpc-v2-cbor)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from mockaws_builders import ACCOUNT, ROLE_ARN, make_firehose, raises_code

METRICS_URL = "https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/metric/bQ=="


@pytest.fixture
def firehose_arn(session: boto3.Session) -> str:
    return make_firehose(session, "sumo-metrics", url=METRICS_URL)


def put(session: boto3.Session, firehose_arn: str, name: str = "cognito", **extra: Any) -> str:
    params: dict[str, Any] = {
        "Name": name,
        "FirehoseArn": firehose_arn,
        "RoleArn": ROLE_ARN,
        "OutputFormat": "opentelemetry0.7",
        **extra,
    }
    arn: str = session.client("cloudwatch").put_metric_stream(**params)["Arn"]
    return arn


def test_boto3_talks_cbor_to_cloudwatch(session: boto3.Session) -> None:
    assert session.client("cloudwatch").meta.service_model.protocol == "smithy-rpc-v2-cbor"


def test_new_stream_is_running_and_described_in_full(
    session: boto3.Session, firehose_arn: str
) -> None:
    include = [{"Namespace": "AWS/Cognito"}, {"Namespace": "AWS/Usage",
                                               "MetricNames": ["CallCount", "ThrottleCount"]}]
    statistics = [{
        "IncludeMetrics": [{"Namespace": "AWS/Cognito", "MetricName": "SignInSuccesses"}],
        "AdditionalStatistics": ["p99"],
    }]
    arn = put(session, firehose_arn, IncludeFilters=include,
              StatisticsConfigurations=statistics)
    stream = session.client("cloudwatch").get_metric_stream(Name="cognito")

    assert arn == f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:metric-stream/cognito"
    assert stream["Arn"] == arn
    assert stream["State"] == "running"
    assert stream["IncludeFilters"] == include
    assert stream["ExcludeFilters"] == []
    assert stream["FirehoseArn"] == firehose_arn
    assert stream["RoleArn"] == ROLE_ARN
    assert stream["OutputFormat"] == "opentelemetry0.7"
    assert stream["StatisticsConfigurations"] == statistics
    assert stream["IncludeLinkedAccountsMetrics"] is False
    assert stream["CreationDate"] <= stream["LastUpdateDate"]


def test_stop_and_start_change_the_state(session: boto3.Session, firehose_arn: str) -> None:
    client = session.client("cloudwatch")
    put(session, firehose_arn)
    client.stop_metric_streams(Names=["cognito"])
    assert client.get_metric_stream(Name="cognito")["State"] == "stopped"
    client.start_metric_streams(Names=["cognito"])
    assert client.get_metric_stream(Name="cognito")["State"] == "running"


def test_update_keeps_state_creation_date_and_tags(
    session: boto3.Session, firehose_arn: str
) -> None:
    client = session.client("cloudwatch")
    arn = put(session, firehose_arn, Tags=[{"Key": "team", "Value": "observability"}])
    created = client.get_metric_stream(Name="cognito")["CreationDate"]
    client.stop_metric_streams(Names=["cognito"])
    put(session, firehose_arn, OutputFormat="json",
        ExcludeFilters=[{"Namespace": "AWS/EC2"}], Tags=[{"Key": "ignored", "Value": "x"}])
    stream = client.get_metric_stream(Name="cognito")
    assert (stream["State"], stream["OutputFormat"]) == ("stopped", "json")
    assert stream["ExcludeFilters"] == [{"Namespace": "AWS/EC2"}]
    assert stream["CreationDate"] == created
    assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "team", "Value": "observability"}
    ]


def test_list_has_no_filters_and_paginates(session: boto3.Session, firehose_arn: str) -> None:
    client = session.client("cloudwatch")
    for name in ("c-stream", "a-stream", "b-stream"):
        put(session, firehose_arn, name=name, IncludeFilters=[{"Namespace": "AWS/Cognito"}])

    first = client.list_metric_streams(MaxResults=2)
    second = client.list_metric_streams(MaxResults=2, NextToken=first["NextToken"])

    assert [e["Name"] for e in first["Entries"]] == ["a-stream", "b-stream"]
    assert [e["Name"] for e in second["Entries"]] == ["c-stream"]
    assert "NextToken" not in second
    assert set(first["Entries"][0]) == {
        "Arn", "CreationDate", "LastUpdateDate", "Name", "FirehoseArn", "State", "OutputFormat"
    }


def test_delete_removes_the_stream_and_ignores_unknown_names(
    session: boto3.Session, firehose_arn: str
) -> None:
    client = session.client("cloudwatch")
    put(session, firehose_arn)
    client.delete_metric_stream(Name="cognito")
    client.delete_metric_stream(Name="cognito")
    assert client.list_metric_streams()["Entries"] == []
    raises_code("ResourceNotFoundException", client.get_metric_stream, Name="cognito")


def test_streams_are_regional(session: boto3.Session, firehose_arn: str) -> None:
    put(session, firehose_arn)
    eu = session.client("cloudwatch", region_name="eu-west-1")
    assert eu.list_metric_streams()["Entries"] == []


def test_unknown_stream_is_resource_not_found(session: boto3.Session) -> None:
    client = session.client("cloudwatch")
    error = raises_code("ResourceNotFoundException", client.get_metric_stream, Name="missing")
    assert isinstance(error, client.exceptions.ResourceNotFoundException)


def test_include_and_exclude_together_is_a_bad_combination(
    session: boto3.Session, firehose_arn: str
) -> None:
    client = session.client("cloudwatch")
    error = raises_code("InvalidParameterCombination", put, session, firehose_arn,
                        IncludeFilters=[{"Namespace": "AWS/Cognito"}],
                        ExcludeFilters=[{"Namespace": "AWS/EC2"}])
    assert isinstance(error, client.exceptions.InvalidParameterCombinationException)


@pytest.mark.parametrize(
    "override",
    [
        {"OutputFormat": "opentelemetry2.0"},
        {"Name": "has spaces"},
        {"FirehoseArn": "arn:aws:kinesis:us-east-1:123456789012:stream/not-firehose"},
        {"FirehoseArn": f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/missing"},
        {"FirehoseArn": f"arn:aws:firehose:eu-west-1:{ACCOUNT}:deliverystream/sumo-metrics"},
        {"RoleArn": "not-a-role"},
        {"StatisticsConfigurations": [{
            "IncludeMetrics": [{"Namespace": "AWS/Cognito", "MetricName": "SignInSuccesses"}],
            "AdditionalStatistics": ["TM(10%:90%)"]}]},
    ],
    ids=["format", "name", "not-firehose", "missing-firehose", "other-region", "role",
         "otel-statistic"],
)
def test_bad_value_is_invalid(
    session: boto3.Session, firehose_arn: str, override: dict[str, Any]
) -> None:
    raises_code("InvalidParameterValue", put, session, firehose_arn, **override)


@pytest.mark.parametrize("missing", ["Name", "FirehoseArn", "RoleArn", "OutputFormat"])
def test_missing_required_parameter_is_reported_by_the_server(
    session: boto3.Session, firehose_arn: str, missing: str
) -> None:
    unvalidated = session.client("cloudwatch", config=Config(parameter_validation=False))
    params = {"Name": "cognito", "FirehoseArn": firehose_arn, "RoleArn": ROLE_ARN,
              "OutputFormat": "json"}
    del params[missing]
    raises_code("MissingParameter", unvalidated.put_metric_stream, **params)


def test_start_and_stop_of_unknown_streams_are_invalid(session: boto3.Session) -> None:
    client = session.client("cloudwatch")
    raises_code("InvalidParameterValue", client.stop_metric_streams, Names=["missing"])
    raises_code("InvalidParameterValue", client.start_metric_streams, Names=["missing"])


@pytest.mark.parametrize("bad", [{"MaxResults": 501}, {"NextToken": "not-issued-here"}],
                         ids=["max-results", "next-token"])
def test_bad_list_parameters(session: boto3.Session, bad: dict[str, Any]) -> None:
    code = "InvalidNextToken" if "NextToken" in bad else "InvalidParameterValue"
    raises_code(code, session.client("cloudwatch").list_metric_streams, **bad)
