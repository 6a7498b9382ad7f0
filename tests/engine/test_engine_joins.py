"""Cross-resource conditions: follow (dangling and uncollected targets, ``:*`` ARNs, lists),
resource queries (region scoping, incompleteness, memoisation), referenced_by, facts."""

from __future__ import annotations

from typing import Any

import pytest
from engine_helpers import compile_rule, evaluate, statuses
from engine_snap import ACCOUNT, error, log_group, log_group_arn, pool, snapshot, trail

from linter.engine import nodes
from linter.engine.evaluate import Runtime, evaluate_rule
from linter.model import Status
from linter.snapshot.index import SnapshotIndex


def pool_arn(pid: str, region: str = "us-east-1") -> str:
    return f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_{pid}"


FOLLOW = """\
assert:
  every:
    path: LogDeliveryConfiguration.LogConfigurations
    where:
      follow:
        path: CloudWatchLogsConfiguration.LogGroupArn
        to: logs.log_group
        where: {path: LogGroup.kmsKeyId, exists: false}
"""


def test_follow_resolves_and_checks_the_target() -> None:
    doc = snapshot([pool("A", log_group="g1"), pool("B", log_group="g2"), log_group("g1"),
                    log_group("g2", kmsKeyId="arn:aws:kms:us-east-1:111122223333:key/k")])
    res = evaluate(compile_rule(FOLLOW), doc)
    assert res[pool_arn("A")].status is Status.PASS
    b = res[pool_arn("B")]
    assert b.status is Status.FAIL
    assert b.evidence[-1].path == (
        "LogDeliveryConfiguration.LogConfigurations[0].CloudWatchLogsConfiguration.LogGroupArn"
        f" → {log_group_arn('g2')} → LogGroup.kmsKeyId")


def test_follow_accepts_the_trailing_star_form() -> None:
    conf = [{"EventSource": "userNotification", "LogLevel": "ERROR",
             "CloudWatchLogsConfiguration": {"LogGroupArn": log_group_arn("g1") + ":*"}}]
    doc = snapshot([pool("A", log_configs=conf), log_group("g1")])
    assert statuses(compile_rule(FOLLOW), doc) == {pool_arn("A"): "pass"}


def test_dangling_arn_is_false() -> None:
    doc = snapshot([pool("A", log_group="gone")])
    res = evaluate(compile_rule(FOLLOW), doc)[pool_arn("A")]
    assert res.status is Status.FAIL
    assert "dangling" in (res.evidence[-1].expected or "")


def test_dangling_arn_is_unknown_when_the_type_was_not_listed_in_that_region() -> None:
    doc = snapshot([pool("A", log_group="gone")], [error(
        "DescribeLogGroups", service="logs", resource_type="logs.log_group")])
    res = evaluate(compile_rule(FOLLOW), doc)[pool_arn("A")]
    assert res.status is Status.ERROR
    assert "logs:DescribeLogGroups in us-east-1 failed" in res.errors[0]


def test_listing_failure_in_another_region_does_not_excuse_a_dangling_arn() -> None:
    doc = snapshot([pool("A", log_group="gone")], [error(
        "DescribeLogGroups", service="logs", resource_type="logs.log_group",
        region="eu-west-1")])
    assert statuses(compile_rule(FOLLOW), doc)[pool_arn("A")] == "fail"


def test_dangling_arn_is_unknown_when_the_target_could_not_be_described() -> None:
    doc = snapshot([pool("A", log_group="g1")], [error(
        "DescribeLogGroups", service="logs", resource_type="logs.log_group",
        resource_arn=log_group_arn("g1"))])
    assert statuses(compile_rule(FOLLOW), doc) == {pool_arn("A"): "error"}


def test_dangling_arn_is_unknown_when_the_target_type_is_not_collected() -> None:
    doc = snapshot([pool("A", log_group="g1")], collected_types=["cognito.user_pool"])
    res = evaluate(compile_rule(FOLLOW), doc)[pool_arn("A")]
    assert res.status is Status.ERROR
    assert "logs.log_group is not collected by this fixture source" in res.errors


