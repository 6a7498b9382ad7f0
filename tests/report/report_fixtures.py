"""RunResults built by hand for the report tests, and a synthetic one of any size.

``sample_run()``: four user pools in two regions with every status (pass, fail, error, waived,
not_applicable), broken pipelines, a collection error, a stale and an expired waiver, and a
pool whose name is hostile HTML. ``synthetic_run(n)``: n pools with failures in proportion,
for the size bounds and the 10,000-pool benchmark.
"""

from __future__ import annotations

from linter import __version__
from linter.model import (
    CollectionError,
    Evidence,
    Pipeline,
    PipelineNode,
    ResourceRef,
    Result,
    RuleMeta,
    RunInfo,
    RunResult,
    Severity,
    SnapshotInfo,
    Stage,
    Status,
    Waiver,
)

ACCOUNT = "123456789012"
HOSTILE = "<img src=x onerror=alert(1)>"
DOCS = "https://docs.aws.amazon.com"


def _rule(
    rid: str,
    title: str,
    severity: Severity,
    resource: str,
    stage: Stage,
    controls: dict[str, tuple[str, ...]],
    remediation: str,
    references: tuple[str, ...],
) -> RuleMeta:
    return RuleMeta(
        id=rid,
        title=title,
        severity=severity,
        resource=resource,
        description=f"Checks that: {title.lower()}.",
        rationale=f"If this does not hold, the telemetry for {resource} is silently lost.",
        remediation=remediation,
        references=references,
        controls=controls,
        tags=("cognito", stage.value),
        stage=stage,
        source_file=f"rules/{rid.lower()}.yaml",
    )


