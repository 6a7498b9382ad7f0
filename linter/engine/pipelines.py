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
node's resource or the pool; ``None`` when no such result applies. A missing link shows the
results of the resource that should have it: a missing subscription those of its log group
(CL-LOG-006 fails there), a missing HTTP endpoint those of its Firehose stream. A pool is
*fully observed* when no node outside ``posture`` is missing, failing or in error.

Cost: results are indexed by ARN once; per pool the work is bounded by its own targets (facts
are memoised in the shared :class:`FactContext`), so the build is linear in the number of pools.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.facts import FactContext, FactUnknown
from linter.facts.firehose import endpoint
from linter.facts.logs import forwarders
from linter.facts.metrics import metric_stream_sends
from linter.facts.pools import log_targets
from linter.facts.trails import covers_region, management_events
from linter.model import Pipeline, PipelineNode, ResourceRef, Result, RuleMeta, Stage, Status
from linter.snapshot.index import Resource, SnapshotIndex

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
    """Results of staged rules, summarised in one pass: (stage, resource ARN) -> (worst status,
    fingerprints). A node that no pool-level result touches depends only on (stage, label,
    ARN), so one immutable node object is shared by every pool that passes through the same
    log group, stream or trail."""

    def __init__(self, results: Sequence[Result], rules: Sequence[RuleMeta]) -> None:
        stage_of = {r.id: r.stage for r in rules if r.stage is not None}
        na = Status.NOT_APPLICABLE
        rank = _RANK
        acc: dict[tuple[Stage, str], tuple[list[Status], list[str]]] = {}
        get_stage, get_entry = stage_of.get, acc.get  # hot loop: one pass over every result
        for res in results:
            stage = get_stage(res.rule_id)
            status = res.status
            if stage is None or status is na:
                continue
            key = (stage, res.resource.arn)
            entry = get_entry(key)
            if entry is None:
                acc[key] = ([status], [res.fingerprint])
            else:
                if rank[status] > rank[entry[0][0]]:
                    entry[0][0] = status
                entry[1].append(res.fingerprint)
        self._summaries: dict[tuple[Stage, str], _Summary] = {
            key: (worst_status[0], tuple(fps)) for key, (worst_status, fps) in acc.items()
        }
        self._shared: dict[tuple[Stage, str, str | None, str | None], PipelineNode] = {}

    def node(self, stage: Stage, label: str, arn: str | None, source: str | None,
             pool_arn: str) -> PipelineNode:
        """``arn``: the node's resource (None: missing); ``source``: the resource whose results
        of this stage the node shows besides the pool's (the node's resource, or for a missing
        link the resource that should have it, e.g. the log group of a missing subscription).
        ARNs are the resources' own ``arn`` fields, as the results carry them."""
        summaries = self._summaries
        pool_status, pool_fps = summaries.get((stage, pool_arn), _NONE)
        own = (_NONE if source is None or source == pool_arn
               else summaries.get((stage, source), _NONE))
        if not pool_fps:
            key = (stage, label, arn, source)
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


_Link = tuple[Stage, str, "str | None", "str | None"]
"""(stage, label, ARN of the node's resource or None when it is missing, ARN whose results of
that stage the node shows)."""


