"""Client-side rate limiting for Cognito reads.

Cognito's read quotas are per account and Region, shared with the production admin tooling
and **not adjustable** (domain-facts §1.8): UserPoolRead 15 requests/s, UserPoolResourceRead
20 requests/s. A scanner that reads at full speed starves them, so every Cognito request is
admitted by a token bucket per (Region, quota category), including botocore's retries.

Each bucket runs at ``min(category quota, --cognito-rps)`` (``--cognito-rps`` defaults to 10)
with a capacity of one token: requests are spaced at least ``1/rate`` seconds apart, so no
one-second window ever holds more than ``rate`` of them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class QuotaCategory(str, Enum):
    """Cognito API quota categories (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html)."""

    USER_POOL_READ = "UserPoolRead"
    USER_POOL_RESOURCE_READ = "UserPoolResourceRead"
    IDENTITY_POOL_READ = "IdentityPoolRead"


QUOTA_RPS: dict[QuotaCategory, float | None] = {
    QuotaCategory.USER_POOL_READ: 15.0,
    QuotaCategory.USER_POOL_RESOURCE_READ: 20.0,
    # Identity-pool quotas are not in the documented table; only --cognito-rps applies.
    QuotaCategory.IDENTITY_POOL_READ: None,
}
"""The documented quota of each category (requests per second, per account and Region)."""

DEFAULT_COGNITO_RPS = 10.0

OPERATION_CATEGORY: dict[tuple[str, str], QuotaCategory] = {
    ("cognito-idp", "ListUserPools"): QuotaCategory.USER_POOL_READ,
    ("cognito-idp", "DescribeUserPool"): QuotaCategory.USER_POOL_READ,
    # GetLogDeliveryConfiguration is in no documented category. Counting it against the
    # strictest one (UserPoolRead) keeps every category under its quota whichever it is in.
    ("cognito-idp", "GetLogDeliveryConfiguration"): QuotaCategory.USER_POOL_READ,
    ("cognito-idp", "GetUserPoolMfaConfig"): QuotaCategory.USER_POOL_RESOURCE_READ,
    ("cognito-idp", "DescribeRiskConfiguration"): QuotaCategory.USER_POOL_RESOURCE_READ,
    ("cognito-identity", "ListIdentityPools"): QuotaCategory.IDENTITY_POOL_READ,
}
"""Which bucket each rate-limited operation draws from. Other services are not limited here
(botocore's adaptive retry mode backs off when they throttle)."""


def category_rate(category: QuotaCategory, cognito_rps: float) -> float:
    quota = QUOTA_RPS[category]
    return cognito_rps if quota is None else min(quota, cognito_rps)


@dataclass
class _Bucket:
    interval: float
    next_free: float = 0.0


class RateLimiter:
    """Thread-safe token buckets keyed by (Region, quota category)."""

    def __init__(
        self,
        cognito_rps: float = DEFAULT_COGNITO_RPS,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not cognito_rps > 0:
            raise ValueError("cognito_rps must be > 0")
        self.cognito_rps = cognito_rps
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, QuotaCategory], _Bucket] = {}

    def rate(self, category: QuotaCategory) -> float:
        return category_rate(category, self.cognito_rps)

    def acquire(self, region: str, category: QuotaCategory) -> float:
        """Block until a request in ``category`` may be sent in ``region``; return the wait."""
        with self._lock:
            key = (region, category)
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(interval=1.0 / self.rate(category))
            now = self._clock()
            start = max(now, bucket.next_free)
            bucket.next_free = start + bucket.interval
        wait = start - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def acquire_for(self, region: str, service: str, operation: str) -> float:
        category = OPERATION_CATEGORY.get((service, operation))
        return 0.0 if category is None else self.acquire(region, category)
