"""Facts about Firehose delivery streams: the HTTP endpoint they deliver to, the role they play
in a Cognito pipeline, and log-recursion loops (domain-facts §3, §6.2, §6.3, §7.12-§7.15)."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

from linter.facts._common import (
    BOOLEAN,
    NULLABLE_STRING,
    STRING,
    arn_parts,
    enum,
    list_of,
    log_group_arn,
    obj,
    snapshot_def,
)
from linter.facts.indexes import feeds, pool_targets
from linter.facts.logs import forwarders
from linter.facts.registry import FactContext, FactUnknown, fact
from linter.snapshot.index import Resource, normalize_arn

FIREHOSE = "firehose.delivery_stream"
LOG_GROUP = "logs.log_group"

SUMO_HOST_SUFFIXES = (".sumologic.com", ".sumologic.net")
_SUMO_PATH = re.compile(r"^/receiver/v1/kinesis/(log|metric)/([^/]+)/?$")
_REDACTED = re.compile(r"^redacted-[0-9a-f]{6,64}$")

ENDPOINT = obj(
    https=BOOLEAN,
    host=STRING,
    provider=enum("sumologic", "other"),
    kind=enum("log", "metric", "unknown"),
    token_hash=NULLABLE_STRING,
)
ROLE = enum("cognito_target", "log_forwarder", "metric_stream")


def _description(ctx: FactContext, stream: Resource) -> dict[str, Any] | None:
    desc = ctx.body(stream, "DeliveryStreamDescription")
    return desc if isinstance(desc, dict) else None


def _destinations(desc: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in desc.get("Destinations") or [] if isinstance(d, dict)]


def http_destination_of(desc: dict[str, Any]) -> dict[str, Any] | None:
    for dest in _destinations(desc):
        http = dest.get("HttpEndpointDestinationDescription")
        if isinstance(http, dict):
            return http
    return None


@fact(
    "http_destination",
    resource_types=FIREHOSE,
    returns=snapshot_def("firehose.HttpEndpointDestinationDescription"),
)
def http_destination(ctx: FactContext, stream: Resource) -> dict[str, Any] | None:
    """The stream's HTTP endpoint destination
    (``DeliveryStreamDescription.Destinations[].HttpEndpointDestinationDescription``, the first
    one; domain-facts §3.1), so rules can write ``{fact: http_destination, path:
    RetryOptions.DurationInSeconds, gte: 60}``. Missing when the stream has no HTTP endpoint
    destination; unknown when ``DescribeDeliveryStream`` failed."""
    desc = _description(ctx, stream)
    return http_destination_of(desc) if desc else None


def _token_hash(token: str) -> str:
    if _REDACTED.match(token):
        return token
    # Not redacted (a hand-written snapshot): hash it the way the collector does, never echo it.
    return "redacted-" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def parse_endpoint(url: str) -> dict[str, Any]:
    """The parts of an HTTP endpoint URL that rules compare (see ``endpoint``)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return {"https": False, "host": "", "provider": "other", "kind": "unknown",
                "token_hash": None}
    provider = "sumologic" if host.endswith(SUMO_HOST_SUFFIXES) else "other"
    kind = "unknown"
    token_hash = None
    m = _SUMO_PATH.match(parts.path)
    if provider == "sumologic" and m and not parts.query:
        kind = m.group(1)
        token_hash = _token_hash(m.group(2))
    else:
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        rest = parts.path.strip("/") + (f"?{parts.query}" if parts.query else "")
        if _REDACTED.match(last) and not parts.query:
            token_hash = last  # the collector's redaction of the path (or of its last segment)
        elif rest:
            token_hash = _token_hash(rest)
    return {
        "https": parts.scheme.lower() == "https",
        "host": host,
        "provider": provider,
        "kind": kind,
        "token_hash": token_hash,
    }


@fact("endpoint", resource_types=FIREHOSE, returns=ENDPOINT)
def endpoint(ctx: FactContext, stream: Resource) -> dict[str, Any] | None:
    """What the stream's HTTP endpoint destination is, read from
    ``HttpEndpointDestinationDescription.EndpointConfiguration.Url`` (already redacted in the
    snapshot; domain-facts §3.2, §7.12, §7.13):

    ``{https, host, provider: sumologic|other, kind: log|metric|unknown, token_hash}``.

    - ``provider`` is ``sumologic`` when the host ends in ``.sumologic.com`` or
      ``.sumologic.net``;
    - ``kind`` is ``log`` / ``metric`` when, on a Sumo Logic host, the path is
      ``/receiver/v1/kinesis/{log|metric}/<token>`` (the Kinesis Firehose for Logs / Metrics
      sources), else ``unknown`` (e.g. an HTTP source ``/receiver/v1/http/...``);
    - ``token_hash`` is the redacted token (``redacted-<hex>``) so two streams can be compared
      without the secret; a token that was not redacted is hashed, never returned.

    Missing when the stream has no HTTP endpoint destination; unknown when
    ``DescribeDeliveryStream`` failed."""
    desc = _description(ctx, stream)
    http = http_destination_of(desc) if desc else None
    if http is None:
        return None
    url = (http.get("EndpointConfiguration") or {}).get("Url") or ""
    return parse_endpoint(url)


