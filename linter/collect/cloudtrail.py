"""AWS CloudTrail: ``cloudtrail.trail``.

DescribeTrails in every Region (shadow trails included: a multi-Region or organization trail is
listed in each Region it covers) feeds a :class:`TrailBook` that keeps each trail once, by ARN.
Once every Region is listed, each distinct trail is described once, in its home Region and by
ARN (required for shadow and organization trails): GetTrailStatus and GetEventSelectors. The
record's Region is the trail's ``HomeRegion``.
"""

from __future__ import annotations

import threading
from typing import Any

from linter.collect.interface import RegionContext, ResourceType

SERVICE = "cloudtrail"


class TrailBook:
    """Trails seen by any Region's DescribeTrails, de-duplicated by ARN. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._trails: dict[str, dict[str, Any]] = {}

    def add(self, trail: dict[str, Any]) -> None:
        arn = trail.get("TrailARN")
        if not arn:
            return
        with self._lock:
            self._trails.setdefault(arn, trail)

    def trails(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._trails[arn] for arn in sorted(self._trails)]


def home_region(trail: dict[str, Any]) -> str | None:
    parts = str(trail.get("TrailARN", "")).split(":")
    return trail.get("HomeRegion") or (parts[3] if len(parts) > 3 and parts[3] else None)


class CloudTrailCollector:
    service = SERVICE

    def __init__(self, book: TrailBook) -> None:
        self.book = book

    def collect(self, ctx: RegionContext) -> None:
        result = ctx.api.call(
            SERVICE,
            ctx.region,
            "DescribeTrails",
            {"includeShadowTrails": True},
            resource_type=ResourceType.TRAIL,
        )
        for trail in result.data.get("trailList") or []:
            self.book.add(trail)


def describe_trail(ctx: RegionContext, trail: dict[str, Any]) -> None:
    """Record one trail with its status and event selectors (``ctx`` is its home Region's)."""
    arn = trail["TrailARN"]
    ctx.sink.add(ctx.envelope(ResourceType.TRAIL, arn, trail.get("Name") or arn, Trail=trail))
    status = ctx.api.call(
        SERVICE,
        ctx.region,
        "GetTrailStatus",
        {"Name": arn},
        resource_type=ResourceType.TRAIL,
        resource_arn=arn,
        field="Status",
    )
    if status.ok:
        ctx.sink.update(ResourceType.TRAIL, arn, Status=status.data)
    selectors = ctx.api.call(
        SERVICE,
        ctx.region,
        "GetEventSelectors",
        {"TrailName": arn},
        resource_type=ResourceType.TRAIL,
        resource_arn=arn,
        field="Selectors",
    )
    if selectors.ok:
        ctx.sink.update(ResourceType.TRAIL, arn, Selectors=selectors.data)