RULES: tuple[RuleMeta, ...] = (
    _rule(
        "CL-LOG-001", "User pool exports message-delivery error logs", Severity.HIGH,
        "cognito.user_pool", Stage.LOG_DELIVERY,
        {"SOC2": ("CC7.2",), "NIST-800-53-r5": ("AU-2", "AU-12")},
        "Send ERROR-level userNotification logs to a CloudWatch log group:\n\n"
        "    aws cognito-idp set-log-delivery-configuration --user-pool-id <id> \\\n"
        "      --log-configurations EventSource=userNotification,LogLevel=ERROR,"
        "CloudWatchLogsConfiguration={LogGroupArn=<arn>}",
        (f"{DOCS}/cognito/latest/developerguide/exporting-quotas-and-usage.html",),
    ),
    _rule(
        "CL-LOG-004", "Cognito target log group is not KMS-encrypted", Severity.HIGH,
        "logs.log_group", Stage.LOG_GROUP, {"ISO-27001-2022": ("A.8.15",)},
        "Cognito cannot write to a KMS-encrypted group: disassociate the key with "
        "`aws logs disassociate-kms-key --log-group-name <name>`.",
        (f"{DOCS}/cognito-user-identity-pools/latest/APIReference/"
         "API_CloudWatchLogsConfigurationType.html",),
    ),
    _rule(
        "CL-LOG-006", "Cognito log group is forwarded to a Firehose stream", Severity.CRITICAL,
        "logs.log_group", Stage.SUBSCRIPTION,
        {"SOC2": ("CC7.2",), "CIS-AWS-3.0": ("3.4",)},
        "Create a subscription filter with an empty pattern that sends the group to the "
        "Firehose stream of the Sumo Logic logs source:\n\n"
        "    aws logs put-subscription-filter --log-group-name <name> --filter-name to-sumo "
        "--filter-pattern '' --destination-arn <firehose arn> --role-arn <role arn>",
        (f"{DOCS}/AmazonCloudWatch/latest/logs/Subscriptions.html",),
    ),
    _rule(
        "CL-FH-001", "Firehose stream backs up failed data to S3", Severity.MEDIUM,
        "firehose.delivery_stream", Stage.FIREHOSE, {"NIST-800-53-r5": ("AU-9",)},
        "Set S3BackupMode to FailedDataOnly with a bucket for failed records.",
        (f"{DOCS}/firehose/latest/dev/create-destination.html",),
    ),
    _rule(
        "CL-FH-002", "Firehose destination is a Sumo Logic logs endpoint over HTTPS",
        Severity.HIGH, "firehose.delivery_stream", Stage.ENDPOINT, {"SOC2": ("CC7.2",)},
        "Point the HTTP endpoint destination at the URL of the Sumo Logic "
        "'Kinesis Firehose for Logs' source.",
        ("https://help.sumologic.com/docs/send-data/hosted-collectors/amazon-aws/"
         "aws-kinesis-firehose-logs-source/",),
    ),
    _rule(
        "CL-MET-001", "A running metric stream sends AWS/Cognito in the pool's region",
        Severity.HIGH, "cognito.user_pool", Stage.METRIC_STREAM, {"SOC2": ("CC7.2",)},
        "Create or start a metric stream whose include filters cover AWS/Cognito and AWS/Usage.",
        (f"{DOCS}/AmazonCloudWatch/latest/monitoring/CloudWatch-Metric-Streams.html",),
    ),
    _rule(
        "CL-TRL-001", "A logging trail records Cognito write events in the pool's region",
        Severity.CRITICAL, "cognito.user_pool", Stage.TRAIL,
        {"CIS-AWS-3.0": ("3.1",), "NIST-800-53-r5": ("AU-2",)},
        "Record write management events of cognito-idp.amazonaws.com in a multi-region trail "
        "that is logging.",
        (f"{DOCS}/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",),
    ),
    _rule(
        "CL-POS-001", "User pool has deletion protection", Severity.MEDIUM,
        "cognito.user_pool", Stage.POSTURE, {"ISO-27001-2022": ("A.8.13",)},
        "aws cognito-idp update-user-pool --user-pool-id <id> --deletion-protection ACTIVE",
        (f"{DOCS}/cognito/latest/developerguide/user-pool-settings-deletion-protection.html",),
    ),
    _rule(
        "CL-POS-005", "Threat protection is enforced on Plus pools", Severity.LOW,
        "cognito.user_pool", Stage.POSTURE, {},
        "Set UserPoolAddOns.AdvancedSecurityMode to ENFORCED.",
        (f"{DOCS}/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html",),
    ),
)
_RULE = {r.id: r for r in RULES}


def _pool(region: str, pid: str, name: str) -> ResourceRef:
    arn = f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_{pid}"
    return ResourceRef("cognito.user_pool", arn, name, region, ACCOUNT)


def _group(region: str, name: str) -> ResourceRef:
    arn = f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"
    return ResourceRef("logs.log_group", arn, name, region, ACCOUNT)


def _stream(region: str, name: str) -> ResourceRef:
    arn = f"arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{name}"
    return ResourceRef("firehose.delivery_stream", arn, name, region, ACCOUNT)


def _result(
    rid: str,
    status: Status,
    res: ResourceRef,
    message: str,
    evidence: tuple[Evidence, ...] = (),
    errors: tuple[str, ...] = (),
    waiver: Waiver | None = None,
) -> Result:
    return Result(
        rule_id=rid,
        status=status,
        severity=_RULE[rid].severity,
        resource=res,
        message=message,
        evidence=evidence,
        errors=errors,
        waiver=waiver,
        fingerprint=Result.make_fingerprint(rid, res.account_id, res.region, res.arn),
    )


def _ev(path: str, observed: object, expected: str | None) -> tuple[Evidence, ...]:
    return (Evidence(path=path, observed=observed, expected=expected),)


def _sorted(results: list[Result]) -> tuple[Result, ...]:
    return tuple(sorted(results, key=lambda r: (-r.severity.rank, r.rule_id, r.resource.arn)))


