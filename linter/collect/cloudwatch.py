"""CloudWatch metric streams: ``cloudwatch.metric_stream``.

ListMetricStreams has no botocore paginator (paged here by ``NextToken``, 500 a page) and
returns neither filters nor the role, so GetMetricStream is called per stream. A stream deleted
between the two calls is dropped. Each stream's Firehose target goes into the reference book.
"""

from __future__ import annotations

from linter.collect.calls import Outcome, next_token
from linter.collect.interface import RegionContext, ResourceType

SERVICE = "cloudwatch"
PAGE_SIZE = 500
NOT_FOUND = frozenset({"ResourceNotFoundException", "ResourceNotFound"})


class MetricStreamCollector:
    service = SERVICE

    def collect(self, ctx: RegionContext) -> None:
        entries, complete = ctx.api.items(
            SERVICE,
            ctx.region,
            "ListMetricStreams",
            {"MaxResults": PAGE_SIZE},
            items_key="Entries",
            next_page=next_token("NextToken"),
            resource_type=ResourceType.METRIC_STREAM,
        )
        if not complete:
            ctx.refs.mark_incomplete(ctx.region, "metric stream listing failed")
        for entry in entries:
            name = entry["Name"]
            arn = entry.get("Arn") or ctx.arn(SERVICE, f"metric-stream/{name}")
            result = ctx.api.call(
                SERVICE,
                ctx.region,
                "GetMetricStream",
                {"Name": name},
                resource_type=ResourceType.METRIC_STREAM,
                resource_arn=arn,
                not_found=NOT_FOUND,
            )
            if result.outcome is Outcome.NOT_FOUND:
                continue
            if not result.ok:
                # The listing already names the target: the reference is still known.
                firehose = entry.get("FirehoseArn")
                if firehose:
                    ctx.refs.want_stream_arn(firehose, tags=False)
                continue
            stream = result.data
            ctx.sink.add(
                ctx.envelope(
                    ResourceType.METRIC_STREAM,
                    stream.get("Arn") or arn,
                    stream.get("Name") or name,
                    MetricStream=stream,
                )
            )
            if stream.get("FirehoseArn"):
                ctx.refs.want_stream_arn(stream["FirehoseArn"], tags=False)
