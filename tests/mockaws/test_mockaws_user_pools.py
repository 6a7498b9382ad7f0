"""cognito-idp: user-pool settings, MFA configuration and risk configuration."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from mockaws_builders import make_plus_pool, make_pool, raises_code

TAKEOVER = {
    "Actions": {
        "LowAction": {"Notify": False, "EventAction": "NO_ACTION"},
        "MediumAction": {"Notify": False, "EventAction": "MFA_IF_CONFIGURED"},
        "HighAction": {"Notify": False, "EventAction": "BLOCK"},
    }
}
COMPROMISED = {"EventFilter": ["SIGN_IN"], "Actions": {"EventAction": "BLOCK"}}


def describe(session: boto3.Session, pool_id: str) -> dict[str, Any]:
    pool: dict[str, Any] = session.client("cognito-idp").describe_user_pool(
        UserPoolId=pool_id
    )["UserPool"]
    return pool


def test_describe_user_pool_reports_aws_defaults(session: boto3.Session) -> None:
    pool = describe(session, make_pool(session))
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert pool["DeletionProtection"] == "INACTIVE"
    assert pool["MfaConfiguration"] == "OFF"
    assert "UserPoolAddOns" not in pool


def test_describe_user_pool_reports_the_settings_given(session: boto3.Session) -> None:
    pool_id = make_pool(
        session,
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
        DeletionProtection="ACTIVE",
    )
    pool = describe(session, pool_id)
    assert (pool["UserPoolTier"], pool["DeletionProtection"]) == ("PLUS", "ACTIVE")
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "AUDIT"}


@pytest.mark.parametrize("tier", ["LITE", "ESSENTIALS"])
@pytest.mark.parametrize("mode", ["AUDIT", "ENFORCED"])
def test_threat_protection_needs_the_plus_tier(
    session: boto3.Session, tier: str, mode: str
) -> None:
    raises_code("FeatureUnavailableInTierException", make_pool, session,
                UserPoolTier=tier, UserPoolAddOns={"AdvancedSecurityMode": mode})


@pytest.mark.parametrize(
    "settings",
    [
        {"UserPoolTier": "GOLD"},
        {"DeletionProtection": "ON"},
        {"UserPoolTier": "PLUS", "UserPoolAddOns": {"AdvancedSecurityMode": "STRICT"}},
    ],
    ids=["tier", "deletion-protection", "security-mode"],
)
def test_bad_pool_setting_is_invalid(session: boto3.Session, settings: dict[str, Any]) -> None:
    raises_code("InvalidParameterException", make_pool, session, **settings)


def test_update_keeps_the_tier_and_validates_threat_protection(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    pool_id = make_plus_pool(session)
    client.update_user_pool(UserPoolId=pool_id, DeletionProtection="ACTIVE")
    assert describe(session, pool_id)["UserPoolTier"] == "PLUS"

    essentials = make_pool(session, "essentials")
    raises_code("FeatureUnavailableInTierException", client.update_user_pool,
                UserPoolId=essentials, UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})


def test_deletion_protection_blocks_delete_until_inactivated(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    pool_id = make_pool(session, DeletionProtection="ACTIVE")
    raises_code("InvalidParameterException", client.delete_user_pool, UserPoolId=pool_id)
    client.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    client.delete_user_pool(UserPoolId=pool_id)
    raises_code("ResourceNotFoundException", client.describe_user_pool, UserPoolId=pool_id)


def test_mfa_configuration_follows_set_user_pool_mfa_config(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    pool_id = make_pool(session, MfaConfiguration="OFF")
    client.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    assert describe(session, pool_id)["MfaConfiguration"] == "OPTIONAL"
    config = client.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert config["MfaConfiguration"] == "OPTIONAL"


def test_email_and_webauthn_mfa_settings_are_kept(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    pool_id = make_pool(
        session,
        EmailConfiguration={
            "EmailSendingAccount": "DEVELOPER",
            "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        },
    )
    email = {"Subject": "Your code", "Message": "Your code is {####}"}
    webauthn = {"RelyingPartyId": "auth.example.com", "UserVerification": "required"}
    client.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        EmailMfaConfiguration=email,
        WebAuthnConfiguration=webauthn,
        MfaConfiguration="ON",
    )
    config = client.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert config["EmailMfaConfiguration"] == email
    assert config["WebAuthnConfiguration"] == webauthn


def test_email_mfa_needs_developer_email_and_a_paid_tier(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    email = {"Message": "Your code is {####}"}
    cognito_default = make_pool(session, "default-email")
    raises_code("InvalidParameterException", client.set_user_pool_mfa_config,
                UserPoolId=cognito_default, EmailMfaConfiguration=email, MfaConfiguration="ON")
    lite = make_pool(session, "lite", UserPoolTier="LITE")
    raises_code("FeatureUnavailableInTierException", client.set_user_pool_mfa_config,
                UserPoolId=lite, EmailMfaConfiguration=email, MfaConfiguration="ON")


def test_mfa_on_without_a_factor_is_invalid(session: boto3.Session) -> None:
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_user_pool_mfa_config,
                UserPoolId=make_pool(session), MfaConfiguration="ON")


def test_risk_configuration_round_trip(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    pool_id = make_plus_pool(session)
    empty = client.describe_risk_configuration(UserPoolId=pool_id)["RiskConfiguration"]
    assert empty == {"UserPoolId": pool_id}

    client.set_risk_configuration(
        UserPoolId=pool_id,
        CompromisedCredentialsRiskConfiguration=COMPROMISED,
        AccountTakeoverRiskConfiguration=TAKEOVER,
        RiskExceptionConfiguration={"SkippedIPRangeList": ["10.0.0.0/8"]},
    )
    config = client.describe_risk_configuration(UserPoolId=pool_id)["RiskConfiguration"]
    assert config["CompromisedCredentialsRiskConfiguration"] == COMPROMISED
    assert config["AccountTakeoverRiskConfiguration"] == TAKEOVER
    assert config["RiskExceptionConfiguration"] == {"SkippedIPRangeList": ["10.0.0.0/8"]}
    assert "LastModifiedDate" in config


def test_client_risk_configuration_falls_back_to_the_pool_one(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    pool_id = make_plus_pool(session)
    client_id = client.create_user_pool_client(UserPoolId=pool_id, ClientName="web")[
        "UserPoolClient"]["ClientId"]
    client.set_risk_configuration(UserPoolId=pool_id, AccountTakeoverRiskConfiguration=TAKEOVER)
    inherited = client.describe_risk_configuration(UserPoolId=pool_id, ClientId=client_id)
    assert inherited["RiskConfiguration"]["AccountTakeoverRiskConfiguration"] == TAKEOVER

    client.set_risk_configuration(UserPoolId=pool_id, ClientId=client_id,
                                  CompromisedCredentialsRiskConfiguration=COMPROMISED)
    own = client.describe_risk_configuration(UserPoolId=pool_id, ClientId=client_id)
    assert own["RiskConfiguration"]["ClientId"] == client_id
    assert "AccountTakeoverRiskConfiguration" not in own["RiskConfiguration"]


@pytest.mark.parametrize(
    "settings",
    [{}, {"UserPoolTier": "PLUS"}, {"UserPoolTier": "PLUS",
                                     "UserPoolAddOns": {"AdvancedSecurityMode": "OFF"}}],
    ids=["essentials", "plus-no-add-ons", "plus-off"],
)
def test_risk_configuration_needs_threat_protection(
    session: boto3.Session, settings: dict[str, Any]
) -> None:
    client = session.client("cognito-idp")
    pool_id = make_pool(session, **settings)
    raises_code("UserPoolAddOnNotEnabledException", client.describe_risk_configuration,
                UserPoolId=pool_id)
    raises_code("UserPoolAddOnNotEnabledException", client.set_risk_configuration,
                UserPoolId=pool_id, AccountTakeoverRiskConfiguration=TAKEOVER)


@pytest.mark.parametrize(
    "settings",
    [
        {"CompromisedCredentialsRiskConfiguration": {"Actions": {"EventAction": "ALLOW"}}},
        {"AccountTakeoverRiskConfiguration": {
            "Actions": {"HighAction": {"Notify": False, "EventAction": "LOCK"}}}},
        {"AccountTakeoverRiskConfiguration": {
            "Actions": {"HighAction": {"Notify": True, "EventAction": "BLOCK"}}}},
        {"RiskExceptionConfiguration": {"BlockedIPRangeList": ["not-a-cidr"]}},
    ],
    ids=["compromised-action", "takeover-action", "notify-without-source", "bad-cidr"],
)
def test_bad_risk_configuration_is_invalid(
    session: boto3.Session, settings: dict[str, Any]
) -> None:
    raises_code("InvalidParameterException",
                session.client("cognito-idp").set_risk_configuration,
                UserPoolId=make_plus_pool(session), **settings)


def test_risk_configuration_of_unknown_pool_or_client(session: boto3.Session) -> None:
    client = session.client("cognito-idp")
    raises_code("ResourceNotFoundException", client.describe_risk_configuration,
                UserPoolId="us-east-1_missing")
    raises_code("ResourceNotFoundException", client.describe_risk_configuration,
                UserPoolId=make_plus_pool(session), ClientId="unknownclient")
