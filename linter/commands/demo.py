"""``cognito-lint demo``: the whole pipeline against a built-in mocked account.

It starts an in-process mocked AWS account (moto plus cognito-lint's moto extension), seeds
the demo estate (3 Regions, compliant pools and every classic break), runs the real snapshot
code over boto3 against it, checks the snapshot with the built-in rules and writes every
report. No AWS account, credentials or network are needed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import typer

from linter.commands._common import err, guarded
from linter.errors import UsageError

HELP = (
    "Run the whole pipeline against a built-in mocked AWS account (no AWS needed): seed a "
    "realistic estate (7 Regions, 18 user pools, compliant pools beside every classic "
    "break), snapshot it with the real collector, check it with the built-in rules and "
    "write snapshot.json, "
    "results.json, report.html, report.junit.xml, report.sarif and report.md to DIR.\n\n"
    "Exit codes: 0 the demo ran (its findings are expected); 2 usage error; 4 internal error."
)


@dataclass(frozen=True)
class DemoOptions:
    output: Path
    snapshot_only: bool
    quiet: bool


def register(app: typer.Typer) -> None:
    """Adds the command to the app."""

    @app.command("demo", help=HELP)
    @guarded
    def demo(
        output: Path = typer.Option(
            Path("reports/demo"), "-o", "--output", help="Directory the files are written to."
        ),
        snapshot_only: bool = typer.Option(
            False,
            "--snapshot-only",
            help="Write only snapshot.json (how sample_configs/demo/snapshot.json is made).",
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the final summary."),
    ) -> int:
        return run(DemoOptions(output=output, snapshot_only=snapshot_only, quiet=quiet))


def run(options: DemoOptions) -> int:
    try:  # moto is only needed by this command (the `demo` and `dev` extras)
        from linter.demo.account import mocked_account
    except ImportError as e:
        raise UsageError(
            f"the demo needs moto, which is not installed ({e.name})",
            tip="pip install 'cognito-lint[demo]'",
        ) from None
    from linter.atomic import write_text_atomic
    from linter.collect.runner import CollectOptions, collect
    from linter.engine.run import CheckOptions, check, prepare, summary_line
    from linter.report.registry import ReportFormat, file_name, render
    from linter.snapshot.loader import load_snapshot
    from linter.snapshot.writer import dumps

    say = (lambda _m: None) if options.quiet else err
    out = options.output
    # Validate rules before spending time on the mocked account.
    prepared = None if options.snapshot_only else prepare(CheckOptions(discover_config=False))

    t0 = time.monotonic()
    say("demo: seeding a mocked AWS account (moto + cognito-lint's extension) ...")
    with mocked_account() as (session, manifest):
        say(
            f"demo: {len(manifest.pools)} user pools in {len(manifest.regions)} Regions "
            f"({', '.join(manifest.regions)}), {len(manifest.breaks)} seeded breaks; "
            "collecting with the real snapshot code ..."
        )
        collected = collect(session, CollectOptions(regions=manifest.regions))
    snapshot_path = out / "snapshot.json"
    write_text_atomic(snapshot_path, dumps(collected.snapshot))
    say(
        f"demo: {snapshot_path} written ({collected.total_calls} API calls, "
        f"{len(collected.errors)} collection errors) in {time.monotonic() - t0:.1f}s"
    )
    if options.snapshot_only or prepared is None:
        return 0

    run_result = check(load_snapshot(snapshot_path), prepared)
    written = []
    for fmt in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.JUNIT,
                ReportFormat.SARIF, ReportFormat.MARKDOWN):
        path = out / file_name(fmt)
        write_text_atomic(path, render(fmt, run_result))
        written.append(path)
    if not options.quiet:
        typer.echo(render(ReportFormat.CONSOLE, run_result))
    say("demo: wrote " + ", ".join(str(p) for p in written))
    observed = run_result.pools_fully_observed
    err(
        f"demo: {observed} of {run_result.pools_total} user pools fully observed; "
        f"open {out / file_name(ReportFormat.HTML)} in a browser"
    )
    err(summary_line(run_result).replace("; exit ", "; a real scan would exit "))
    return 0
