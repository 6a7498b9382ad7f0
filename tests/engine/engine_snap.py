"""Build small snapshot documents for engine tests (valid against the snapshot schema)."""

from __future__ import annotations

import copy
from typing import Any

from linter.snapshot import RESOURCE_TYPES

ACCOUNT = "111122223333"


def metadata(**over: Any) -> dict[str, Any]:
    meta = {
        "tool": {"name": "cognito-lint", "version": "0.1.0"},
        "source": {"kind": "fixture", "path": None},
        "account_id": ACCOUNT,
        "partition": "aws",
        "regions": ["eu-west-1", "us-east-1"],
        "started_at": "2026-11-26T22:00:00Z",
        "finished_at": "2026-11-26T22:00:09Z",
        "principal_arn": None,
        "collected_types": list(RESOURCE_TYPES),
    }
    meta.update(over)
    return meta


def snapshot(resources: list[dict[str, Any]], errors: list[dict[str, Any]] | None = None,
             **meta: Any) -> dict[str, Any]:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in resources:
        by_type.setdefault(r["type"], []).append(r)
    return {"schema_version": "1.0", "metadata": metadata(**meta), "resources": by_type,
            "errors": errors or []}


def log_group_arn(name: str, region: str = "us-east-1") -> str:
    return f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"


def pool(pid: str, region: str = "us-east-1", *, deletion: str | None = "ACTIVE",
         min_length: int | None = 14, log_group: str | None = None,
         log_configs: list[dict[str, Any]] | None = None, ldc: bool = True,
         **user_pool: Any) -> dict[str, Any]:
    pool_id = f"{region}_{pid}"
    arn = f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{pool_id}"
    up: dict[str, Any] = {"Id": pool_id, "Name": pid, "Arn": arn}
    if deletion is not None:
        up["DeletionProtection"] = deletion
    if min_length is not None:
        up["Policies"] = {"PasswordPolicy": {"MinimumLength": min_length}}
    up.update(user_pool)
    res: dict[str, Any] = {"type": "cognito.user_pool", "arn": arn, "region": region,
                           "account_id": ACCOUNT, "name": pid, "UserPool": up}
    if ldc:
        confs = copy.deepcopy(log_configs) if log_configs is not None else []
        if log_group is not None:
            confs.append({"EventSource": "userNotification", "LogLevel": "ERROR",
                          "CloudWatchLogsConfiguration": {
                              "LogGroupArn": log_group_arn(log_group, region)}})
        res["LogDeliveryConfiguration"] = {"UserPoolId": pool_id, "LogConfigurations": confs}
    return res


def log_group(name: str, region: str = "us-east-1", **fields: Any) -> dict[str, Any]:
    arn = log_group_arn(name, region)
    lg = {"logGroupName": name, "logGroupArn": arn, "arn": arn + ":*"}
    lg.update(fields)
    return {"type": "logs.log_group", "arn": arn, "region": region, "account_id": ACCOUNT,
            "name": name, "LogGroup": lg, "SubscriptionFilters": []}


def trail(name: str, home: str = "us-east-1", *, multi_region: bool = False,
          logging: bool = True, bucket: str | None = "trail-bucket") -> dict[str, Any]:
    arn = f"arn:aws:cloudtrail:{home}:{ACCOUNT}:trail/{name}"
    t: dict[str, Any] = {"Name": name, "TrailARN": arn, "HomeRegion": home,
                         "IsMultiRegionTrail": multi_region}
    if bucket is not None:
        t["S3BucketName"] = bucket
    return {"type": "cloudtrail.trail", "arn": arn, "region": home, "account_id": ACCOUNT,
            "name": name, "Trail": t, "Status": {"IsLogging": logging},
            "Selectors": {"EventSelectors": [{"ReadWriteType": "All",
                                              "IncludeManagementEvents": True}]}}


def error(operation: str, *, service: str = "cognito-idp", region: str | None = "us-east-1",
          resource_type: str | None = None, resource_arn: str | None = None,
          field: str | None = None, code: str = "AccessDeniedException") -> dict[str, Any]:
    return {"service": service, "operation": operation, "region": region,
            "resource_type": resource_type, "resource_arn": resource_arn, "field": field,
            "error_code": code, "message": "denied",
            "iam_action": f"{service}:{operation}"}
