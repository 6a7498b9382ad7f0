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

Cost: one pass over the results summarises them per (stage, ARN); the links behind a log group,
a Firehose stream or a Region are built once and reused by every pool that passes through them,
and a node that no pool-level result touches is one object shared by those pools. Per pool the
work is bounded by its own targets (facts are memoised in the shared :class:`FactContext`), so
the build is linear in the number of pools. Most of what is left is building the output: each
pool has its own nodes wherever a rule judged the pool itself (log delivery, log group, metric
stream, trail, posture), and a frozen dataclass costs several times a tuple.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import attrgetter
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

_RANK = {Status.PASS: 0, Status.WAIVED: 1, Status.ERROR: 2, Status.FAIL: 3}
_KIND_LABEL = {"cwl": "CloudWatch Logs", "firehose": "Firehose", "s3": "S3"}


def worst(statuses: Sequence[Status]) -> Status | None:
    """fail > error > waived > pass; not_applicable and nothing -> None."""
    ranked = [s for s in statuses if s in _RANK]
    return max(ranked, key=_RANK.__getitem__) if ranked else None


_NO_RESULT = -1
_BROKEN = _RANK[Status.ERROR]  # a link at this rank or above is in error or failing
_STATUS_OF: dict[int, Status | None] = {_NO_RESULT: None, **{r: s for s, r in _RANK.items()}}

_NONE: tuple[int, tuple[str, ...]] = (_NO_RESULT, ())
_rule_id = attrgetter("rule_id")


class _StageResults:
    """The results of the rules of one stage, by resource ARN (not_applicable ones left out):
    their fingerprints in the order of the results, and the _RANK of their worst status where
    it is above pass. Lists, not tuples: each is copied once, into a node."""

    __slots__ = ("fingerprints", "worse")

    def __init__(self) -> None:
        self.fingerprints: dict[str, list[str]] = {}
        self.worse: dict[str, int] = {}

    def summary(self, arn: str) -> tuple[int, tuple[str, ...]]:
        """(_RANK of the worst status or _NO_RESULT, fingerprints) of the resource's results."""
        fps = self.fingerprints.get(arn)
        if fps is None:
            return _NONE
        return self.worse.get(arn, 0), tuple(fps)


def _summarise(results: Sequence[Result], rules: Sequence[RuleMeta]
               ) -> dict[Stage, _StageResults]:
    """The results of staged rules, by stage, in one pass."""
    stage_of = {r.id: r.stage for r in rules if r.stage is not None}
    by_stage = {stage: _StageResults() for stage in Stage}
    passed, not_applicable = Status.PASS, Status.NOT_APPLICABLE
    # The engine yields each rule's results together: look the stage up once per run.
    for rule_id, run in groupby(results, key=_rule_id):
        stage = stage_of.get(rule_id)
        if stage is None:
            continue
        fps_of, worse = by_stage[stage].fingerprints, by_stage[stage].worse
        for res in run:
            status = res.status
            arn = res.resource.arn
            if status is not passed:
                if status is not_applicable:
                    continue
                rank = _RANK[status]
                if rank > worse.get(arn, 0):
                    worse[arn] = rank
            fps = fps_of.get(arn)
            if fps is None:
                fps_of[arn] = [res.fingerprint]
            else:
                fps.append(res.fingerprint)
    return by_stage


class _Link:
    """One node of a chain that pools share (a log group's, a Firehose stream's, a Region's),
    before a pool's own results of its stage are merged in.

    ``arn``: the node's resource (None: missing); ``source``: the resource whose results of
    the stage the node shows besides the pool's (the node's resource, or for a missing link the
    resource that should have it, e.g. the log group of a missing subscription). ARNs are the
    resources' own ``arn`` fields, as the results carry them."""

    __slots__ = ("arn", "fingerprints", "label", "ok", "pool_fingerprints", "pool_worse", "rank",
                 "shared", "stage")

    def __init__(self, stage: Stage, label: str, arn: str | None, source: str | None,
                 by_stage: dict[Stage, _StageResults]) -> None:
        results = by_stage[stage]
        self.stage = stage
        self.label = label
        self.arn = arn
        self.rank, self.fingerprints = _NONE if source is None else results.summary(source)
        self.pool_fingerprints = results.fingerprints  # where a pool's results are looked up
        self.pool_worse = results.worse
        self.ok = arn is not None and self.rank < _BROKEN
        """Neither missing nor in error or failing on its own."""
        self.shared: PipelineNode | None = None
        """The node of every pool with no result of the stage (see :meth:`share`)."""

    def share(self) -> PipelineNode:
        self.shared = PipelineNode(self.stage, self.label, self.arn, _STATUS_OF[self.rank],
                                   self.fingerprints)
        return self.shared


def _ref(res: Resource) -> ResourceRef:
    return ResourceRef(res["type"], res["arn"], res.get("name", ""), res["region"],
                       res.get("account_id", ""))


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