class _Chains:
    """The links behind a log group or a Firehose stream, computed once per resource (many
    pools can share them), and the Region's metric stream and trail links."""

    def __init__(self, ctx: FactContext) -> None:
        self.ctx = ctx
        self._firehose: dict[str, tuple[_Link, ...]] = {}
        self._log_group: dict[str, tuple[_Link, ...]] = {}
        self._region: dict[str, tuple[_Link, ...]] = {}

    def firehose(self, arn: str) -> tuple[_Link, ...]:
        links = self._firehose.get(arn)
        if links is None:
            links = self._firehose[arn] = self._build_firehose(arn)
        return links

    def _build_firehose(self, arn: str) -> tuple[_Link, ...]:
        stream = self.ctx.index.get(arn)
        if stream is None or stream.get("type") != FIREHOSE:
            return ((Stage.FIREHOSE, f"{_name(arn)} (not in snapshot)", None, None),
                    (Stage.ENDPOINT, "endpoint unknown", None, None))
        sarn = stream["arn"]
        head: _Link = (Stage.FIREHOSE, stream.get("name") or _name(arn), sarn, sarn)
        ep = _try(endpoint, self.ctx, stream)
        if ep is None:
            return (head, (Stage.ENDPOINT, "no HTTP endpoint", None, sarn))
        label = f"{ep['host'] or 'no host'} ({ep['provider']}, {ep['kind']})"
        return (head, (Stage.ENDPOINT, label, sarn, sarn))

    def log_group(self, arn: str) -> tuple[_Link, ...]:
        links = self._log_group.get(arn)
        if links is None:
            links = self._log_group[arn] = self._build_log_group(arn)
        return links

    def _build_log_group(self, arn: str) -> tuple[_Link, ...]:
        group = self.ctx.index.get(arn)
        if group is None or group.get("type") != LOG_GROUP:
            return ((Stage.LOG_GROUP, f"{_name(arn)} (not in snapshot)", None, None),
                    (Stage.SUBSCRIPTION, "no subscription", None, None))
        garn = group["arn"]
        links: list[_Link] = [(Stage.LOG_GROUP, group.get("name") or _name(arn), garn, garn)]
        fwds = _try(forwarders, self.ctx, group)
        to_firehose = [f for f in fwds or () if f["destination_kind"] == "firehose"]
        if not to_firehose:
            label = "forwarders not collected" if fwds is None else "no subscription to Firehose"
            links.append((Stage.SUBSCRIPTION, label, None, garn))
        for f in to_firehose:
            scope = "account policy" if f["scope"] == "account" else "filter"
            links.append((Stage.SUBSCRIPTION, f"{scope} {f['name']}", garn, garn))
            links.extend(self.firehose(f["destination_arn"]))
        return tuple(links)

    def region(self, region: str) -> tuple[_Link, ...]:
        links = self._region.get(region)
        if links is None:
            links = self._region[region] = self._build_region(region)
        return links

    def _build_region(self, region: str) -> tuple[_Link, ...]:
        stream = _region_metric_stream(self.ctx).get(region)
        if stream is None:
            metric: _Link = (Stage.METRIC_STREAM, "no metric stream", None, None)
        else:
            state = (stream.get("MetricStream") or {}).get("State") or "state unknown"
            metric = (Stage.METRIC_STREAM, f"{stream.get('name', '')} ({state})", stream["arn"],
                      stream["arn"])
        trail = _region_trail(self.ctx).get(region)
        if trail is None:
            return (metric, (Stage.TRAIL, "no trail covers this Region", None, None))
        return (metric, (Stage.TRAIL, trail.get("name", ""), trail["arn"], trail["arn"]))


_BROKEN = (Status.FAIL, Status.ERROR)


def _pool_pipeline(chains: _Chains, rx: _Results, pool: Resource) -> Pipeline:
    pool_arn = pool["arn"]
    targets = _try(log_targets, chains.ctx, pool)
    if targets is None:
        delivery = "log delivery not collected"
    elif not targets:
        delivery = "no log delivery configured"
    else:
        delivery = ", ".join(f"{t['source']} -> {_KIND_LABEL[t['dest_kind']]}" for t in targets)
    links: list[_Link] = [(Stage.LOG_DELIVERY, delivery, pool_arn if targets else None, None)]
    cwl = [t["dest_arn"] for t in targets or () if t["dest_kind"] == "cwl"]
    direct = [t["dest_arn"] for t in targets or () if t["dest_kind"] == "firehose"]
    if not cwl and not direct:
        links.append((Stage.LOG_GROUP, "no log group", None, None))
    for arn in dict.fromkeys(cwl):
        links.extend(chains.log_group(arn))
    for arn in dict.fromkeys(direct):
        links.extend(chains.firehose(arn))
    links.extend(chains.region(pool["region"]))
    links.append((Stage.POSTURE, "pool settings", pool_arn, None))

    node = rx.node
    nodes = tuple(node(stage, label, arn, source, pool_arn) for stage, label, arn, source in links)
    observed = all(
        n.arn is not None and n.status not in _BROKEN
        for n in nodes
        if n.stage is not Stage.POSTURE
    )
    return Pipeline(pool=_ref(pool), nodes=nodes, fully_observed=observed)


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
    chains = _Chains(ctx)
    pools = sorted(index.of_type(USER_POOL),
                   key=lambda p: (p["region"], p.get("name", ""), p["arn"]))
    return tuple(_pool_pipeline(chains, rx, pool) for pool in pools)
