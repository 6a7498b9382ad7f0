"""What any ``check`` of an N-pool snapshot pays in this Python before a rule does any work.

The 10,000-pool target (2 s) is measured against this floor: the parts every implementation in
this process model must pay whatever its engine, each measured alone on the same synthetic
snapshot ``bench_check.py`` uses:

1. start-up: ``cognito-lint --version`` (interpreter, the CLI and the engine's imports), wall;
2. reading and parsing the snapshot (``orjson.loads``), CPU;
3. one result per (rule, resource) with no rule logic at all: for each of the built-in rules,
   every resource of its type gets the frozen ``Result`` the reports need (a constant message,
   no evidence) and its fingerprint (rule id + account + region + ARN, SHA-256);
4. handing every result to a reporter: the console report (the default format), CPU.

Usage::

    .venv/bin/python tests/benchmarks/bench_floor.py --pools 10000

Not part of ``make test``; the figures are recorded in docs/benchmarks.md with the command.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import snapshot_for  # noqa: E402


def startup(cli: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([str(cli), "--version"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pools", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "cognito-lint-bench")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    cli = Path(sys.executable).parent / "cognito-lint"
    snap = snapshot_for(args.pools, args.workdir, args.seed)

    import orjson

    from linter.engine.evaluate import _make_result as make_result
    from linter.engine.run import CheckOptions, prepare
    from linter.model import ResourceRef, Result, RunInfo, RunResult, SnapshotInfo, Status
    from linter.report import render

    rows: list[tuple[str, float]] = [("start-up (`cognito-lint --version`, wall)", startup(cli))]
    gc.disable()  # as check does
    clock = time.process_time
    t = clock()
    doc = orjson.loads(snap.read_bytes())
    rows.append((f"read + orjson.loads ({snap.stat().st_size / 2**20:.0f} MB)", clock() - t))

    rules = prepare(CheckOptions(discover_config=False)).rules
    t = clock()
    # As cheap as the engine makes them: one ResourceRef and fingerprint suffix per resource,
    # the engine's constructor that skips the frozen dataclass __init__.
    refs = {
        rtype: [(ResourceRef(r["type"], r["arn"], r.get("name", ""), r["region"],
                             r["account_id"]),
                 "\x1f".join((r["account_id"], r["region"], r["arn"])).encode())
                for r in items]
        for rtype, items in doc["resources"].items()
    }
    results: list[Result] = []
    append = results.append
    for rule in rules:
        meta = rule.meta
        seeded = hashlib.sha256((meta.id + "\x1f").encode()).copy
        rule_id, severity, title = meta.id, meta.severity, meta.title
        for ref, suffix in refs.get(meta.resource, ()):
            h = seeded()
            h.update(suffix)
            append(make_result(rule_id, Status.PASS, severity, ref, title, (), (), None,
                               h.hexdigest()[:32]))
    rows.append((f"{len(results):,} bare results (no rule logic)", clock() - t))

    run = RunResult(
        run=RunInfo(tool_version="0", rule_pack_version="0", rule_pack_sha256="0",
                    started_at="", finished_at="", fail_on=None, waivers_file=None),
        snapshot=SnapshotInfo(path=str(snap), sha256="0", schema_version="1.0",
                              source_kind="", account_id="", partition="", regions=(),
                              started_at="", finished_at="", principal_arn=None,
                              tool_version=""),
        rules=tuple(r.meta for r in rules), results=tuple(results), collection_errors=(),
        pipelines=(), stale_waivers=(), expired_waivers=(), resource_lines={})
    t = clock()
    render("console", run)
    rows.append(("console report of them (all pass)", clock() - t))

    width = max(len(name) for name, _ in rows)
    for name, secs in rows:
        print(f"{name:{width}s}  {secs:6.2f} s")
    print(f"{'total':{width}s}  {sum(s for _, s in rows):6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