def test_follow_of_a_list_needs_every_arn_and_an_empty_list_holds() -> None:
    arns = "LogDeliveryConfiguration.LogConfigurations[].CloudWatchLogsConfiguration.LogGroupArn"
    rule = compile_rule(f"assert: {{follow: {{path: '{arns}', to: logs.log_group}}}}")
    confs = [{"EventSource": "userNotification", "LogLevel": "ERROR",
              "CloudWatchLogsConfiguration": {"LogGroupArn": log_group_arn(n)}}
             for n in ("g1", "g2")]
    doc = snapshot([pool("A", log_configs=confs), pool("B"), pool("C", log_configs=confs[:1]),
                    log_group("g1")])
    assert statuses(rule, doc) == {pool_arn("A"): "fail", pool_arn("B"): "pass",
                                   pool_arn("C"): "pass"}


def test_follow_to_a_resource_of_another_type_is_false() -> None:
    rule = compile_rule("assert: {follow: {path: arn, to: logs.log_group}}")
    assert statuses(rule, snapshot([pool("A")])) == {pool_arn("A"): "fail"}


TRAIL_QUERY = """\
assert:
  some_resource:
    type: cloudtrail.trail
    where:
      all:
        - {path: Status.IsLogging, equals: true}
        - any:
            - {path: Trail.IsMultiRegionTrail, equals: true}
            - {path: Trail.HomeRegion, equals: {resource: region}}
"""


