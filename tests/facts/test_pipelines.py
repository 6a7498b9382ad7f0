"""build_pipelines: one chain per pool, node statuses from the staged rules' results."""

from __future__ import annotations

from linter.engine.pipelines import build_pipelines, worst
from linter.model import ResourceRef, Result, RuleMeta, Severity, Stage, Status
from linter.snapshot.index import SnapshotIndex

SUMO_LOG = "https://e1.collection.sumologic.com/receiver/v1/kinesis/log/redacted-0123456789ab"
SUMO_METRIC = "https://e1.collection.sumologic.com/receiver/v1/kinesis/metric/redacted-ab0123456789"


def rule(rid, stage):
    return RuleMeta(id=rid, title=rid, severity=Severity.HIGH, resource="x", description="",
                    rationale="", remediation="", stage=stage)


def result(rid, res, status):
    ref = ResourceRef(type=res["type"], arn=res["arn"], name=res["name"], region=res["region"],
                      account_id=res["account_id"])
    return Result(rule_id=rid, status=status, severity=Severity.HIGH, resource=ref, message="",
                  fingerprint=f"{rid}:{res['arn']}")


def full_account(snap):
    logs_fh = snap.firehose("sumo-logs", url=SUMO_LOG)
    metrics_fh = snap.firehose("sumo-metrics", url=SUMO_METRIC)
    group = snap.log_group("cognito", filters=[
        {"filterName": "to-sumo", "destinationArn": logs_fh["arn"], "filterPattern": ""}])
    pool = snap.pool("us-east-1_Full", confs=[
        {"EventSource": "userNotification", "LogLevel": "ERROR",
         "CloudWatchLogsConfiguration": {"LogGroupArn": group["arn"]}}])
    stream = snap.metric_stream("cognito", FirehoseArn=metrics_fh["arn"])
    snap.metric_stream("other", IncludeFilters=[{"Namespace": "AWS/EC2"}])
    trail = snap.trail("org", status={"IsLogging": True}, IsMultiRegionTrail=True,
                       selectors={"EventSelectors": [{"ReadWriteType": "All"}]})
    return pool, group, logs_fh, stream, trail


def test_worst():
    assert worst([Status.PASS, Status.WAIVED]) is Status.WAIVED
    assert worst([Status.ERROR, Status.WAIVED, Status.PASS]) is Status.ERROR
    assert worst([Status.ERROR, Status.FAIL]) is Status.FAIL
    assert worst([Status.NOT_APPLICABLE]) is None
    assert worst([]) is None


def test_full_chain(snap):
    pool, group, fh, stream, trail = full_account(snap)
    rules = [rule("LD", Stage.LOG_DELIVERY), rule("LG", Stage.LOG_GROUP),
             rule("SUB", Stage.SUBSCRIPTION), rule("FH", Stage.FIREHOSE),
             rule("EP", Stage.ENDPOINT), rule("MS", Stage.METRIC_STREAM),
             rule("MSP", Stage.METRIC_STREAM), rule("CT", Stage.TRAIL),
             rule("POS", Stage.POSTURE), rule("NOSTAGE", None)]
    results = [
        result("LD", pool, Status.PASS),
        result("LG", group, Status.PASS),
        result("SUB", group, Status.WAIVED),
        result("FH", fh, Status.PASS),
        result("EP", fh, Status.PASS),
        result("MS", stream, Status.PASS),
        result("MSP", pool, Status.PASS),
        result("CT", pool, Status.PASS),
        result("POS", pool, Status.FAIL),
        result("NOSTAGE", pool, Status.FAIL),
    ]
    [p] = build_pipelines(SnapshotIndex(snap.doc), results, rules)
    assert p.pool.arn == pool["arn"]
    assert [(n.stage, n.arn, n.status) for n in p.nodes] == [
        (Stage.LOG_DELIVERY, pool["arn"], Status.PASS),
        (Stage.LOG_GROUP, group["arn"], Status.PASS),
        (Stage.SUBSCRIPTION, group["arn"], Status.WAIVED),
        (Stage.FIREHOSE, fh["arn"], Status.PASS),
        (Stage.ENDPOINT, fh["arn"], Status.PASS),
        (Stage.METRIC_STREAM, stream["arn"], Status.PASS),
        (Stage.TRAIL, trail["arn"], Status.PASS),
        (Stage.POSTURE, pool["arn"], Status.FAIL),
    ]
    assert p.nodes[5].result_fingerprints == (f"MSP:{pool['arn']}", f"MS:{stream['arn']}")
    assert p.nodes[4].label == "e1.collection.sumologic.com (sumologic, log)"
    assert p.fully_observed  # posture failing does not count


