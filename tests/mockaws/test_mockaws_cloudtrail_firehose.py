"""CloudTrail selector and shadow-trail fixes; Firehose description defaults."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from mockaws_builders import ACCOUNT, make_firehose, raises_code

DEFAULT_SELECTOR = {
    "ReadWriteType": "All",
    "IncludeManagementEvents": True,
    "DataResources": [],
    "ExcludeManagementEventSources": [],
}
ADVANCED = [{"Name": "Management events",
             "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]


def make_trail(session: boto3.Session, name: str, region: str = "us-east-1",
               multi_region: bool = False) -> str:
    s3 = session.client("s3", region_name=region)
    bucket = f"trail-{name}"
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    trail = session.client("cloudtrail", region_name=region).create_trail(
        Name=name, S3BucketName=bucket, IsMultiRegionTrail=multi_region
    )
    arn: str = trail["TrailARN"]
    return arn


def test_new_trail_reports_the_default_selector(session: boto3.Session) -> None:
    arn = make_trail(session, "audit")
    cloudtrail = session.client("cloudtrail")
    selectors = cloudtrail.get_event_selectors(TrailName=arn)
    (trail,) = cloudtrail.describe_trails()["trailList"]
    assert selectors["EventSelectors"] == [DEFAULT_SELECTOR]
    assert selectors["AdvancedEventSelectors"] == []
    assert trail["HasCustomEventSelectors"] is False


def test_basic_selectors_replace_advanced_ones_and_back(session: boto3.Session) -> None:
    arn = make_trail(session, "audit")
    cloudtrail = session.client("cloudtrail")
    cloudtrail.put_event_selectors(TrailName="audit", AdvancedEventSelectors=ADVANCED)
    put = cloudtrail.put_event_selectors(
        TrailName="audit", EventSelectors=[{"ReadWriteType": "WriteOnly"}]
    )
    write_only = dict(DEFAULT_SELECTOR, ReadWriteType="WriteOnly")
    assert put["EventSelectors"] == [write_only]
    assert cloudtrail.get_event_selectors(TrailName=arn)["AdvancedEventSelectors"] == []
    assert cloudtrail.get_event_selectors(TrailName=arn)["EventSelectors"] == [write_only]

    cloudtrail.put_event_selectors(TrailName="audit", AdvancedEventSelectors=ADVANCED)
    selectors = cloudtrail.get_event_selectors(TrailName=arn)
    assert (selectors["EventSelectors"], selectors["AdvancedEventSelectors"]) == ([], ADVANCED)
    assert cloudtrail.describe_trails()["trailList"][0]["HasCustomEventSelectors"] is True


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"EventSelectors": [{"ReadWriteType": "All"}], "AdvancedEventSelectors": ADVANCED},
         "InvalidParameterCombinationException"),
        ({}, "InvalidParameterCombinationException"),
        ({"EventSelectors": [{"ReadWriteType": "Sometimes"}]}, "InvalidEventSelectorsException"),
        ({"EventSelectors": [{"ExcludeManagementEventSources": ["cognito-idp.amazonaws.com"]}]},
         "InvalidEventSelectorsException"),
        ({"EventSelectors": [{"ReadWriteType": "All"}] * 6}, "InvalidEventSelectorsException"),
        ({"AdvancedEventSelectors": [{"FieldSelectors": [
            {"Field": "readOnly", "Equals": ["true"]}]}]}, "InvalidEventSelectorsException"),
    ],
    ids=["both-kinds", "neither", "read-write-type", "exclude-cognito", "six-selectors",
         "no-event-category"],
)
def test_bad_selectors_are_rejected(
    session: boto3.Session, params: dict[str, Any], code: str
) -> None:
    make_trail(session, "audit")
    raises_code(code, session.client("cloudtrail").put_event_selectors, TrailName="audit",
                **params)


def test_multi_region_trail_is_readable_by_arn_from_other_regions(
    session: boto3.Session,
) -> None:
    arn = make_trail(session, "org-audit", multi_region=True)
    home = session.client("cloudtrail")
    home.start_logging(Name=arn)
    home.put_event_selectors(TrailName=arn, AdvancedEventSelectors=ADVANCED)
    eu = session.client("cloudtrail", region_name="eu-west-1")

    assert eu.get_trail_status(Name=arn)["IsLogging"] is True
    assert eu.get_event_selectors(TrailName=arn)["AdvancedEventSelectors"] == ADVANCED
    assert eu.get_trail(Name=arn)["Trail"]["HomeRegion"] == "us-east-1"
    raises_code("TrailNotFoundException", eu.get_trail_status, Name="org-audit")
    raises_code("TrailNotFoundException", eu.get_event_selectors, TrailName="org-audit")


def test_single_region_trail_is_not_visible_elsewhere(session: boto3.Session) -> None:
    arn = make_trail(session, "us-only")
    eu = session.client("cloudtrail", region_name="eu-west-1")
    raises_code("TrailNotFoundException", eu.get_trail_status, Name=arn)
    raises_code("TrailNotFoundException", eu.get_event_selectors, TrailName=arn)
    assert eu.describe_trails()["trailList"] == []


def test_describe_trails_honours_the_name_list(session: boto3.Session) -> None:
    arn = make_trail(session, "first")
    make_trail(session, "second")
    cloudtrail = session.client("cloudtrail")
    by_name = cloudtrail.describe_trails(trailNameList=["second"])["trailList"]
    by_arn = cloudtrail.describe_trails(trailNameList=[arn])["trailList"]
    assert [t["Name"] for t in by_name] == ["second"]
    assert [t["Name"] for t in by_arn] == ["first"]


def test_insight_selectors_are_reported(session: boto3.Session) -> None:
    make_trail(session, "audit")
    cloudtrail = session.client("cloudtrail")
    cloudtrail.put_insight_selectors(TrailName="audit",
                                     InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    assert cloudtrail.describe_trails()["trailList"][0]["HasInsightSelectors"] is True


def test_firehose_description_carries_aws_defaults(session: boto3.Session) -> None:
    make_firehose(session, "bare")
    described = session.client("firehose").describe_delivery_stream(DeliveryStreamName="bare")
    stream = described["DeliveryStreamDescription"]
    http = stream["Destinations"][0]["HttpEndpointDestinationDescription"]
    assert stream["DeliveryStreamEncryptionConfiguration"] == {"Status": "DISABLED"}
    assert http["BufferingHints"] == {"SizeInMBs": 5, "IntervalInSeconds": 300}
    assert http["RetryOptions"] == {"DurationInSeconds": 300}
    assert http["S3BackupMode"] == "FailedDataOnly"
    assert http["RequestConfiguration"] == {"ContentEncoding": "NONE"}
    assert http["CloudWatchLoggingOptions"] == {"Enabled": False}
    backup = http["S3DestinationDescription"]
    assert backup["BufferingHints"] == {"SizeInMBs": 5, "IntervalInSeconds": 300}
    assert backup["CompressionFormat"] == "UNCOMPRESSED"
    assert backup["EncryptionConfiguration"] == {"NoEncryptionConfig": "NoEncryption"}


def test_firehose_description_keeps_what_was_given(session: boto3.Session) -> None:
    make_firehose(
        session, "tuned",
        BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 60},
        RetryOptions={"DurationInSeconds": 60},
        RequestConfiguration={"ContentEncoding": "GZIP"},
        S3BackupMode="AllData",
    )
    http = session.client("firehose").describe_delivery_stream(DeliveryStreamName="tuned")[
        "DeliveryStreamDescription"]["Destinations"][0]["HttpEndpointDestinationDescription"]
    assert http["BufferingHints"] == {"SizeInMBs": 1, "IntervalInSeconds": 60}
    assert http["RetryOptions"] == {"DurationInSeconds": 60}
    assert http["RequestConfiguration"] == {"ContentEncoding": "GZIP"}
    assert http["S3BackupMode"] == "AllData"


def test_firehose_tags_are_listed(session: boto3.Session) -> None:
    make_firehose(session, "tagged")
    firehose = session.client("firehose")
    firehose.tag_delivery_stream(DeliveryStreamName="tagged",
                                 Tags=[{"Key": "LogDeliveryEnabled", "Value": "true"}])
    tags = firehose.list_tags_for_delivery_stream(DeliveryStreamName="tagged")["Tags"]
    assert tags == [{"Key": "LogDeliveryEnabled", "Value": "true"}]
    assert ACCOUNT in firehose.describe_delivery_stream(DeliveryStreamName="tagged")[
        "DeliveryStreamDescription"]["DeliveryStreamARN"]
