"""``cognito-lint scan``: ``snapshot`` then ``check``, in one go.

Rules, config and waivers are validated first, so a typo fails in a second instead of after a
long collection. The snapshot is kept (``--snapshot PATH``): it is the evidence the results
were computed from. The exit code is check's, except that a scan whose collection failed
anywhere is never 0: it is 3 (incomplete) when nothing else failed.
"""

from __future__ import annotations

from pathlib import Path

import typer

from linter.commands import check as check_cmd
from linter.commands import snapshot as snapshot_cmd
from linter.commands._common import err, guarded
from linter.commands.snapshot import DEFAULT_COGNITO_RPS, DEFAULT_MAX_WORKERS
from linter.engine.diagnostics import (
    ConfigValidationError,
    RuleValidationError,
    WaiverValidationError,
)
from linter.engine.run import FAIL_ON_CHOICES, CheckOptions, prepare
from linter.errors import ExitCode

HELP = (
    "Snapshot the account, then check the snapshot (the options of both commands). The "
    "snapshot is kept as evidence (--snapshot).\n\n"
    "Exit codes: as `check`; and 3 when collection was incomplete and nothing failed."
)


def register(app: typer.Typer) -> None:
    """Adds the command to the app."""

    @app.command("scan", help=HELP)
    @guarded
    def scan(
        regions: str = typer.Option(
            "all", "--regions", metavar="R1,R2|all",
            help="Comma-separated Regions, or 'all' = the account's enabled Regions."),
        profile: str | None = typer.Option(None, "--profile", help="AWS profile to use."),
        role_arn: str | None = typer.Option(None, "--role-arn", help="Assume this role."),
        external_id: str | None = typer.Option(
            None, "--external-id", help="External ID for --role-arn."),
        cognito_rps: float = typer.Option(
            DEFAULT_COGNITO_RPS, "--cognito-rps",
            help="Cognito reads per second per Region and quota category."),
        max_workers: int = typer.Option(
            DEFAULT_MAX_WORKERS, "--max-workers", help="Regions read in parallel."),
        snapshot: Path = typer.Option(
            Path("snapshot.json"), "--snapshot", metavar="PATH",
            help="Where the snapshot is written (kept as evidence)."),
        rules: list[Path] = typer.Option(
            [], "--rules", metavar="DIR", help="A directory of extra rules (repeatable)."),
        no_builtin: bool = typer.Option(
            False, "--no-builtin", help="Do not load the built-in rule pack."),
        config: Path | None = typer.Option(
            None, "--config", metavar="FILE",
            help="Config file (default: ./.cognito-lint.yaml if present)."),
        waivers: Path | None = typer.Option(
            None, "--waivers", metavar="FILE", help="Waivers file."),
        no_waivers: bool = typer.Option(
            False, "--no-waivers", help="Apply no waivers: the full audit view."),
        fail_on: str | None = typer.Option(
            None, "--fail-on", metavar="SEVERITY",
            help=f"Exit 1 at this severity or above: {'|'.join(FAIL_ON_CHOICES)}."),
        formats: list[str] = typer.Option(
            [], "--format", "-f", metavar="FORMAT[,FORMAT]",
            help="console|json|junit|sarif|html|markdown (repeatable or comma-separated)."),
        output: str | None = typer.Option(
            None, "-o", "--output", metavar="PATH",
            help="Output file for one format ('-' = stdout), or a directory for several."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on stderr."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every call."),
    ) -> int:
        check_command = check_cmd.CheckCommand(
            snapshot=snapshot, rule_dirs=tuple(rules), no_builtin=no_builtin, config=config,
            waivers=waivers, no_waivers=no_waivers, fail_on=fail_on,
            formats=check_cmd.split_formats(formats), output=output,
        )
        try:  # every rule, the config and the waivers first: fail in a second, not an hour
            prepare(CheckOptions(
                rule_dirs=tuple(rules), builtin=not no_builtin, config=config,
                waivers=waivers, use_waivers=not no_waivers, fail_on=fail_on,
            ))
        except (RuleValidationError, ConfigValidationError, WaiverValidationError) as e:
            for line in e.lines():
                err(f"cognito-lint: error: {line}")
            return int(ExitCode.USAGE)
        collected = snapshot_cmd.run(snapshot_cmd.SnapshotCommand(
            regions=regions, profile=profile, role_arn=role_arn, external_id=external_id,
            cognito_rps=cognito_rps, max_workers=max_workers, output=str(snapshot),
            quiet=quiet, verbose=verbose,
        ))
        checked = check_cmd.run(check_command)
        if checked == int(ExitCode.OK) and collected == int(ExitCode.INCOMPLETE):
            return int(ExitCode.INCOMPLETE)
        return checked
