"""Markdown summary for pull-request comments and ``$GITHUB_STEP_SUMMARY``.

Totals, the failing findings by severity (a table cut with "… and N more"), the findings that
could not be evaluated, and the top remediations. Always under :data:`MAX_BYTES` (GitHub caps
a comment at 65,536 characters): rows are dropped until it fits, whatever the estate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from linter.model import Result, RuleMeta, RunResult, Severity, Status
from linter.report._text import (
    STATUS_ORDER,
    STATUS_WORDS,
    gc_paused,
    help_uri,
    one_line,
    plural,
    resource_label,
    rule_of,
    rules_by_id,
    severity_label,
    strip_control,
    truncate,
)
from linter.report.templates import render_template

MAX_BYTES = 60_000
"""Hard bound on the UTF-8 size of the summary (below GitHub's 65,536-character limit)."""

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: Any, limit: int = 200) -> str:
    """Plain text made inert in Markdown (and in a table cell): one line, cut to ``limit``
    characters, HTML characters as entities, Markdown punctuation backslash-escaped."""
    s = truncate(one_line(strip_control(str(text))), limit)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def code_block(text: str, limit: int = 600, max_lines: int = 12) -> str:
    """Text for a fenced code block: no fence can be closed from inside, cut to size."""
    lines = strip_control(text.strip()).replace("`" * 3, "'" * 3).splitlines()[:max_lines]
    return truncate("\n".join(lines), limit)


@dataclass(frozen=True)
class Remediation:
    rule: RuleMeta
    count: int
    text: str
    uri: str


def _top_remediations(run: RunResult, limit: int) -> list[Remediation]:
    rules = rules_by_id(run)
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, Result] = {}
    for r in run.results:
        if r.status is Status.FAIL:
            counts[r.rule_id] += 1
            first.setdefault(r.rule_id, r)
    ranked = sorted(counts, key=lambda rid: (-first[rid].severity.rank, -counts[rid], rid))
    out = []
    for rid in ranked[:limit]:
        rule = rule_of(rules, first[rid])
        out.append(Remediation(rule, counts[rid], code_block(rule.remediation), help_uri(rule)))
    return out


@dataclass(frozen=True)
class MarkdownReporter:
    max_rows: int = 50
    max_error_rows: int = 20
    max_remediations: int = 5

    @gc_paused
    def render(self, run: RunResult) -> str:
        rows, error_rows, rems = self.max_rows, self.max_error_rows, self.max_remediations
        while True:
            text = self._render(run, rows, error_rows, rems)
            if len(text.encode("utf-8")) <= MAX_BYTES:
                return text
            if rows == 0 and error_rows == 0 and rems == 0:
                cut = text.encode("utf-8")[: MAX_BYTES - 200].decode("utf-8", "ignore")
                return cut + "\n\n_… summary cut to stay under the comment size limit._\n"
            rows, error_rows, rems = rows // 2, error_rows // 2, rems // 2

    def _render(self, run: RunResult, rows: int, error_rows: int, rems: int) -> str:
        rules = rules_by_id(run)
        failing = [r for r in run.results if r.status is Status.FAIL]
        errors = [r for r in run.results if r.status is Status.ERROR]
        by_sev = run.totals_by_severity()
        return render_template(
            "markdown/summary.md.j2",
            run=run,
            totals=run.totals_by_status(),
            Status=Status,
            statuses=STATUS_ORDER,
            status_words=STATUS_WORDS,
            severity_rows=[(sev, by_sev[sev]) for sev in Severity.ordered()],
            failing=failing[:rows],
            failing_more=max(0, len(failing) - rows),
            failing_total=len(failing),
            errors=errors[:error_rows],
            errors_more=max(0, len(errors) - error_rows),
            errors_total=len(errors),
            remediations=_top_remediations(run, rems),
            title=lambda r: rule_of(rules, r).title,
            label=resource_label,
            sev=severity_label,
            md=md,
            plural=plural,
        )
