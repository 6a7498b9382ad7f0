"""``cognito-lint check SNAPSHOT``: evaluate the rules on a snapshot and report.

Parse → build → execute → exit code. Every rule, the config and the waivers file are
validated before anything is evaluated (any problem: every ``file:line:column`` line, exit 2).
Reports go to stdout or to ``-o``; the final summary line goes to stderr and always says both
whether failing findings reached the threshold and whether the scan is incomplete.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from linter.atomic import open_atomic, write_text_atomic
from linter.commands._common import err, guarded
from linter.engine.diagnostics import (
    ConfigValidationError,
    RuleValidationError,
    WaiverValidationError,
)
from linter.engine.run import (
    FAIL_ON_CHOICES,
    CheckOptions,
    exit_code,
    no_cyclic_gc,
    run_check,
    summary_line,
)
from linter.errors import ExitCode, UsageError
from linter.model import RunResult

HELP = (
    "Evaluate the rules on a snapshot and report the results.\n\n"
    "Exit codes: 0 no failing finding at or above --fail-on, and complete; 1 failing findings "
    "at or above --fail-on; 3 the scan is incomplete (some results are error: data could not "
    "be collected) — takes precedence over 1, so an incomplete scan is never mistaken for a "
    "judged one; 2 usage, rule, config, waiver or snapshot error; 4 internal error. The last "
    "stderr line states both findings and completeness."
)


@dataclass(frozen=True)
class CheckCommand:
    snapshot: Path
    rule_dirs: tuple[Path, ...]
    no_builtin: bool
    config: Path | None
    waivers: Path | None
    no_waivers: bool
    fail_on: str | None
    formats: tuple[str, ...]
    output: str | None


def split_formats(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``--format html,junit -f sarif`` -> ``("html", "junit", "sarif")``; default console."""
    out = [part.strip() for v in values for part in v.split(",") if part.strip()]
    return tuple(out) or ("console",)


def register(app: typer.Typer) -> None:
    """Adds the command to the app."""

    @app.command("check", help=HELP)
    @guarded
    def check(
        snapshot: Path = typer.Argument(..., help="The snapshot JSON file to check."),
        rules: list[Path] = typer.Option(
            [], "--rules", metavar="DIR", help="A directory of extra rules (repeatable)."
        ),
        no_builtin: bool = typer.Option(
            False, "--no-builtin", help="Do not load the built-in rule pack."
        ),
        config: Path | None = typer.Option(
            None, "--config", metavar="FILE",
            help="Config file (default: ./.cognito-lint.yaml if present)."
        ),
        waivers: Path | None = typer.Option(
            None, "--waivers", metavar="FILE",
            help="Waivers file (overrides the config's 'waivers')."
        ),
        no_waivers: bool = typer.Option(
            False, "--no-waivers", help="Apply no waivers: the full audit view."
        ),
        fail_on: str | None = typer.Option(
            None, "--fail-on", metavar="SEVERITY",
            help=f"Exit 1 at this severity or above: {'|'.join(FAIL_ON_CHOICES)} "
            "(default: the config's fail_on, else low).",
        ),
        formats: list[str] = typer.Option(
            [], "--format", "-f", metavar="FORMAT[,FORMAT]",
            help="console|json|junit|sarif|html|markdown (repeatable or comma-separated; "
            "default console).",
        ),
        output: str | None = typer.Option(
            None, "-o", "--output", metavar="PATH",
            help="Output file for one format ('-' = stdout), or a directory for several.",
        ),
    ) -> int:
        return run(CheckCommand(
            snapshot=snapshot, rule_dirs=tuple(rules), no_builtin=no_builtin, config=config,
            waivers=waivers, no_waivers=no_waivers, fail_on=fail_on,
            formats=split_formats(formats), output=output,
        ))


def run(cmd: CheckCommand) -> int:
    from linter.report import file_name, parse_format, write

    if cmd.fail_on is not None and cmd.fail_on not in FAIL_ON_CHOICES:
        raise UsageError(f"--fail-on {cmd.fail_on!r}: expected one of {', '.join(FAIL_ON_CHOICES)}")
    if cmd.no_waivers and cmd.waivers is not None:
        raise UsageError("--waivers and --no-waivers contradict each other")
    fmts = []
    for f in cmd.formats:
        fmt = parse_format(f)
        if fmt not in fmts:
            fmts.append(fmt)
    if len(fmts) > 1 and (cmd.output is None or cmd.output == "-"):
        raise UsageError("several --format values need -o DIR (one file per format)")
    options = CheckOptions(
        rule_dirs=cmd.rule_dirs, builtin=not cmd.no_builtin, config=cmd.config,
        waivers=cmd.waivers, use_waivers=not cmd.no_waivers, fail_on=cmd.fail_on,
    )
    # Building and rendering hundreds of thousands of acyclic objects: the cyclic collector
    # would only rescan the heap (reports included); reference counting frees them anyway.
    # Everything that reads the result happens inside the pause, and the result is freed
    # before it ends, so the re-enabled collector never has a large live heap to scan.
    with no_cyclic_gc():
        try:
            result = run_check(cmd.snapshot, options)
        except (RuleValidationError, ConfigValidationError, WaiverValidationError) as e:
            for line in e.lines():
                err(f"cognito-lint: error: {line}")
            return int(ExitCode.USAGE)
        if cmd.output is None or cmd.output == "-":
            write_text_atomic("-", _render_to_stdout(fmts[0], result))
        elif len(fmts) == 1 and not Path(cmd.output).is_dir():
            with open_atomic(cmd.output) as fh:  # streamed: a large JSON is never in memory
                write(fmts[0], result, fh)
        else:
            folder = Path(cmd.output)
            for fmt in fmts:
                with open_atomic(folder / file_name(fmt)) as fh:
                    write(fmt, result, fh)
        report_waivers(result)
        err(summary_line(result))
        code = int(exit_code(result))
        del result
    return code


def _render_to_stdout(fmt: Any, result: RunResult) -> str:
    """On a terminal the console report takes the terminal's width and colours; piped, it
    stays plain text at the reporter's default width."""
    from linter.report import render
    from linter.report.console import ConsoleReporter
    from linter.report.registry import ReportFormat

    if fmt is ReportFormat.CONSOLE and sys.stdout.isatty():
        width = shutil.get_terminal_size(fallback=(100, 24)).columns
        return ConsoleReporter(width=width, color=True).render(result)
    return render(fmt, result)


def report_waivers(result: RunResult) -> None:
    for w in result.expired_waivers:
        err(f"cognito-lint: waiver EXPIRED on {w.expires} ({w.source}): {w.rule} {w.resource} "
            f"(owner {w.owner}); its findings count again")
    for w in result.stale_waivers:
        err(f"cognito-lint: stale waiver ({w.source}): {w.rule} {w.resource} matches no failing "
            "result; remove it")
