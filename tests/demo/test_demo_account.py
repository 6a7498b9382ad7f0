"""mocked_account(): deterministic seeding, a scoped fake environment, state dropped on exit."""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest
from moto.cognitoidp.models import cognitoidp_backends

from linter.demo import mocked_account

# Pool ids derive from Region, name and settings (moto's HASH strategy), so they are stable
# across runs and machines; a change here means the demo data changed.
PROD_CUSTOMER_IDENTITY_ARN = (
    "arn:aws:cognito-idp:us-east-1:123456789012:userpool/"
    "us-east-1_3e1198d91ac30caaaa522b60497e8698a3ae299c55f17"
)


def _fingerprint(session: boto3.Session, regions: tuple[str, ...]) -> dict[str, Any]:
    """What a collector would read, minus timestamps."""
    data: dict[str, Any] = {}
    for region in regions:
        idp = session.client("cognito-idp", region_name=region)
        logs = session.client("logs", region_name=region)
        firehose = session.client("firehose", region_name=region)
        pools = sorted(p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"])
        data[region] = {
            "pools": {
                pool_id: (
                    {k: v for k, v in idp.describe_user_pool(UserPoolId=pool_id)[
                        "UserPool"].items() if k not in ("CreationDate", "LastModifiedDate")},
                    idp.get_log_delivery_configuration(UserPoolId=pool_id)[
                        "LogDeliveryConfiguration"],
                )
                for pool_id in pools
            },
            "log_groups": [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]],
            "streams": {
                name: firehose.describe_delivery_stream(DeliveryStreamName=name)[
                    "DeliveryStreamDescription"]["Destinations"]
                for name in firehose.list_delivery_streams()["DeliveryStreamNames"]
            },
        }
    return data


class _Stop(Exception):
    pass


def test_seeding_is_deterministic_and_scoped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "outer-key")
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.delenv("MOTO_ACCOUNT_ID", raising=False)

    before = dict(os.environ)

    with mocked_account() as (session, first):
        assert os.environ["AWS_ACCESS_KEY_ID"] != "outer-key"
        assert "AWS_PROFILE" not in os.environ
        assert os.environ["MOTO_ACCOUNT_ID"] == "123456789012"
        assert session.client("sts").get_caller_identity()["Account"] == first.account_id
        first_data = _fingerprint(session, first.regions)
    assert dict(os.environ) == before

    # The second run leaves by an exception: the environment and moto's state still go.
    with pytest.raises(_Stop), mocked_account() as (session, second):
        second_data = _fingerprint(session, second.regions)
        raise _Stop
    assert dict(os.environ) == before
    assert not any(backend.user_pools for _, _, backend in cognitoidp_backends.iter_backends())

    assert first == second
    assert first.secrets == second.secrets
    assert first_data == second_data
    assert first.pool("prod-customer-identity").arn == PROD_CUSTOMER_IDENTITY_ARN
