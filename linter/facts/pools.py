"""Facts about Cognito user pools: normalised log targets, log-configuration problems, password
policy defaults (domain-facts §1)."""

from __future__ import annotations

from typing import Any

from linter.facts._common import (
    INTEGER,
    NULLABLE_STRING,
    STRING,
    STRING_LIST,
    arn_parts,
    enum,
    list_of,
    obj,
)
from linter.facts.registry import FactContext, fact
from linter.snapshot import RESOURCE_TYPES
from linter.snapshot.index import Resource, normalize_arn

USER_POOL = "cognito.user_pool"

# LogConfigurationType member -> (dest_kind, ARN member)
_DESTINATIONS: tuple[tuple[str, str, str], ...] = (
    ("CloudWatchLogsConfiguration", "cwl", "LogGroupArn"),
    ("FirehoseConfiguration", "firehose", "StreamArn"),
    ("S3Configuration", "s3", "BucketArn"),
)

LOG_TARGET = obj(
    source=STRING,
    level=STRING,
    dest_kind=enum("cwl", "firehose", "s3"),
    dest_arn=STRING,
    dest_region=NULLABLE_STRING,
    dest_account=NULLABLE_STRING,
)


def _configurations(ctx: FactContext, pool: Resource) -> list[dict[str, Any]]:
    ldc = ctx.body(pool, "LogDeliveryConfiguration")
    if not isinstance(ldc, dict):
        return []
    confs = ldc.get("LogConfigurations") or []
    return [c for c in confs if isinstance(c, dict)]


@fact("log_targets", resource_types=USER_POOL, returns=list_of(LOG_TARGET))
def log_targets(ctx: FactContext, pool: Resource) -> list[dict[str, Any]]:
    """Where the pool exports its logs: one item per destination of each
    ``LogDeliveryConfiguration.LogConfigurations`` entry (domain-facts §1.1, §1.2).

    Item: ``{source, level, dest_kind: cwl|firehose|s3, dest_arn, dest_region, dest_account}``.
    ``source`` is the API's ``EventSource`` (``userNotification`` | ``userAuthEvents``), ``level``
    its ``LogLevel``. ``dest_arn`` is the destination ARN with a log group's trailing ``:*``
    removed; ``dest_region``/``dest_account`` are read from it (null for S3 bucket ARNs, which
    carry neither). An entry without a destination ARN yields no item
    (``log_configuration_problems`` reports it).

    ``[]`` when the pool has no configuration (absent, empty, or never configured: Cognito's
    answer for a never-configured pool is unverified, so all count as "not configured").
    Unknown when ``GetLogDeliveryConfiguration`` failed for the pool (the body key is absent and
    the snapshot's errors say why)."""
    out: list[dict[str, Any]] = []
    for conf in _configurations(ctx, pool):
        for member, kind, key in _DESTINATIONS:
            dest = conf.get(member)
            arn = dest.get(key) if isinstance(dest, dict) else None
            if not arn:
                continue
            arn = normalize_arn(arn)
            parts = arn_parts(arn)
            out.append(
                {
                    "source": conf.get("EventSource", ""),
                    "level": conf.get("LogLevel", ""),
                    "dest_kind": kind,
                    "dest_arn": arn,
                    "dest_region": (parts[2] or None) if parts else None,
                    "dest_account": (parts[3] or None) if parts else None,
                }
            )
    return out


@fact("log_configuration_problems", resource_types=USER_POOL, returns=STRING_LIST)
def log_configuration_problems(ctx: FactContext, pool: Resource) -> list[str]:
    """Why the pool's log delivery configuration is not one Cognito accepts and delivers
    (domain-facts §1.1, §1.2): one sentence per problem, ``[]`` when well-formed.

    Checked: at most 2 entries; no two entries for the same ``EventSource``;
    ``userNotification`` only at ``ERROR`` and only to CloudWatch Logs; ``userAuthEvents`` only
    at ``INFO`` and to exactly one of CloudWatch Logs, Firehose or S3; every entry has a
    destination ARN. Unknown when ``GetLogDeliveryConfiguration`` failed."""
    confs = _configurations(ctx, pool)
    problems: list[str] = []
    if len(confs) > 2:
        problems.append(f"{len(confs)} log configurations (at most 2 are allowed)")
    seen: dict[str, int] = {}
    for i, conf in enumerate(confs):
        source = conf.get("EventSource")
        level = conf.get("LogLevel")
        where = f"LogConfigurations[{i}] ({source or 'no EventSource'})"
        if source in seen:
            first = seen[source]
            problems.append(f"{where} repeats the event source of LogConfigurations[{first}]")
        elif source:
            seen[source] = i
        dests = [
            kind
            for member, kind, key in _DESTINATIONS
            if isinstance(conf.get(member), dict) and conf[member].get(key)
        ]
        declared = [kind for member, kind, _ in _DESTINATIONS if conf.get(member) is not None]
        if not dests:
            problems.append(f"{where} has no destination ARN")
        if source == "userNotification":
            if level != "ERROR":
                problems.append(f"{where} has LogLevel {level}; userNotification allows only ERROR")
            if any(k != "cwl" for k in declared):
                problems.append(f"{where} sends to {'/'.join(declared)}; userNotification "
                                "logs can go only to CloudWatch Logs")
        elif source == "userAuthEvents":
            if level != "INFO":
                problems.append(f"{where} has LogLevel {level}; userAuthEvents allows only INFO")
            if len(declared) > 1:
                problems.append(f"{where} sends to {'/'.join(declared)}; userAuthEvents logs "
                                "go to exactly one destination")
        else:
            problems.append(f"{where} has unknown EventSource {source!r}")
    return problems


@fact("effective_temporary_password_days", resource_types=USER_POOL, returns=INTEGER)
def effective_temporary_password_days(ctx: FactContext, pool: Resource) -> int | None:
    """How many days an administrator-set temporary password stays valid:
    ``UserPool.Policies.PasswordPolicy.TemporaryPasswordValidityDays``, where 0 or absent means
    the default 7 (domain-facts §1.6: "0 is treated as null and reset to the default 7").
    Missing when ``UserPool`` itself is absent; unknown when ``DescribeUserPool`` failed."""
    user_pool = ctx.body(pool, "UserPool")
    if not isinstance(user_pool, dict):
        return None
    policy = (user_pool.get("Policies") or {}).get("PasswordPolicy") or {}
    days = policy.get("TemporaryPasswordValidityDays")
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        return 7
    return days


def _pools_per_region(ctx: FactContext) -> dict[str, int]:
    def build(c: FactContext) -> dict[str, int]:
        counts: dict[str, int] = {}
        for pool in c.index.of_type(USER_POOL):
            counts[pool["region"]] = counts.get(pool["region"], 0) + 1
        return counts

    return ctx.cached("pools:per_region", build)


@fact("user_pools_in_region", resource_types=RESOURCE_TYPES, returns=INTEGER)
def user_pools_in_region(ctx: FactContext, resource: Resource) -> int:
    """How many user pools the snapshot holds in the resource's Region (any resource type).
    Metric streams are regional (domain-facts §2.2): the metric-stream rules apply to streams
    of Regions with pools. Unknown when it is 0 and the pool listing of that Region failed or
    pools are not collected."""
    count = _pools_per_region(ctx).get(resource["region"], 0)
    if count == 0:
        ctx.require_type(USER_POOL, resource["region"])
    return count