def test_failing_link_and_other_pools_results(snap):
    pool, group, fh, _, _ = full_account(snap)
    other = snap.pool("us-east-1_Other", confs=[
        {"EventSource": "userNotification", "LogLevel": "ERROR",
         "CloudWatchLogsConfiguration": {"LogGroupArn": group["arn"]}}])
    rules = [rule("FH", Stage.FIREHOSE), rule("LD", Stage.LOG_DELIVERY)]
    results = [result("FH", fh, Status.ERROR), result("LD", other, Status.FAIL)]
    pipelines = build_pipelines(SnapshotIndex(snap.doc), results, rules)
    by_pool = {p.pool.arn: p for p in pipelines}
    mine, theirs = by_pool[pool["arn"]], by_pool[other["arn"]]
    assert [n.status for n in mine.nodes if n.stage is Stage.FIREHOSE] == [Status.ERROR]
    assert [n.status for n in mine.nodes if n.stage is Stage.LOG_DELIVERY] == [None]
    assert [n.status for n in theirs.nodes if n.stage is Stage.LOG_DELIVERY] == [Status.FAIL]
    assert not mine.fully_observed and not theirs.fully_observed


def test_missing_links(snap):
    pool = snap.pool("us-east-1_Bare", confs=[])
    rules = [rule("LD", Stage.LOG_DELIVERY)]
    [p] = build_pipelines(SnapshotIndex(snap.doc), [result("LD", pool, Status.FAIL)], rules)
    assert [(n.stage, n.arn) for n in p.nodes] == [
        (Stage.LOG_DELIVERY, None), (Stage.LOG_GROUP, None), (Stage.METRIC_STREAM, None),
        (Stage.TRAIL, None), (Stage.POSTURE, pool["arn"])]
    assert p.nodes[0].status is Status.FAIL
    assert not p.fully_observed


def test_direct_firehose_target_and_dangling_group(snap):
    auth = snap.firehose("auth", url=SUMO_LOG)
    pool = snap.pool("us-east-1_Plus", confs=[
        {"EventSource": "userNotification", "LogLevel": "ERROR",
         "CloudWatchLogsConfiguration": {
             "LogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:gone"}},
        {"EventSource": "userAuthEvents", "LogLevel": "INFO",
         "FirehoseConfiguration": {"StreamArn": auth["arn"]}}])
    [p] = build_pipelines(SnapshotIndex(snap.doc), [], [])
    assert [(n.stage, n.arn) for n in p.nodes[:5]] == [
        (Stage.LOG_DELIVERY, pool["arn"]),
        (Stage.LOG_GROUP, None),
        (Stage.SUBSCRIPTION, None),
        (Stage.FIREHOSE, auth["arn"]),
        (Stage.ENDPOINT, auth["arn"]),
    ]
    assert p.nodes[1].label == "gone (not in snapshot)"


def test_unknown_log_configuration_is_a_missing_node(snap):
    pool = snap.pool("us-east-1_X")
    snap.error(operation="GetLogDeliveryConfiguration", resource_arn=pool["arn"],
               field="LogDeliveryConfiguration")
    [p] = build_pipelines(SnapshotIndex(snap.doc), [], [])
    assert p.nodes[0].label == "log delivery not collected"
    assert p.nodes[0].arn is None


def test_trail_choice_prefers_one_recording_writes(snap):
    snap.pool("us-east-1_A")
    snap.trail("a-readonly", status={"IsLogging": True},
               selectors={"EventSelectors": [{"ReadWriteType": "ReadOnly"}]})
    good = snap.trail("b-all", status={"IsLogging": True}, selectors={})
    snap.trail("c-stopped", status={"IsLogging": False}, selectors={})
    [p] = build_pipelines(SnapshotIndex(snap.doc), [], [])
    assert [n.arn for n in p.nodes if n.stage is Stage.TRAIL] == [good["arn"]]


def test_pools_sorted_and_one_pipeline_each(snap):
    for i in (3, 1, 2):
        snap.pool(f"us-east-1_P{i}")
    snap.pool("eu-west-1_P0", region="eu-west-1")
    pipelines = build_pipelines(SnapshotIndex(snap.doc), [], [])
    assert [p.pool.name for p in pipelines] == [
        "eu-west-1_P0", "us-east-1_P1", "us-east-1_P2", "us-east-1_P3"]


def test_missing_links_show_the_results_of_the_resource_that_lacks_them(snap):
    s3_only = snap.firehose("s3-only")
    group = snap.log_group("cognito", filters=[])
    pool = snap.pool("us-east-1_P", confs=[
        {"EventSource": "userNotification", "LogLevel": "ERROR",
         "CloudWatchLogsConfiguration": {"LogGroupArn": group["arn"]}},
        {"EventSource": "userAuthEvents", "LogLevel": "INFO",
         "FirehoseConfiguration": {"StreamArn": s3_only["arn"]}}])
    rules = [rule("SUB", Stage.SUBSCRIPTION), rule("EP", Stage.ENDPOINT)]
    results = [result("SUB", group, Status.FAIL), result("EP", s3_only, Status.FAIL)]
    [p] = build_pipelines(SnapshotIndex(snap.doc), results, rules)
    by_stage = {n.stage: n for n in p.nodes}
    assert (by_stage[Stage.SUBSCRIPTION].arn, by_stage[Stage.SUBSCRIPTION].status) == (
        None, Status.FAIL)
    assert (by_stage[Stage.ENDPOINT].arn, by_stage[Stage.ENDPOINT].status) == (None, Status.FAIL)
    assert by_stage[Stage.SUBSCRIPTION].result_fingerprints == (f"SUB:{group['arn']}",)
    assert p.pool.arn == pool["arn"] and not p.fully_observed
