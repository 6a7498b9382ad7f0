"""Collect a snapshot of a live account: the library entry point of ``cognito-lint snapshot``
(and of ``scan`` and ``demo``, which call :func:`collect_snapshot` with their own session).

Order of work (docs/collection.md has the call-count formula):

1. STS GetCallerIdentity (account, partition, principal); ``all`` → EC2 DescribeRegions.
2. Regions in parallel (a bounded thread pool). In each: the Region-level listings of every
   :class:`~linter.collect.interface.Collector` (user pools and their details, identity pools,
   metric streams, account-level log policies, trails), then the referenced log groups and
   Firehose streams, round after round until nothing new is referenced.
3. References into Regions whose worker had already finished, if any.
4. Each distinct trail once, in its home Region: status and event selectors.
5. The buckets the trails and the Firehose streams write to; once, the account-level S3 public
   access block (S3 Control), recorded in those buckets that are the account's, asked in the
   Region STS was asked in (the first of ``--regions``, else the session's); the trails' KMS
   keys.
6. The snapshot document (docs/snapshot-format.md), then the redaction pass over all of it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import boto3

from linter import __version__
from linter.collect import firehose, kms, logs, s3
from linter.collect.calls import ApiCaller, ClientPool, iso_utc
from linter.collect.cloudtrail import CloudTrailCollector, TrailBook, describe_trail, home_region
from linter.collect.cloudwatch import MetricStreamCollector
from linter.collect.cognito import CognitoCollector
from linter.collect.identity import IdentityPoolCollector
from linter.collect.interface import (
    Collector,
    NullProgress,
    ProgressSink,
    RegionContext,
    ResourceType,
)
from linter.collect.ratelimit import DEFAULT_COGNITO_RPS, RateLimiter
from linter.collect.refs import BucketRef, KeyRef, RefBook
from linter.collect.regions import check_known, check_partition, enabled_regions
from linter.collect.session import DEFAULT_REGION, CallerIdentity, caller_identity
from linter.collect.sink import SnapshotSink
from linter.errors import UsageError
from linter.redact import Redactor
from linter.snapshot import SCHEMA_VERSION

log = logging.getLogger("linter.collect")

DEFAULT_MAX_WORKERS = 8
MAX_WORKERS_LIMIT = 64


@dataclass(frozen=True)
class CollectOptions:
    regions: tuple[str, ...] | None = None
    """Regions to read (already validated by :func:`~linter.collect.regions.parse_regions`);
    None = every enabled Region of the account."""
    cognito_rps: float = DEFAULT_COGNITO_RPS
    """Ceiling for Cognito reads per Region and quota category (capped by the quotas)."""
    max_workers: int = DEFAULT_MAX_WORKERS
    """Regions read at the same time."""

    def check(self) -> None:
        if not 0 < self.cognito_rps <= 1000:
            raise UsageError(f"--cognito-rps: {self.cognito_rps:g} is not in (0, 1000]")
        if not 1 <= self.max_workers <= MAX_WORKERS_LIMIT:
            raise UsageError(f"--max-workers: {self.max_workers} is not in 1..{MAX_WORKERS_LIMIT}")
        if self.regions is not None and not self.regions:
            raise UsageError("--regions: no Region given")


@dataclass
class CollectResult:
    snapshot: dict[str, Any]
    identity: CallerIdentity
    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    """API calls made, by (service, operation); each page is one call."""
    failed_calls: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """Calls that failed, by (service, operation, error code). One failed call can be several
    ``errors`` entries (one per resource its answer was for)."""

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.snapshot["errors"])

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


def collect_snapshot(
    session: boto3.Session, options: CollectOptions, *, progress: ProgressSink | None = None
) -> dict[str, Any]:
    """The snapshot document of the account behind ``session`` (validates against
    ``linter/schemas/snapshot-v1.json``). Raises :class:`~linter.errors.CollectorError` /
    :class:`~linter.errors.UsageError` when collection cannot start; failed calls are in the
    document's ``errors``."""
    return collect(session, options, progress=progress).snapshot


