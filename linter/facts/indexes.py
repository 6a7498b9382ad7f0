"""Reverse indexes over a snapshot, built once per :class:`FactContext` on first use.

"Which pools send logs to this log group / Firehose stream", "which Firehose streams does a
Cognito log group forward to", "which metric streams feed this Firehose stream". Each index
also records, per Region, why it may be incomplete (a pool's log configuration or a listing
could not be collected), so a fact can answer *unknown* instead of a false "no".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from linter.facts.registry import FactContext, FactUnknown
from linter.snapshot.index import normalize_arn

USER_POOL = "cognito.user_pool"
LOG_GROUP = "logs.log_group"
METRIC_STREAM = "cloudwatch.metric_stream"


@dataclass
class PoolTargets:
    """Pools by the destination ARN of their log targets (normalised, no ``:*``)."""

    by_log_group: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_firehose: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unknown: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Region -> why some pool's targets there are not known."""

    def unknown_in(self, region: str) -> list[str]:
        return self.unknown.get(region, [])


def pool_targets(ctx: FactContext) -> PoolTargets:
    return ctx.cached("index:pool_targets", _build_pool_targets)


def _build_pool_targets(ctx: FactContext) -> PoolTargets:
    from linter.facts.pools import log_targets

    out = PoolTargets()
    for region in ctx.index.regions:
        reasons = ctx.index.type_incomplete(USER_POOL, region)
        if reasons:
            out.unknown[region].extend(reasons)
    for pool in ctx.index.of_type(USER_POOL):
        try:
            targets = log_targets(ctx, pool)
        except FactUnknown as exc:
            out.unknown[pool["region"]].extend(exc.reasons)
            continue
        for t in targets:
            if t["dest_kind"] == "cwl":
                out.by_log_group[t["dest_arn"]].append(pool["arn"])
            elif t["dest_kind"] == "firehose":
                out.by_firehose[t["dest_arn"]].append(pool["arn"])
    return out


@dataclass
class Feeds:
    """Firehose stream ARN -> what feeds it (log forwarders of Cognito log groups, metric
    streams), and per Region why that may be incomplete."""

    forwarded_from: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Firehose ARN -> ARNs of Cognito-referenced log groups forwarding to it."""
    metric_streams: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Firehose ARN -> ARNs of metric streams whose FirehoseArn it is."""
    unknown: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def unknown_in(self, region: str) -> list[str]:
        return self.unknown.get(region, [])


def feeds(ctx: FactContext) -> Feeds:
    return ctx.cached("index:feeds", _build_feeds)


def _build_feeds(ctx: FactContext) -> Feeds:
    from linter.facts.logs import forwarders

    out = Feeds()
    targets = pool_targets(ctx)
    for region, reasons in targets.unknown.items():
        out.unknown[region].extend(reasons)
    for group_arn in targets.by_log_group:
        group = ctx.index.get(group_arn)
        if group is None or group.get("type") != LOG_GROUP:
            continue
        try:
            fwds = forwarders(ctx, group)
        except FactUnknown as exc:
            out.unknown[group["region"]].extend(exc.reasons)
            continue
        for f in fwds:
            if f["destination_kind"] == "firehose":
                out.forwarded_from[normalize_arn(f["destination_arn"])].append(group["arn"])
    for region in ctx.index.regions:
        reasons = ctx.index.type_incomplete(METRIC_STREAM, region)
        if reasons:
            out.unknown[region].extend(reasons)
    for stream in ctx.index.of_type(METRIC_STREAM):
        body = stream.get("MetricStream")
        if isinstance(body, dict) and body.get("FirehoseArn"):
            out.metric_streams[normalize_arn(body["FirehoseArn"])].append(stream["arn"])
        elif body is None:
            missing = ctx.index.field_unknown(stream["arn"], "MetricStream")
            out.unknown[stream["region"]].extend(missing)
    return out
