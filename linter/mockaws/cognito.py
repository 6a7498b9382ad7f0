"""cognito-idp: log delivery, risk configuration, and what moto's user pools get wrong.

Added operations (backend method on ``CognitoIdpBackend`` + action on ``CognitoIdpResponse``):
``GetLogDeliveryConfiguration``, ``SetLogDeliveryConfiguration``,
``DescribeRiskConfiguration``, ``SetRiskConfiguration``.

Corrected operations:

* ``DescribeUserPool`` returns ``DeletionProtection`` (default ``INACTIVE``) and
  ``UserPoolTier`` (default ``ESSENTIALS``) like AWS, and a ``MfaConfiguration`` that follows
  ``SetUserPoolMfaConfig`` (moto let the value given at creation win).
* ``CreateUserPool`` / ``UpdateUserPool`` validate the tier, the deletion-protection value and
  the threat-protection mode (``AUDIT``/``ENFORCED`` needs the ``PLUS`` tier:
  ``FeatureUnavailableInTierException``). ``UpdateUserPool`` keeps the tier when it is omitted.
* ``DeleteUserPool`` refuses a pool whose deletion protection is ``ACTIVE``.
* ``Set/GetUserPoolMfaConfig`` keep ``EmailMfaConfiguration`` and ``WebAuthnConfiguration``.

Validation follows the AWS documentation of ``LogConfigurationType`` and
"Exporting logs from Amazon Cognito user pools": at most two configurations, one per event
source; ``userNotification`` is ``ERROR`` to CloudWatch Logs only; ``userAuthEvents`` is
``INFO`` to exactly one of CloudWatch Logs, Firehose or S3 and needs the ``PLUS`` tier. The
destination must exist in the pool's account. Unlike AWS, the mock does not create the
log-group resource policy or tag the Firehose stream ``LogDeliveryEnabled=true`` for you:
seed those explicitly (AWS only does it when the caller holds the extra permissions).
"""

from __future__ import annotations

import copy
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, ResourceNotFoundError
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.core.utils import utcnow

from ._graft import extension_state, graft, original

LOG_LEVELS = ("ERROR", "INFO")
EVENT_SOURCES = ("userNotification", "userAuthEvents")
USER_POOL_TIERS = ("LITE", "ESSENTIALS", "PLUS")
DEFAULT_TIER = "ESSENTIALS"
SECURITY_MODES = ("OFF", "AUDIT", "ENFORCED")
DELETION_PROTECTION = ("ACTIVE", "INACTIVE")
MAX_LOG_CONFIGURATIONS = 2
DESTINATION_KEYS = ("CloudWatchLogsConfiguration", "S3Configuration", "FirehoseConfiguration")
COMPROMISED_ACTIONS = ("BLOCK", "NO_ACTION")
COMPROMISED_EVENT_FILTERS = ("SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP")
TAKEOVER_ACTIONS = ("BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION")
MAX_IP_RANGES = 200

