"""Waivers: validation (exit 2 with positions), matching (exact ARN, glob, account, region),
expiry (inclusive, expired findings stay failing and are reported), stale waivers,
``--no-waivers``; errors are never waived."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from engine_helpers import cli, read_json, rule_text, write_doc
from engine_snap import ACCOUNT, error, pool, snapshot

from linter.engine.loader import RuleSource, load_rules
from linter.engine.run import CheckOptions, check, prepare
from linter.model import Status
from linter.snapshot.loader import load_snapshot

TODAY = date(2026, 11, 26)
RULE = rule_text("assert: {path: UserPool.DeletionProtection, equals: ACTIVE}", id="T-DP-001")
LDC_RULE = rule_text("assert: {path: LogDeliveryConfiguration.LogConfigurations, empty: false}",
                     id="T-LOG-001")


def arn(pid: str, region: str = "us-east-1") -> str:
    return f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_{pid}"


def entry(**over: str) -> str:
    w = {"rule": "T-DP-001", "resource": arn("A"), "reason": "Pool A is a throwaway sandbox "
         "without users", "owner": "alice@example.com", "expires": "2026-12-31"}
    w.update(over)
    return "  - " + "\n    ".join(f"{k}: {v!r}" if k != "expires" else f"{k}: {v}"
                                  for k, v in w.items()) + "\n"


def _run(tmp_path: Path, rules_dir: Callable[..., Path], waivers: str,
         pools: list[dict[str, object]] | None = None, errors: list[dict[str, object]] | None
         = None, today: date = TODAY, use: bool = True) -> object:
    d = rules_dir(dp=RULE, ldc=LDC_RULE)
    wfile = tmp_path / "waivers.yaml"
    wfile.write_text("version: 1\nwaivers:\n" + waivers, encoding="utf-8")
    snap = write_doc(tmp_path / "s.json", snapshot(pools or [pool("A", deletion="INACTIVE")],
                                                   errors))
    prepared = prepare(CheckOptions(rule_dirs=(d,), builtin=False, discover_config=False,
                                    waivers=wfile, use_waivers=use, today=today))
    return check(load_snapshot(snap), prepared)


def by_arn(run: object, rule: str = "T-DP-001") -> dict[str, object]:
    return {r.resource.arn: r for r in run.results if r.rule_id == rule}  # type: ignore[attr-defined]


def test_exact_waiver_waives_a_failing_result(tmp_path: Path,
                                              rules_dir: Callable[..., Path]) -> None:
    run = _run(tmp_path, rules_dir, entry())
    r = by_arn(run)[arn("A")]
    assert r.status is Status.WAIVED  # type: ignore[attr-defined]
    assert r.waiver.owner == "alice@example.com"  # type: ignore[attr-defined]
    assert r.waiver.source.endswith("waivers.yaml:3")  # type: ignore[attr-defined]
    assert run.stale_waivers == () and run.expired_waivers == ()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("over", "waived"), [
    ({"resource": f"arn:aws:cognito-idp:*:{ACCOUNT}:userpool/*"}, {"A", "B", "C"}),
    ({"resource": f"arn:aws:cognito-idp:*:{ACCOUNT}:userpool/*", "region": "eu-west-1"}, {"C"}),
    ({"resource": "arn:aws:cognito-idp:us-east-1:*:userpool/us-east-1_?"}, {"A", "B"}),
    ({"resource": "arn:aws:cognito-idp:*", "account": "999999999999"}, set()),
])
def test_globs_and_scopes(tmp_path: Path, rules_dir: Callable[..., Path],
                          over: dict[str, str], waived: set[str]) -> None:
    pools = [pool("A", deletion="INACTIVE"), pool("B", deletion="INACTIVE"),
             pool("C", "eu-west-1", deletion="INACTIVE")]
    run = _run(tmp_path, rules_dir, entry(**over), pools=pools)
    got = {r.resource.name for r in run.results  # type: ignore[attr-defined]
           if r.status is Status.WAIVED}
    assert got == waived
    assert bool(run.stale_waivers) == (not waived)  # type: ignore[attr-defined]


def test_waiver_holds_through_its_expiry_day(tmp_path: Path,
                                             rules_dir: Callable[..., Path]) -> None:
    run = _run(tmp_path, rules_dir, entry(expires="2026-11-26"))
    assert by_arn(run)[arn("A")].status is Status.WAIVED  # type: ignore[attr-defined]


def test_expired_waiver_leaves_the_finding_failing_and_is_reported(
        tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    run = _run(tmp_path, rules_dir, entry(expires="2026-11-25"))
    r = by_arn(run)[arn("A")]
    assert r.status is Status.FAIL  # type: ignore[attr-defined]
    assert "(waiver expired 2026-11-25" in r.message  # type: ignore[attr-defined]
    assert [w.expires for w in run.expired_waivers] == ["2026-11-25"]  # type: ignore[attr-defined]
    assert run.stale_waivers == ()  # type: ignore[attr-defined]


def test_waiver_matching_nothing_is_stale(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    run = _run(tmp_path, rules_dir, entry(), pools=[pool("A")])  # A passes
    assert [w.resource for w in run.stale_waivers] == [arn("A")]  # type: ignore[attr-defined]


def test_errors_are_never_waived(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    pools = [pool("A", ldc=False)]
    errs = [error("GetLogDeliveryConfiguration", resource_type="cognito.user_pool",
                  resource_arn=arn("A"), field="LogDeliveryConfiguration")]
    run = _run(tmp_path, rules_dir, entry(rule="T-LOG-001"), pools=pools, errors=errs)
    r = by_arn(run, "T-LOG-001")[arn("A")]
    assert r.status is Status.ERROR  # type: ignore[attr-defined]
    assert len(run.stale_waivers) == 1  # type: ignore[attr-defined]


def test_no_waivers_is_the_full_audit_view(tmp_path: Path,
                                           rules_dir: Callable[..., Path]) -> None:
    run = _run(tmp_path, rules_dir, entry(), use=False)
    assert by_arn(run)[arn("A")].status is Status.FAIL  # type: ignore[attr-defined]
    assert run.run.waivers_file is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(("waiver", "fragment"), [
    (entry(rule="T-DP-01"), "unknown rule 'T-DP-01' (did you mean 'T-DP-001'?)"),
    (entry(reason="by design"), "'reason': 'by design' is too short"),
    (entry(reason="Accepted risk, by design."), "is not a justification"),
    (entry(expires="2026-02-30"), "'2026-02-30' is not a valid date"),
    (entry(expires="next week"), "'expires'"),
    (entry(expires="2030-01-01"), "more than 365 days from today"),
    (entry().replace("owner:", "ownr:"), "unknown key 'ownr' (did you mean 'owner'?)"),
    (entry() + entry(), "duplicate waiver"),
    (entry(resource="userpool/*"), "'resource'"),
])
def test_bad_waiver_files_are_exit_2_with_position(
        tmp_path: Path, rules_dir: Callable[..., Path], waiver: str, fragment: str) -> None:
    d = rules_dir(dp=RULE)
    wfile = tmp_path / "w.yaml"
    wfile.write_text("waivers:\n" + waiver, encoding="utf-8")
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    cfg = tmp_path / "c.yaml"
    cfg.write_text("max_waiver_days: 365\n")
    result = cli("check", snap, "--no-builtin", "--rules", d, "--config", cfg, "--waivers", wfile)
    assert result.exit_code == 2, result.output
    line = next((ln for ln in result.stderr.splitlines() if fragment in ln), None)
    assert line is not None, result.stderr
    assert line.startswith(f"cognito-lint: error: {wfile}:")
    assert line[len(f"cognito-lint: error: {wfile}:"):].split(":")[0].isdigit()


def test_waivers_through_the_cli(tmp_path: Path, rules_dir: Callable[..., Path]) -> None:
    d = rules_dir(dp=RULE)
    wfile = tmp_path / "w.yaml"
    wfile.write_text("waivers:\n" + entry(expires="2027-06-30") + entry(
        resource=arn("Z"), expires="2027-06-30"), encoding="utf-8")
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A", deletion="INACTIVE")]))
    out = tmp_path / "r.json"
    result = cli("check", snap, "--no-builtin", "--rules", d, "--waivers", wfile, "-f", "json",
                 "-o", out)
    assert result.exit_code == 0, result.output
    doc = read_json(out)
    assert doc["totals"]["by_status"]["waived"] == 1
    assert [w["resource"] for w in doc["waivers"]["stale"]] == [arn("Z")]
    assert "stale waiver" in result.stderr
    audit = cli("check", snap, "--no-builtin", "--rules", d, "--no-waivers", "-f", "json",
                "-o", out)
    assert audit.exit_code == 1
    both = cli("check", snap, "--no-builtin", "--rules", d, "--no-waivers", "--waivers", wfile)
    assert both.exit_code == 2


def test_unknown_rule_is_checked_against_every_loaded_rule(tmp_path: Path,
                                                           rules_dir: Callable[..., Path]) -> None:
    ruleset = load_rules([RuleSource(rules_dir(dp=RULE))])
    assert ruleset.ids == ["T-DP-001"]
