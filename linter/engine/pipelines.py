"""The per-pool pipeline picture: which resources carry one user pool's telemetry, and how the
rules judged each link.

For every user pool, in order:

1. ``log_delivery``: the pool's log delivery configuration (the pool itself);
2. for each CloudWatch Logs target: ``log_group`` -> ``subscription`` (each forwarder to a
   Firehose stream) -> ``firehose`` -> ``endpoint``;
3. for each Firehose target (userAuthEvents straight to Firehose): ``firehose`` -> ``endpoint``;
4. ``metric_stream``: the metric stream that carries AWS/Cognito in the pool's Region;
5. ``trail``: the trail that covers the pool's Region and records its write events;
6. ``posture``: the pool's own hardening.

A node whose resource does not exist (no log group configured, no forwarder, no stream, no
trail) has ``arn=None``: it is *missing*. A node's status is the worst (fail > error > waived >
pass) of the results of rules whose ``stage`` is the node's stage and whose resource is the
node's resource or the pool; ``None`` when no such result applies. A pool is *fully observed*
when no node outside ``posture`` is missing, failing or in error.

Cost: results are indexed by ARN once; per pool the work is bounded by its own targets (facts
are memoised in the shared :class:`FactContext`), so the build is linear in the number of pools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from linter.facts import FactContext, FactUnknown
from linter.facts.firehose import endpoint
from linter.facts.logs import forwarders
from linter.facts.metrics import metric_stream_sends
from linter.facts.pools import log_targets
from linter.facts.trails import covers_region, management_events
from linter.model import Pipeline, PipelineNode, ResourceRef, Result, RuleMeta, Stage, Status
from linter.snapshot.index import Resource, SnapshotIndex, normalize_arn

USER_POOL = "cognito.user_pool"
FIREHOSE = "firehose.delivery_stream"
LOG_GROUP = "logs.log_group"
METRIC_STREAM = "cloudwatch.metric_stream"
TRAIL = "cloudtrail.trail"
COGNITO_IDP = "cognito-idp.amazonaws.com"

_RANK = {Status.FAIL: 3, Status.ERROR: 2, Status.WAIVED: 1, Status.PASS: 0}
_KIND_LABEL = {"cwl": "CloudWatch Logs", "firehose": "Firehose", "s3": "S3"}


def worst(statuses: Sequence[Status]) -> Status | None:
    """fail > error > waived > pass; not_applicable and nothing -> None."""
    ranked = [s for s in statuses if s in _RANK]
    return max(ranked, key=_RANK.__getitem__) if ranked else None


_Summary = tuple[Status | None, tuple[str, ...]]
_NONE: _Summary = (None, ())


class _Results:
    """Results of staged rules, indexed once: (stage, resource ARN) -> results.

    Each (stage, ARN) is summarised once (worst status, fingerprints); a node that no pool-level
    result touches depends only on (stage, label, ARN), so one immutable node object is shared
    by every pool that passes through the same log group, stream or trail."""

    def __init__(self, results: Sequence[Result], rules: Sequence[RuleMeta]) -> None:
        stage_of = {r.id: r.stage for r in rules if r.stage is not None}
        self._by_key: dict[tuple[Stage, str], list[Result]] = defaultdict(list)
        na = Status.NOT_APPLICABLE
        for res in results:
            stage = stage_of.get(res.rule_id)
            if stage is not None and res.status is not na:
                arn = res.resource.arn
                if arn.endswith(":*"):
                    arn = arn[:-2]
                self._by_key[(stage, arn)].append(res)
        self._summaries: dict[tuple[Stage, str], _Summary] = {}
        self._shared: dict[tuple[Stage, str, str | None], PipelineNode] = {}

    def _summary(self, stage: Stage, arn: str) -> _Summary:
        key = (stage, arn)
        summary = self._summaries.get(key)
        if summary is None:
            found = self._by_key.get(key)
            summary = (worst([r.status for r in found]), tuple(r.fingerprint for r in found)) \
                if found else _NONE
            self._summaries[key] = summary
        return summary

    def node(self, stage: Stage, label: str, arn: str | None, pool_arn: str) -> PipelineNode:
        """``arn`` and ``pool_arn`` are normalised (no trailing ``:*``)."""
        pool_status, pool_fps = self._summary(stage, pool_arn)
        own = _NONE if arn is None or arn == pool_arn else self._summary(stage, arn)
        if not pool_fps:
            key = (stage, label, arn)
            shared = self._shared.get(key)
            if shared is None:
                shared = PipelineNode(stage=stage, label=label, arn=arn, status=own[0],
                                      result_fingerprints=own[1])
                self._shared[key] = shared
            return shared
        status = pool_status
        if own[0] is not None and (status is None or _RANK[own[0]] > _RANK[status]):
            status = own[0]
        return PipelineNode(stage=stage, label=label, arn=arn, status=status,
                            result_fingerprints=pool_fps + own[1])


def _ref(res: Resource) -> ResourceRef:
    return ResourceRef(type=res["type"], arn=res["arn"], name=res.get("name", ""),
                       region=res["region"], account_id=res.get("account_id", ""))


def _name(arn: str) -> str:
    """The last part of an ARN, for labels of resources the snapshot does not hold."""
    tail = arn.split(":", 5)[-1]
    if tail.startswith("log-group:"):
        return tail[len("log-group:"):]
    return tail.rsplit("/", 1)[-1]


def _try(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except FactUnknown:
        return None


def _region_metric_stream(ctx: FactContext) -> dict[str, Resource]:
    """Per Region, the metric stream that best carries AWS/Cognito: running and sending it,
    else sending it, else any stream of the Region."""

    def build(c: FactContext) -> dict[str, Resource]:
        best: dict[str, tuple[int, str, Resource]] = {}
        for stream in c.index.of_type(METRIC_STREAM):
            body = stream.get("MetricStream") or {}
            sends = bool(_try(metric_stream_sends, c, stream, namespace="AWS/Cognito"))
            score = 2 * sends + (body.get("State") == "running" and sends)
            key = (-score, stream["arn"], stream)
            cur = best.get(stream["region"])
            if cur is None or key[:2] < cur[:2]:
                best[stream["region"]] = key
        return {region: entry[2] for region, entry in best.items()}

    return ctx.cached("pipelines:metric_stream", build)


def _region_trail(ctx: FactContext) -> dict[str, Resource]:
    """Per Region with pools, the trail that covers it and records cognito-idp write events
    (a trail that covers the Region at all, if none does)."""

    def build(c: FactContext) -> dict[str, Resource]:
        regions = sorted({p["region"] for p in c.index.of_type(USER_POOL)})
        trails = sorted(c.index.of_type(TRAIL), key=lambda t: t["arn"])
        out: dict[str, Resource] = {}
        for region in regions:
            fallback = None
            for trail in trails:
                if not _try(covers_region, c, trail, region=region):
                    continue
                events = _try(management_events, c, trail, source=COGNITO_IDP) or {}
                if events.get("write"):
                    out[region] = trail
                    break
                fallback = fallback or trail
            else:
                if fallback is not None:
                    out[region] = fallback
        return out

    return ctx.cached("pipelines:trail", build)


def _firehose_nodes(ctx: FactContext, rx: _Results, arn: str, pool_arn: str) -> list[PipelineNode]:
    stream = ctx.index.get(arn)
    if stream is None or stream.get("type") != FIREHOSE:
        return [
            rx.node(Stage.FIREHOSE, f"{_name(arn)} (not in snapshot)", None, pool_arn),
            rx.node(Stage.ENDPOINT, "endpoint unknown", None, pool_arn),
        ]
    nodes = [rx.node(Stage.FIREHOSE, stream.get("name") or _name(arn), stream["arn"], pool_arn)]
    ep = _try(endpoint, ctx, stream)
    if ep is None:
        nodes.append(rx.node(Stage.ENDPOINT, "no HTTP endpoint", None, pool_arn))
    else:
        label = f"{ep['host'] or 'no host'} ({ep['provider']}, {ep['kind']})"
        nodes.append(rx.node(Stage.ENDPOINT, label, stream["arn"], pool_arn))
    return nodes


def _log_group_nodes(ctx: FactContext, rx: _Results, arn: str, pool_arn: str) -> list[PipelineNode]:
    group = ctx.index.get(arn)
    if group is None or group.get("type") != LOG_GROUP:
        return [
            rx.node(Stage.LOG_GROUP, f"{_name(arn)} (not in snapshot)", None, pool_arn),
            rx.node(Stage.SUBSCRIPTION, "no subscription", None, pool_arn),
        ]
    nodes = [rx.node(Stage.LOG_GROUP, group.get("name") or _name(arn), group["arn"], pool_arn)]
    fwds = _try(forwarders, ctx, group)
    to_firehose = [f for f in fwds or [] if f["destination_kind"] == "firehose"]
    if not to_firehose:
        label = "forwarders not collected" if fwds is None else "no subscription to Firehose"
        nodes.append(rx.node(Stage.SUBSCRIPTION, label, None, pool_arn))
        return nodes
    for f in to_firehose:
        scope = "account policy" if f["scope"] == "account" else "filter"
        nodes.append(rx.node(Stage.SUBSCRIPTION, f"{scope} {f['name']}", group["arn"], pool_arn))
        nodes.extend(_firehose_nodes(ctx, rx, normalize_arn(f["destination_arn"]), pool_arn))
    return nodes


def _pool_pipeline(ctx: FactContext, rx: _Results, pool: Resource) -> Pipeline:
    pool_arn = normalize_arn(pool["arn"])
    targets = _try(log_targets, ctx, pool)
    if targets is None:
        delivery = "log delivery not collected"
    elif not targets:
        delivery = "no log delivery configured"
    else:
        delivery = ", ".join(f"{t['source']} -> {_KIND_LABEL[t['dest_kind']]}" for t in targets)
    nodes = [rx.node(Stage.LOG_DELIVERY, delivery, pool["arn"] if targets else None, pool_arn)]
    cwl = [t["dest_arn"] for t in targets or [] if t["dest_kind"] == "cwl"]
    direct = [t["dest_arn"] for t in targets or [] if t["dest_kind"] == "firehose"]
    if not cwl and not direct:
        nodes.append(rx.node(Stage.LOG_GROUP, "no log group", None, pool_arn))
    for arn in dict.fromkeys(cwl):
        nodes.extend(_log_group_nodes(ctx, rx, arn, pool_arn))
    for arn in dict.fromkeys(direct):
        nodes.extend(_firehose_nodes(ctx, rx, arn, pool_arn))

    stream = _region_metric_stream(ctx).get(pool["region"])
    if stream is None:
        nodes.append(rx.node(Stage.METRIC_STREAM, "no metric stream", None, pool_arn))
    else:
        state = (stream.get("MetricStream") or {}).get("State") or "state unknown"
        nodes.append(rx.node(Stage.METRIC_STREAM, f"{stream.get('name', '')} ({state})",
                             stream["arn"], pool_arn))
    trail = _region_trail(ctx).get(pool["region"])
    if trail is None:
        nodes.append(rx.node(Stage.TRAIL, "no trail covers this Region", None, pool_arn))
    else:
        nodes.append(rx.node(Stage.TRAIL, trail.get("name", ""), trail["arn"], pool_arn))
    nodes.append(rx.node(Stage.POSTURE, "pool settings", pool["arn"], pool_arn))

    observed = all(
        n.arn is not None and n.status not in (Status.FAIL, Status.ERROR)
        for n in nodes
        if n.stage is not Stage.POSTURE
    )
    return Pipeline(pool=_ref(pool), nodes=tuple(nodes), fully_observed=observed)


def build_pipelines(
    index: SnapshotIndex,
    results: Sequence[Result],
    rules: Sequence[RuleMeta],
    *,
    ctx: FactContext | None = None,
) -> tuple[Pipeline, ...]:
    """One :class:`Pipeline` per user pool, sorted by (region, name, ARN). Pass the engine's
    ``ctx`` to reuse the facts it already computed (optional)."""
    ctx = ctx if ctx is not None and ctx.index is index else FactContext(index)
    rx = _Results(results, rules)
    pools = sorted(index.of_type(USER_POOL),
                   key=lambda p: (p["region"], p.get("name", ""), p["arn"]))
    return tuple(_pool_pipeline(ctx, rx, pool) for pool in pools)