def _node(stage: Stage, label: str, arn: str | None, results: list[Result]) -> PipelineNode:
    """A node whose status is the worst of its results (fail > error > waived > pass)."""
    worst = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS)
    present = {r.status for r in results}
    status = next((s for s in worst if s in present), None)
    return PipelineNode(stage, label, arn, status, tuple(r.fingerprint for r in results))


def sample_run(tool_version: str = __version__) -> RunResult:
    prod = _pool("us-east-1", "Prod1", "prod-customers")
    stag = _pool("eu-west-1", "Stag2", "staging-partners")
    evil = _pool("us-east-1", "Evil3", HOSTILE)
    lega = _pool("eu-west-1", "Lega4", "legacy-admins")
    g_prod = _group("us-east-1", "/aws/cognito/prod-customers")
    g_stag = _group("eu-west-1", "/aws/cognito/staging-partners")
    g_lega = _group("eu-west-1", "/aws/cognito/legacy-admins")
    f_prod = _stream("us-east-1", "cognito-logs-to-sumo")
    f_auth = _stream("us-east-1", "cognito-auth-events")
    f_lega = _stream("eu-west-1", "legacy-logs")

    waiver_met = Waiver(
        rule="CL-MET-001", resource=lega.arn,
        reason="eu-west-1 metrics move to the new stream in Q1", owner="platform-team",
        expires="2027-03-31", ticket="OPS-412", source="waivers.yaml",
    )
    expired = Waiver(
        rule="CL-TRL-001", resource=lega.arn, reason="trail migration",
        owner="sec-team", expires="2026-01-31", ticket=None, source="waivers.yaml",
    )
    stale = Waiver(
        rule="CL-LOG-004", resource="arn:aws:logs:us-west-2:123456789012:log-group:/gone",
        reason="old group <script>alert(2)</script>", owner="sec-team", expires="2027-06-30",
        ticket="SEC-9",
        source="waivers.yaml",
    )
    lg = "LogDeliveryConfiguration.LogConfigurations"
    r: dict[str, Result] = {}

    def add(key: str, res: Result) -> Result:
        r[key] = res
        return res

    for key, pool in (("prod", prod), ("stag", stag), ("lega", lega)):
        add(f"log1-{key}", _result(
            "CL-LOG-001", Status.PASS, pool,
            f"User pool {pool.name} sends ERROR userNotification logs to CloudWatch Logs",
            _ev(f"{lg}[0].LogLevel", "ERROR", "equals ERROR"),
        ))
    add("log1-evil", _result(
        "CL-LOG-001", Status.ERROR, evil,
        f"User pool {evil.name}: the log delivery configuration could not be read",
        _ev(lg, None, "some entry with EventSource userNotification and LogLevel ERROR"),
        errors=("cognito-idp:GetLogDeliveryConfiguration in us-east-1 failed: "
                "AccessDeniedException",),
    ))
    for key, grp in (("prod", g_prod), ("stag", g_stag), ("lega", g_lega)):
        add(f"log4-{key}", _result(
            "CL-LOG-004", Status.PASS, grp, f"Log group {grp.name} is not KMS-encrypted",
            _ev("LogGroup.kmsKeyId", None, "absent"),
        ))
        if key == "stag":
            add("log6-stag", _result(
                "CL-LOG-006", Status.FAIL, grp,
                f"Log group {grp.name} has no subscription filter to a Firehose stream",
                _ev("SubscriptionFilters", [], "some filter whose destinationArn is a Firehose "
                    "stream in the snapshot"),
            ))
        else:
            add(f"log6-{key}", _result(
                "CL-LOG-006", Status.PASS, grp,
                f"Log group {grp.name} is forwarded to a Firehose stream",
                _ev("SubscriptionFilters[0].destinationArn",
                    (f_prod if key == "prod" else f_lega).arn, "a Firehose stream ARN"),
            ))
    for key, fh in (("prod", f_prod), ("auth", f_auth), ("lega", f_lega)):
        add(f"fh1-{key}", _result(
            "CL-FH-001", Status.PASS, fh, f"Firehose stream {fh.name} backs up failed data",
            _ev("DeliveryStreamDescription.Destinations[0].HttpEndpointDestinationDescription"
                ".S3BackupMode", "FailedDataOnly", "in [FailedDataOnly, AllData]"),
        ))
    add("fh2-prod", _result(
        "CL-FH-002", Status.PASS, f_prod,
        "Firehose stream cognito-logs-to-sumo delivers to a Sumo Logic logs endpoint",
        _ev("fact:endpoint", {"https": True, "kind": "log", "provider": "sumologic",
                              "host": "endpoint1.collection.sumologic.com"},
            "provider sumologic, kind log, https"),
    ))
    add("fh2-auth", _result(
        "CL-FH-002", Status.PASS, f_auth,
        "Firehose stream cognito-auth-events delivers to a Sumo Logic logs endpoint",
        _ev("fact:endpoint", {"https": True, "kind": "log", "provider": "sumologic",
                              "host": "endpoint1.collection.sumologic.com"},
            "provider sumologic, kind log, https"),
    ))
    add("fh2-lega", _result(
        "CL-FH-002", Status.FAIL, f_lega,
        "Firehose stream legacy-logs delivers to logs.example.net, not a Sumo Logic endpoint",
        _ev("fact:endpoint", {"https": True, "kind": "unknown", "provider": "other",
                              "host": "logs.example.net"},
            "provider sumologic, kind log, https"),
    ))
    for key, pool in (("prod", prod), ("stag", stag), ("evil", evil)):
        add(f"met-{key}", _result(
            "CL-MET-001", Status.PASS, pool,
            f"Metric stream cognito-metrics sends AWS/Cognito in {pool.region}",
            _ev("fact:streams(AWS/Cognito)", True, "true"),
        ))
    add("met-lega", _result(
        "CL-MET-001", Status.WAIVED, lega,
        "No running metric stream sends AWS/Cognito in eu-west-1",
        _ev("fact:streams(AWS/Cognito)", False, "true"), waiver=waiver_met,
    ))
    for key, pool in (("prod", prod), ("stag", stag), ("evil", evil)):
        add(f"trl-{key}", _result(
            "CL-TRL-001", Status.PASS, pool,
            f"Trail org-trail records Cognito write events in {pool.region}",
            _ev("fact:management_events(cognito-idp.amazonaws.com).write", True, "true"),
        ))
    add("trl-lega", _result(
        "CL-TRL-001", Status.FAIL, lega,
        "No logging trail records Cognito write events in eu-west-1 (the waiver expired "
        "2026-01-31)",
        _ev("fact:management_events(cognito-idp.amazonaws.com)",
            {"read": True, "write": False}, "write: true"),
    ))
    for key, pool, status in (
        ("prod", prod, Status.PASS), ("stag", stag, Status.FAIL),
        ("evil", evil, Status.FAIL), ("lega", lega, Status.PASS),
    ):
        observed = "ACTIVE" if status is Status.PASS else "INACTIVE"
        add(f"pos1-{key}", _result(
            "CL-POS-001", status, pool,
            f"User pool {pool.name} deletion protection is {observed}",
            _ev("UserPool.DeletionProtection", observed, "equals ACTIVE"),
        ))
    add("pos5-prod", _result(
        "CL-POS-005", Status.PASS, prod, "User pool prod-customers enforces threat protection",
        _ev("UserPool.UserPoolAddOns.AdvancedSecurityMode", "ENFORCED", "equals ENFORCED"),
    ))
    for key, pool in (("stag", stag), ("evil", evil), ("lega", lega)):
        add(f"pos5-{key}", _result(
            "CL-POS-005", Status.NOT_APPLICABLE, pool,
            f"User pool {pool.name} is on the Essentials plan",
            _ev("UserPool.UserPoolTier", "ESSENTIALS", "equals PLUS (when)"),
        ))

    def pipeline(pool: ResourceRef, key: str, nodes: list[PipelineNode], full: bool) -> Pipeline:
        posture = [r[f"pos1-{key}"]] + ([r["pos5-prod"]] if key == "prod" else [])
        nodes.append(_node(Stage.POSTURE, "pool settings", pool.arn, posture))
        return Pipeline(pool=pool, nodes=tuple(nodes), fully_observed=full)

    sumo = "https://endpoint1.collection.sumologic.com/receiver/v1/kinesis/log/redacted-0a1b2c3d4e5f"
    pipelines = (
        pipeline(prod, "prod", [
            _node(Stage.LOG_DELIVERY,
                  "userNotification -> CloudWatch Logs, userAuthEvents -> Firehose", prod.arn,
                  [r["log1-prod"]]),
            _node(Stage.LOG_GROUP, g_prod.name, g_prod.arn, [r["log4-prod"]]),
            _node(Stage.SUBSCRIPTION, "filter to-sumo", g_prod.arn, [r["log6-prod"]]),
            _node(Stage.FIREHOSE, f_prod.name, f_prod.arn, [r["fh1-prod"]]),
            _node(Stage.ENDPOINT, sumo, f_prod.arn, [r["fh2-prod"]]),
            # userAuthEvents straight to Firehose: a second branch from the log delivery
            _node(Stage.FIREHOSE, f_auth.name, f_auth.arn, [r["fh1-auth"]]),
            _node(Stage.ENDPOINT, sumo, f_auth.arn, [r["fh2-auth"]]),
            _node(Stage.METRIC_STREAM, "cognito-metrics", None, [r["met-prod"]]),
            _node(Stage.TRAIL, "org-trail", None, [r["trl-prod"]]),
        ], True),
        pipeline(stag, "stag", [
            _node(Stage.LOG_DELIVERY, "userNotification ERROR", stag.arn, [r["log1-stag"]]),
            _node(Stage.LOG_GROUP, g_stag.name, g_stag.arn, [r["log4-stag"]]),
            _node(Stage.SUBSCRIPTION, "no subscription filter", g_stag.arn, [r["log6-stag"]]),
            _node(Stage.FIREHOSE, "none", None, []),
            _node(Stage.ENDPOINT, "none", None, []),
            _node(Stage.METRIC_STREAM, "cognito-metrics-eu", None, [r["met-stag"]]),
            _node(Stage.TRAIL, "org-trail", None, [r["trl-stag"]]),
        ], False),
        pipeline(evil, "evil", [
            _node(Stage.LOG_DELIVERY, "unreadable (AccessDenied)", evil.arn, [r["log1-evil"]]),
            _node(Stage.LOG_GROUP, "unknown", None, []),
            _node(Stage.SUBSCRIPTION, "unknown", None, []),
            _node(Stage.FIREHOSE, "unknown", None, []),
            _node(Stage.ENDPOINT, "unknown", None, []),
            _node(Stage.METRIC_STREAM, "cognito-metrics", None, [r["met-evil"]]),
            _node(Stage.TRAIL, "org-trail", None, [r["trl-evil"]]),
        ], False),
        pipeline(lega, "lega", [
            _node(Stage.LOG_DELIVERY, "userNotification ERROR", lega.arn, [r["log1-lega"]]),
            _node(Stage.LOG_GROUP, g_lega.name, g_lega.arn, [r["log4-lega"]]),
            _node(Stage.SUBSCRIPTION, "filter legacy", g_lega.arn, [r["log6-lega"]]),
            _node(Stage.FIREHOSE, f_lega.name, f_lega.arn, [r["fh1-lega"]]),
            _node(Stage.ENDPOINT, "https://logs.example.net/redacted-9f8e7d6c5b4a", f_lega.arn,
                  [r["fh2-lega"]]),
            _node(Stage.METRIC_STREAM, "none in eu-west-1", None, [r["met-lega"]]),
            _node(Stage.TRAIL, "legacy-trail (read-only)", None, [r["trl-lega"]]),
        ], False),
    )
    lines = {}
    for n, ref in enumerate((prod, stag, lega, g_prod, g_stag, g_lega, f_prod, f_auth, f_lega)):
        lines[ref.arn] = 12 + 40 * n  # the hostile pool has no line: SARIF falls back to 1
    return RunResult(
        run=RunInfo(
            tool_version=tool_version,
            rule_pack_version=tool_version,
            rule_pack_sha256="3f" * 32,
            started_at="2026-11-27T08:15:02Z",
            finished_at="2026-11-27T08:15:03Z",
            fail_on=Severity.HIGH,
            waivers_file="waivers.yaml",
        ),
        snapshot=SnapshotInfo(
            path="snapshots/prod-account.json",
            sha256="9c" * 32,
            schema_version="1.0",
            source_kind="aws",
            account_id=ACCOUNT,
            partition="aws",
            regions=("eu-west-1", "us-east-1"),
            started_at="2026-11-27T08:00:00Z",
            finished_at="2026-11-27T08:00:41Z",
            principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/Audit/cognito-lint",
            tool_version=tool_version,
        ),
        rules=RULES,
        results=_sorted(list(r.values())),
        collection_errors=(
            CollectionError(
                service="cognito-idp", operation="GetLogDeliveryConfiguration",
                region="us-east-1", error_code="AccessDeniedException",
                message=f"User is not authorized to perform GetLogDeliveryConfiguration on "
                        f"{evil.arn} ({evil.name})",
                resource_type="cognito.user_pool", resource_arn=evil.arn,
                field="LogDeliveryConfiguration",
                iam_action="cognito-idp:GetLogDeliveryConfiguration",
            ),
        ),
        pipelines=pipelines,
        stale_waivers=(stale,),
        expired_waivers=(expired,),
        resource_lines=lines,
    )


