"""The demo estate as data: which Regions, which pools, and what is broken where.

``estate.py`` turns this plan into AWS resources; the manifest's breaks are derived from the
same plan (``breaks.py``), so the two cannot drift apart.

Layout. us-east-1 and eu-west-1 are healthy Regions (running metric stream, logging trail)
holding the compliant pools and every per-pool break. Each Region-wide break (stopped or
filtered metric stream, missing, write-only or stopped trail) sits in a Region of its own with
exactly one otherwise compliant pool, so each maps to exactly one finding. All trails are
single-Region: a multi-Region trail would cover the Regions whose trail breaks are seeded.
Every trail bucket notifies an SNS topic of its Region of new objects (the route Sumo Logic
documents for its CloudTrail source), every bucket blocks public access, and the eu-west-1
trail encrypts its files with a KMS key that the Sumo Logic source role may decrypt with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Forwarding(str, Enum):
    """How a pool's notification log group reaches (or fails to reach) Sumo Logic."""

    SUBSCRIPTION = "subscription"
    """A subscription filter to the Region's Sumo logs Firehose stream."""
    ACCOUNT_POLICY = "account_policy"
    """The Region's account-level subscription filter policy (no group-level filter)."""
    NONE = "none"
    """No subscription at all."""
    DELETED_FIREHOSE = "deleted_firehose"
    """A subscription filter to a Firehose stream that was deleted afterwards."""
    NON_SUMO = "non_sumo"
    """A subscription to a Firehose stream whose endpoint is not Sumo Logic (Datadog)."""
    WRONG_KIND = "wrong_kind"
    """A subscription to a Firehose stream pointed at a Sumo *metrics* endpoint."""


class UserActivity(str, Enum):
    """Where a Plus pool exports its userAuthEvents (threat-protection user activity)."""

    CLOUDWATCH_LOGS = "cloudwatch_logs"
    FIREHOSE = "firehose"
    NONE = "none"


class StreamKind(str, Enum):
    RUNNING = "running"
    STOPPED = "stopped"
    EXCLUDES_COGNITO = "excludes_cognito"


class TrailKind(str, Enum):
    BASIC_ALL = "basic_all"
    """Single-Region trail, basic selector ReadWriteType All."""
    ADVANCED = "advanced"
    """Single-Region trail, advanced selectors: management events and identity-pool data."""
    NONE = "none"
    WRITE_ONLY = "write_only"
    NOT_LOGGING = "not_logging"


@dataclass(frozen=True)
class PoolPlan:
    name: str
    region: str
    slug: str
    """Used in log group names (a pool name may hold characters a log group name cannot)."""
    team: str
    tier: str = "PLUS"
    security_mode: str = "ENFORCED"
    deletion_protection: str = "ACTIVE"
    mfa: str = "ON"
    weak_password: bool = False
    log_delivery: bool = True
    forwarding: Forwarding = Forwarding.SUBSCRIPTION
    user_activity: UserActivity = UserActivity.FIREHOSE


@dataclass(frozen=True)
class RegionPlan:
    name: str
    trail: TrailKind = TrailKind.BASIC_ALL
    metric_stream: StreamKind = StreamKind.RUNNING
    account_subscription_policy: bool = False
    delivery_policy_scope: str = "RESOURCE"
    """Where the delivery.logs.amazonaws.com grant lives: one ACCOUNT-scope resource policy
    with a wildcard over the Cognito log groups, or a RESOURCE-scope policy on each group."""
    identity_pools: tuple[str, ...] = ()
    trail_kms: bool = False
    """The trail encrypts its log files with a KMS key of its own, whose key policy lets the
    Sumo Logic CloudTrail source role decrypt them."""


ACCOUNT_ID = "123456789012"
ORG = "acme"

