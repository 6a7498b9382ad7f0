"""The reference book: which log groups and Firehose streams the account's pipelines point at.

Only referenced log groups and streams are described (architecture: "no more API calls than
the data requires"). References come from:

- user pools' log delivery configuration (CloudWatch Logs target → log group, with its
  RESOURCE-scope resource policy; Firehose target → stream, with its tags);
- subscription filters and the account-level subscription filter policy (→ stream);
- metric streams (→ stream);
- a described Firehose stream's own CloudWatch error logging (→ log group, for the
  log-recursion check) — so resolution runs in rounds until nothing new appears;
- a described Firehose stream's backup bucket and a trail's bucket (→ S3 bucket), a trail's
  KMS key (→ key). These are read once, after every Region and trail (nothing they hold
  references anything further).

A Region's stream references are *incomplete* when a call that could have produced one failed
(a pool's log delivery configuration, a subscription filter listing, the account policy, the
metric stream listing, …). Then the collector lists every stream in that Region instead, so
that a stream behind the failed call is not silently missing. References in another account
are not followed (they cannot be read with this account's credentials). Buckets and keys are
the exception: an S3 ARN names no account, and an organization trail's bucket and key usually
live in another account; they are asked for anyway, and a refusal is an ``errors`` entry.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArnParts:
    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_arn(arn: str) -> ArnParts | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return ArnParts(parts[1], parts[2], parts[3], parts[4], parts[5])


def log_group_name(arn: str) -> ArnParts | None:
    """``arn:…:logs:<r>:<a>:log-group:<name>[:*]`` → parts with ``resource`` = the name."""
    parts = parse_arn(arn)
    if parts is None or parts.service != "logs" or not parts.resource.startswith("log-group:"):
        return None
    name = parts.resource[len("log-group:") :]
    if name.endswith(":*"):
        name = name[:-2]
    return ArnParts(parts.partition, parts.service, parts.region, parts.account, name)


def stream_name(arn: str) -> ArnParts | None:
    """``arn:…:firehose:<r>:<a>:deliverystream/<name>`` → parts with ``resource`` = the name."""
    parts = parse_arn(arn)
    if (
        parts is None
        or parts.service != "firehose"
        or not parts.resource.startswith("deliverystream/")
    ):
        return None
    return ArnParts(
        parts.partition,
        parts.service,
        parts.region,
        parts.account,
        parts.resource[len("deliverystream/") :],
    )


@dataclass
class _Group:
    want_policy: bool = False
    described: bool = False
    arn: str | None = None
    policy_done: bool = False


@dataclass
class _Stream:
    want_tags: bool = False
    described: bool = False
    exists: bool = False
    tags_done: bool = False


@dataclass
class _Region:
    groups: dict[str, _Group] = field(default_factory=dict)
    streams: dict[str, _Stream] = field(default_factory=dict)
    incomplete: list[str] = field(default_factory=list)
    listed_all_streams: bool = False


def bucket_name(arn: str) -> str | None:
    """``arn:<p>:s3:::<bucket>`` → the bucket name (None for object ARNs and other services)."""
    parts = parse_arn(arn)
    if parts is None or parts.service != "s3" or not parts.resource or "/" in parts.resource:
        return None
    return parts.resource


@dataclass(frozen=True)
class BucketRef:
    name: str
    region: str
    """Where GetBucketLocation is asked: the Region of a resource that points at the bucket
    (the first in alphabetical order, so that every run asks in the same Region)."""


@dataclass(frozen=True)
class KeyRef:
    key_id: str
    """As the trail gives it (a key ARN, as AWS reports ``KmsKeyId``)."""
    region: str
    """The key ARN's Region, else the Region of the trail that named it."""