_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")


def _extra_rules(n: int) -> tuple[RuleMeta, ...]:
    return tuple(
        _rule(f"CL-XPO-{k:03d}", f"Synthetic posture check number {k}", Severity.ordered()[k % 5],
              "cognito.user_pool", Stage.POSTURE, {"SOC2": (f"CC6.{k % 8}",)},
              f"Fix posture setting {k}.", (f"{DOCS}/cognito/latest/developerguide/",))
        for k in range(n)
    )


def _synthetic_pool(i: int, extra: tuple[RuleMeta, ...]) -> tuple[list[Result], Pipeline]:
    region = _REGIONS[i % len(_REGIONS)]
    name = f"pool-{i:05d}" if i % 997 else HOSTILE
    pool = _pool(region, f"P{i:07d}", name)
    grp = _group(region, f"/aws/cognito/pool-{i:05d}")
    fh = _stream(region, f"cognito-logs-{i:05d}")
    broken_sub, broken_trail, unreadable, waived = (
        i % 7 == 3, i % 11 == 5, i % 13 == 7, i % 17 == 2)
    own: dict[str, Result] = {}

    def res(rid: str, status: Status, ref: ResourceRef, msg: str,
            errors: tuple[str, ...] = (), waiver: Waiver | None = None) -> None:
        own[rid] = _result(rid, status, ref, msg,
                           _ev("path.to.value", status.value, "the expected value"),
                           errors=errors, waiver=waiver)

    if unreadable:
        res("CL-LOG-001", Status.ERROR, pool, f"User pool {name}: configuration unreadable",
            errors=("cognito-idp:GetLogDeliveryConfiguration failed: AccessDenied",))
    else:
        res("CL-LOG-001", Status.PASS, pool, f"User pool {name} sends ERROR logs")
        res("CL-LOG-004", Status.PASS, grp, f"Log group {grp.name} is not KMS-encrypted")
        res("CL-LOG-006", Status.FAIL if broken_sub else Status.PASS, grp,
            f"Log group {grp.name} forwarding to Firehose: {'none' if broken_sub else 'ok'}")
        if not broken_sub:
            res("CL-FH-001", Status.PASS, fh, f"Firehose stream {fh.name} backs up failures")
            res("CL-FH-002", Status.PASS, fh, f"Firehose stream {fh.name} goes to Sumo Logic")
    if waived:
        res("CL-MET-001", Status.WAIVED, pool, f"No metric stream in {region}",
            waiver=Waiver("CL-MET-001", pool.arn, "region being retired", "platform",
                          "2027-03-31"))
    else:
        res("CL-MET-001", Status.PASS, pool, f"Metric stream sends AWS/Cognito in {region}")
    res("CL-TRL-001", Status.FAIL if broken_trail else Status.PASS, pool,
        f"Trail coverage of Cognito write events in {region} for {name}")
    res("CL-POS-001", Status.FAIL if i % 2 else Status.PASS, pool,
        f"User pool {name} deletion protection")
    res("CL-POS-005", Status.NOT_APPLICABLE, pool, f"User pool {name} is on Essentials")
    results = list(own.values())
    for k, rule in enumerate(extra):
        results.append(Result(
            rule_id=rule.id, status=Status.FAIL if (i + k) % 5 == 0 else Status.PASS,
            severity=rule.severity, resource=pool, message=f"Posture {k} of {name}",
            evidence=_ev(f"UserPool.Setting{k}", k, "the expected value"),
            fingerprint=Result.make_fingerprint(rule.id, ACCOUNT, region, pool.arn),
        ))

    def node(stage: Stage, label: str, rid: str | None) -> PipelineNode:
        return _node(stage, label, None, [own[rid]] if rid and rid in own else [])

    nodes = [
        node(Stage.LOG_DELIVERY, "userNotification ERROR", "CL-LOG-001"),
        node(Stage.LOG_GROUP, grp.name, None if unreadable else "CL-LOG-004"),
        node(Stage.SUBSCRIPTION, "to-sumo", None if unreadable else "CL-LOG-006"),
        node(Stage.FIREHOSE, fh.name, "CL-FH-001"),
        node(Stage.ENDPOINT, "endpoint.collection.sumologic.com", "CL-FH-002"),
        node(Stage.METRIC_STREAM, "cognito-metrics", "CL-MET-001"),
        node(Stage.TRAIL, "org-trail", "CL-TRL-001"),
    ]
    full = all(n.status in (Status.PASS, Status.WAIVED) for n in nodes)
    return results, Pipeline(pool=pool, nodes=tuple(nodes), fully_observed=full)


