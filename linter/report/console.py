"""Console report: the failing and error findings as a table, then the totals (rich, to text)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from linter.model import Result, RunResult, Severity, Status
from linter.report._text import (
    STATUS_LABEL,
    STATUS_ORDER,
    STATUS_WORDS,
    plural,
    resource_label,
    severity_label,
    strip_control,
)

_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_STATUS_STYLE = {
    Status.FAIL: "bold red",
    Status.ERROR: "bold magenta",
    Status.WAIVED: "blue",
    Status.PASS: "green",
    Status.NOT_APPLICABLE: "dim",
}


def _t(text: str, style: str = "") -> Text:
    """Data is always a Text: never parsed as rich markup, control characters replaced."""
    return Text(strip_control(text), style=style)


@dataclass(frozen=True)
class ConsoleReporter:
    """``width``: the line width (every line fits it). ``color``: ANSI colours for a terminal.
    ``max_rows``: findings listed before "… and N more" (the other formats list them all)."""

    width: int = 100
    color: bool = False
    max_rows: int = 200

    def render(self, run: RunResult) -> str:
        buf = io.StringIO()
        console = Console(
            file=buf,
            width=max(self.width, 40),
            force_terminal=self.color,
            color_system="standard" if self.color else None,
            no_color=not self.color,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=False,
            legacy_windows=False,
        )
        findings = [r for r in run.results if r.status in (Status.FAIL, Status.ERROR)]
        if findings:
            shown = findings[: self.max_rows]
            console.print(self._table(shown) if self.width >= 80 else self._list(shown))
            if len(findings) > self.max_rows:
                console.print(
                    _t(f"… and {len(findings) - self.max_rows} more failing or error findings "
                       "(see the HTML, JSON or SARIF report for all of them)", "dim")
                )
        else:
            console.print(_t("No failing or error findings.", "green"))
        console.print(self._summary(run))
        lines = [line.rstrip() for line in buf.getvalue().splitlines()]
        return "\n".join(lines).rstrip("\n") + "\n"

    def _table(self, findings: list[Result]) -> Table:
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            expand=False,
            title="Findings that need action",
            title_justify="left",
            header_style="bold",
        )
        table.add_column("Severity", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Region", no_wrap=True)
        table.add_column("Resource", overflow="fold", ratio=2)
        table.add_column("Message", overflow="fold", ratio=3)
        for r in findings:
            message = r.message
            if r.status is Status.ERROR and r.errors:
                message += " [" + "; ".join(r.errors) + "]"
            table.add_row(
                _t(severity_label(r.severity), _SEVERITY_STYLE[r.severity]),
                _t(STATUS_LABEL[r.status].upper(), _STATUS_STYLE[r.status]),
                _t(r.rule_id),
                _t(r.resource.region),
                _t(resource_label(r)),
                _t(message),
            )
        return table

    def _list(self, findings: list[Result]) -> Text:
        """Narrow terminals: one block per finding instead of a table that would cut words."""
        out = Text("Findings that need action\n", style="bold")
        for r in findings:
            out.append("\n")
            out.append(severity_label(r.severity), style=_SEVERITY_STYLE[r.severity])
            out.append(" ")
            out.append(STATUS_LABEL[r.status].upper(), style=_STATUS_STYLE[r.status])
            out.append(strip_control(f" {r.rule_id} {r.resource.region}\n"))
            out.append(strip_control(f"  {resource_label(r)}\n"))
            message = r.message
            if r.status is Status.ERROR and r.errors:
                message += " [" + "; ".join(r.errors) + "]"
            out.append(strip_control(f"  {message}\n"), style="dim")
        return out

    def _summary(self, run: RunResult) -> Text:
        totals = run.totals_by_status()
        out = Text()
        out.append("\nTotals: ", style="bold")
        out.append(
            ", ".join(f"{totals[s]} {STATUS_WORDS[s]}" for s in STATUS_ORDER)
            + f" ({plural(len(run.results), 'result')}, {plural(len(run.rules), 'rule')})\n"
        )
        by_sev = run.totals_by_severity()
        failing = [
            f"{by_sev[sev][Status.FAIL]} {sev.value}"
            for sev in Severity.ordered()
            if by_sev[sev][Status.FAIL]
        ]
        out.append("Failing by severity: ", style="bold")
        out.append((", ".join(failing) or "none") + "\n")
        out.append("Pools: ", style="bold")
        out.append(f"{run.pools_fully_observed} of {run.pools_total} user pools fully observed\n")
        if run.collection_errors:
            out.append("Collection errors: ", style="bold magenta")
            out.append(
                f"{plural(len(run.collection_errors), 'call')} failed; results that depend on "
                "them are 'error', never 'pass'\n"
            )
        if run.expired_waivers or run.stale_waivers:
            out.append("Waivers: ", style="bold")
            out.append(
                f"{len(run.expired_waivers)} expired (their findings count again), "
                f"{len(run.stale_waivers)} stale (matched nothing)\n"
            )
        snap = run.snapshot
        out.append(
            strip_control(
                f"Snapshot {snap.path} (sha256 {snap.sha256[:12]}…), account {snap.account_id}, "
                f"regions {', '.join(snap.regions)}; cognito-lint {run.run.tool_version}, "
                f"rule pack {run.run.rule_pack_version}\n"
            ),
            style="dim",
        )
        return out