_LOG_GROUP_ARN = re.compile(
    r"^arn:(?P<partition>[\w-]+):logs:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"log-group:(?P<name>[.\-_/#A-Za-z0-9]+?)(?::\*)?$"
)
_FIREHOSE_ARN = re.compile(
    r"^arn:(?P<partition>[\w-]+):firehose:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"deliverystream/(?P<name>[a-zA-Z0-9._-]+)$"
)
_BUCKET_ARN = re.compile(
    r"^arn:(?P<partition>[\w-]+):s3:::(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$"
)


class FeatureUnavailableInTierException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("FeatureUnavailableInTierException", message)


class UserPoolAddOnNotEnabledException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("UserPoolAddOnNotEnabledException", message)


@dataclass
class CognitoState:
    """Extension state of one cognito-idp backend (one account and Region)."""

    log_delivery: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    risk: dict[tuple[str, str | None], dict[str, Any]] = field(default_factory=dict)
    mfa_extras: dict[str, dict[str, Any]] = field(default_factory=dict)


def state(backend: CognitoIdpBackend) -> CognitoState:
    return extension_state(backend, "cognito", CognitoState)


def pool_tier(pool: CognitoIdpUserPool) -> str:
    return str(pool.extended_config.get("UserPoolTier") or DEFAULT_TIER)


def pool_security_mode(pool: CognitoIdpUserPool) -> str:
    add_ons = pool.extended_config.get("UserPoolAddOns") or {}
    return str(add_ons.get("AdvancedSecurityMode") or "OFF")


def _require_enum(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InvalidParameterException(
            f"1 validation error detected: Value '{value}' at '{name}' failed to satisfy "
            f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
        )


# ---------------------------------------------------------------- user pool settings


def validate_pool_settings(params: dict[str, Any], tier: str) -> None:
    """The checks AWS applies to CreateUserPool / UpdateUserPool settings we care about."""
    _require_enum("userPoolTier", tier, USER_POOL_TIERS)
    if "DeletionProtection" in params:
        _require_enum("deletionProtection", params["DeletionProtection"], DELETION_PROTECTION)
    add_ons = params.get("UserPoolAddOns")
    if add_ons is not None:
        mode = add_ons.get("AdvancedSecurityMode")
        _require_enum("userPoolAddOns.advancedSecurityMode", mode, SECURITY_MODES)
        custom = (add_ons.get("AdvancedSecurityAdditionalFlows") or {}).get("CustomAuthMode")
        if custom is not None:
            _require_enum(
                "userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode",
                custom,
                ("AUDIT", "ENFORCED"),
            )
        if mode != "OFF" and tier != "PLUS":
            raise FeatureUnavailableInTierException(
                "Threat protection requires the Plus feature plan. "
                f"The user pool feature plan is {tier}."
            )


def _create_user_pool(self: CognitoIdpResponse) -> Any:
    params = self.parameters
    validate_pool_settings(params, str(params.get("UserPoolTier") or DEFAULT_TIER))
    return original(CognitoIdpResponse, "create_user_pool")(self)


def _update_user_pool(self: CognitoIdpResponse) -> Any:
    params = self.parameters
    pool = self.backend.describe_user_pool(params.get("UserPoolId", ""))
    tier = str(params.get("UserPoolTier") or pool_tier(pool))
    validate_pool_settings(params, tier)
    mfa = params.get("MfaConfiguration")
    if mfa is not None:
        _require_enum("mfaConfiguration", mfa, ("OFF", "ON", "OPTIONAL"))
    result = original(CognitoIdpResponse, "update_user_pool")(self)
    if "UserPoolTier" not in pool.extended_config:
        # The feature plan is a billing choice: an update that omits it keeps it.
        pool.extended_config["UserPoolTier"] = tier
    if mfa is not None:
        pool.mfa_config = mfa
    return result


def _describe_user_pool(self: CognitoIdpResponse) -> ActionResult:
    result = original(CognitoIdpResponse, "describe_user_pool")(self)
    pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
    body = result.result["UserPool"]
    body.setdefault("DeletionProtection", "INACTIVE")
    body.setdefault("UserPoolTier", DEFAULT_TIER)
    body["MfaConfiguration"] = pool.mfa_config
    return ActionResult({"UserPool": body})


def _delete_user_pool(self: CognitoIdpResponse) -> Any:
    user_pool_id = self._get_param("UserPoolId")
    pool = self.backend.describe_user_pool(user_pool_id)
    if pool.extended_config.get("DeletionProtection") == "ACTIVE":
        raise InvalidParameterException(
            "The user pool cannot be deleted because deletion protection is activated. "
            "Deletion protection must be inactivated first."
        )
    result = original(CognitoIdpResponse, "delete_user_pool")(self)
    ext = state(self.backend)
    ext.log_delivery.pop(user_pool_id, None)
    ext.mfa_extras.pop(user_pool_id, None)
    for key in [k for k in ext.risk if k[0] == user_pool_id]:
        del ext.risk[key]
    return result


# ---------------------------------------------------------------- MFA configuration


def _set_user_pool_mfa_config(self: CognitoIdpResponse) -> ActionResult:
    user_pool_id = self._get_param("UserPoolId")
    pool = self.backend.describe_user_pool(user_pool_id)
    sms = self._get_param("SmsMfaConfiguration")
    token = self._get_param("SoftwareTokenMfaConfiguration")
    email = self._get_param("EmailMfaConfiguration")
    webauthn = self._get_param("WebAuthnConfiguration")
    mfa = self._get_param("MfaConfiguration")
    _require_enum("mfaConfiguration", mfa, ("OFF", "ON", "OPTIONAL"))
    if mfa in ("ON", "OPTIONAL") and sms is None and token is None and email is None:
        raise InvalidParameterException(
            "At least one of [SmsMfaConfiguration], [SoftwareTokenMfaConfiguration] or "
            "[EmailMfaConfiguration] must be provided."
        )
    if sms is not None and "SmsConfiguration" not in sms:
        raise InvalidParameterException(
            "[SmsConfiguration] is a required member of [SmsMfaConfiguration]."
        )
    if email is not None:
        if pool_tier(pool) == "LITE":
            raise FeatureUnavailableInTierException(
                "Email MFA requires the Essentials or Plus feature plan."
            )
        sending = (pool.extended_config.get("EmailConfiguration") or {}).get(
            "EmailSendingAccount"
        )
        if sending != "DEVELOPER":
            raise InvalidParameterException(
                "Email MFA requires EmailConfiguration.EmailSendingAccount DEVELOPER."
            )
    if webauthn is not None:
        if "UserVerification" in webauthn:
            _require_enum(
                "webAuthnConfiguration.userVerification",
                webauthn["UserVerification"],
                ("required", "preferred"),
            )
        if "FactorConfiguration" in webauthn:
            _require_enum(
                "webAuthnConfiguration.factorConfiguration",
                webauthn["FactorConfiguration"],
                ("SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"),
            )
    self.backend.set_user_pool_mfa_config(user_pool_id, sms, token, mfa)  # type: ignore[arg-type]
    extras = {"EmailMfaConfiguration": email, "WebAuthnConfiguration": webauthn}
    state(self.backend).mfa_extras[user_pool_id] = {
        k: copy.deepcopy(v) for k, v in extras.items() if v is not None
    }
    return _mfa_config_result(self)


def _mfa_config_result(self: CognitoIdpResponse) -> ActionResult:
    user_pool_id = self._get_param("UserPoolId")
    response = {
        k: v
        for k, v in self.backend.get_user_pool_mfa_config(user_pool_id).items()
        if v is not None
    }
    response.update(copy.deepcopy(state(self.backend).mfa_extras.get(user_pool_id, {})))
    return ActionResult(response)


# ---------------------------------------------------------------- log delivery


def _parse_destination(kind: str, config: Any, path: str) -> tuple[str, str]:
    """(ARN, field) of one destination block; InvalidParameterException when malformed."""
    key = {"CloudWatchLogsConfiguration": "LogGroupArn", "S3Configuration": "BucketArn"}.get(
        kind, "StreamArn"
    )
    if not isinstance(config, dict) or not config.get(key):
        raise InvalidParameterException(f"{path}.{kind}.{key} is required.")
    return str(config[key]), key


def _check_destination_exists(
    backend: CognitoIdpBackend, kind: str, arn: str, path: str
) -> None:
    if kind == "CloudWatchLogsConfiguration":
        match = _LOG_GROUP_ARN.match(arn)
        if not match:
            raise InvalidParameterException(f"{path}: '{arn}' is not a log group ARN.")
        from moto.logs.models import logs_backends

        _same_account(backend, match["account"], arn, path)
        groups = logs_backends[backend.account_id][match["region"]].groups
        if match["name"] not in groups:
            raise InvalidParameterException(f"{path}: log group '{match['name']}' does not exist.")
    elif kind == "FirehoseConfiguration":
        match = _FIREHOSE_ARN.match(arn)
        if not match:
            raise InvalidParameterException(f"{path}: '{arn}' is not a Firehose stream ARN.")
        from moto.firehose.models import firehose_backends

        _same_account(backend, match["account"], arn, path)
        streams = firehose_backends[backend.account_id][match["region"]].delivery_streams
        if match["name"] not in streams:
            raise InvalidParameterException(
                f"{path}: Firehose stream '{match['name']}' does not exist."
            )
    else:
        match = _BUCKET_ARN.match(arn)
        if not match:
            raise InvalidParameterException(f"{path}: '{arn}' is not an S3 bucket ARN.")
        from moto.s3.models import s3_backends

        buckets = s3_backends[backend.account_id][backend.partition].buckets
        if match["bucket"] not in buckets:
            raise InvalidParameterException(f"{path}: bucket '{match['bucket']}' does not exist.")


def _same_account(backend: CognitoIdpBackend, account: str, arn: str, path: str) -> None:
    if account != backend.account_id:
        raise InvalidParameterException(
            f"{path}: '{arn}' must be in the same AWS account as the user pool."
        )


def set_log_delivery_configuration(
    self: CognitoIdpBackend, user_pool_id: str, log_configurations: list[dict[str, Any]]
) -> dict[str, Any]:
    """Backend method: validate and store a pool's log delivery configuration."""
    pool = self.describe_user_pool(user_pool_id)
    if not isinstance(log_configurations, list):
        raise InvalidParameterException("LogConfigurations must be a list.")
    if len(log_configurations) > MAX_LOG_CONFIGURATIONS:
        raise InvalidParameterException(
            "1 validation error detected: Value at 'logConfigurations' failed to satisfy "
            f"constraint: Member must have length less than or equal to {MAX_LOG_CONFIGURATIONS}"
        )
    seen_sources: set[str] = set()
    stored: list[dict[str, Any]] = []
    for index, config in enumerate(log_configurations, start=1):
        path = f"logConfigurations.{index}"
        level, source = config.get("LogLevel"), config.get("EventSource")
        _require_enum(f"{path}.member.logLevel", level, LOG_LEVELS)
        _require_enum(f"{path}.member.eventSource", source, EVENT_SOURCES)
        if source in seen_sources:
            raise InvalidParameterException(
                f"Only one log configuration is allowed per event source ({source})."
            )
        seen_sources.add(str(source))
        destinations = [key for key in DESTINATION_KEYS if config.get(key) is not None]
        if source == "userNotification":
            if level != "ERROR":
                raise InvalidParameterException(
                    "userNotification logs support only the ERROR log level."
                )
            if destinations != ["CloudWatchLogsConfiguration"]:
                raise InvalidParameterException(
                    "userNotification logs can be delivered only to CloudWatch Logs "
                    "(CloudWatchLogsConfiguration)."
                )
        else:
            if level != "INFO":
                raise InvalidParameterException(
                    "userAuthEvents logs support only the INFO log level."
                )
            if len(destinations) != 1:
                raise InvalidParameterException(
                    "userAuthEvents logs need exactly one destination: "
                    "CloudWatchLogsConfiguration, FirehoseConfiguration or S3Configuration."
                )
        kind = destinations[0]
        arn, key = _parse_destination(kind, config[kind], path)
        _check_destination_exists(self, kind, arn, path)
        stored.append({"LogLevel": level, "EventSource": source, kind: {key: arn}})
    if "userAuthEvents" in seen_sources and pool_tier(pool) != "PLUS":
        raise FeatureUnavailableInTierException(
            "Exporting user activity logs (userAuthEvents) requires the Plus feature plan. "
            f"The user pool feature plan is {pool_tier(pool)}."
        )
    state(self).log_delivery[user_pool_id] = stored
    return get_log_delivery_configuration(self, user_pool_id)


def get_log_delivery_configuration(self: CognitoIdpBackend, user_pool_id: str) -> dict[str, Any]:
    """Backend method: the stored configuration; ``[]`` for a pool never configured."""
    self.describe_user_pool(user_pool_id)
    configs = state(self).log_delivery.get(user_pool_id, [])
    return {"UserPoolId": user_pool_id, "LogConfigurations": copy.deepcopy(configs)}


def _get_log_delivery_configuration_action(self: CognitoIdpResponse) -> ActionResult:
    config = get_log_delivery_configuration(self.backend, self._get_param("UserPoolId"))
    return ActionResult({"LogDeliveryConfiguration": config})


def _set_log_delivery_configuration_action(self: CognitoIdpResponse) -> ActionResult:
    config = set_log_delivery_configuration(
        self.backend,
        self._get_param("UserPoolId"),
        self._get_param("LogConfigurations", []),
    )
    return ActionResult({"LogDeliveryConfiguration": config})


# ---------------------------------------------------------------- risk configuration


def _check_risk_target(
    backend: CognitoIdpBackend, user_pool_id: str, client_id: str | None
) -> CognitoIdpUserPool:
    pool = backend.describe_user_pool(user_pool_id)
    if client_id is not None and client_id not in pool.clients:
        raise ResourceNotFoundError(f"Client {client_id} does not exist in pool {user_pool_id}.")
    if pool_tier(pool) != "PLUS" or pool_security_mode(pool) == "OFF":
        raise UserPoolAddOnNotEnabledException(
            "Threat protection (UserPoolAddOns.AdvancedSecurityMode AUDIT or ENFORCED on the "
            "Plus feature plan) is not enabled for this user pool."
        )
    return pool


def _validate_risk(
    compromised: dict[str, Any] | None,
    takeover: dict[str, Any] | None,
    exceptions: dict[str, Any] | None,
) -> None:
    if compromised is not None:
        action = (compromised.get("Actions") or {}).get("EventAction")
        _require_enum(
            "compromisedCredentialsRiskConfiguration.actions.eventAction",
            action,
            COMPROMISED_ACTIONS,
        )
        for item in compromised.get("EventFilter") or []:
            _require_enum(
                "compromisedCredentialsRiskConfiguration.eventFilter",
                item,
                COMPROMISED_EVENT_FILTERS,
            )
    if takeover is not None:
        notify = False
        actions = takeover.get("Actions") or {}
        for level in ("LowAction", "MediumAction", "HighAction"):
            action = actions.get(level)
            if action is None:
                continue
            _require_enum(
                f"accountTakeoverRiskConfiguration.actions.{level}.eventAction",
                action.get("EventAction"),
                TAKEOVER_ACTIONS,
            )
            if not isinstance(action.get("Notify"), bool):
                raise InvalidParameterException(
                    f"accountTakeoverRiskConfiguration.actions.{level}.notify is required."
                )
            notify = notify or action["Notify"]
        source_arn = (takeover.get("NotifyConfiguration") or {}).get("SourceArn")
        if notify and not source_arn:
            raise InvalidParameterException(
                "NotifyConfiguration.SourceArn is required when an action notifies users."
            )
    for key in ("BlockedIPRangeList", "SkippedIPRangeList"):
        ranges = (exceptions or {}).get(key) or []
        if len(ranges) > MAX_IP_RANGES:
            raise InvalidParameterException(f"{key} can hold at most {MAX_IP_RANGES} ranges.")
        for cidr in ranges:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                raise InvalidParameterException(f"{key}: '{cidr}' is not a CIDR range.") from None


def set_risk_configuration(
    self: CognitoIdpBackend,
    user_pool_id: str,
    client_id: str | None,
    compromised: dict[str, Any] | None,
    takeover: dict[str, Any] | None,
    exceptions: dict[str, Any] | None,
) -> dict[str, Any]:
    """Backend method: replace the pool-level (or app-client-level) risk configuration."""
    _check_risk_target(self, user_pool_id, client_id)
    _validate_risk(compromised, takeover, exceptions)
    config: dict[str, Any] = {"UserPoolId": user_pool_id}
    if client_id is not None:
        config["ClientId"] = client_id
    for key, value in (
        ("CompromisedCredentialsRiskConfiguration", compromised),
        ("AccountTakeoverRiskConfiguration", takeover),
        ("RiskExceptionConfiguration", exceptions),
    ):
        if value is not None:
            config[key] = copy.deepcopy(value)
    config["LastModifiedDate"] = utcnow()
    state(self).risk[(user_pool_id, client_id)] = config
    return copy.deepcopy(config)


def describe_risk_configuration(
    self: CognitoIdpBackend, user_pool_id: str, client_id: str | None
) -> dict[str, Any]:
    """Backend method: the client's configuration, else the pool's, else an empty one."""
    _check_risk_target(self, user_pool_id, client_id)
    risk = state(self).risk
    config = risk.get((user_pool_id, client_id)) or risk.get((user_pool_id, None))
    if config is None:
        config = {"UserPoolId": user_pool_id}
        if client_id is not None:
            config["ClientId"] = client_id
    return copy.deepcopy(config)


def _set_risk_configuration_action(self: CognitoIdpResponse) -> ActionResult:
    config = set_risk_configuration(
        self.backend,
        self._get_param("UserPoolId"),
        self._get_param("ClientId"),
        self._get_param("CompromisedCredentialsRiskConfiguration"),
        self._get_param("AccountTakeoverRiskConfiguration"),
        self._get_param("RiskExceptionConfiguration"),
    )
    return ActionResult({"RiskConfiguration": config})


def _describe_risk_configuration_action(self: CognitoIdpResponse) -> ActionResult:
    config = describe_risk_configuration(
        self.backend, self._get_param("UserPoolId"), self._get_param("ClientId")
    )
    return ActionResult({"RiskConfiguration": config})


def install() -> None:
    graft(
        CognitoIdpBackend,
        {
            "get_log_delivery_configuration": get_log_delivery_configuration,
            "set_log_delivery_configuration": set_log_delivery_configuration,
            "describe_risk_configuration": describe_risk_configuration,
            "set_risk_configuration": set_risk_configuration,
        },
    )
    graft(
        CognitoIdpResponse,
        {
            "get_log_delivery_configuration": _get_log_delivery_configuration_action,
            "set_log_delivery_configuration": _set_log_delivery_configuration_action,
            "describe_risk_configuration": _describe_risk_configuration_action,
            "set_risk_configuration": _set_risk_configuration_action,
            "create_user_pool": _create_user_pool,
            "update_user_pool": _update_user_pool,
            "describe_user_pool": _describe_user_pool,
            "delete_user_pool": _delete_user_pool,
            "set_user_pool_mfa_config": _set_user_pool_mfa_config,
            "get_user_pool_mfa_config": _mfa_config_result,
        },
    )
