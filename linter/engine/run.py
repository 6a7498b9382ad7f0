"""One ``check`` run: rules + config + waivers + snapshot -> :class:`~linter.model.RunResult`.

Library use (what ``check``, ``scan`` and ``demo`` call)::

    from linter.engine.run import CheckOptions, prepare, check, exit_code, summary_line

    prepared = prepare(CheckOptions(rule_dirs=(Path("my-rules"),), fail_on="high"))
    run = check(load_snapshot("snapshot.json"), prepared)   # or run_check(path, options)
    code = exit_code(run)                                   # ExitCode.OK / FINDINGS / INCOMPLETE

:func:`prepare` validates every rule, the config and the waivers file first (any problem raises
a :class:`~linter.errors.LinterError` with exit code 2), so ``scan`` can call it before it
spends time collecting.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from linter import __version__
from linter.engine.builtin import builtin_rules_dir
from linter.engine.config import Config, apply_config, find_config, load_config
from linter.engine.evaluate import Runtime, evaluate_rule
from linter.engine.loader import RuleSource, load_rules
from linter.engine.ruleset import Rule, RuleSet
from linter.engine.waivers import WaiverEntry, apply_waivers, load_waivers
from linter.errors import ExitCode, UsageError
from linter.facts import FactContext
from linter.model import (
    CollectionError,
    Result,
    RunInfo,
    RunResult,
    Severity,
    SnapshotInfo,
    Status,
)
from linter.snapshot.index import SnapshotIndex
from linter.snapshot.loader import LoadedSnapshot, load_snapshot

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "none")


@dataclass(frozen=True)
class CheckOptions:
    """What a caller can set; every field has the documented default."""

    rule_dirs: tuple[Path, ...] = ()
    """Extra rule directories (``--rules``), after the config's ``rule_dirs``."""
    builtin: bool = True
    """Load the built-in pack (``--no-builtin`` sets False; so does ``builtin_rules: false``)."""
    config: Path | None = None
    """``--config FILE``; None looks for ``./.cognito-lint.yaml`` when ``discover_config``."""
    discover_config: bool = True
    waivers: Path | None = None
    """``--waivers FILE`` (overrides the config's ``waivers:``)."""
    use_waivers: bool = True
    """``--no-waivers`` sets False: every finding is shown as it is (the audit view)."""
    fail_on: str | None = None
    """``--fail-on``: a severity or ``none``; None keeps the config's (default ``low``)."""
    today: date | None = None
    """The date waivers expire against (UTC today by default)."""
    cwd: Path | None = None


@dataclass(frozen=True)
class Prepared:
    ruleset: RuleSet
    rules: tuple[Rule, ...]
    """The enabled rules, with the config's overrides."""
    config: Config
    waivers: tuple[WaiverEntry, ...]
    waivers_file: str | None
    fail_on: Severity | None
    today: date
    extra: dict[str, Any] = field(default_factory=dict)


def _today() -> date:
    return datetime.now(timezone.utc).date()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def prepare(options: CheckOptions) -> Prepared:
    """Load and validate rules, config and waivers (nothing is evaluated)."""
    config = load_config(find_config(options.config, options.cwd) if (
        options.config is not None or options.discover_config) else None)
    sources: list[RuleSource] = []
    if options.builtin and config.builtin_rules:
        sources.append(RuleSource(builtin_rules_dir(), builtin=True))
    sources.extend(RuleSource(Path(d)) for d in (*config.rule_dirs, *options.rule_dirs))
    if not sources:
        raise UsageError("no rules to run: --no-builtin needs at least one --rules DIR")
    ruleset = load_rules(sources)
    rules = apply_config(config, ruleset)
    fail_on_name = options.fail_on if options.fail_on is not None else config.fail_on
    if fail_on_name not in FAIL_ON_CHOICES:
        raise UsageError(f"--fail-on {fail_on_name!r}: expected one of "
                         f"{', '.join(FAIL_ON_CHOICES)}")
    fail_on = None if fail_on_name == "none" else Severity(fail_on_name)
    today = options.today or _today()
    waivers: tuple[WaiverEntry, ...] = ()
    waivers_path = options.waivers if options.waivers is not None else config.waivers
    waivers_file = None
    if options.use_waivers and waivers_path is not None:
        waivers = load_waivers(waivers_path, ruleset.ids, today=today,
                               max_days=config.max_waiver_days)
        waivers_file = str(waivers_path)
    return Prepared(ruleset=ruleset, rules=rules, config=config, waivers=waivers,
                    waivers_file=waivers_file, fail_on=fail_on, today=today)


_NEG_RANK = {s: -s.rank for s in Severity}


def sort_key(r: Result) -> tuple[int, str, str, str]:
    """The order of a run's results: severity (critical first), rule id, resource ARN."""
    return (_NEG_RANK[r.severity], r.rule_id, r.resource.arn, r.fingerprint)


def evaluation_order(rules: Sequence[Rule]) -> list[Rule]:
    """The rules in :func:`sort_key` order. Each rule's results come out in ARN order (one per
    resource), so evaluating the rules in this order yields the results already sorted: no
    sort of 200,000 results (and their keys) at 10,000 pools."""
    return sorted(rules, key=lambda rule: (_NEG_RANK[rule.meta.severity], rule.meta.id))


