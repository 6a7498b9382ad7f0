"""Time ``cognito-lint check`` with the full built-in rule pack on synthetic snapshots.

For each size N (user pools) the script generates a snapshot with ``snapshot_gen.py`` (cached
in ``--workdir``), then runs, ``--repeat`` times::

    /usr/bin/time -v <venv>/bin/cognito-lint check SNAPSHOT --format FORMAT -o OUT

for each of ``--formats`` (``json``: every result with its evidence, ~200 MB at 10,000 pools;
``console``: the command's default output, the failing findings and the totals), and reports
the best wall time, its user+system CPU time and the peak resident memory
(``Maximum resident set size``). ``--phases`` adds an in-process breakdown (parse, schema
validation, line index, snapshot index, rule evaluation with facts, pipelines) from
``cProfile``-free timers, to see where the time goes.

Usage::

    .venv/bin/python tests/benchmarks/bench_check.py                  # 1,000 10,000 100,000
    .venv/bin/python tests/benchmarks/bench_check.py --sizes 10000 --repeat 3 --phases
    .venv/bin/python tests/benchmarks/bench_check.py --sizes 10000 --formats console

Not part of ``make test``: the figures go into docs/benchmarks.md by hand, with the command.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from snapshot_gen import generate  # noqa: E402


@dataclass(frozen=True)
class Run:
    pools: int
    fmt: str
    snapshot_mb: float
    wall_s: float
    cpu_s: float
    peak_mb: float
    exit_code: int


def snapshot_for(pools: int, workdir: Path, seed: int) -> Path:
    path = workdir / f"snapshot-{pools}-seed{seed}.json"
    gen = HERE / "snapshot_gen.py"
    if not path.exists() or path.stat().st_mtime < gen.stat().st_mtime:
        import json

        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(generate(pools, seed), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    return path


def _field(text: str, label: str) -> str:
    m = re.search(rf"^\s*{re.escape(label)}: (.+)$", text, re.MULTILINE)
    if not m:
        raise RuntimeError(f"/usr/bin/time output has no {label!r}:\n{text}")
    return m.group(1).strip()


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    total = 0.0
    for p in parts:
        total = total * 60 + p
    return total


def time_check(cli: Path, snapshot: Path, out: Path, mem_cap_gb: float | None = None,
               fmt: str = "json") -> tuple[float, float, float, int]:
    """(wall s, user+sys CPU s, peak RSS MB, exit code) of one ``check``. With ``mem_cap_gb``
    the child's address space is capped (RLIMIT_AS), so a run that would need more memory
    fails with exit 4 instead of starving the machine."""
    cmd = ["/usr/bin/time", "-v", str(cli), "check", str(snapshot), "--format", fmt,
           "-o", str(out)]

    def cap() -> None:
        if mem_cap_gb:
            import resource

            limit = int(mem_cap_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, preexec_fn=cap)
    err = proc.stderr
    code = int(_field(err, "Exit status"))
    if code not in (0, 1, 3):
        print(f"check exited {code}:\n{err[-1500:]}", file=sys.stderr)
    wall = _seconds(_field(err, "Elapsed (wall clock) time (h:mm:ss or m:ss)"))
    cpu = float(_field(err, "User time (seconds)")) + float(_field(err, "System time (seconds)"))
    peak = int(_field(err, "Maximum resident set size (kbytes)")) / 1024
    return wall, cpu, peak, code


def phases(snapshot: Path, top: int = 8) -> list[tuple[str, float, float]]:
    """(stage, CPU seconds, peak RSS MB after it) of each stage of ``check --format json``, in
    process, in the order the command runs them, plus the ``top`` most expensive rules."""
    import gc
    import resource

    import orjson

    from linter.atomic import open_atomic
    from linter.engine.evaluate import Runtime, evaluate_rule
    from linter.engine.pipelines import build_pipelines
    from linter.engine.run import CheckOptions, check, evaluation_order, no_cyclic_gc, prepare
    from linter.facts import FactContext
    from linter.report import write
    from linter.snapshot.index import SnapshotIndex
    from linter.snapshot.loader import LoadedSnapshot, resource_lines, validate_document

    out: list[tuple[str, float, float]] = []
    clock = time.process_time

    def step(name: str, t0: float) -> float:
        now = clock()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.append((name, now - t0, peak))
        return now

    paused = no_cyclic_gc()  # as the check command does, from loading the rules to the report
    paused.__enter__()
    t = clock()
    prepared = prepare(CheckOptions(discover_config=False))
    t = step("load + validate the rule pack", t)
    raw = snapshot.read_bytes()
    text = raw.decode("utf-8")
    doc = orjson.loads(raw)
    t = step("read + decode + orjson.loads (as the loader)", t)
    validate_document(doc, str(snapshot))
    t = step("snapshot schema validation (compiled)", t)
    lines = resource_lines(text, doc)
    t = step("resource_lines (SARIF line index)", t)
    index = SnapshotIndex(doc)
    ctx = FactContext(index)
    rt = Runtime(index, ctx)
    t = step("SnapshotIndex", t)
    per_rule: list[tuple[float, str]] = []
    results = []
    for rule in evaluation_order(prepared.rules):  # as check(): results come out sorted
        r0 = clock()
        results.extend(evaluate_rule(rule, rt))
        per_rule.append((clock() - r0, rule.meta.id))
    t = step(f"evaluate {len(prepared.rules)} rules ({len(results)} results)", t)
    build_pipelines(index, results, tuple(r.meta for r in prepared.rules), ctx=ctx)
    t = step("build_pipelines", t)
    loaded = LoadedSnapshot(path=str(snapshot), doc=doc, sha256="0" * 64, resource_lines=lines)
    result = check(loaded, prepared)
    t = step("check() again, end to end (facts not shared)", t)
    with open_atomic(snapshot.with_name(f"phases-{snapshot.stem}.json")) as fh:
        write("json", result, fh)  # streamed to the file, as the command does
    t = step("write the json report", t)
    paused.__exit__(None, None, None)
    for secs, rule_id in sorted(per_rule, reverse=True)[:top]:
        out.append((f"  rule {rule_id}", secs, 0.0))
    gc.collect()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "cognito-lint-bench")
    ap.add_argument("--formats", default="json,console",
                    help="output formats to time, comma-separated (default json,console)")
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--mem-cap-gb", type=float, default=None,
                    help="cap the address space of each check (RLIMIT_AS)")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    cli = Path(sys.executable).parent / "cognito-lint"
    if not cli.exists():
        raise SystemExit(f"{cli} not found: install the project into this venv first")

    runs: list[Run] = []
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    for pools in (int(s) for s in args.sizes.split(",")):
        snap = snapshot_for(pools, args.workdir, args.seed)
        for fmt in formats:
            best: tuple[float, float, float, int] | None = None
            peak = 0.0
            out = args.workdir / f"results-{pools}.{'json' if fmt == 'json' else 'txt'}"
            for _ in range(args.repeat):
                wall, cpu, rss, code = time_check(cli, snap, out, args.mem_cap_gb, fmt)
                peak = max(peak, rss)
                if best is None or wall < best[0]:
                    best = (wall, cpu, rss, code)
            assert best is not None
            run = Run(pools, fmt, snap.stat().st_size / 2**20, best[0], best[1], peak, best[3])
            runs.append(run)
            print(f"N={pools} {fmt}: wall {run.wall_s:.2f} s, cpu {run.cpu_s:.2f} s, "
                  f"peak {run.peak_mb:.0f} MB, exit {run.exit_code}", file=sys.stderr,
                  flush=True)
        if args.phases:
            for name, secs, stage_peak in phases(snap):
                shown = f"  peak {stage_peak:6.0f} MB" if stage_peak else ""
                print(f"    {name:48s} {secs:7.2f} s cpu{shown}", file=sys.stderr, flush=True)

    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}\n")
    print("| pools | snapshot | format | wall (best of "
          f"{args.repeat}) | CPU user+sys | peak RSS | exit |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for r in runs:
        print(f"| {r.pools:,} | {r.snapshot_mb:.0f} MB | {r.fmt} | {r.wall_s:.2f} s | "
              f"{r.cpu_s:.2f} s | {r.peak_mb:.0f} MB | {r.exit_code} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
