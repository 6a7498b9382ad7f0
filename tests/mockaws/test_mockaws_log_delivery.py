"""cognito-idp Get/SetLogDeliveryConfiguration through boto3 and moto's request path."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from mockaws_builders import (
    ACCOUNT,
    make_bucket,
    make_firehose,
    make_log_group,
    make_plus_pool,
    make_pool,
    raises_code,
)

NOTIFICATION_GROUP = "/aws/cognito/pool/user-notifications"


def notification(arn: str) -> dict[str, Any]:
    return {
        "LogLevel": "ERROR",
        "EventSource": "userNotification",
        "CloudWatchLogsConfiguration": {"LogGroupArn": arn},
    }


def activity(**destination: Any) -> dict[str, Any]:
    return {"LogLevel": "INFO", "EventSource": "userAuthEvents", **destination}


def test_never_configured_pool_returns_empty_configuration(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    response = session.client("cognito-idp").get_log_delivery_configuration(UserPoolId=pool_id)
    assert response["LogDeliveryConfiguration"] == {"UserPoolId": pool_id, "LogConfigurations": []}


def test_set_then_get_round_trips_both_event_sources(session: boto3.Session) -> None:
    pool_id = make_plus_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    stream = make_firehose(session, "activity")
    configs = [notification(group), activity(FirehoseConfiguration={"StreamArn": stream})]
    client = session.client("cognito-idp")

    set_response = client.set_log_delivery_configuration(
        UserPoolId=pool_id, LogConfigurations=configs
    )
    got = client.get_log_delivery_configuration(UserPoolId=pool_id)["LogDeliveryConfiguration"]

    assert set_response["LogDeliveryConfiguration"] == got
    assert got == {"UserPoolId": pool_id, "LogConfigurations": configs}


@pytest.mark.parametrize("destination", ["CloudWatchLogsConfiguration", "S3Configuration"])
def test_user_activity_accepts_each_single_destination(
    session: boto3.Session, destination: str
) -> None:
    pool_id = make_plus_pool(session)
    if destination == "S3Configuration":
        config = {"BucketArn": make_bucket(session, "activity-archive")}
    else:
        config = {"LogGroupArn": make_log_group(session, "/aws/cognito/pool/user-activity")}
    client = session.client("cognito-idp")
    client.set_log_delivery_configuration(
        UserPoolId=pool_id, LogConfigurations=[activity(**{destination: config})]
    )
    stored = client.get_log_delivery_configuration(UserPoolId=pool_id)
    assert stored["LogDeliveryConfiguration"]["LogConfigurations"][0][destination] == config


def test_empty_list_clears_the_configuration(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    client = session.client("cognito-idp")
    client.set_log_delivery_configuration(
        UserPoolId=pool_id, LogConfigurations=[notification(group)]
    )
    client.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[])
    configs = client.get_log_delivery_configuration(UserPoolId=pool_id)
    assert configs["LogDeliveryConfiguration"]["LogConfigurations"] == []


def test_log_group_arn_with_trailing_star_is_accepted(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    client = session.client("cognito-idp")
    client.set_log_delivery_configuration(
        UserPoolId=pool_id, LogConfigurations=[notification(group + ":*")]
    )
    configs = client.get_log_delivery_configuration(UserPoolId=pool_id)
    assert configs["LogDeliveryConfiguration"]["LogConfigurations"] == [notification(group + ":*")]


def test_unknown_pool_is_resource_not_found(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    raises_code("ResourceNotFoundException", client.get_log_delivery_configuration,
                UserPoolId="us-east-1_doesnotexist")
    raises_code("ResourceNotFoundException", client.set_log_delivery_configuration,
                UserPoolId="us-east-1_doesnotexist", LogConfigurations=[])


def test_more_than_two_configurations_is_invalid(session: boto3.Session) -> None:
    pool_id = make_plus_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    three = [notification(group)] * 3
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=three)


def test_two_configurations_for_one_event_source_are_invalid(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[notification(group), notification(group)])


@pytest.mark.parametrize(
    ("field", "value"), [("LogLevel", "DEBUG"), ("EventSource", "userSignIns")]
)
def test_unknown_enum_value_is_invalid(session: boto3.Session, field: str, value: str) -> None:
    pool_id = make_pool(session)
    config = notification(make_log_group(session, NOTIFICATION_GROUP))
    config[field] = value
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


def test_user_notification_needs_error_level(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    config = dict(notification(make_log_group(session, NOTIFICATION_GROUP)), LogLevel="INFO")
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


@pytest.mark.parametrize("extra", ["FirehoseConfiguration", "S3Configuration"])
def test_user_notification_goes_only_to_cloudwatch_logs(
    session: boto3.Session, extra: str
) -> None:
    pool_id = make_pool(session)
    config = notification(make_log_group(session, NOTIFICATION_GROUP))
    if extra == "FirehoseConfiguration":
        config[extra] = {"StreamArn": make_firehose(session, "notifications")}
    else:
        config[extra] = {"BucketArn": make_bucket(session, "notifications")}
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


def test_user_notification_to_firehose_only_is_invalid(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    config = {
        "LogLevel": "ERROR",
        "EventSource": "userNotification",
        "FirehoseConfiguration": {"StreamArn": make_firehose(session, "notifications")},
    }
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


def test_user_activity_needs_info_level(session: boto3.Session) -> None:
    pool_id = make_plus_pool(session)
    config = activity(FirehoseConfiguration={"StreamArn": make_firehose(session, "activity")})
    config["LogLevel"] = "ERROR"
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


@pytest.mark.parametrize("count", [0, 2])
def test_user_activity_needs_exactly_one_destination(session: boto3.Session, count: int) -> None:
    pool_id = make_plus_pool(session)
    destinations: dict[str, Any] = {}
    if count:
        destinations = {
            "FirehoseConfiguration": {"StreamArn": make_firehose(session, "activity")},
            "S3Configuration": {"BucketArn": make_bucket(session, "activity-archive")},
        }
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[activity(**destinations)])


@pytest.mark.parametrize("tier", ["LITE", "ESSENTIALS"])
def test_user_activity_on_a_pool_below_plus_is_unavailable(
    session: boto3.Session, tier: str
) -> None:
    pool_id = make_pool(session, UserPoolTier=tier)
    config = activity(FirehoseConfiguration={"StreamArn": make_firehose(session, "activity")})
    raises_code("FeatureUnavailableInTierException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


def test_user_activity_on_a_pool_without_tier_defaults_to_essentials(
    session: boto3.Session,
) -> None:
    pool_id = make_pool(session)
    config = activity(FirehoseConfiguration={"StreamArn": make_firehose(session, "activity")})
    raises_code("FeatureUnavailableInTierException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[config])


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/does/not/exist",
        "arn:aws:logs:us-east-1:210987654321:log-group:/aws/cognito/pool/user-notifications",
        f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/not-a-log-group",
    ],
    ids=["missing-group", "other-account", "not-a-log-group"],
)
def test_destination_must_be_an_existing_log_group_of_the_account(
    session: boto3.Session, arn: str
) -> None:
    pool_id = make_pool(session)
    make_log_group(session, NOTIFICATION_GROUP)
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[notification(arn)])


def test_missing_firehose_and_bucket_destinations_are_invalid(session: boto3.Session) -> None:
    pool_id = make_plus_pool(session)
    client = session.client("cognito-idp")
    missing_stream = f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/gone"
    raises_code("InvalidParameterException", client.set_log_delivery_configuration,
                UserPoolId=pool_id,
                LogConfigurations=[activity(FirehoseConfiguration={"StreamArn": missing_stream})])
    raises_code("InvalidParameterException", client.set_log_delivery_configuration,
                UserPoolId=pool_id,
                LogConfigurations=[activity(S3Configuration={"BucketArn": "arn:aws:s3:::gone"})])


def test_rejected_configuration_leaves_the_previous_one(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    client = session.client("cognito-idp")
    client.set_log_delivery_configuration(
        UserPoolId=pool_id, LogConfigurations=[notification(group)]
    )
    raises_code("InvalidParameterException", client.set_log_delivery_configuration,
                UserPoolId=pool_id, LogConfigurations=[dict(notification(group), LogLevel="INFO")])
    configs = client.get_log_delivery_configuration(UserPoolId=pool_id)
    assert configs["LogDeliveryConfiguration"]["LogConfigurations"] == [notification(group)]


def test_configuration_is_per_region_and_dropped_with_the_pool(session: boto3.Session) -> None:
    pool_id = make_pool(session)
    group = make_log_group(session, NOTIFICATION_GROUP)
    client = session.client("cognito-idp")
    client.set_log_delivery_configuration(
        UserPoolId=pool_id, LogConfigurations=[notification(group)]
    )
    raises_code("ResourceNotFoundException",
                session.client("cognito-idp", region_name="eu-west-1")
                .get_log_delivery_configuration, UserPoolId=pool_id)
    client.delete_user_pool(UserPoolId=pool_id)
    raises_code("ResourceNotFoundException", client.get_log_delivery_configuration,
                UserPoolId=pool_id)
