"""CloudWatch metric streams, which moto 5.2.5 does not implement.

Added operations (backend method on ``CloudWatchBackend`` + action on ``CloudWatchResponse``):
``PutMetricStream``, ``GetMetricStream``, ``ListMetricStreams``, ``DeleteMetricStream``,
``StartMetricStreams``, ``StopMetricStreams``. ``CloudWatchResponse`` parses parameters from
the model (``automated_parameter_parsing``) and serialises ``ActionResult`` objects, so these
work over every protocol botocore may pick for CloudWatch (smithy-rpc-v2-cbor by default,
JSON or query). Tags given at creation are kept in the backend's tagger, so
``ListTagsForResource`` on the stream ARN works.

Validation (error codes as boto3 reports them for CloudWatch's query-compatible errors):

* ``MissingParameter``: ``Name``, ``FirehoseArn``, ``RoleArn`` or ``OutputFormat`` missing
  (botocore also checks this client-side unless ``parameter_validation`` is off);
* ``InvalidParameterValue``: a bad name, output format, ARN, a Firehose stream that does not
  exist in the same account and Region, a non-percentile extra statistic on an OpenTelemetry
  stream, too many tags or filter names, ``MaxResults`` outside 1..500, unknown names given
  to ``Start/StopMetricStreams``;
* ``InvalidParameterCombination``: ``IncludeFilters`` and ``ExcludeFilters`` together;
* ``ResourceNotFoundException``: ``GetMetricStream`` of an unknown stream;
* ``InvalidNextToken``: a ``NextToken`` this backend did not issue.

A new stream starts ``running``; an update keeps the state, the creation date and the tags.
``DeleteMetricStream`` of an unknown name succeeds, as AWS documents no error for it.
"""

from __future__ import annotations

import base64
import binascii
import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.cloudwatch.exceptions import (
    CloudWatchException,
    InvalidParameterCombination,
    InvalidParameterValue,
    ResourceNotFoundException,
)
from moto.cloudwatch.models import CloudWatchBackend
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow

from ._graft import extension_state, graft

OUTPUT_FORMATS = ("json", "opentelemetry0.7", "opentelemetry1.0")
RUNNING, STOPPED = "running", "stopped"
MAX_FILTER_NAMES = 1000
MAX_TAGS = 50
MAX_STATISTICS_CONFIGURATIONS = 100
MAX_ADDITIONAL_STATISTICS = 20
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_FIREHOSE_ARN = re.compile(
    r"^arn:(?P<partition>[\w-]+):firehose:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"deliverystream/(?P<name>[a-zA-Z0-9._-]+)$"
)
_ROLE_ARN = re.compile(r"^arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):role/.+$")
_PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d+)?|100)$")


class MissingParameter(CloudWatchException):
    code = "MissingParameter"


class InvalidNextToken(CloudWatchException):
    code = "InvalidNextToken"


@dataclass
class MetricStream:
    name: str
    arn: str
    firehose_arn: str
    role_arn: str
    output_format: str
    include_filters: list[dict[str, Any]]
    exclude_filters: list[dict[str, Any]]
    statistics_configurations: list[dict[str, Any]]
    include_linked_accounts_metrics: bool
    state: str = RUNNING
    creation_date: datetime = field(default_factory=utcnow)
    last_update_date: datetime = field(default_factory=utcnow)

    def describe(self) -> dict[str, Any]:
        """The ``GetMetricStream`` output."""
        return {
            "Arn": self.arn,
            "Name": self.name,
            "IncludeFilters": copy.deepcopy(self.include_filters),
            "ExcludeFilters": copy.deepcopy(self.exclude_filters),
            "FirehoseArn": self.firehose_arn,
            "RoleArn": self.role_arn,
            "State": self.state,
            "CreationDate": self.creation_date,
            "LastUpdateDate": self.last_update_date,
            "OutputFormat": self.output_format,
            "StatisticsConfigurations": copy.deepcopy(self.statistics_configurations),
            "IncludeLinkedAccountsMetrics": self.include_linked_accounts_metrics,
        }

    def entry(self) -> dict[str, Any]:
        """The ``ListMetricStreams`` entry (no filters, no role: as in AWS)."""
        return {
            "Arn": self.arn,
            "CreationDate": self.creation_date,
            "LastUpdateDate": self.last_update_date,
            "Name": self.name,
            "FirehoseArn": self.firehose_arn,
            "State": self.state,
            "OutputFormat": self.output_format,
        }


@dataclass
class MetricStreamState:
    streams: dict[str, MetricStream] = field(default_factory=dict)


def state(backend: CloudWatchBackend) -> MetricStreamState:
    return extension_state(backend, "metric_streams", MetricStreamState)


def _require(name: str, value: Any) -> None:
    if value is None or value == "":
        raise MissingParameter(f"The parameter {name} is required.")


def _validate_name(name: str) -> None:
    if not _NAME.match(name):
        raise InvalidParameterValue(
            f"Invalid metric stream name '{name}': use 1 to 255 of A-Z, a-z, 0-9, '-' and '_'."
        )