REGIONS: tuple[RegionPlan, ...] = (
    RegionPlan(
        "us-east-1",
        trail=TrailKind.ADVANCED,
        delivery_policy_scope="ACCOUNT",
        identity_pools=("acme_mobile_identities",),
    ),
    RegionPlan("eu-west-1", account_subscription_policy=True, trail_kms=True),
    RegionPlan("ap-southeast-2", metric_stream=StreamKind.STOPPED),
    RegionPlan("eu-central-1", metric_stream=StreamKind.EXCLUDES_COGNITO),
    RegionPlan("us-west-2", trail=TrailKind.NONE),
    RegionPlan("ca-central-1", trail=TrailKind.WRITE_ONLY),
    RegionPlan("ap-northeast-1", trail=TrailKind.NOT_LOGGING),
)

IDENTITY_PROVIDER_POOL = "mobile-app-users"
"""The user pool the identity pools federate (through an app client)."""

HOSTILE_POOL_NAME = "<img src=x onerror=alert(1)>"

POOLS: tuple[PoolPlan, ...] = (
    # us-east-1: compliant pools, then one per-pool break each.
    PoolPlan("prod-customer-identity", "us-east-1", "prod-customer-identity", "identity",
             user_activity=UserActivity.CLOUDWATCH_LOGS),
    PoolPlan("prod-workforce-sso", "us-east-1", "prod-workforce-sso", "it-platform"),
    PoolPlan("mobile-app-users", "us-east-1", "mobile-app-users", "mobile", mfa="OPTIONAL"),
    PoolPlan("partner-portal", "us-east-1", "partner-portal", "partnerships",
             tier="ESSENTIALS", security_mode="OFF", log_delivery=False,
             user_activity=UserActivity.NONE),
    PoolPlan("loyalty-rewards", "us-east-1", "loyalty-rewards", "loyalty",
             forwarding=Forwarding.NONE),
    PoolPlan("b2b-api-clients", "us-east-1", "b2b-api-clients", "b2b",
             forwarding=Forwarding.DELETED_FIREHOSE),
    PoolPlan("support-desk-agents", "us-east-1", "support-desk-agents", "support",
             forwarding=Forwarding.NON_SUMO),
    PoolPlan("marketing-newsletter", "us-east-1", "marketing-newsletter", "marketing",
             forwarding=Forwarding.WRONG_KIND),
    PoolPlan("payments-checkout", "us-east-1", "payments-checkout", "payments",
             mfa="OPTIONAL", user_activity=UserActivity.NONE),
    PoolPlan(HOSTILE_POOL_NAME, "us-east-1", "legacy-import", "migration", weak_password=True),
    # eu-west-1: forwarded by the account-level subscription filter policy.
    PoolPlan("eu-prod-customer-identity", "eu-west-1", "eu-prod-customer-identity", "identity",
             forwarding=Forwarding.ACCOUNT_POLICY),
    PoolPlan("eu-internal-tools", "eu-west-1", "eu-internal-tools", "it-platform",
             deletion_protection="INACTIVE", forwarding=Forwarding.ACCOUNT_POLICY),
    PoolPlan("eu-field-engineers", "eu-west-1", "eu-field-engineers", "field-ops",
             mfa="OFF", forwarding=Forwarding.ACCOUNT_POLICY),
    # One pool per Region-wide break.
    PoolPlan("apac-prod-customer-identity", "ap-southeast-2", "apac-prod-customer-identity",
             "identity"),
    PoolPlan("dach-retail-customers", "eu-central-1", "dach-retail-customers", "retail"),
    PoolPlan("us-west-gaming-accounts", "us-west-2", "us-west-gaming-accounts", "gaming"),
    PoolPlan("ca-health-portal", "ca-central-1", "ca-health-portal", "health"),
    PoolPlan("jp-ecommerce-members", "ap-northeast-1", "jp-ecommerce-members", "ecommerce"),
)


def region_plan(name: str) -> RegionPlan:
    for plan in REGIONS:
        if plan.name == name:
            return plan
    raise KeyError(name)
