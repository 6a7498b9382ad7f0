"""What the HTML template shows: the summary tables rendered on the server, and the compact
data blob the page's script filters, paginates and draws pipelines from.

The blob is positional to stay small at 10,000 pools (hundreds of thousands of results):
rules, resources, waivers and repeated strings are listed once and referred to by index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from linter.model import Result, RuleMeta, RunResult, Severity, Stage, Status, Waiver
from linter.report._text import (
    STATUS_LABEL,
    STATUS_ORDER,
    STATUS_WORDS,
    control_labels,
    help_uri,
    rule_of,
    rules_by_id,
    truncate,
    value_text,
    waiver_text,
)

MAX_OBSERVED = 4000
"""Characters of one observed value shown in the page (the JSON results keep all of it)."""

STATUSES: tuple[Status, ...] = STATUS_ORDER
SEVERITIES: tuple[Severity, ...] = tuple(Severity.ordered())
STAGES: tuple[Stage, ...] = tuple(Stage)
STAGE_LABEL = {
    Stage.LOG_DELIVERY: "Log delivery",
    Stage.LOG_GROUP: "Log group",
    Stage.SUBSCRIPTION: "Subscription",
    Stage.FIREHOSE: "Firehose",
    Stage.ENDPOINT: "Endpoint",
    Stage.METRIC_STREAM: "Metric stream",
    Stage.TRAIL: "CloudTrail",
    Stage.POSTURE: "Posture",
}
_S = {s: n for n, s in enumerate(STATUSES)}
_SEV = {s: n for n, s in enumerate(SEVERITIES)}
_STAGE = {s: n for n, s in enumerate(STAGES)}


class _Interner:
    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, s: str) -> int:
        n = self._index.get(s)
        if n is None:
            n = self._index[s] = len(self.items)
            self.items.append(s)
        return n


def payload(run: RunResult) -> dict[str, Any]:
    """The data blob. Each result: ``[rule, resource, status, severity, message, evidence,
    errors, waiver]`` (indexes into the lists alongside; evidence ``[[path, observed,
    expected or -1], …]`` as string-table indexes; waiver -1 when none). Each pipeline:
    ``[pool resource, fully observed 0/1, [[stage, label, status or -1, [result…]], …]]``."""
    rules = rules_by_id(run)
    rule_list: list[RuleMeta] = list(run.rules)
    rule_index = {r.id: n for n, r in enumerate(rule_list)}
    strings = _Interner()
    resources: list[list[str]] = []
    res_index: dict[str, int] = {}
    waivers: list[list[str]] = []
    waiver_index: dict[Waiver, int] = {}
    results: list[list[Any]] = []
    by_fingerprint: dict[str, int] = {}

    def resource(ref: Any) -> int:
        n = res_index.get(ref.arn)
        if n is None:
            n = res_index[ref.arn] = len(resources)
            resources.append([ref.type, ref.name, ref.arn, ref.region])
        return n

    status_of, severity_of = _S, _SEV
    for r in run.results:
        rule_n = rule_index.get(r.rule_id)
        if rule_n is None:
            rule_n = rule_index[r.rule_id] = len(rule_list)
            rule_list.append(rule_of(rules, r))
        w = -1
        if r.waiver is not None:
            w = waiver_index.get(r.waiver, -1)
            if w < 0:
                w = waiver_index[r.waiver] = len(waivers)
                waivers.append(_waiver_row(r.waiver))
        evidence = [
            [
                strings(e.path),
                strings(truncate(value_text(e.observed), MAX_OBSERVED)),
                -1 if e.expected is None else strings(e.expected),
            ]
            for e in r.evidence
        ]
        n = res_index.get(r.resource.arn)
        by_fingerprint[r.fingerprint] = len(results)
        results.append([
            rule_n, resource(r.resource) if n is None else n, status_of[r.status],
            severity_of[r.severity], r.message, evidence, list(r.errors), w,
        ])
    pipelines = [
        [
            resource(p.pool),
            int(p.fully_observed),
            [
                [
                    _STAGE[n.stage],
                    n.label,
                    -1 if n.status is None else _S[n.status],
                    [by_fingerprint[f] for f in n.result_fingerprints if f in by_fingerprint],
                ]
                for n in p.nodes
            ],
        ]
        for p in run.pipelines
    ]
    return {
        "statuses": [s.value for s in STATUSES],
        "statusLabels": [STATUS_LABEL[s] for s in STATUSES],
        "severities": [s.value for s in SEVERITIES],
        "stages": [s.value for s in STAGES],
        "stageLabels": [STAGE_LABEL[s] for s in STAGES],
        "rules": [
            [
                r.id, r.title, _SEV[r.severity], control_labels(r), r.remediation.strip(),
                list(r.references), " ".join(x for x in (r.description, r.rationale) if x),
                help_uri(r),
            ]
            for r in rule_list
        ],
        "resources": resources,
        "strings": strings.items,
        "waivers": waivers,
        "results": results,
        "pipelines": pipelines,
    }


def _waiver_row(w: Waiver) -> list[str]:
    return [w.reason, w.owner, w.expires, w.ticket or "", w.source, w.rule, w.resource]


@dataclass(frozen=True)
class Segment:
    """One coloured piece of a stacked bar, in percent of the bar."""

    status: Status
    count: int
    x: float
    width: float


def bar(counts: dict[Status, int], scale: int) -> list[Segment]:
    out, x = [], 0.0
    for s in STATUSES:
        n = counts.get(s, 0)
        if n and scale:
            w = 100.0 * n / scale
            out.append(Segment(s, n, round(x, 3), round(w, 3)))
            x += w
    return out


@dataclass(frozen=True)
class RuleRow:
    rule: RuleMeta
    counts: dict[Status, int]
    controls: list[str]


@dataclass(frozen=True)
class WaiverRow:
    waiver: Waiver
    text: str
    results: int


def summary(run: RunResult) -> dict[str, Any]:
    """The server-rendered parts: totals, bars, the per-rule table, waivers."""
    totals = run.totals_by_status()
    by_sev = run.totals_by_severity()
    sev_scale = max((sum(c.values()) for c in by_sev.values()), default=0)
    per_rule: dict[str, dict[Status, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    active: dict[Waiver, int] = defaultdict(int)
    for r in run.results:
        per_rule[r.rule_id][r.status] += 1
        if r.status is Status.WAIVED and r.waiver is not None:
            active[r.waiver] += 1
    rules = rules_by_id(run)
    rule_rows = [
        RuleRow(rule, per_rule.get(rule.id, dict.fromkeys(STATUSES, 0)), control_labels(rule))
        for rule in run.rules
    ]
    rule_rows += [
        RuleRow(rule_of(rules, _first(run, rid)), counts, [])
        for rid, counts in per_rule.items()
        if rid not in rules
    ]
    return {
        "totals": totals,
        "status_bar": bar(totals, len(run.results)),
        "severity_bars": [
            (sev, sum(by_sev[sev].values()), bar(by_sev[sev], sev_scale))
            for sev in SEVERITIES
        ],
        "rule_rows": rule_rows,
        "active_waivers": [
            WaiverRow(w, waiver_text(w), n)
            for w, n in sorted(active.items(), key=lambda kv: (kv[0].expires, kv[0].rule))
        ],
        "statuses": STATUSES,
        "status_label": STATUS_LABEL,
        "status_words": STATUS_WORDS,
    }


def _first(run: RunResult, rule_id: str) -> Result:
    return next(r for r in run.results if r.rule_id == rule_id)