class _Chains:
    """The links behind a log group or a Firehose stream, computed once per resource (many
    pools can share them), and the Region's metric stream and trail links; then each pool's
    pipeline from them."""

    def __init__(self, ctx: FactContext, summaries: dict[Stage, _StageResults]) -> None:
        self.ctx = ctx
        self.summaries = summaries
        self.log_delivery = summaries[Stage.LOG_DELIVERY]
        self.posture = summaries[Stage.POSTURE]
        self.no_log_group = (_Link(Stage.LOG_GROUP, "no log group", None, None, summaries),)
        self._firehose: dict[str, tuple[_Link, ...]] = {}
        self._log_group: dict[str, tuple[_Link, ...]] = {}
        self._region: dict[str, tuple[_Link, ...]] = {}

    def firehose(self, arn: str) -> tuple[_Link, ...]:
        links = self._firehose.get(arn)
        if links is None:
            links = self._firehose[arn] = self._build_firehose(arn)
        return links

    def _build_firehose(self, arn: str) -> tuple[_Link, ...]:
        s = self.summaries
        stream = self.ctx.index.get(arn)
        if stream is None or stream.get("type") != FIREHOSE:
            return (_Link(Stage.FIREHOSE, f"{_name(arn)} (not in snapshot)", None, None, s),
                    _Link(Stage.ENDPOINT, "endpoint unknown", None, None, s))
        sarn = stream["arn"]
        head = _Link(Stage.FIREHOSE, stream.get("name") or _name(arn), sarn, sarn, s)
        ep = _try(endpoint, self.ctx, stream)
        if ep is None:
            return (head, _Link(Stage.ENDPOINT, "no HTTP endpoint", None, sarn, s))
        label = f"{ep['host'] or 'no host'} ({ep['provider']}, {ep['kind']})"
        return (head, _Link(Stage.ENDPOINT, label, sarn, sarn, s))

    def log_group(self, arn: str) -> tuple[_Link, ...]:
        links = self._log_group.get(arn)
        if links is None:
            links = self._log_group[arn] = self._build_log_group(arn)
        return links

    def _build_log_group(self, arn: str) -> tuple[_Link, ...]:
        s = self.summaries
        group = self.ctx.index.get(arn)
        if group is None or group.get("type") != LOG_GROUP:
            return (_Link(Stage.LOG_GROUP, f"{_name(arn)} (not in snapshot)", None, None, s),
                    _Link(Stage.SUBSCRIPTION, "no subscription", None, None, s))
        garn = group["arn"]
        links = [_Link(Stage.LOG_GROUP, group.get("name") or _name(arn), garn, garn, s)]
        fwds = _try(forwarders, self.ctx, group)
        to_firehose = [f for f in fwds or () if f["destination_kind"] == "firehose"]
        if not to_firehose:
            label = "forwarders not collected" if fwds is None else "no subscription to Firehose"
            links.append(_Link(Stage.SUBSCRIPTION, label, None, garn, s))
        for f in to_firehose:
            scope = "account policy" if f["scope"] == "account" else "filter"
            links.append(_Link(Stage.SUBSCRIPTION, f"{scope} {f['name']}", garn, garn, s))
            links.extend(self.firehose(f["destination_arn"]))
        return tuple(links)

    def region(self, region: str) -> tuple[_Link, ...]:
        links = self._region.get(region)
        if links is None:
            links = self._region[region] = self._build_region(region)
        return links

    def _build_region(self, region: str) -> tuple[_Link, ...]:
        s = self.summaries
        stream = _region_metric_stream(self.ctx).get(region)
        if stream is None:
            metric = _Link(Stage.METRIC_STREAM, "no metric stream", None, None, s)
        else:
            state = (stream.get("MetricStream") or {}).get("State") or "state unknown"
            metric = _Link(Stage.METRIC_STREAM, f"{stream.get('name', '')} ({state})",
                           stream["arn"], stream["arn"], s)
        trail = _region_trail(self.ctx).get(region)
        if trail is None:
            return (metric, _Link(Stage.TRAIL, "no trail covers this Region", None, None, s))
        return (metric, _Link(Stage.TRAIL, trail.get("name", ""), trail["arn"], trail["arn"], s))

    def pipeline(self, pool: Resource) -> Pipeline:
        """The pool's nodes: its shared links, with its own results merged in where it has
        results of the link's stage."""
        pool_arn = pool["arn"]
        try:
            targets: list[dict[str, Any]] | None = log_targets(self.ctx, pool)
        except FactUnknown:
            targets = None
        links: list[_Link] = []
        if targets:
            delivery = ", ".join([f"{t['source']} -> {_KIND_LABEL[t['dest_kind']]}"
                                  for t in targets])
            cwl = [t["dest_arn"] for t in targets if t["dest_kind"] == "cwl"]
            direct = [t["dest_arn"] for t in targets if t["dest_kind"] == "firehose"]
            for arn in dict.fromkeys(cwl):
                links += self.log_group(arn)
            for arn in dict.fromkeys(direct):
                links += self.firehose(arn)
        elif targets is None:
            delivery = "log delivery not collected"
        else:
            delivery = "no log delivery configured"
        if not links:
            links += self.no_log_group
        links += self.region(pool["region"])

        rank, fps = self.log_delivery.summary(pool_arn)
        nodes = [PipelineNode(Stage.LOG_DELIVERY, delivery, pool_arn if targets else None,
                              _STATUS_OF[rank], fps)]
        observed = bool(targets) and rank < _BROKEN
        for link in links:
            mine = link.pool_fingerprints.get(pool_arn)
            if mine is None:  # no result of this stage about the pool
                nodes.append(link.shared or link.share())
                observed = observed and link.ok
            else:  # the pool's results first
                rank = max(link.pool_worse.get(pool_arn, 0), link.rank)
                nodes.append(PipelineNode(link.stage, link.label, link.arn, _STATUS_OF[rank],
                                          (*mine, *link.fingerprints)))
                observed = observed and link.ok and rank < _BROKEN
        rank, fps = self.posture.summary(pool_arn)
        nodes.append(PipelineNode(Stage.POSTURE, "pool settings", pool_arn, _STATUS_OF[rank], fps))
        return Pipeline(_ref(pool), tuple(nodes), observed)


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
    chains = _Chains(ctx, _summarise(results, rules))
    pools = sorted(index.of_type(USER_POOL),
                   key=lambda p: (p["region"], p.get("name", ""), p["arn"]))
    return tuple(map(chains.pipeline, pools))
