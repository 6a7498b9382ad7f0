"""The Cognito token buckets: requests spaced so no second holds more than the rate."""

from __future__ import annotations

import threading

import pytest

from linter.collect.ratelimit import (
    OPERATION_CATEGORY,
    QuotaCategory,
    RateLimiter,
    category_rate,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def time(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)


def limiter(rps: float = 10.0) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    return RateLimiter(rps, clock=clock.time, sleep=clock.sleep), clock


def test_rates_never_exceed_the_quotas() -> None:
    assert category_rate(QuotaCategory.USER_POOL_READ, 10) == 10
    assert category_rate(QuotaCategory.USER_POOL_READ, 100) == 15
    assert category_rate(QuotaCategory.USER_POOL_RESOURCE_READ, 100) == 20
    assert category_rate(QuotaCategory.USER_POOL_RESOURCE_READ, 2.5) == 2.5
    assert category_rate(QuotaCategory.IDENTITY_POOL_READ, 7) == 7


def test_requests_are_spaced_by_the_interval() -> None:
    rl, _ = limiter(10)
    waits = [rl.acquire("us-east-1", QuotaCategory.USER_POOL_READ) for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])


def test_time_passing_frees_the_bucket() -> None:
    rl, clock = limiter(5)
    assert rl.acquire("us-east-1", QuotaCategory.USER_POOL_READ) == 0
    clock.now += 1.0
    assert rl.acquire("us-east-1", QuotaCategory.USER_POOL_READ) == 0


def test_buckets_are_per_region_and_category() -> None:
    rl, _ = limiter(10)
    assert rl.acquire("us-east-1", QuotaCategory.USER_POOL_READ) == 0
    assert rl.acquire("eu-west-1", QuotaCategory.USER_POOL_READ) == 0
    assert rl.acquire("us-east-1", QuotaCategory.USER_POOL_RESOURCE_READ) == 0
    assert rl.acquire("us-east-1", QuotaCategory.USER_POOL_READ) == pytest.approx(0.1)


def test_operations_map_to_their_quota_categories() -> None:
    rl, _ = limiter(100)
    assert rl.acquire_for("us-east-1", "cognito-idp", "DescribeUserPool") == 0
    # GetLogDeliveryConfiguration shares the strictest bucket (15/s → 1/15 s apart)
    assert rl.acquire_for("us-east-1", "cognito-idp", "GetLogDeliveryConfiguration") == (
        pytest.approx(1 / 15)
    )
    assert rl.acquire_for("us-east-1", "logs", "DescribeLogGroups") == 0  # not limited here
    assert {c for c in OPERATION_CATEGORY.values()} == set(QuotaCategory)


def test_threads_share_one_bucket() -> None:
    rl, clock = limiter(20)
    threads = [
        threading.Thread(target=rl.acquire, args=("us-east-1", QuotaCategory.USER_POOL_READ))
        for _ in range(30)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 30 requests at 15/s: waits 0, 1/15, …, 29/15 in some order
    assert sorted(clock.slept) == pytest.approx([i / 15 for i in range(1, 30)])


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)
