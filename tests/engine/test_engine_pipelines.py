"""build_pipelines: how node statuses and fingerprints follow the results, and what is shared."""

from __future__ import annotations

import random
from typing import Any

from engine_snap import log_group, pool, snapshot, trail

from linter.engine.pipelines import build_pipelines, worst
from linter.model import ResourceRef, Result, RuleMeta, Severity, Stage, Status
from linter.snapshot.index import SnapshotIndex


def meta(rid: str, stage: Stage | None) -> RuleMeta:
    return RuleMeta(id=rid, title=rid, severity=Severity.HIGH, resource="x", description="",
                    rationale="", remediation="", stage=stage)


def result(rid: str, res: dict[str, Any], status: Status, n: int = 0) -> Result:
    ref = ResourceRef(type=res["type"], arn=res["arn"], name=res["name"], region=res["region"],
                      account_id=res["account_id"])
    return Result(rule_id=rid, status=status, severity=Severity.HIGH, resource=ref, message="",
                  fingerprint=f"{rid}:{res['name']}:{n}")


def account() -> tuple[SnapshotIndex, list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """Two pools logging to one log group, a third to none; one trail."""
    group = log_group("shared")
    pools = [pool("A", log_group="shared"), pool("B", log_group="shared"), pool("C")]
    t = trail("org", multi_region=True)
    return SnapshotIndex(snapshot([group, t, *pools])), pools, group, t


def node(pipeline: Any, stage: Stage) -> Any:
    [n] = [n for n in pipeline.nodes if n.stage is stage]
    return n


def test_fingerprints_in_results_order_pool_first_and_worst_status():
    index, (a, b, _), group, t = account()
    rules = [meta("LG1", Stage.LOG_GROUP), meta("LG2", Stage.LOG_GROUP),
             meta("CT", Stage.TRAIL), meta("POS", Stage.POSTURE), meta("X", None)]
    results = [
        result("LG2", group, Status.PASS),
        result("LG1", a, Status.WAIVED),
        result("X", a, Status.FAIL),  # no stage: not shown
        result("LG1", group, Status.ERROR),
        result("LG1", group, Status.PASS, 1),  # a rule with two results for one resource
        result("LG2", a, Status.NOT_APPLICABLE),  # not_applicable: not shown
        result("CT", t, Status.NOT_APPLICABLE),
        result("POS", b, Status.NOT_APPLICABLE),
    ]
    by_pool = {p.pool.arn: p for p in build_pipelines(index, results, rules)}
    lg_a, lg_b = node(by_pool[a["arn"]], Stage.LOG_GROUP), node(by_pool[b["arn"]], Stage.LOG_GROUP)
    assert lg_a.result_fingerprints == ("LG1:A:0", "LG2:shared:0", "LG1:shared:0",
                                        "LG1:shared:1")
    assert lg_a.status is Status.ERROR
    assert lg_b.result_fingerprints == ("LG2:shared:0", "LG1:shared:0", "LG1:shared:1")
    assert lg_b.status is Status.ERROR
    assert not by_pool[a["arn"]].fully_observed  # the log group is in error
    for p in (a, b):
        assert node(by_pool[p["arn"]], Stage.TRAIL).status is None  # only not_applicable
        assert node(by_pool[p["arn"]], Stage.TRAIL).result_fingerprints == ()
    assert node(by_pool[b["arn"]], Stage.POSTURE).status is None


def test_scattered_results_keep_their_order():
    index, (a, b, c), group, _ = account()
    rules = [meta("LG1", Stage.LOG_GROUP), meta("LG2", Stage.LOG_GROUP),
             meta("POS", Stage.POSTURE)]
    stage_of = {r.id: r.stage for r in rules}
    rng = random.Random(7)
    results = [result(rid, res, rng.choice(list(Status)), n)
               for rid in stage_of for res in (a, b, c, group) for n in range(3)]
    rng.shuffle(results)

    def staged(stage: Stage, res: dict[str, Any]) -> list[Result]:
        return [r for r in results if r.resource.arn == res["arn"]
                and stage_of[r.rule_id] is stage and r.status is not Status.NOT_APPLICABLE]

    by_pool = {p.pool.arn: p for p in build_pipelines(index, results, rules)}
    for p in (a, b):
        shown = staged(Stage.LOG_GROUP, p) + staged(Stage.LOG_GROUP, group)
        lg = node(by_pool[p["arn"]], Stage.LOG_GROUP)
        assert lg.result_fingerprints == tuple(r.fingerprint for r in shown)
        assert lg.status is worst([r.status for r in shown])
    for p in (a, b, c):
        shown = staged(Stage.POSTURE, p)
        posture = node(by_pool[p["arn"]], Stage.POSTURE)
        assert posture.result_fingerprints == tuple(r.fingerprint for r in shown)
        assert posture.status is worst([r.status for r in shown])


def test_links_no_pool_result_touches_are_one_object():
    index, (a, b, _), group, t = account()
    rules = [meta("LG", Stage.LOG_GROUP), meta("SUB", Stage.SUBSCRIPTION),
             meta("CT", Stage.TRAIL)]
    results = [result("LG", a, Status.PASS), result("SUB", group, Status.FAIL),
               result("CT", t, Status.PASS)]
    by_pool = {p.pool.arn: p for p in build_pipelines(index, results, rules)}
    pa, pb = by_pool[a["arn"]], by_pool[b["arn"]]
    # Pool A's own result makes its log group node its own; B shows the group's alone.
    assert node(pa, Stage.LOG_GROUP).result_fingerprints == ("LG:A:0",)
    assert node(pb, Stage.LOG_GROUP).result_fingerprints == ()
    assert node(pa, Stage.SUBSCRIPTION) is node(pb, Stage.SUBSCRIPTION)
    assert node(pa, Stage.SUBSCRIPTION).status is Status.FAIL
    assert node(pa, Stage.TRAIL) is node(pb, Stage.TRAIL)
