"""Generate ``linter/schemas/snapshot-v1.json`` from the botocore service models.

The snapshot keeps AWS response shapes unchanged, so their JSON Schema is derived from the
same models boto3 uses. The generated schema is committed (a snapshot must validate the same
way years later, whatever botocore is installed); regenerate it deliberately with::

    python -m linter.snapshot.schema_gen > linter/schemas/snapshot-v1.json

Body shapes allow additional properties (AWS adds members over time), so an older tool reads a
newer snapshot; the envelope and metadata are strict. Enums are kept as the annotation
``x-aws-enum`` (not enforced, for the same reason) so the rule validator can suggest values.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import botocore
from botocore.loaders import Loader

from linter.snapshot import RESOURCE_TYPES, SCHEMA_VERSION

# resource type -> body key -> (service, shape name, is_list)
BODIES: dict[str, dict[str, tuple[str, str, bool]]] = {
    "cognito.user_pool": {
        "UserPool": ("cognito-idp", "UserPoolType", False),
        "LogDeliveryConfiguration": ("cognito-idp", "LogDeliveryConfigurationType", False),
        "MfaConfig": ("cognito-idp", "GetUserPoolMfaConfigResponse", False),
        "RiskConfiguration": ("cognito-idp", "RiskConfigurationType", False),
    },
    "cognito.identity_pool": {
        "IdentityPool": ("cognito-identity", "IdentityPoolShortDescription", False),
    },
    "logs.log_group": {
        "LogGroup": ("logs", "LogGroup", False),
        "SubscriptionFilters": ("logs", "SubscriptionFilter", True),
    },
    "logs.account_policy": {"AccountPolicy": ("logs", "AccountPolicy", False)},
    "logs.resource_policy": {"ResourcePolicy": ("logs", "ResourcePolicy", False)},
    "cloudwatch.metric_stream": {"MetricStream": ("cloudwatch", "GetMetricStreamOutput", False)},
    "firehose.delivery_stream": {
        "DeliveryStreamDescription": ("firehose", "DeliveryStreamDescription", False),
        "Tags": ("firehose", "Tag", True),
    },
    "cloudtrail.trail": {
        "Trail": ("cloudtrail", "Trail", False),
        "Status": ("cloudtrail", "GetTrailStatusResponse", False),
        "Selectors": ("cloudtrail", "GetEventSelectorsResponse", False),
    },
    "s3.bucket": {
        "Location": ("s3", "GetBucketLocationOutput", False),
        "NotificationConfiguration": ("s3", "NotificationConfiguration", False),
        "PublicAccessBlockConfiguration": ("s3", "PublicAccessBlockConfiguration", False),
        "AccountPublicAccessBlockConfiguration": (
            "s3control", "PublicAccessBlockConfiguration", False
        ),
    },
    "kms.key": {
        "KeyMetadata": ("kms", "KeyMetadata", False),
        "KeyPolicy": ("kms", "GetKeyPolicyResponse", False),
    },
}

_SCALARS = {
    "string": {"type": "string"},
    "blob": {"type": "string"},
    "timestamp": {"type": "string"},
    "boolean": {"type": "boolean"},
    "integer": {"type": "integer"},
    "long": {"type": "integer"},
    "float": {"type": "number"},
    "double": {"type": "number"},
}

_DROP = {"ResponseMetadata"}


class _Gen:
    def __init__(self) -> None:
        self.loader = Loader()
        self.models: dict[str, dict[str, Any]] = {}
        self.defs: dict[str, Any] = {}

    def model(self, service: str) -> dict[str, Any]:
        if service not in self.models:
            self.models[service] = self.loader.load_service_model(service, "service-2")
        return self.models[service]

    def ref(self, service: str, shape_name: str) -> dict[str, Any]:
        key = f"{service}.{shape_name}"
        if key not in self.defs:
            self.defs[key] = {}  # placeholder breaks recursion
            self.defs[key] = self.convert(service, self.model(service)["shapes"][shape_name])
        return {"$ref": f"#/$defs/{key}"}

    def convert(self, service: str, shape: dict[str, Any]) -> dict[str, Any]:
        kind = shape["type"]
        if kind == "structure":
            props = {
                name: self.ref(service, member["shape"])
                for name, member in shape.get("members", {}).items()
                if name not in _DROP
            }
            return {"type": "object", "properties": props, "additionalProperties": True}
        if kind == "list":
            return {"type": "array", "items": self.ref(service, shape["member"]["shape"])}
        if kind == "map":
            return {
                "type": "object",
                "additionalProperties": self.ref(service, shape["value"]["shape"]),
            }
        out: dict[str, Any] = dict(_SCALARS[kind])
        if kind == "timestamp":
            out = {"type": ["string", "integer", "number"]}
        if "enum" in shape:
            out["x-aws-enum"] = list(shape["enum"])
        return out


def _str(**extra: Any) -> dict[str, Any]:
    return {"type": "string", **extra}


def generate() -> dict[str, Any]:
    gen = _Gen()
    envelope_required = ["type", "arn", "region", "account_id", "name"]
    resource_defs: dict[str, Any] = {}
    for rtype in RESOURCE_TYPES:
        props: dict[str, Any] = {
            "type": {"const": rtype},
            "arn": _str(pattern="^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.+$"),
            "region": _str(minLength=1),
            "account_id": _str(pattern="^[0-9]{12}$"),
            "name": {"type": "string"},
        }
        for body_key, (service, shape, is_list) in BODIES[rtype].items():
            ref = gen.ref(service, shape)
            props[body_key] = {"type": "array", "items": ref} if is_list else ref
        resource_defs[f"resource.{rtype}"] = {
            "type": "object",
            "required": envelope_required,
            "properties": props,
            "additionalProperties": False,
        }
    error_def = {
        "type": "object",
        "required": ["service", "operation", "region", "error_code", "message"],
        "properties": {
            "service": _str(minLength=1),
            "operation": _str(minLength=1),
            "region": {"type": ["string", "null"]},
            "resource_type": {"type": ["string", "null"], "enum": [*RESOURCE_TYPES, None]},
            "resource_arn": {"type": ["string", "null"]},
            "field": {"type": ["string", "null"]},
            "error_code": {"type": "string"},
            "message": {"type": "string"},
            "iam_action": {"type": ["string", "null"]},
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cognito-lint.dev/schemas/snapshot-v1.json",
        "title": "cognito-lint snapshot",
        "description": (
            f"Snapshot format {SCHEMA_VERSION}; body shapes generated from botocore "
            f"{botocore.__version__} service models by linter/snapshot/schema_gen.py."
        ),
        "type": "object",
        "required": ["schema_version", "metadata", "resources", "errors"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "metadata": {
                "type": "object",
                "required": ["tool", "source", "account_id", "partition", "regions",
                             "started_at", "finished_at", "collected_types"],
                "additionalProperties": False,
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["name", "version"],
                        "additionalProperties": False,
                        "properties": {"name": _str(), "version": _str()},
                    },
                    "source": {
                        "type": "object",
                        "required": ["kind"],
                        "additionalProperties": False,
                        "properties": {
                            "kind": {"enum": ["aws", "terraform", "cloudformation", "fixture"]},
                            "path": {"type": ["string", "null"]},
                        },
                    },
                    "account_id": _str(pattern="^[0-9]{12}$"),
                    "partition": _str(minLength=1),
                    "regions": {"type": "array", "items": _str(minLength=1), "uniqueItems": True},
                    "started_at": _str(format="date-time"),
                    "finished_at": _str(format="date-time"),
                    "principal_arn": {"type": ["string", "null"]},
                    "collected_types": {
                        "type": "array",
                        "items": {"enum": list(RESOURCE_TYPES)},
                        "uniqueItems": True,
                    },
                },
            },
            "resources": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    rtype: {"type": "array", "items": {"$ref": f"#/$defs/resource.{rtype}"}}
                    for rtype in RESOURCE_TYPES
                },
            },
            "errors": {"type": "array", "items": {"$ref": "#/$defs/collection_error"}},
        },
        "$defs": {**resource_defs, "collection_error": error_def, **dict(sorted(gen.defs.items()))},
    }


if __name__ == "__main__":
    json.dump(generate(), sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")