@fact("pipeline_roles", resource_types=FIREHOSE, returns=list_of(ROLE))
def pipeline_roles(ctx: FactContext, stream: Resource) -> list[str]:
    """The roles the stream plays in a Cognito telemetry pipeline, sorted
    (domain-facts §1.2, §4.1, §2.1):

    - ``cognito_target``: a user pool's log configuration sends to it directly
      (``FirehoseConfiguration.StreamArn``, userAuthEvents);
    - ``log_forwarder``: it is the destination of a forwarder (subscription filter or account
      subscription policy) of a log group some user pool sends logs to;
    - ``metric_stream``: it is the ``FirehoseArn`` of a metric stream.

    ``[]`` for a stream outside every pipeline (rules about pipeline streams are then not
    applicable). Unknown when the stream has no known role and something in its Region that
    could give it one was not collected (a pool's log configuration, a log group's forwarders,
    the metric streams)."""
    arn = normalize_arn(stream["arn"])
    targets = pool_targets(ctx)
    fd = feeds(ctx)
    roles = []
    if targets.by_firehose.get(arn):
        roles.append("cognito_target")
    if fd.forwarded_from.get(arn):
        roles.append("log_forwarder")
    if fd.metric_streams.get(arn):
        roles.append("metric_stream")
    if not roles:
        reasons = fd.unknown_in(stream["region"])
        if reasons:
            raise FactUnknown(tuple(reasons))
    return roles


def error_log_groups(desc: dict[str, Any]) -> list[str]:
    """Names of the log groups the stream writes its own delivery errors to: every enabled
    ``CloudWatchLoggingOptions`` of its destinations (and their S3 backup descriptions)."""
    names: list[str] = []

    def visit(node: Any, depth: int) -> None:
        if not isinstance(node, dict) or depth > 3:
            return
        opts = node.get("CloudWatchLoggingOptions")
        if isinstance(opts, dict) and opts.get("Enabled") and opts.get("LogGroupName"):
            names.append(opts["LogGroupName"])
        for key, value in node.items():
            if key.endswith("Description") and isinstance(value, dict):
                visit(value, depth + 1)

    for dest in _destinations(desc):
        visit(dest, 0)
    return sorted(set(names))


@fact("recursion_loop", resource_types=FIREHOSE, returns=BOOLEAN)
def recursion_loop(ctx: FactContext, stream: Resource) -> bool | None:
    """Whether the stream's own delivery-error log group (``CloudWatchLoggingOptions`` of its
    destinations) is forwarded back into the same stream, by a subscription filter or the
    Region's account subscription policy (see ``forwarders``). Persistent delivery errors then
    feed themselves; Sumo Logic's own logs template does exactly this (domain-facts §4.1, §6.3,
    §7.15).

    An error log group that is not in the snapshot is checked against the account subscription
    policy only (its own subscription filters were not collected). Unknown when no loop is found
    and the forwarders of one of the error log groups could not be collected; missing when
    ``DeliveryStreamDescription`` is absent."""
    desc = _description(ctx, stream)
    if desc is None:
        return None
    arn = normalize_arn(stream["arn"])
    parts = arn_parts(arn)
    if parts is None:
        return None
    partition, _, region, account, _ = parts
    reasons: list[str] = []
    for name in error_log_groups(desc):
        group_arn = log_group_arn(partition, region, account, name)
        group = ctx.index.get(group_arn)
        if group is None or group.get("type") != LOG_GROUP:
            group = {"type": LOG_GROUP, "arn": group_arn, "region": region, "account_id": account,
                     "name": name, "LogGroup": {"logGroupName": name}, "SubscriptionFilters": []}
        try:
            fwds = forwarders(ctx, group)
        except FactUnknown as exc:
            reasons.extend(exc.reasons)
            continue
        if any(normalize_arn(f["destination_arn"]) == arn for f in fwds):
            return True
    if reasons:
        raise FactUnknown(tuple(reasons))
    return False