def collect(
    session: boto3.Session,
    options: CollectOptions,
    *,
    progress: ProgressSink | None = None,
    redactor: Redactor | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> CollectResult:
    """Like :func:`collect_snapshot`, with the call counts. Pass ``redactor`` to share the
    secrets it saw (the CLI scrubs its log output with it)."""
    options.check()
    requested = None if options.regions is None else check_known(options.regions)
    progress = progress or NullProgress()
    redactor = redactor or Redactor()
    started = clock()
    calls: Counter[tuple[str, str]] = Counter()

    home = requested[0] if requested else (session.region_name or DEFAULT_REGION)
    identity = caller_identity(session, home)
    calls[("sts", "GetCallerIdentity")] += 1
    if requested is None:
        regions = enabled_regions(session, identity, home)
        calls[("ec2", "DescribeRegions")] += 1
    else:
        check_partition(requested, identity)
        regions = requested
    log.info(
        "collecting account %s in %d Region(s): %s",
        identity.account_id,
        len(regions),
        ", ".join(regions),
    )

    run = _Run(session, identity, options, progress, redactor)
    progress.started(regions)
    pool = ThreadPoolExecutor(
        max_workers=min(options.max_workers, len(regions)), thread_name_prefix="collect"
    )
    try:
        _all(pool.map(run.region, regions))
        leftovers = run.refs.regions_with_work()
        while leftovers:
            progress.phase(f"resolving references in {', '.join(leftovers)}")
            _all(pool.map(run.drain_region, leftovers))
            leftovers = run.refs.regions_with_work()
        trails = run.trails.trails()
        if trails:
            progress.phase(f"reading {len(trails)} trail(s)")
        _all(pool.map(run.trail, trails))
        buckets, keys = run.refs.claim_buckets(), run.refs.claim_keys()
        if buckets or keys:
            progress.phase(f"reading {len(buckets)} bucket(s) and {len(keys)} key(s)")
        owned = [arn for arn in pool.map(run.bucket, buckets) if arn is not None]
        s3.describe_account_block(run.context(home), owned)
        _all(pool.map(run.key, keys))
    except BaseException:
        # Ctrl-C or a bug: stop the other workers at their next call instead of finishing.
        run.api.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)

    calls.update(run.api.calls)
    failed = Counter(run.api.failures)
    finished = clock()
    document = {
        "schema_version": SCHEMA_VERSION,
        "metadata": {
            "tool": {"name": "cognito-lint", "version": __version__},
            "source": {"kind": "aws", "path": None},
            "account_id": identity.account_id,
            "partition": identity.partition,
            "regions": sorted(regions),
            "started_at": iso_utc(started),
            "finished_at": iso_utc(finished),
            "principal_arn": identity.principal_arn,
            "collected_types": list(ResourceType.ALL),
        },
        "resources": run.sink.resources(),
        "errors": run.sink.error_dicts(),
    }
    return CollectResult(
        snapshot=redactor.scrub(document), identity=identity, calls=calls, failed_calls=failed
    )


def _all(results: Iterable[Any]) -> None:
    """Drain an executor map so that a worker's exception (a bug) surfaces here."""
    for _ in results:
        pass


class _Run:
    """The shared state of one collection run."""

    def __init__(
        self,
        session: boto3.Session,
        identity: CallerIdentity,
        options: CollectOptions,
        progress: ProgressSink,
        redactor: Redactor,
    ) -> None:
        self.identity = identity
        self.progress = progress
        self.redactor = redactor
        self.sink = SnapshotSink()
        self.refs = RefBook(identity.account_id)
        self.trails = TrailBook()
        self.api = ApiCaller(
            ClientPool(session, RateLimiter(options.cognito_rps)), self.sink, progress
        )

    def context(self, region: str) -> RegionContext:
        return RegionContext(
            region=region,
            account_id=self.identity.account_id,
            partition=self.identity.partition,
            api=self.api,
            sink=self.sink,
            refs=self.refs,
            redactor=self.redactor,
        )

    def collectors(self) -> list[Collector]:
        return [
            CognitoCollector(),
            IdentityPoolCollector(),
            MetricStreamCollector(),
            logs.LogsCollector(),
            CloudTrailCollector(self.trails),
        ]

    def region(self, region: str) -> None:
        ctx = self.context(region)
        for collector in self.collectors():
            collector.collect(ctx)
        self._drain(ctx)
        self.progress.region_finished(
            region, self.api.calls_by_region[region], self.api.failures_by_region[region]
        )

    def drain_region(self, region: str) -> None:
        self._drain(self.context(region))

    def _drain(self, ctx: RegionContext) -> None:
        """Describe referenced log groups and streams, round after round."""
        refs, region = self.refs, ctx.region
        while refs.has_work(region):
            if refs.claim_full_stream_listing(region):
                log.info(
                    "%s: stream references incomplete (%s): listing every stream",
                    region,
                    "; ".join(refs.incomplete(region)),
                )
                firehose.list_streams(ctx)
            groups = refs.claim_groups(region)
            if groups:
                logs.describe_log_groups(ctx, groups)
            policies = refs.claim_group_policies(region)
            if policies:
                logs.describe_group_policies(ctx, policies)
            streams = refs.claim_streams(region)
            if streams:
                firehose.describe_streams(ctx, streams)
            tagged = refs.claim_stream_tags(region)
            if tagged:
                firehose.stream_tags(ctx, tagged)

    def trail(self, trail: dict[str, Any]) -> None:
        region = home_region(trail) or DEFAULT_REGION
        describe_trail(self.context(region), trail)
        self.refs.want_bucket(trail.get("S3BucketName") or "", region)
        self.refs.want_key(trail.get("KmsKeyId") or "", region)

    def bucket(self, ref: BucketRef) -> str | None:
        return s3.describe_bucket(self.context, ref)

    def key(self, ref: KeyRef) -> None:
        kms.describe_key(self.context, ref)