def check(snapshot: LoadedSnapshot, prepared: Prepared) -> RunResult:
    """Evaluate the prepared rules on a loaded snapshot."""
    # Hundreds of thousands of small acyclic objects (results, evidence): without the pause
    # the cyclic collector costs about a third of the run.
    with no_cyclic_gc():
        return _check(snapshot, prepared)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything): building
    hundreds of thousands of small acyclic objects otherwise triggers full collections that
    rescan the whole heap, snapshot included, again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(snapshot: LoadedSnapshot, prepared: Prepared) -> RunResult:
    started = _now()
    doc = snapshot.doc
    index = SnapshotIndex(doc)
    facts = FactContext(index)
    rt = Runtime(index, facts)
    results: list[Result] = []
    for rule in evaluation_order(prepared.rules):
        results.extend(evaluate_rule(rule, rt))
    stale: tuple[Any, ...] = ()
    expired: tuple[Any, ...] = ()
    if prepared.waivers:
        outcome = apply_waivers(results, prepared.waivers, today=prepared.today)
        results, stale, expired = list(outcome.results), outcome.stale, outcome.expired
    metas = tuple(r.meta for r in prepared.rules)
    from linter.engine.pipelines import build_pipelines

    pipelines = build_pipelines(index, results, metas, ctx=facts)
    meta = doc.get("metadata", {})
    info = SnapshotInfo(
        path=snapshot.path,
        sha256=snapshot.sha256,
        schema_version=str(doc.get("schema_version", "")),
        source_kind=str(meta.get("source", {}).get("kind", "")),
        account_id=str(meta.get("account_id", "")),
        partition=str(meta.get("partition", "")),
        regions=tuple(meta.get("regions", ())),
        started_at=str(meta.get("started_at", "")),
        finished_at=str(meta.get("finished_at", "")),
        principal_arn=meta.get("principal_arn"),
        tool_version=str(meta.get("tool", {}).get("version", "")),
    )
    run = RunInfo(
        tool_version=__version__,
        rule_pack_version=prepared.ruleset.version,
        rule_pack_sha256=prepared.ruleset.sha256,
        started_at=started,
        finished_at=_now(),
        fail_on=prepared.fail_on,
        waivers_file=prepared.waivers_file,
    )
    return RunResult(
        run=run,
        snapshot=info,
        rules=metas,
        results=tuple(results),
        collection_errors=collection_errors(doc),
        pipelines=tuple(pipelines),
        stale_waivers=tuple(stale),
        expired_waivers=tuple(expired),
        resource_lines=dict(snapshot.resource_lines),
    )


def collection_errors(doc: dict[str, Any]) -> tuple[CollectionError, ...]:
    return tuple(
        CollectionError(
            service=e.get("service", ""),
            operation=e.get("operation", ""),
            region=e.get("region"),
            error_code=e.get("error_code", ""),
            message=e.get("message", ""),
            resource_type=e.get("resource_type"),
            resource_arn=e.get("resource_arn"),
            field=e.get("field"),
            iam_action=e.get("iam_action"),
        )
        for e in doc.get("errors", [])
    )


def run_check(snapshot_path: str | Path, options: CheckOptions) -> RunResult:
    """Validate everything, load the snapshot, evaluate: the whole ``check``."""
    prepared = prepare(options)
    return check(load_snapshot(snapshot_path), prepared)


def failing_findings(run: RunResult) -> list[Result]:
    """The ``fail`` results at or above the run's ``fail_on`` threshold."""
    threshold = run.run.fail_on
    if threshold is None:
        return []
    return [r for r in run.results
            if r.status is Status.FAIL and r.severity.rank >= threshold.rank]


def exit_code(run: RunResult) -> ExitCode:
    """3 when any result is ``error`` (the scan is incomplete: its verdict cannot be trusted,
    whatever else it found); else 1 when a failing finding is at or above ``fail_on``; else 0.
    :func:`summary_line` always states both facts."""
    if run.incomplete:
        return ExitCode.INCOMPLETE
    if failing_findings(run):
        return ExitCode.FINDINGS
    return ExitCode.OK


def summary_line(run: RunResult) -> str:
    """The final stderr line: totals, the threshold, incompleteness and the exit code."""
    totals = run.totals_by_status()
    parts = [f"{totals[s]} {s.value}" for s in (Status.PASS, Status.FAIL, Status.ERROR,
                                                 Status.WAIVED, Status.NOT_APPLICABLE)]
    code = exit_code(run)
    threshold = run.run.fail_on.value if run.run.fail_on else "none"
    failing = len(failing_findings(run))
    facts = [f"{failing} failing finding{'s' if failing != 1 else ''} at or above "
             f"--fail-on {threshold}"]
    errors = totals[Status.ERROR]
    if errors:
        facts.append(f"scan INCOMPLETE: {errors} result{'s' if errors != 1 else ''} could not "
                     f"be evaluated ({len(run.collection_errors)} collection "
                     f"error{'s' if len(run.collection_errors) != 1 else ''})")
    else:
        facts.append("scan complete")
    if run.expired_waivers:
        facts.append(f"{len(run.expired_waivers)} expired waiver"
                     f"{'s' if len(run.expired_waivers) != 1 else ''}")
    if run.stale_waivers:
        facts.append(f"{len(run.stale_waivers)} stale waiver"
                     f"{'s' if len(run.stale_waivers) != 1 else ''}")
    return (f"cognito-lint: {len(run.results)} results ({', '.join(parts)}); "
            f"{'; '.join(facts)}; exit {int(code)}")


def rules_for(prepared: Prepared, ids: Sequence[str]) -> tuple[Rule, ...]:
    wanted = set(ids)
    return tuple(r for r in prepared.rules if r.id in wanted)
