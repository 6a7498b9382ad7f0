"""Facts about CloudWatch metric streams: which namespaces and metrics a stream sends
(domain-facts §2.2, §7.9, §7.10)."""

from __future__ import annotations

from typing import Any

from linter.facts._common import BOOLEAN, STRING, STRING_LIST
from linter.facts.registry import FactContext, fact
from linter.snapshot.index import Resource

METRIC_STREAM = "cloudwatch.metric_stream"


def _filters(body: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [f for f in body.get(key) or [] if isinstance(f, dict)]


def _matches(f: dict[str, Any], namespace: str, metric: str | None, *, include: bool) -> bool:
    """Whether filter ``f`` selects (``metric`` of) ``namespace``.

    A filter without ``MetricNames`` selects the whole namespace. With ``MetricNames``, an
    include filter selects those metrics (for ``metric=None``: some of the namespace, so it
    matches), an exclude filter drops only those (for ``metric=None``: the rest of the namespace
    is still sent, so it does not match). A filter without ``Namespace`` (the model does not
    require one) selects nothing [unverified]."""
    if f.get("Namespace") != namespace:
        return False
    names = f.get("MetricNames") or []
    if not names:
        return True
    if metric is None:
        return include
    return metric in names


def sends(body: dict[str, Any], namespace: str, metric: str | None = None) -> bool:
    includes = _filters(body, "IncludeFilters")
    excludes = _filters(body, "ExcludeFilters")
    if includes and not any(_matches(f, namespace, metric, include=True) for f in includes):
        return False
    return not any(_matches(f, namespace, metric, include=False) for f in excludes)


@fact(
    "metric_stream_sends",
    resource_types=METRIC_STREAM,
    args={"namespace": STRING},
    optional_args={"metric": STRING},
    returns=BOOLEAN,
)
def metric_stream_sends(
    ctx: FactContext, stream: Resource, namespace: str, metric: str | None = None
) -> bool | None:
    """Whether the stream's filters let ``metric`` of ``namespace`` through (``GetMetricStream``
    ``IncludeFilters``/``ExcludeFilters``, domain-facts §2.2):

    - no filters: every namespace and metric is sent;
    - ``IncludeFilters``: only the listed namespaces; a filter with ``MetricNames`` only those
      metrics of its namespace;
    - ``ExcludeFilters``: everything except the listed namespaces; a filter with ``MetricNames``
      drops only those metrics, not the namespace.

    Without ``metric``: whether *some* metric of the namespace is sent (an include filter with
    MetricNames counts, an exclude filter with MetricNames does not remove the namespace).
    The stream's ``State`` is not considered (rules check ``MetricStream.State`` themselves).
    Missing when ``MetricStream`` is absent; unknown when ``GetMetricStream`` failed."""
    body = ctx.body(stream, "MetricStream")
    if not isinstance(body, dict):
        return None
    return sends(body, namespace, metric)


@fact(
    "metric_stream_missing_metrics",
    resource_types=METRIC_STREAM,
    args={"namespace": STRING, "metrics": STRING_LIST},
    returns=STRING_LIST,
)
def metric_stream_missing_metrics(
    ctx: FactContext, stream: Resource, namespace: str, metrics: list[str]
) -> list[str] | None:
    """The metrics of ``metrics`` (in ``namespace``) that the stream's filters do **not** send,
    sorted; ``[]`` when all are sent. Same filter semantics as ``metric_stream_sends``
    (domain-facts §2.2). For "every core metric is streamed": ``empty: true``.
    Missing when ``MetricStream`` is absent; unknown when ``GetMetricStream`` failed."""
    body = ctx.body(stream, "MetricStream")
    if not isinstance(body, dict):
        return None
    return sorted({m for m in metrics if not sends(body, namespace, m)})
