"""Amazon Data Firehose: ``firehose.delivery_stream``.

Referenced streams only: DescribeDeliveryStream per stream the reference book names (a
subscription filter, the account subscription policy, a metric stream, a user pool's
``userAuthEvents`` target). A referenced stream that does not exist answers ResourceNotFound and
is simply absent (the rules then see a dangling reference — a failure, not an error).
A described stream's delivery-error log group and its backup bucket become references in
turn. ListTagsForDeliveryStream only for streams Cognito delivers to directly (the
``LogDeliveryEnabled`` tag; the API allows 5 calls/s per account).

When a Region's references are incomplete (see :mod:`linter.collect.refs`), :func:`list_streams`
names every stream of the Region (ListDeliveryStreams, paged by hand: botocore has no
paginator) so none is silently missing.

Endpoint URLs are redacted before the description is recorded (:mod:`linter.redact`).
"""

from __future__ import annotations

from typing import Any

from linter.collect.calls import start_after
from linter.collect.interface import RegionContext, ResourceType
from linter.collect.s3 import backup_bucket_arns

SERVICE = "firehose"
NOT_FOUND = frozenset({"ResourceNotFoundException"})
LIST_LIMIT = 10000
TAG_LIMIT = 50


def error_log_groups(description: dict[str, Any]) -> set[str]:
    """Log groups the stream writes its own delivery errors to (enabled logging only)."""
    out: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            options = node.get("CloudWatchLoggingOptions")
            if isinstance(options, dict) and options.get("Enabled") and options.get("LogGroupName"):
                out.add(options["LogGroupName"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(description.get("Destinations") or [])
    return out


def list_streams(ctx: RegionContext) -> None:
    names, _ = ctx.api.items(
        SERVICE,
        ctx.region,
        "ListDeliveryStreams",
        {"Limit": LIST_LIMIT},
        items_key="DeliveryStreamNames",
        next_page=start_after(
            "HasMoreDeliveryStreams",
            "ExclusiveStartDeliveryStreamName",
            lambda r: (r.get("DeliveryStreamNames") or [None])[-1],
        ),
        resource_type=ResourceType.DELIVERY_STREAM,
    )
    for name in names:
        ctx.refs.want_stream(ctx.region, name, tags=False)


def describe_streams(ctx: RegionContext, names: list[str]) -> None:
    for name in names:
        _describe(ctx, name)


def _describe(ctx: RegionContext, name: str) -> None:
    arn = ctx.arn(SERVICE, f"deliverystream/{name}")
    params: dict[str, Any] = {"DeliveryStreamName": name}
    description: dict[str, Any] | None = None
    while True:
        result = ctx.api.call(
            SERVICE,
            ctx.region,
            "DescribeDeliveryStream",
            params,
            resource_type=ResourceType.DELIVERY_STREAM,
            resource_arn=arn,
            not_found=NOT_FOUND,
        )
        if not result.ok:  # not found (nothing recorded) or failed (an error entry)
            ctx.refs.stream_found(ctx.region, name, False)
            return
        page = result.data.get("DeliveryStreamDescription") or {}
        if description is None:
            description = page
        else:
            description.setdefault("Destinations", []).extend(page.get("Destinations") or [])
        destinations = page.get("Destinations") or []
        if not page.get("HasMoreDestinations") or not destinations:
            break
        params = {**params, "ExclusiveStartDestinationId": destinations[-1]["DestinationId"]}
        description["HasMoreDestinations"] = False  # every page is merged in
    ctx.redactor.redact_delivery_stream(description)
    arn = description.get("DeliveryStreamARN") or arn
    ctx.sink.add(
        ctx.envelope(
            ResourceType.DELIVERY_STREAM,
            arn,
            description.get("DeliveryStreamName") or name,
            DeliveryStreamDescription=description,
        )
    )
    ctx.refs.stream_found(ctx.region, name, True)
    for group in sorted(error_log_groups(description)):
        ctx.refs.want_log_group(ctx.region, group, policy=False)
    for bucket in backup_bucket_arns(description):
        ctx.refs.want_bucket_arn(bucket, ctx.region)


def stream_tags(ctx: RegionContext, names: list[str]) -> None:
    for name in names:
        record_arn = ctx.arn(SERVICE, f"deliverystream/{name}")
        tags, complete = ctx.api.items(
            SERVICE,
            ctx.region,
            "ListTagsForDeliveryStream",
            {"DeliveryStreamName": name, "Limit": TAG_LIMIT},
            items_key="Tags",
            next_page=start_after(
                "HasMoreTags",
                "ExclusiveStartTagKey",
                lambda r: ((r.get("Tags") or [{}])[-1]).get("Key"),
            ),
            resource_type=ResourceType.DELIVERY_STREAM,
            resource_arn=record_arn,
            field="Tags",
        )
        if complete and ctx.sink.get(ResourceType.DELIVERY_STREAM, record_arn) is not None:
            ctx.sink.update(ResourceType.DELIVERY_STREAM, record_arn, Tags=tags)
