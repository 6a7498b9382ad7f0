"""CloudTrail: event selectors, shadow trails and the flags moto leaves wrong.

Corrected behaviour:

* ``PutEventSelectors`` replaces the trail's selectors: basic selectors clear the advanced
  ones and the reverse (moto kept stale advanced selectors); giving both is an
  ``InvalidParameterCombinationException``; basic selectors are validated
  (``ReadWriteType``; ``ExcludeManagementEventSources`` may only name ``kms.amazonaws.com``
  and ``rdsdata.amazonaws.com``; at most 5) with ``InvalidEventSelectorsException``, and
  stored with every member AWS returns (``DataResources`` and the exclusions default to
  empty lists).
* A trail that never had selectors put reports the AWS default basic selector
  (``ReadWriteType All``, management events included) from ``GetEventSelectors``.
* ``DescribeTrails``/``GetTrail`` report ``HasCustomEventSelectors`` and
  ``HasInsightSelectors`` truthfully, and ``DescribeTrails`` honours ``trailNameList``.
* ``GetTrailStatus``, ``GetEventSelectors`` and ``GetTrail`` accept the ARN of a multi-Region
  trail from any Region (its shadow copy), as AWS does; by *name* they find only trails of
  the calling Region. Writes still need the home Region (moto's own lookup).
* ``CreateTrail``/``UpdateTrail`` with ``KmsKeyId``: the key (key id, key ARN, alias name or
  alias ARN) must exist (``KmsKeyNotFoundException``) and its key policy must let
  ``cloudtrail.amazonaws.com`` generate data keys (``InsufficientEncryptionPolicyException``);
  the trail then reports the key's full ARN, as AWS does ("The value is a fully specified ARN
  to a KMS key"), whatever form was given (moto echoed the input).
"""

from __future__ import annotations

import json
from typing import Any

from moto.cloudtrail.exceptions import (
    InvalidParameterCombinationException,
    TrailNameTooShort,
    TrailNotFoundException,
)
from moto.cloudtrail.models import CloudTrailBackend, Trail, TrailStatus, cloudtrail_backends
from moto.cloudtrail.responses import CloudTrailResponse
from moto.core.exceptions import JsonRESTError
from moto.kms.models import kms_backends

from ._graft import graft, original

READ_WRITE_TYPES = ("ReadOnly", "WriteOnly", "All")
EXCLUDABLE_SOURCES = ("kms.amazonaws.com", "rdsdata.amazonaws.com")
MAX_BASIC_SELECTORS = 5
DEFAULT_EVENT_SELECTORS: list[dict[str, Any]] = [
    {
        "ReadWriteType": "All",
        "IncludeManagementEvents": True,
        "DataResources": [],
        "ExcludeManagementEventSources": [],
    }
]
_CUSTOM_ATTR = "_cognito_lint_custom_selectors"


class InvalidEventSelectorsException(JsonRESTError):
    code = 400

    def __init__(self, message: str) -> None:
        super().__init__("InvalidEventSelectorsException", message)


def _validate_basic(selectors: list[dict[str, Any]]) -> None:
    if len(selectors) > MAX_BASIC_SELECTORS:
        raise InvalidEventSelectorsException(
            f"A trail can have at most {MAX_BASIC_SELECTORS} event selectors."
        )
    for selector in selectors:
        rw = selector.get("ReadWriteType", "All")
        if rw not in READ_WRITE_TYPES:
            raise InvalidEventSelectorsException(f"Invalid ReadWriteType '{rw}'.")
        for source in selector.get("ExcludeManagementEventSources") or []:
            if source not in EXCLUDABLE_SOURCES:
                raise InvalidEventSelectorsException(
                    f"ExcludeManagementEventSources may contain only "
                    f"{' and '.join(EXCLUDABLE_SOURCES)}, not '{source}'."
                )


