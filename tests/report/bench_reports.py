"""Benchmark: render every report format for a synthetic run of N user pools, and open the HTML
in headless Chromium (time until the page is drawn, and for one filter change).

    .venv/bin/python tests/report/bench_reports.py --pools 10000

Not a test (no ``test_`` prefix): figures go to docs/benchmarks.md by hand, with this command.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from report_fixtures import synthetic_run

from linter.report import REPORTERS, ReportFormat, file_name

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _browser(path: Path) -> tuple[float, float, float]:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        t0 = time.perf_counter()
        page.goto(path.as_uri(), timeout=120_000)
        page.wait_for_selector("html[data-ready='1']", timeout=120_000)
        ready = time.perf_counter() - t0
        t0 = time.perf_counter()
        page.locator("#filters input[name=status][value='3']").check()  # show passes too
        expect(page.locator("#find-count")).not_to_contain_text(" 0 of", timeout=60_000)
        page.select_option("#f-region", "eu-west-1")
        filt = time.perf_counter() - t0
        t0 = time.perf_counter()
        page.fill("#f-q", "pool-0042")
        expect(page.locator("#find-body tr.finding").first).to_contain_text("pool-0042",
                                                                            timeout=60_000)
        search = time.perf_counter() - t0
        page.fill("#f-q", "")
        page.locator("#filters input[name=status][value='3']").uncheck()
        page.select_option("#f-region", "")
        page.wait_for_timeout(500)
        shot = Path(__file__).resolve().parents[1] / "output" / "report-10000-pools.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        browser.close()
        assert all(u.startswith("file://") for u in fetched), fetched
        return ready, filt, search


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pools", type=int, default=10_000)
    ap.add_argument("--extra-rules", type=int, default=20,
                    help="posture rules per pool on top of the 9 sample rules (default 20)")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    run = synthetic_run(args.pools, args.extra_rules)
    print(f"synthetic run: {args.pools} pools, {len(run.results)} results, "
          f"{len(run.rules)} rules, built in {time.perf_counter() - t0:.1f} s")
    out = Path(tempfile.mkdtemp(prefix="cognito-lint-bench-"))
    for fmt in ReportFormat:
        t0 = time.perf_counter()
        text = REPORTERS[fmt].render(run)
        took = time.perf_counter() - t0
        path = out / file_name(fmt)
        path.write_text(text, encoding="utf-8")
        print(f"{fmt.value:9} {took:6.2f} s  {path.stat().st_size / 1e6:8.2f} MB  {path}")
    if not args.no_browser:
        ready, filt, search = _browser(out / file_name(ReportFormat.HTML))
        print(f"chromium: page drawn {ready:.2f} s after navigation; status+region filter "
              f"{filt:.2f} s; text search {search:.2f} s (incl. 200 ms debounce); "
              "no network request")


if __name__ == "__main__":
    main()