class RefBook:
    """Thread-safe. Every ``claim_*`` hands each piece of work out once."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self._lock = threading.Lock()
        self._regions: dict[str, _Region] = defaultdict(_Region)
        self._buckets: dict[str, BucketRef] = {}
        self._keys: dict[str, KeyRef] = {}
        self._claimed_buckets: set[str] = set()
        self._claimed_keys: set[str] = set()

    # -- recording references -----------------------------------------------------------
    def want_log_group_arn(self, arn: str, *, policy: bool) -> bool:
        parts = log_group_name(arn)
        if parts is None or parts.account != self.account_id or not parts.region:
            return False
        self.want_log_group(parts.region, parts.resource, policy=policy)
        return True

    def want_log_group(self, region: str, name: str, *, policy: bool) -> None:
        with self._lock:
            group = self._regions[region].groups.setdefault(name, _Group())
            group.want_policy = group.want_policy or policy

    def want_stream_arn(self, arn: str, *, tags: bool) -> bool:
        parts = stream_name(arn)
        if parts is None or parts.account != self.account_id or not parts.region:
            return False
        self.want_stream(parts.region, parts.resource, tags=tags)
        return True

    def want_stream(self, region: str, name: str, *, tags: bool) -> None:
        with self._lock:
            stream = self._regions[region].streams.setdefault(name, _Stream())
            stream.want_tags = stream.want_tags or tags

    def want_bucket(self, name: str, region: str) -> None:
        if not name:
            return
        with self._lock:
            known = self._buckets.get(name)
            if known is None or region < known.region:  # the same on every run
                self._buckets[name] = BucketRef(name, region)

    def want_bucket_arn(self, arn: str, region: str) -> bool:
        name = bucket_name(arn)
        if name is None:
            return False
        self.want_bucket(name, region)
        return True

    def want_key(self, key_id: str, region: str) -> None:
        if not key_id:
            return
        parts = parse_arn(key_id)
        where = parts.region if parts is not None and parts.region else region
        with self._lock:
            known = self._keys.get(key_id)
            if known is None or where < known.region:
                self._keys[key_id] = KeyRef(key_id, where)

    def mark_incomplete(self, region: str, why: str) -> None:
        with self._lock:
            self._regions[region].incomplete.append(why)

    # -- handing out work ---------------------------------------------------------------
    def claim_groups(self, region: str) -> list[str]:
        with self._lock:
            todo = [n for n, g in self._regions[region].groups.items() if not g.described]
            for name in todo:
                self._regions[region].groups[name].described = True
            return sorted(todo)

    def group_found(self, region: str, name: str, arn: str | None) -> None:
        with self._lock:
            self._regions[region].groups[name].arn = arn

    def claim_group_policies(self, region: str) -> list[tuple[str, str]]:
        """(name, ARN) of existing groups whose RESOURCE-scope policy is wanted and not read."""
        with self._lock:
            out = []
            for name, group in self._regions[region].groups.items():
                if group.want_policy and group.arn and not group.policy_done:
                    group.policy_done = True
                    out.append((name, group.arn))
            return sorted(out)

    def claim_streams(self, region: str) -> list[str]:
        with self._lock:
            todo = [n for n, s in self._regions[region].streams.items() if not s.described]
            for name in todo:
                self._regions[region].streams[name].described = True
            return sorted(todo)

    def stream_found(self, region: str, name: str, exists: bool) -> None:
        with self._lock:
            self._regions[region].streams[name].exists = exists

    def claim_stream_tags(self, region: str) -> list[str]:
        with self._lock:
            out = []
            for name, stream in self._regions[region].streams.items():
                if stream.want_tags and stream.exists and not stream.tags_done:
                    stream.tags_done = True
                    out.append(name)
            return sorted(out)

    def claim_full_stream_listing(self, region: str) -> bool:
        """True once, for a Region whose stream references are incomplete."""
        with self._lock:
            state = self._regions[region]
            if state.incomplete and not state.listed_all_streams:
                state.listed_all_streams = True
                return True
            return False

    def claim_buckets(self) -> list[BucketRef]:
        with self._lock:
            todo = [b for n, b in sorted(self._buckets.items()) if n not in self._claimed_buckets]
            self._claimed_buckets.update(b.name for b in todo)
            return todo

    def claim_keys(self) -> list[KeyRef]:
        with self._lock:
            todo = [k for i, k in sorted(self._keys.items()) if i not in self._claimed_keys]
            self._claimed_keys.update(k.key_id for k in todo)
            return todo

    # -- questions ----------------------------------------------------------------------
    def has_work(self, region: str) -> bool:
        with self._lock:
            state = self._regions.get(region)
            if state is None:
                return False
            return (
                any(
                    not g.described or (g.want_policy and g.arn and not g.policy_done)
                    for g in state.groups.values()
                )
                or any(
                    not s.described or (s.want_tags and s.exists and not s.tags_done)
                    for s in state.streams.values()
                )
                or bool(state.incomplete and not state.listed_all_streams)
            )

    def regions_with_work(self) -> list[str]:
        with self._lock:
            regions = list(self._regions)
        return sorted(r for r in regions if self.has_work(r))

    def incomplete(self, region: str) -> list[str]:
        with self._lock:
            return list(self._regions[region].incomplete)

    def listed_all_streams(self, region: str) -> bool:
        with self._lock:
            return self._regions[region].listed_all_streams
