"""JUnit XML report for CI test tabs (GitLab, Jenkins, Azure DevOps).

One ``<testsuite>`` per rule and one ``<testcase>`` per (rule, resource), passes included, so a
CI page shows what was proven as well as what broke. ``fail`` is a ``<failure>``, ``error``
an ``<error>``, ``waived`` and ``not_applicable`` a ``<skipped>`` with the reason. The
document validates against the strict Apache Ant schema: ``<properties>``, ``<system-out>``
and ``<system-err>`` in every suite, ``hostname``, a timestamp without a zone, and
``id``/``package`` on each suite of the ``<testsuites>`` aggregate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from linter.model import Result, RuleMeta, RunResult, Status
from linter.report._text import (
    control_labels,
    gc_paused,
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
    return "\n".join(lines) + "\n"


def _case_ids(results: list[Result], rule: RuleMeta) -> list[tuple[str, str]]:
    """``(classname, name)`` per result: ``[HIGH][CL-LOG-001] title :: resource``, unique
    within the rule (and so within the document): a name shared by two resources in one
    classname gets the ARN added."""
    prefix = f"[{severity_label(rule.severity)}][{rule.id}] {rule.title} :: "
    classnames: dict[tuple[str, str], str] = {}
    ids = []
    for r in results:
        where = (r.resource.type, r.resource.region)
        classname = classnames.get(where)
        if classname is None:
            classname = classnames[where] = _classname(r)
        ids.append((classname, _name(prefix + resource_label(r))))
    seen = Counter(ids)
    if len(seen) == len(ids):
        return ids
    used: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for r, key in zip(results, ids, strict=True):
        if seen[key] > 1:
            key = (key[0], _name(f"{prefix}{resource_label(r)} ({r.resource.arn})"))
        n = 2
        while key in used:
            key = (key[0], _name(f"{prefix}{resource_label(r)} ({r.resource.arn}) #{n}"))
            n += 1
        used.add(key)
        out.append(key)
    return out


def _name(text: str) -> str:
    """As the schema's ``xs:token`` compares it: valid XML characters, whitespace collapsed."""
    return one_line(xml_text(text))


def _classname(result: Result) -> str:
    return _name(f"{result.resource.type}.{result.resource.region or 'global'}")


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;"
    )


def _text(value: str) -> str:
    """Element text: valid characters, markup escaped (``\\r`` kept as a reference)."""
    return _escape(xml_text(value))


def _escape_attr(value: str) -> str:
    return _escape(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _attr(value: str) -> str:
    """An attribute value: as :func:`_text`, plus quotes and the whitespace an XML parser
    would otherwise normalise away."""
    return _escape_attr(xml_text(value))


def _attrs(**attrs: str) -> str:
    return "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items())


@dataclass(frozen=True)
class JunitReporter:
    @gc_paused
    def render(self, run: RunResult) -> str:
        rules = rules_by_id(run)
        by_rule: dict[str, list[Result]] = defaultdict(list)
        for r in run.results:
            by_rule[r.rule_id].append(r)
        order = [rule.id for rule in run.rules]
        order += [rid for rid in by_rule if rid not in rules]
        timestamp = iso_no_zone(run.run.started_at)
        run_props = _run_properties(run)

        out = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
        for suite_id, rid in enumerate(order):
            results = by_rule.get(rid, [])
            rule = rules[rid] if rid in rules else rule_of(rules, results[0])
            counts: dict[Status, int] = defaultdict(int)
            for r in results:
                counts[r.status] += 1
            out.append(
                "  <testsuite"
                + _attrs(
                    name=rid,
                    package=PACKAGE,
                    id=str(suite_id),
                    timestamp=timestamp,
                    hostname="localhost",
                    tests=str(len(results)),
                    failures=str(counts[Status.FAIL]),
                    errors=str(counts[Status.ERROR]),
                    skipped=str(counts[Status.WAIVED] + counts[Status.NOT_APPLICABLE]),
                    time="0",
                )
                + ">"
            )
            out.append("    <properties>")
            for name, value in run_props + _rule_properties(rule):
                out.append(f"      <property{_attrs(name=name, value=value)} />")
            out.append("    </properties>")
            for r, ids in zip(results, _case_ids(results, rule), strict=True):
                out.append(self._case(r, rule, ids))
            system_out = (
                f"{rule.id}: {rule.title}\n{one_line(rule.description)}\n"
                + (f"Remediation: {rule.remediation.strip()}\n" if rule.remediation else "")
            )
            out.append(f"    <system-out>{_text(system_out)}</system-out>")
            out.append("    <system-err />")
            out.append("  </testsuite>")
        out.append("</testsuites>")
        return "\n".join(out) + "\n"

    @staticmethod
    def _case(r: Result, rule: RuleMeta, ids: tuple[str, str]) -> str:
        # ids are already valid XML text (see _name)
        head = (f'    <testcase classname="{_escape_attr(ids[0])}" '
                f'name="{_escape_attr(ids[1])}" time="0"')
        message = one_line(r.message)
        if r.status is Status.FAIL:
            tag, attrs = "failure", _attrs(message=message, type=r.severity.value)
        elif r.status is Status.ERROR:
            tag, attrs = "error", _attrs(message=message, type="not-evaluable")
        elif r.status is Status.WAIVED:
            why = waiver_text(r.waiver) if r.waiver else "no waiver details"
            tag, attrs = "skipped", _attrs(message=one_line(f"waived: {why}"))
        elif r.status is Status.NOT_APPLICABLE:
            return f'{head}>\n      <skipped message="not applicable" />\n    </testcase>'
        else:
            return head + " />"
        return (f"{head}>\n      <{tag}{attrs}>{_text(_details(r, rule))}</{tag}>\n"
                "    </testcase>")