def _validate_filters(include: list[dict[str, Any]], exclude: list[dict[str, Any]]) -> None:
    if include and exclude:
        raise InvalidParameterCombination(
            "You cannot include IncludeFilters and ExcludeFilters in the same operation."
        )
    total = 0
    for kind, filters in (("IncludeFilters", include), ("ExcludeFilters", exclude)):
        for item in filters:
            namespace = item.get("Namespace")
            if namespace is not None and (not namespace or namespace.startswith(":")):
                raise InvalidParameterValue(f"{kind}: invalid namespace '{namespace}'.")
            total += 1 + len(item.get("MetricNames") or [])
    if total > MAX_FILTER_NAMES:
        raise InvalidParameterValue(
            f"The filters can hold at most {MAX_FILTER_NAMES} namespaces and metric names."
        )


def _validate_statistics(output_format: str, configurations: list[dict[str, Any]]) -> None:
    if len(configurations) > MAX_STATISTICS_CONFIGURATIONS:
        raise InvalidParameterValue(
            f"StatisticsConfigurations can hold at most {MAX_STATISTICS_CONFIGURATIONS} members."
        )
    for configuration in configurations:
        statistics = configuration.get("AdditionalStatistics") or []
        if len(statistics) > MAX_ADDITIONAL_STATISTICS:
            raise InvalidParameterValue(
                f"AdditionalStatistics can hold at most {MAX_ADDITIONAL_STATISTICS} statistics."
            )
        if output_format.startswith("opentelemetry"):
            for statistic in statistics:
                if not _PERCENTILE.match(statistic):
                    raise InvalidParameterValue(
                        f"The {output_format} output format supports only percentile "
                        f"statistics (p??); '{statistic}' is not one."
                    )


def _validate_destination(backend: CloudWatchBackend, firehose_arn: str, role_arn: str) -> None:
    match = _FIREHOSE_ARN.match(firehose_arn)
    if not match:
        raise InvalidParameterValue(f"FirehoseArn '{firehose_arn}' is not a Firehose stream ARN.")
    if match["account"] != backend.account_id or match["region"] != backend.region_name:
        raise InvalidParameterValue(
            "The Firehose stream must be in the same account and Region as the metric stream."
        )
    from moto.firehose.models import firehose_backends

    streams = firehose_backends[backend.account_id][backend.region_name].delivery_streams
    if match["name"] not in streams:
        raise InvalidParameterValue(f"Firehose stream '{match['name']}' does not exist.")
    role = _ROLE_ARN.match(role_arn)
    if not role:
        raise InvalidParameterValue(f"RoleArn '{role_arn}' is not an IAM role ARN.")
    if role["account"] != backend.account_id:
        raise InvalidParameterValue("The role must be in the same account as the metric stream.")


def put_metric_stream(
    self: CloudWatchBackend,
    name: str,
    firehose_arn: str,
    role_arn: str,
    output_format: str,
    include_filters: list[dict[str, Any]] | None = None,
    exclude_filters: list[dict[str, Any]] | None = None,
    statistics_configurations: list[dict[str, Any]] | None = None,
    include_linked_accounts_metrics: bool = False,
    tags: list[dict[str, str]] | None = None,
) -> MetricStream:
    """Backend method: create a stream (``running``) or update one (state unchanged)."""
    for param, value in (
        ("Name", name),
        ("FirehoseArn", firehose_arn),
        ("RoleArn", role_arn),
        ("OutputFormat", output_format),
    ):
        _require(param, value)
    _validate_name(name)
    if output_format not in OUTPUT_FORMATS:
        raise InvalidParameterValue(
            f"Invalid OutputFormat '{output_format}'. Valid values: {', '.join(OUTPUT_FORMATS)}."
        )
    include, exclude = list(include_filters or []), list(exclude_filters or [])
    _validate_filters(include, exclude)
    statistics = list(statistics_configurations or [])
    _validate_statistics(output_format, statistics)
    _validate_destination(self, firehose_arn, role_arn)
    if tags and len(tags) > MAX_TAGS:
        raise InvalidParameterValue(f"A metric stream can have at most {MAX_TAGS} tags.")

    streams = state(self).streams
    existing = streams.get(name)
    stream = MetricStream(
        name=name,
        arn=f"arn:{self.partition}:cloudwatch:{self.region_name}:{self.account_id}:"
        f"metric-stream/{name}",
        firehose_arn=firehose_arn,
        role_arn=role_arn,
        output_format=output_format,
        include_filters=copy.deepcopy(include),
        exclude_filters=copy.deepcopy(exclude),
        statistics_configurations=copy.deepcopy(statistics),
        include_linked_accounts_metrics=bool(include_linked_accounts_metrics),
    )
    if existing is not None:
        stream.state = existing.state
        stream.creation_date = existing.creation_date
    elif tags:
        self.tagger.tag_resource(stream.arn, tags)
    streams[name] = stream
    return stream


def get_metric_stream(self: CloudWatchBackend, name: str) -> MetricStream:
    """Backend method."""
    _require("Name", name)
    stream = state(self).streams.get(name)
    if stream is None:
        raise ResourceNotFoundException(f"Metric stream {name} does not exist.")
    return stream


