"""``cognito-lint snapshot``: read the account (read-only calls) and write the snapshot JSON.

Parse → build → execute → exit code: the Typer function only turns flags into
:class:`SnapshotCommand`; :func:`run` does the work and returns the exit code (0 complete,
3 incomplete: some calls failed, their ``errors`` are in the snapshot). Progress, logs and the
final summary go to stderr; stdout carries nothing but the JSON with ``-o -``.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from linter.commands._common import err, guarded
from linter.errors import ExitCode, UsageError
from linter.redact import RedactingFilter, Redactor

if TYPE_CHECKING:  # the collector (and boto3, ~0.3 s) is imported only when a command runs
    from linter.collect.interface import ProgressSink
    from linter.collect.runner import CollectResult

DEFAULT_COGNITO_RPS = 10.0
"""``linter.collect.ratelimit.DEFAULT_COGNITO_RPS`` (tests/cli/test_lazy_imports.py keeps
them equal): the flag's default without importing the collector."""
DEFAULT_MAX_WORKERS = 8
"""``linter.collect.runner.DEFAULT_MAX_WORKERS``, likewise."""

HELP = (
    "Read the account's Cognito telemetry pipeline (read-only calls: see "
    "sample_configs/iam-policy.json) and write the snapshot JSON that `check` reads.\n\n"
    "Exit codes: 0 complete; 2 usage or credentials error; 3 incomplete (some calls failed: "
    "they are listed in the snapshot's `errors`)."
)

TYPE_LABELS: dict[str, tuple[str, str]] = {  # by linter.collect.interface.ResourceType
    "cognito.user_pool": ("user pool", "user pools"),
    "cognito.identity_pool": ("identity pool", "identity pools"),
    "logs.log_group": ("log group", "log groups"),
    "logs.account_policy": ("account policy", "account policies"),
    "logs.resource_policy": ("resource policy", "resource policies"),
    "cloudwatch.metric_stream": ("metric stream", "metric streams"),
    "firehose.delivery_stream": ("delivery stream", "delivery streams"),
    "cloudtrail.trail": ("trail", "trails"),
    "s3.bucket": ("bucket", "buckets"),
    "kms.key": ("KMS key", "KMS keys"),
}

MAX_FAILURES_SHOWN = 4


@dataclass(frozen=True)
class SnapshotCommand:
    regions: str
    profile: str | None
    role_arn: str | None
    external_id: str | None
    cognito_rps: float
    max_workers: int
    output: str
    quiet: bool
    verbose: bool


def register(app: typer.Typer) -> None:
    """Adds the command to the app."""

    @app.command("snapshot", help=HELP)
    @guarded
    def snapshot(
        regions: str = typer.Option(
            "all",
            "--regions",
            help="Comma-separated Regions (us-east-1,eu-west-1), or 'all' = the account's "
            "enabled Regions (ec2:DescribeRegions).",
        ),
        profile: str | None = typer.Option(None, "--profile", help="AWS profile to use."),
        role_arn: str | None = typer.Option(
            None, "--role-arn", help="Assume this role (STS AssumeRole) for the scan."
        ),
        external_id: str | None = typer.Option(
            None, "--external-id", help="External ID for --role-arn."
        ),
        cognito_rps: float = typer.Option(
            DEFAULT_COGNITO_RPS,
            "--cognito-rps",
            help="Cognito reads per second per Region and quota category (never above the "
            "quotas: UserPoolRead 15, UserPoolResourceRead 20).",
        ),
        max_workers: int = typer.Option(
            DEFAULT_MAX_WORKERS, "--max-workers", help="Regions read in parallel."
        ),
        output: str = typer.Option(
            "snapshot.json", "-o", "--output", help="Snapshot file; '-' writes it to stdout."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on stderr."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every call on stderr."),
    ) -> int:
        return run(
            SnapshotCommand(
                regions=regions,
                profile=profile,
                role_arn=role_arn,
                external_id=external_id,
                cognito_rps=cognito_rps,
                max_workers=max_workers,
                output=output,
                quiet=quiet,
                verbose=verbose,
            )
        )


def run(cmd: SnapshotCommand) -> int:
    from linter.collect.regions import parse_regions
    from linter.collect.runner import CollectOptions, collect
    from linter.collect.session import open_session
    from linter.snapshot.writer import write_snapshot

    options = CollectOptions(
        regions=parse_regions(cmd.regions),
        cognito_rps=cmd.cognito_rps,
        max_workers=cmd.max_workers,
    )
    options.check()
    _check_output(cmd.output)
    redactor = Redactor()
    started = time.monotonic()
    with _logging(redactor, verbose=cmd.verbose):
        session = open_session(
            cmd.profile,
            cmd.role_arn,
            cmd.external_id,
            region=options.regions[0] if options.regions else None,
        )
        with _progress(quiet=cmd.quiet, plain=cmd.verbose or not sys.stderr.isatty()) as progress:
            result = collect(session, options, progress=progress, redactor=redactor)
        write_snapshot(result.snapshot, cmd.output)
    line = summary(result, cmd.output, time.monotonic() - started)
    if result.errors or not cmd.quiet:
        err(redactor.scrub_text(line))
    return int(ExitCode.INCOMPLETE if result.errors else ExitCode.OK)