def _validate_advanced(selectors: list[dict[str, Any]]) -> None:
    for selector in selectors:
        fields = selector.get("FieldSelectors") or []
        if not fields:
            raise InvalidEventSelectorsException(
                "Each advanced event selector needs FieldSelectors."
            )
        names = [f.get("Field") for f in fields]
        if "eventCategory" not in names:
            raise InvalidEventSelectorsException(
                "Each advanced event selector needs an eventCategory field selector."
            )


def _with_basic_defaults(selector: dict[str, Any]) -> dict[str, Any]:
    """A basic selector as AWS returns it: every member present."""
    return {
        "ReadWriteType": selector.get("ReadWriteType", "All"),
        "IncludeManagementEvents": selector.get("IncludeManagementEvents", True),
        "DataResources": list(selector.get("DataResources") or []),
        "ExcludeManagementEventSources": list(selector.get("ExcludeManagementEventSources") or []),
    }


def _trail_put_event_selectors(
    self: Trail,
    event_selectors: list[dict[str, Any]] | None,
    advanced_event_selectors: list[dict[str, Any]] | None,
) -> None:
    if event_selectors and advanced_event_selectors:
        raise InvalidParameterCombinationException(
            "You cannot use EventSelectors and AdvancedEventSelectors in the same request."
        )
    if advanced_event_selectors:
        _validate_advanced(advanced_event_selectors)
        self.event_selectors = []
        self.advanced_event_selectors = advanced_event_selectors
    else:
        _validate_basic(event_selectors or [])
        self.event_selectors = [_with_basic_defaults(s) for s in event_selectors or []]
        self.advanced_event_selectors = []
    setattr(self, _CUSTOM_ATTR, True)


def _trail_get_event_selectors(self: Trail) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not getattr(self, _CUSTOM_ATTR, False):
        return [dict(s) for s in DEFAULT_EVENT_SELECTORS], []
    return self.event_selectors, self.advanced_event_selectors


def _trail_description(self: Trail, include_region: bool = False) -> dict[str, Any]:
    described: dict[str, Any] = original(Trail, "description")(self, include_region)
    described["HasCustomEventSelectors"] = bool(getattr(self, _CUSTOM_ATTR, False))
    described["HasInsightSelectors"] = bool(self.insight_selectors)
    return described


def find_trail(backend: CloudTrailBackend, name_or_arn: str) -> Trail:
    """A trail of this Region by name or ARN, or a multi-Region trail by ARN (shadow copy)."""
    if len(name_or_arn) < 3:
        raise TrailNameTooShort(actual_length=len(name_or_arn))
    if name_or_arn in backend.trails:
        return backend.trails[name_or_arn]
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":")
        region = parts[3] if len(parts) > 5 else ""
        account = cloudtrail_backends[backend.account_id]
        home = account.get(region)
        for trail in list(home.trails.values()) if home is not None else []:
            if trail.arn == name_or_arn and (
                trail.region_name == backend.region_name or trail.is_multi_region
            ):
                return trail
    raise TrailNotFoundException(account_id=backend.account_id, name=name_or_arn)


def _backend_get_trail_status(self: CloudTrailBackend, name: str) -> TrailStatus:
    return find_trail(self, name).status


def _backend_get_event_selectors(
    self: CloudTrailBackend, trail_name: str
) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    trail = find_trail(self, trail_name)
    event_selectors, advanced = trail.get_event_selectors()
    return trail.arn, event_selectors, advanced


def _get_trail_action(self: CloudTrailResponse) -> str:
    trail = find_trail(self.cloudtrail_backend, self._get_param("Name"))
    return json.dumps({"Trail": trail.description(include_region=True)})


def _describe_trails_action(self: CloudTrailResponse) -> str:
    include_shadow = self._get_bool_param("includeShadowTrails", True)
    names = self._get_param("trailNameList") or []
    trails = list(self.cloudtrail_backend.describe_trails(include_shadow))
    if names:
        trails = [t for t in trails if t.trail_name in names or t.arn in names]
    return json.dumps({"trailList": [t.description(include_region=True) for t in trails]})