def test_resource_query_compares_with_the_resource_under_test() -> None:
    doc = snapshot([pool("A"), pool("B", "eu-west-1"), trail("t-us"),
                    trail("t-eu-stopped", "eu-west-1", logging=False)])
    res = evaluate(compile_rule(TRAIL_QUERY), doc)
    assert res[pool_arn("A")].status is Status.PASS
    assert res[pool_arn("A")].evidence[0].observed.endswith("trail/t-us")
    assert res[pool_arn("B", "eu-west-1")].status is Status.FAIL
    assert set(res[pool_arn("B", "eu-west-1")].evidence[0].observed) == {
        f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/t-eu-stopped",
        f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t-us"}


def test_resource_query_without_match_is_unknown_when_the_type_is_incomplete() -> None:
    doc = snapshot([pool("A")], [error("DescribeTrails", service="cloudtrail",
                                       resource_type="cloudtrail.trail", region="eu-west-1")])
    assert statuses(compile_rule(TRAIL_QUERY), doc) == {pool_arn("A"): "error"}
    doc = snapshot([pool("A"), trail("t")], [error(
        "DescribeTrails", service="cloudtrail", resource_type="cloudtrail.trail",
        region="eu-west-1")])
    assert statuses(compile_rule(TRAIL_QUERY), doc) == {pool_arn("A"): "pass"}


def test_resource_query_is_unknown_when_a_candidate_could_not_be_described() -> None:
    stream_arn = f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:metric-stream/s"
    rule = compile_rule("assert: {some_resource: {type: cloudwatch.metric_stream, "
                        "region: {resource: region}}}")
    doc = snapshot([pool("A")], [error("GetMetricStream", service="cloudwatch",
                                       resource_type="cloudwatch.metric_stream",
                                       resource_arn=stream_arn)])
    assert statuses(rule, doc) == {pool_arn("A"): "error"}
    doc = snapshot([pool("A", "eu-west-1")], [error(
        "GetMetricStream", service="cloudwatch", resource_type="cloudwatch.metric_stream",
        resource_arn=stream_arn)])
    assert statuses(rule, doc) == {pool_arn("A", "eu-west-1"): "fail"}


def test_no_resource() -> None:
    rule = compile_rule("assert: {no_resource: {type: cloudtrail.trail, region: "
                        "{resource: region}, where: {path: Status.IsLogging, equals: false}}}")
    doc = snapshot([pool("A"), pool("B", "eu-west-1"), trail("t", logging=False)])
    assert statuses(rule, doc) == {pool_arn("A"): "fail", pool_arn("B", "eu-west-1"): "pass"}


class CountingCompare(nodes.Node):
    """Wraps a node and counts evaluations (to observe memoisation)."""

    __slots__ = ("calls", "inner")

    def __init__(self, inner: nodes.Node) -> None:
        self.inner = inner
        self.calls = 0

    def eval(self, st: Any, ctx: Any, cur: Any) -> int:
        self.calls += 1
        return self.inner.eval(st, ctx, cur)


def test_resource_queries_are_memoised_per_region_and_stay_correct() -> None:
    rule = compile_rule(TRAIL_QUERY)
    query = rule.assert_
    assert isinstance(query, nodes.Query)
    counter = CountingCompare(query.where)  # type: ignore[arg-type]
    query.where = counter
    pools = [pool(f"P{i}", region) for i in range(50) for region in ("us-east-1", "eu-west-1")]
    trails = [trail(f"t{i}", "us-east-1", logging=i == 3) for i in range(5)]
    doc = snapshot([*pools, *trails])
    results = evaluate_rule(rule, Runtime(SnapshotIndex(doc)))
    by_region: dict[str, set[str]] = {}
    for r in results:
        by_region.setdefault(r.resource.region, set()).add(r.status.value)
    assert by_region == {"us-east-1": {"pass"}, "eu-west-1": {"fail"}}
    # one evaluation of the candidates per distinct region, not per pool
    assert counter.calls <= 2 * len(trails)


def test_memo_key_includes_every_resource_reference() -> None:
    rule = compile_rule("""\
        assert:
          some_resource:
            type: logs.log_group
            where: {path: LogGroup.logGroupName, equals: {resource: name}}
        """)
    doc = snapshot([pool("A"), pool("B"), pool("C"), log_group("A"), log_group("C")])
    assert statuses(rule, doc) == {pool_arn("A"): "pass", pool_arn("B"): "fail",
                                   pool_arn("C"): "pass"}


REFERENCED = """\
when:
  referenced_by:
    type: cognito.user_pool
    path: LogDeliveryConfiguration.LogConfigurations[].CloudWatchLogsConfiguration.LogGroupArn
assert: {path: LogGroup.logGroupClass, equals: STANDARD, default: STANDARD}
"""


def test_referenced_by() -> None:
    rule = compile_rule(REFERENCED, resource="logs.log_group")
    doc = snapshot([pool("A", log_group="g1"), log_group("g1"),
                    log_group("g2", logGroupClass="INFREQUENT_ACCESS")])
    assert statuses(rule, doc) == {log_group_arn("g1"): "pass", log_group_arn("g2"):
                                   "not_applicable"}


def test_referenced_by_is_unknown_when_a_referrer_could_not_be_read() -> None:
    rule = compile_rule(REFERENCED, resource="logs.log_group")
    doc = snapshot([pool("A", log_group="g1"), pool("B", ldc=False), log_group("g1"),
                    log_group("g2")],
                   [error("GetLogDeliveryConfiguration", resource_type="cognito.user_pool",
                          resource_arn=pool_arn("B"), field="LogDeliveryConfiguration")])
    assert statuses(rule, doc) == {log_group_arn("g1"): "pass", log_group_arn("g2"): "error"}


def test_fact_with_a_resource_argument() -> None:
    rule = compile_rule("""\
        assert:
          some_resource:
            type: cloudtrail.trail
            where: {fact: covers_region, args: {region: {resource: region}}, equals: true}
        """)
    doc = snapshot([pool("A"), pool("B", "eu-west-1"), trail("t")])
    assert statuses(rule, doc) == {pool_arn("A"): "pass", pool_arn("B", "eu-west-1"): "fail"}


def test_fact_unknown_gives_error() -> None:
    rule = compile_rule("assert: {some: {fact: log_targets, where: {path: dest_kind, "
                        "equals: cwl}}}")
    doc = snapshot([pool("A", ldc=False)], [error(
        "GetLogDeliveryConfiguration", resource_type="cognito.user_pool",
        resource_arn=pool_arn("A"), field="LogDeliveryConfiguration")])
    res = evaluate(rule, doc)[pool_arn("A")]
    assert res.status is Status.ERROR
    assert "GetLogDeliveryConfiguration" in res.errors[0]


@pytest.mark.parametrize(("collected", "errors", "expected"), [
    (None, [], set()),
    (["logs.log_group"], [], {"*"}),
    (None, [error("ListUserPools", resource_type="cognito.user_pool", region="eu-west-1")],
     {"eu-west-1"}),
])
def test_own_type_not_listed_gives_one_error_result_per_region(
        collected: list[str] | None, errors: list[dict[str, Any]], expected: set[str]) -> None:
    rule = compile_rule("assert: {path: name, exists: true}")
    extra = {"collected_types": collected} if collected is not None else {}
    doc = snapshot([pool("A")] if collected is None else [], errors, **extra)
    results = evaluate_rule(rule, Runtime(SnapshotIndex(doc)))
    placeholders = {r.resource.arn.split(":")[3] for r in results if r.resource.arn.endswith("*")}
    assert placeholders == expected
    for r in results:
        if r.resource.arn.endswith("*"):
            assert r.status is Status.ERROR and r.errors
