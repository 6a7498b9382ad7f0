"""Metric-stream facts: include/exclude/MetricNames semantics (domain-facts §2.2, §7.9)."""

from __future__ import annotations

import pytest

from linter.facts import FACTS, FactUnknown

COG = "AWS/Cognito"


def sends(snap, namespace=COG, metric=None, **filters):
    stream = snap.metric_stream("s", **filters)
    args = {"namespace": namespace} if metric is None else {"namespace": namespace,
                                                            "metric": metric}
    return FACTS["metric_stream_sends"].fn(snap.ctx(), stream, **args)


@pytest.mark.parametrize(("filters", "namespace", "metric", "expected"), [
    ({}, COG, None, True),
    ({}, "AWS/Usage", "CallCount", True),
    ({"IncludeFilters": [], "ExcludeFilters": []}, COG, "SignInSuccesses", True),
    ({"IncludeFilters": [{"Namespace": COG}]}, COG, None, True),
    ({"IncludeFilters": [{"Namespace": COG}]}, COG, "SignInSuccesses", True),
    ({"IncludeFilters": [{"Namespace": COG}]}, "AWS/Usage", None, False),
    ({"IncludeFilters": [{"Namespace": COG, "MetricNames": ["SignInSuccesses"]}]},
     COG, "SignInSuccesses", True),
    ({"IncludeFilters": [{"Namespace": COG, "MetricNames": ["SignInSuccesses"]}]},
     COG, "SignUpSuccesses", False),
    ({"IncludeFilters": [{"Namespace": COG, "MetricNames": ["SignInSuccesses"]}]},
     COG, None, True),
    ({"IncludeFilters": [{"Namespace": "AWS/EC2"}, {"Namespace": COG}]}, COG, None, True),
    ({"ExcludeFilters": [{"Namespace": COG}]}, COG, None, False),
    ({"ExcludeFilters": [{"Namespace": COG}]}, COG, "SignInSuccesses", False),
    ({"ExcludeFilters": [{"Namespace": COG}]}, "AWS/Usage", "CallCount", True),
    ({"ExcludeFilters": [{"Namespace": COG, "MetricNames": ["SignInThrottles"]}]},
     COG, None, True),
    ({"ExcludeFilters": [{"Namespace": COG, "MetricNames": ["SignInThrottles"]}]},
     COG, "SignInThrottles", False),
    ({"ExcludeFilters": [{"Namespace": COG, "MetricNames": ["SignInThrottles"]}]},
     COG, "SignInSuccesses", True),
    ({"IncludeFilters": [{"MetricNames": ["SignInSuccesses"]}]}, COG, None, False),
])
def test_filter_semantics(snap, filters, namespace, metric, expected):
    assert sends(snap, namespace, metric, **filters) is expected


def test_missing_metrics(snap):
    stream = snap.metric_stream("s", IncludeFilters=[
        {"Namespace": COG, "MetricNames": ["SignInSuccesses", "SignUpSuccesses"]}])
    fn = FACTS["metric_stream_missing_metrics"].fn
    ctx = snap.ctx()
    got = fn(ctx, stream, namespace=COG,
             metrics=["TokenRefreshSuccesses", "SignInSuccesses", "FederationThrottles"])
    assert got == ["FederationThrottles", "TokenRefreshSuccesses"]
    assert fn(ctx, stream, namespace=COG, metrics=["SignInSuccesses"]) == []


def test_unknown_when_get_metric_stream_failed(snap):
    arn = "arn:aws:cloudwatch:us-east-1:111122223333:metric-stream/s"
    stream = snap.add("cloudwatch.metric_stream", arn, "s")
    snap.error(operation="GetMetricStream", resource_arn=arn, field="MetricStream")
    with pytest.raises(FactUnknown):
        FACTS["metric_stream_sends"].fn(snap.ctx(), stream, namespace=COG)