def _put_event_selectors_action(self: CloudTrailResponse) -> str:
    params = json.loads(self.body)
    event_selectors = params.get("EventSelectors")
    advanced = params.get("AdvancedEventSelectors")
    if event_selectors is None and advanced is None:
        raise InvalidParameterCombinationException(
            "Specify either EventSelectors or AdvancedEventSelectors."
        )
    trail = self.cloudtrail_backend.get_trail(params.get("TrailName", ""))
    trail.put_event_selectors(event_selectors, advanced)
    stored, stored_advanced = trail.get_event_selectors()
    return json.dumps(
        {"TrailARN": trail.arn, "EventSelectors": stored, "AdvancedEventSelectors": stored_advanced}
    )


class KmsKeyNotFoundException(JsonRESTError):
    code = 400

    def __init__(self, key_id: str) -> None:
        super().__init__(
            "KmsKeyNotFoundException",
            f"KMS key {key_id} does not exist, or is not in the Region of the trail's bucket.",
        )


class InsufficientEncryptionPolicyException(JsonRESTError):
    code = 400

    def __init__(self, key_arn: str) -> None:
        super().__init__(
            "InsufficientEncryptionPolicyException",
            f"Insufficient permissions to access S3 bucket or KMS key {key_arn}.",
        )


_DATA_KEY_ACTIONS = {"kms:generatedatakey*", "kms:generatedatakey", "kms:*", "*"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _allows_cloudtrail(policy_text: str) -> bool:
    try:
        policy = json.loads(policy_text)
    except ValueError:
        return False
    for statement in _as_list(policy.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if principal != "*" and "cloudtrail.amazonaws.com" not in services:
            continue
        if {str(a).lower() for a in _as_list(statement.get("Action"))} & _DATA_KEY_ACTIONS:
            return True
    return False


def resolve_trail_key(account_id: str, region: str, key_id: str) -> str:
    """The ARN of the KMS key a trail names (any form), checked as CloudTrail checks it."""
    parts = key_id.split(":")
    if key_id.startswith("arn:") and len(parts) > 5:
        account_id, region = parts[4] or account_id, parts[3] or region
    try:
        key = kms_backends[account_id][region].describe_key(key_id)
    except Exception:  # unknown key id, alias or ARN: moto raises KeyError/AttributeError
        raise KmsKeyNotFoundException(key_id) from None
    if not _allows_cloudtrail(key.policy):
        raise InsufficientEncryptionPolicyException(key.arn)
    arn: str = key.arn
    return arn


def _trail_init(self: Trail, *args: Any, **kwargs: Any) -> None:
    original(Trail, "__init__")(self, *args, **kwargs)
    if self.kms_key_id:
        self.kms_key_id = resolve_trail_key(self.account_id, self.region_name, self.kms_key_id)


def _trail_update(self: Trail, **kwargs: Any) -> None:
    key_id = kwargs.get("kms_key_id")
    if key_id:
        kwargs["kms_key_id"] = resolve_trail_key(self.account_id, self.region_name, key_id)
    original(Trail, "update")(self, **kwargs)


def install() -> None:
    graft(
        Trail,
        {
            "__init__": _trail_init,
            "update": _trail_update,
            "put_event_selectors": _trail_put_event_selectors,
            "get_event_selectors": _trail_get_event_selectors,
            "description": _trail_description,
        },
    )
    graft(
        CloudTrailBackend,
        {
            "get_trail_status": _backend_get_trail_status,
            "get_event_selectors": _backend_get_event_selectors,
        },
    )
    graft(
        CloudTrailResponse,
        {
            "get_trail": _get_trail_action,
            "describe_trails": _describe_trails_action,
            "put_event_selectors": _put_event_selectors_action,
        },
    )