def synthetic_run(
    n_pools: int, extra_posture_rules: int = 0, tool_version: str = __version__
) -> RunResult:
    """n pools, each with a log group and a Firehose stream; every rule of ``RULES`` evaluated
    on its resource type; one pool in 7 loses its subscription, one in 11 its trail coverage,
    one in 13 is unreadable (error), one in 17 has a waived metric stream; one pool in 997 has
    the hostile name. ``extra_posture_rules`` adds that many posture rules per pool (one pool
    in 5 fails each), to reach the result count of a full rule pack (about 30 per pool)."""
    extra = _extra_rules(extra_posture_rules)
    results: list[Result] = []
    pipelines: list[Pipeline] = []
    for i in range(n_pools):
        pool_results, pipeline = _synthetic_pool(i, extra)
        results += pool_results
        pipelines.append(pipeline)
    base = sample_run(tool_version)
    return RunResult(
        run=base.run,
        snapshot=base.snapshot,
        rules=RULES + extra,
        results=_sorted(results),
        collection_errors=base.collection_errors,
        pipelines=tuple(pipelines),
        stale_waivers=base.stale_waivers,
        expired_waivers=base.expired_waivers,
        resource_lines={p.pool.arn: 10 + 60 * n for n, p in enumerate(pipelines)},
    )
