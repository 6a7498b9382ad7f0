"""JUnit XML report for CI test tabs (GitLab, Jenkins, Azure DevOps).

One ``<testsuite>`` per rule and one ``<testcase>`` per (rule, resource), passes included, so a
CI page shows what was proven as well as what broke. ``fail`` is a ``<failure>``, ``error``
an ``<error>``, ``waived`` and ``not_applicable`` a ``<skipped>`` with the reason. The
document validates against the strict Apache Ant schema: ``<properties>``, ``<system-out>``
and ``<system-err>`` in every suite, ``hostname``, a timestamp without a zone, and
``id``/``package`` on each suite of the ``<testsuites>`` aggregate.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

from linter.model import Result, RuleMeta, RunResult, Status
from linter.report._text import (
    control_labels,
    iso_no_zone,
    one_line,
    resource_label,
    rule_of,
    rules_by_id,
    severity_label,
    value_text,
    waiver_text,
    xml_text,
)

PACKAGE = "cognito-lint"


def _run_properties(run: RunResult) -> list[tuple[str, str]]:
    """Run metadata, from an allowlist: only these fields ever reach ``<properties>``."""
    snap, info = run.snapshot, run.run
    return [
        ("cognito-lint.version", info.tool_version),
        ("rule-pack.version", info.rule_pack_version),
        ("rule-pack.sha256", info.rule_pack_sha256),
        ("run.started-at", info.started_at),
        ("run.fail-on", info.fail_on.value if info.fail_on else "none"),
        ("snapshot.path", snap.path),
        ("snapshot.sha256", snap.sha256),
        ("snapshot.source-kind", snap.source_kind),
        ("snapshot.account-id", snap.account_id),
        ("snapshot.partition", snap.partition),
        ("snapshot.regions", ",".join(snap.regions)),
        ("snapshot.started-at", snap.started_at),
    ]


def _rule_properties(rule: RuleMeta) -> list[tuple[str, str]]:
    return [
        ("rule.id", rule.id),
        ("rule.severity", rule.severity.value),
        ("rule.resource", rule.resource),
        ("rule.controls", "; ".join(control_labels(rule))),
    ]


def _evidence_lines(result: Result) -> list[str]:
    lines = []
    for ev in result.evidence:
        line = f"  {ev.path}: observed {value_text(ev.observed)}"
        if ev.expected is not None:
            line += f"; expected {ev.expected}"
        lines.append(line)
    return lines


def _details(result: Result, rule: RuleMeta) -> str:
    lines = [
        f"Rule: {rule.id} {rule.title} ({rule.severity.value})",
        f"Resource: {result.resource.arn} ({result.resource.region})",
        f"Message: {result.message}",
    ]
    if result.errors:
        lines += ["Not evaluable because:", *(f"  {e}" for e in result.errors)]
    if result.evidence:
        lines += ["Evidence:", *_evidence_lines(result)]
    if result.status is Status.FAIL:
        if rule.remediation:
            lines += ["Remediation:", *(f"  {x}" for x in rule.remediation.strip().splitlines())]
        if rule.references:
            lines += ["References:", *(f"  {x}" for x in rule.references)]
    return xml_text("\n".join(lines) + "\n")


def _case_names(results: list[Result], rule: RuleMeta) -> list[str]:
    """``[HIGH][CL-LOG-001] title :: resource`` — unique within the rule (and so within the
    document, with the classname): a name shared by two resources gets the ARN added."""
    prefix = f"[{severity_label(rule.severity)}][{rule.id}] {rule.title} :: "
    first = [one_line(prefix + resource_label(r)) for r in results]
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for r, name in zip(results, first, strict=True):
        seen[(_classname(r), name)] += 1
    names: list[str] = []
    used: set[tuple[str, str]] = set()
    for r, name in zip(results, first, strict=True):
        if seen[(_classname(r), name)] > 1:
            name = one_line(f"{prefix}{resource_label(r)} ({r.resource.arn})")
        key = (_classname(r), name)
        n = 2
        while key in used:
            key = (key[0], one_line(f"{prefix}{resource_label(r)} ({r.resource.arn}) #{n}"))
            n += 1
        used.add(key)
        names.append(xml_text(key[1]))
    return names


def _classname(result: Result) -> str:
    return one_line(f"{result.resource.type}.{result.resource.region or 'global'}")


@dataclass(frozen=True)
class JunitReporter:
    def render(self, run: RunResult) -> str:
        rules = rules_by_id(run)
        by_rule: dict[str, list[Result]] = defaultdict(list)
        for r in run.results:
            by_rule[r.rule_id].append(r)
        order = [rule.id for rule in run.rules]
        order += [rid for rid in by_rule if rid not in rules]
        timestamp = iso_no_zone(run.run.started_at)
        run_props = _run_properties(run)

        root = ET.Element("testsuites")
        for suite_id, rid in enumerate(order):
            results = by_rule.get(rid, [])
            rule = rules[rid] if rid in rules else rule_of(rules, results[0])
            counts = defaultdict(int)
            for r in results:
                counts[r.status] += 1
            suite = ET.SubElement(
                root,
                "testsuite",
                {
                    "name": rid,
                    "package": PACKAGE,
                    "id": str(suite_id),
                    "timestamp": timestamp,
                    "hostname": "localhost",
                    "tests": str(len(results)),
                    "failures": str(counts[Status.FAIL]),
                    "errors": str(counts[Status.ERROR]),
                    "skipped": str(counts[Status.WAIVED] + counts[Status.NOT_APPLICABLE]),
                    "time": "0",
                },
            )
            props = ET.SubElement(suite, "properties")
            for name, value in run_props + _rule_properties(rule):
                ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
            for r, name in zip(results, _case_names(results, rule), strict=True):
                case = ET.SubElement(
                    suite, "testcase", {"classname": xml_text(_classname(r)), "name": name,
                                        "time": "0"}
                )
                self._outcome(case, r, rule)
            out = ET.SubElement(suite, "system-out")
            out.text = xml_text(
                f"{rule.id}: {rule.title}\n{one_line(rule.description)}\n"
                + (f"Remediation: {rule.remediation.strip()}\n" if rule.remediation else "")
            )
            ET.SubElement(suite, "system-err").text = ""
        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

    @staticmethod
    def _outcome(case: ET.Element, r: Result, rule: RuleMeta) -> None:
        message = xml_text(one_line(r.message))
        if r.status is Status.FAIL:
            el = ET.SubElement(case, "failure", {"message": message, "type": r.severity.value})
            el.text = _details(r, rule)
        elif r.status is Status.ERROR:
            el = ET.SubElement(case, "error", {"message": message, "type": "not-evaluable"})
            el.text = _details(r, rule)
        elif r.status is Status.WAIVED:
            why = waiver_text(r.waiver) if r.waiver else "no waiver details"
            el = ET.SubElement(case, "skipped", {"message": xml_text(one_line(f"waived: {why}"))})
            el.text = _details(r, rule)
        elif r.status is Status.NOT_APPLICABLE:
            ET.SubElement(case, "skipped", {"message": "not applicable"})