def _check_output(output: str) -> None:
    if output == "-":
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"{output}: is a directory (-o takes a file path, or '-' for stdout)")


def summary(result: CollectResult, output: str, seconds: float) -> str:
    """The final line: what was collected, and what is missing."""
    counts = []
    for rtype, (one, many) in TYPE_LABELS.items():
        n = len(result.snapshot["resources"].get(rtype) or [])
        counts.append(f"{n} {one if n == 1 else many}")
    regions = result.snapshot["metadata"]["regions"]
    where = "stdout" if output == "-" else output
    line = (
        f"cognito-lint: {where}: {', '.join(counts)} in {_plural(len(regions), 'Region')} "
        f"({result.total_calls} API calls, {seconds:.1f} s)"
    )
    errors = result.errors
    if not errors:
        return line + "; complete"
    return line + "; " + describe_missing(errors, result.failed_calls)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe_missing(
    errors: Sequence[dict[str, Any]], failed: Mapping[tuple[str, str, str], int] | None = None
) -> str:
    """``incomplete: 2 calls failed: cloudwatch:ListMetricStreams in us-east-1 (…), …``

    ``failed`` counts the failed calls by (service, operation, error code); without it each
    entry counts as one call. (One call can have several entries: S3 Control's
    GetPublicAccessBlock has one per bucket of the account; and an entry may have no failed
    call behind it: S3 refusing ``ExpectedBucketOwner`` is an answer, which leaves another
    account's block unknown.)"""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for e in errors:
        groups[(e["service"], e["operation"], e["error_code"])].append(e.get("region") or "-")
    parts = []
    n = 0
    for key, regions in groups.items():
        service, operation, code = key
        distinct = sorted(set(regions))
        calls = failed.get(key, 0) if failed is not None else len(regions)
        n += calls
        times = f", {calls} calls" if calls > 1 else "" if calls else ", no call failed"
        parts.append(f"{service}:{operation} in {', '.join(distinct)} ({code}{times})")
    shown = parts[:MAX_FAILURES_SHOWN]
    if len(parts) > MAX_FAILURES_SHOWN:
        shown.append(f"and {len(parts) - MAX_FAILURES_SHOWN} more")
    head = (f"{n} call{'' if n == 1 else 's'} failed" if n
            else "some data could not be read")
    return f"incomplete: {head}: {'; '.join(shown)} " '(see "errors" in the snapshot)'


@contextmanager
def _logging(redactor: Redactor, *, verbose: bool) -> Iterator[None]:
    """``linter`` log records to stderr, scrubbed of every secret the run has seen. botocore's
    own debug log (which would print response bodies, endpoint URLs included) stays off."""
    logger = logging.getLogger("linter")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("cognito-lint: %(levelname)s: %(message)s"))
    handler.addFilter(RedactingFilter(redactor))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


class _PlainProgress:
    """One short line per finished Region (stderr is not a terminal, or -v)."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def started(self, regions: Sequence[str]) -> None:
        self.total = len(regions)
        err(f"cognito-lint: reading {_plural(self.total, 'Region')}: {', '.join(regions)}")

    def region_finished(self, region: str, calls: int, failed: int) -> None:
        self.done += 1
        failures = f", {failed} failed" if failed else ""
        err(f"cognito-lint: [{self.done}/{self.total}] {region}: {calls} calls{failures}")

    def phase(self, text: str) -> None:
        err(f"cognito-lint: {text}")

    def call_made(self) -> None:
        pass


class _RichProgress:
    """A live bar on a terminal: Regions done and API calls made."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("Regions · {task.fields[calls]} calls"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: Any = None
        self._calls = 0
        self._lock = threading.Lock()

    def __enter__(self) -> _RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()

    def started(self, regions: Sequence[str]) -> None:
        self._task = self._progress.add_task("reading", total=len(regions), calls=0)

    def region_finished(self, region: str, calls: int, failed: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task)

    def phase(self, text: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, description=text)

    def call_made(self) -> None:
        with self._lock:
            self._calls += 1
            calls = self._calls
        if self._task is not None:
            self._progress.update(self._task, calls=calls)


@contextmanager
def _progress(*, quiet: bool, plain: bool) -> Iterator[ProgressSink]:
    if quiet:
        from linter.collect.interface import NullProgress

        yield NullProgress()
    elif plain:
        yield _PlainProgress()
    else:
        with _RichProgress() as progress:
            yield progress