def list_metric_streams(
    self: CloudWatchBackend, next_token: str | None = None, max_results: int | None = None
) -> tuple[list[MetricStream], str | None]:
    """Backend method: streams sorted by name, paginated."""
    limit = DEFAULT_PAGE_SIZE if max_results is None else int(max_results)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidParameterValue(f"MaxResults must be between 1 and {MAX_PAGE_SIZE}.")
    ordered = sorted(state(self).streams.values(), key=lambda s: s.name)
    start = 0
    if next_token:
        start_name = _decode_token(next_token)
        start = next((i for i, s in enumerate(ordered) if s.name >= start_name), len(ordered))
    page = ordered[start : start + limit]
    following = ordered[start + limit : start + limit + 1]
    token = _encode_token(following[0].name) if following else None
    return page, token


def _encode_token(name: str) -> str:
    return base64.urlsafe_b64encode(f"metric-stream:{name}".encode()).decode()


def _decode_token(token: str) -> str:
    try:
        decoded = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if not decoded.startswith("metric-stream:"):
        raise InvalidNextToken("The NextToken is not valid.")
    return decoded.removeprefix("metric-stream:")


def delete_metric_stream(self: CloudWatchBackend, name: str) -> None:
    """Backend method: deleting an unknown stream is not an error."""
    _require("Name", name)
    stream = state(self).streams.pop(name, None)
    if stream is not None:
        self.tagger.delete_all_tags_for_resource(stream.arn)


def _set_state(backend: CloudWatchBackend, names: list[str], new_state: str) -> None:
    if not names:
        raise MissingParameter("The parameter Names is required.")
    streams = state(backend).streams
    unknown = [name for name in names if name not in streams]
    if unknown:
        raise InvalidParameterValue(f"Metric streams do not exist: {', '.join(unknown)}.")
    now = utcnow()
    for name in names:
        if streams[name].state != new_state:
            streams[name].state = new_state
            streams[name].last_update_date = now


def start_metric_streams(self: CloudWatchBackend, names: list[str]) -> None:
    """Backend method."""
    _set_state(self, names, RUNNING)


def stop_metric_streams(self: CloudWatchBackend, names: list[str]) -> None:
    """Backend method."""
    _set_state(self, names, STOPPED)


# ---------------------------------------------------------------- response actions


def _put_metric_stream_action(self: CloudWatchResponse) -> ActionResult:
    stream = put_metric_stream(
        self.cloudwatch_backend,
        name=self._get_param("Name"),
        firehose_arn=self._get_param("FirehoseArn"),
        role_arn=self._get_param("RoleArn"),
        output_format=self._get_param("OutputFormat"),
        include_filters=self._get_param("IncludeFilters", []),
        exclude_filters=self._get_param("ExcludeFilters", []),
        statistics_configurations=self._get_param("StatisticsConfigurations", []),
        include_linked_accounts_metrics=bool(self._get_param("IncludeLinkedAccountsMetrics")),
        tags=self._get_param("Tags", []),
    )
    return ActionResult({"Arn": stream.arn})


def _get_metric_stream_action(self: CloudWatchResponse) -> ActionResult:
    stream = get_metric_stream(self.cloudwatch_backend, self._get_param("Name"))
    return ActionResult(stream.describe())


def _list_metric_streams_action(self: CloudWatchResponse) -> ActionResult:
    streams, token = list_metric_streams(
        self.cloudwatch_backend,
        next_token=self._get_param("NextToken"),
        max_results=self._get_param("MaxResults"),
    )
    result: dict[str, Any] = {"Entries": [s.entry() for s in streams]}
    if token:
        result["NextToken"] = token
    return ActionResult(result)


def _delete_metric_stream_action(self: CloudWatchResponse) -> ActionResult:
    delete_metric_stream(self.cloudwatch_backend, self._get_param("Name"))
    return EmptyResult()


def _start_metric_streams_action(self: CloudWatchResponse) -> ActionResult:
    start_metric_streams(self.cloudwatch_backend, self._get_param("Names", []))
    return EmptyResult()


def _stop_metric_streams_action(self: CloudWatchResponse) -> ActionResult:
    stop_metric_streams(self.cloudwatch_backend, self._get_param("Names", []))
    return EmptyResult()


def install() -> None:
    graft(
        CloudWatchBackend,
        {
            "put_metric_stream": put_metric_stream,
            "get_metric_stream": get_metric_stream,
            "list_metric_streams": list_metric_streams,
            "delete_metric_stream": delete_metric_stream,
            "start_metric_streams": start_metric_streams,
            "stop_metric_streams": stop_metric_streams,
        },
    )
    graft(
        CloudWatchResponse,
        {
            "put_metric_stream": _put_metric_stream_action,
            "get_metric_stream": _get_metric_stream_action,
            "list_metric_streams": _list_metric_streams_action,
            "delete_metric_stream": _delete_metric_stream_action,
            "start_metric_streams": _start_metric_streams_action,
            "stop_metric_streams": _stop_metric_streams_action,
        },
    )
