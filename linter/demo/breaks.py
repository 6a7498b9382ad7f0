"""The breaks of the demo estate, derived from the plan and the seeded pools."""

from __future__ import annotations

from collections.abc import Mapping

from . import names
from .manifest import DemoBreak, DemoPool
from .plan import POOLS, Forwarding, PoolPlan, StreamKind, TrailKind, UserActivity, region_plan

POOL = "cognito.user_pool"
LOG_GROUP = "logs.log_group"
FIREHOSE = "firehose.delivery_stream"


def _pool_breaks(plan: PoolPlan, pool: DemoPool) -> list[DemoBreak]:
    region = plan.region
    notifications = names.log_group_arn(region, names.notification_log_group(plan))
    found: list[DemoBreak] = []

    def add(key: str, rule: str, rtype: str, arn: str, text: str, cause: str | None) -> None:
        found.append(DemoBreak(key, rule, rtype, arn, region, text, pool.arn, cause))

    if not plan.log_delivery:
        add("no-log-delivery", "CL-LOG-001", POOL, pool.arn,
            "The pool has no log delivery configuration: message-delivery errors are not "
            "exported.", None)
    if plan.tier != "PLUS":
        add("threat-protection-unavailable", "CL-COG-004", POOL, pool.arn,
            f"The pool is on the {plan.tier} plan: threat protection is not available.", None)
    if plan.log_delivery and plan.forwarding is Forwarding.NONE:
        add("log-group-without-subscription", "CL-LOG-006", LOG_GROUP, notifications,
            "The pool's notification log group has no subscription filter and no account "
            "subscription policy covers it.", notifications)
    if plan.forwarding is Forwarding.DELETED_FIREHOSE:
        add("subscription-to-deleted-firehose", "CL-LOG-006", LOG_GROUP, notifications,
            "The notification log group's subscription filter points at a Firehose stream "
            "that was deleted.", names.firehose_arn(region, names.pool_firehose(plan)))
    if plan.forwarding is Forwarding.NON_SUMO:
        stream = names.firehose_arn(region, names.pool_firehose(plan))
        add("firehose-non-sumo-endpoint", "CL-FH-003", FIREHOSE, stream,
            "The Firehose stream forwarding the pool's logs delivers to Datadog, not to a "
            "Sumo Logic endpoint.", stream)
    if plan.forwarding is Forwarding.WRONG_KIND:
        stream = names.firehose_arn(region, names.pool_firehose(plan))
        add("firehose-wrong-kind-endpoint", "CL-FH-003", FIREHOSE, stream,
            "The Firehose stream forwarding the pool's logs points at a Sumo Logic metrics "
            "endpoint (/receiver/v1/kinesis/metric/).", stream)
    if (
        plan.tier == "PLUS"
        and plan.security_mode in ("AUDIT", "ENFORCED")
        and plan.user_activity is UserActivity.NONE
    ):
        add("plus-without-user-activity-export", "CL-LOG-010", POOL, pool.arn,
            "Plus pool with threat protection on that does not export userAuthEvents.", None)
    if plan.weak_password:
        add("weak-password-policy", "CL-COG-003", POOL, pool.arn,
            "Password policy: 8 characters, no symbols, temporary passwords valid 14 days.",
            None)
    if plan.deletion_protection != "ACTIVE":
        add("deletion-protection-off", "CL-COG-001", POOL, pool.arn,
            "Deletion protection is INACTIVE.", None)
    if plan.mfa == "OFF":
        add("mfa-off", "CL-COG-002", POOL, pool.arn, "MFA is OFF.", None)
    return found


def _region_breaks(plan: PoolPlan, pool: DemoPool) -> list[DemoBreak]:
    region = region_plan(plan.region)
    found: list[DemoBreak] = []
    stream = names.metric_stream_arn(region.name)
    if region.metric_stream is StreamKind.STOPPED:
        found.append(DemoBreak(
            "metric-stream-stopped", "CL-MET-001", POOL, pool.arn, region.name,
            f"The only metric stream of {region.name} is stopped.", pool.arn, stream))
    if region.metric_stream is StreamKind.EXCLUDES_COGNITO:
        found.append(DemoBreak(
            "metric-stream-excludes-cognito", "CL-MET-001", POOL, pool.arn, region.name,
            f"The only metric stream of {region.name} excludes the AWS/Cognito namespace.",
            pool.arn, stream))
    trail = names.trail_arn(region.name)
    if region.trail is TrailKind.NONE:
        found.append(DemoBreak(
            "region-without-trail", "CL-CT-001", POOL, pool.arn, region.name,
            f"No CloudTrail trail covers {region.name}.", pool.arn, None))
    if region.trail is TrailKind.NOT_LOGGING:
        found.append(DemoBreak(
            "trail-not-logging", "CL-CT-001", POOL, pool.arn, region.name,
            f"The only trail of {region.name} is not logging.", pool.arn, trail))
    if region.trail is TrailKind.WRITE_ONLY:
        found.append(DemoBreak(
            "trail-write-only", "CL-CT-002", POOL, pool.arn, region.name,
            f"The only trail of {region.name} records WriteOnly management events.",
            pool.arn, trail))
    return found


def derive_breaks(pools: Mapping[str, DemoPool]) -> tuple[DemoBreak, ...]:
    """Every break of the plan, for the seeded pools (keyed by pool name)."""
    found: list[DemoBreak] = []
    for plan in POOLS:
        pool = pools[plan.name]
        found.extend(_pool_breaks(plan, pool))
        found.extend(_region_breaks(plan, pool))
    keys = [b.key for b in found]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"demo plan: break keys used twice: {', '.join(duplicates)}")
    return tuple(found)
