"""``check`` end to end: exit codes 0/1/2/3, the final stderr line, output formats and files,
the JSON results document against its schema, RunResult metadata; the built-in pack on a
snapshot where GetLogDeliveryConfiguration failed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import cli, read_json, rule_text, write_doc
from engine_snap import ACCOUNT, error, log_group, pool, snapshot, trail

from linter.engine.results_doc import to_document
from linter.engine.run import CheckOptions, exit_code, run_check, summary_line
from linter.engine.schema_errors import validator
from linter.errors import ExitCode
from linter.model import Status

RULE_DP = rule_text("assert: {path: UserPool.DeletionProtection, equals: ACTIVE}",
                    id="T-DP-001", severity="high")
RULE_LOG = rule_text("assert: {path: LogDeliveryConfiguration.LogConfigurations, empty: false}",
                     id="T-LOG-001", severity="medium")


def arn(pid: str, region: str = "us-east-1") -> str:
    return f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_{pid}"


def ldc_error(pid: str) -> dict[str, Any]:
    return error("GetLogDeliveryConfiguration", resource_type="cognito.user_pool",
                 resource_arn=arn(pid), field="LogDeliveryConfiguration")


@pytest.fixture
def rules(rules_dir: Callable[..., Path]) -> Path:
    return rules_dir(dp=RULE_DP, log=RULE_LOG)


def _check(tmp_path: Path, rules: Path, doc: dict[str, Any], *extra: str) -> Any:
    snap = write_doc(tmp_path / "s.json", doc)
    cfg = tmp_path / "empty.yaml"
    cfg.write_text("{}\n")
    return cli("check", snap, "--no-builtin", "--rules", rules, "--config", cfg, *extra)


@pytest.mark.parametrize(("pools", "errors", "extra", "code"), [
    ([pool("A", log_group="g")], [], (), 0),
    ([pool("A", deletion="INACTIVE", log_group="g")], [], (), 1),
    ([pool("A", log_group="g", deletion="INACTIVE")], [], ("--fail-on", "critical"), 0),
    ([pool("A", log_group="g"), pool("B", ldc=False)], [ldc_error("B")], (), 3),
    ([pool("A", deletion="INACTIVE"), pool("B", ldc=False)], [ldc_error("B")], (), 3),
    ([pool("A", deletion="INACTIVE"), pool("B", ldc=False)], [ldc_error("B")],
     ("--fail-on", "none"), 3),
])
def test_exit_codes(tmp_path: Path, rules: Path, pools: list[Any], errors: list[Any],
                    extra: tuple[str, ...], code: int) -> None:
    result = _check(tmp_path, rules, snapshot(pools, errors), "-f", "json", *extra)
    assert result.exit_code == code, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith(f"exit {code}")
    if errors:
        assert "scan INCOMPLETE" in last
    else:
        assert "scan complete" in last
    assert "failing finding" in last


def test_getlogdeliveryconfiguration_failure_gives_error_for_the_builtin_log_rules(
        tmp_path: Path) -> None:
    """The acceptance case: the pack's log rules on a pool whose log delivery configuration
    could not be read are ``error`` (not pass, not fail), and check exits 3 when nothing else
    fails at the threshold."""
    doc = snapshot([pool("A", ldc=False, log_group=None)], [ldc_error("A")])
    snap = write_doc(tmp_path / "s.json", doc)
    cfg = tmp_path / "c.yaml"
    cfg.write_text("fail_on: none\n")
    out = tmp_path / "r.json"
    result = cli("check", snap, "--config", cfg, "-f", "json", "-o", out)
    assert result.exit_code == 3, result.output
    results = read_json(out)["results"]
    log_rules = {r["rule_id"]: r for r in results if r["rule_id"] in ("CL-LOG-001", "CL-LOG-002",
                                                                      "CL-LOG-003", "CL-LOG-010")}
    assert log_rules, "the pack's pool log rules must produce results"
    for rid, r in log_rules.items():
        if rid == "CL-LOG-010":  # applies to Plus pools only: its `when` reads UserPool
            continue
        assert r["status"] == "error", (rid, r)
        assert any("GetLogDeliveryConfiguration" in e for e in r["errors"]), r
    assert "scan INCOMPLETE" in result.stderr


def test_results_document_validates_and_is_stable(tmp_path: Path, rules: Path) -> None:
    doc = snapshot([pool("A", deletion="INACTIVE", log_group="g"), pool("B", ldc=False),
                    log_group("g"), trail("t")], [ldc_error("B")])
    snap = write_doc(tmp_path / "s.json", doc)
    run = run_check(snap, CheckOptions(rule_dirs=(rules,), builtin=False,
                                       discover_config=False))
    out = to_document(run)
    assert list(validator("results-v1.json").iter_errors(json.loads(json.dumps(out)))) == []
    assert out["snapshot"]["sha256"] == hashlib.sha256(snap.read_bytes()).hexdigest()
    assert out["outcome"] == {"exit_code": 3, "failing_findings": 1, "incomplete": True}
    assert out["totals"]["by_status"] == {"pass": 2, "fail": 1, "error": 1,
                                          "not_applicable": 0, "waived": 0}
    gating = [r for r in out["results"] if r["gating"]]
    assert [(r["rule_id"], r["resource"]["name"]) for r in gating] == [("T-DP-001", "A")]
    assert all(r["snapshot_line"] for r in out["results"])
    # every result of the run, sorted by severity (most severe first), rule id, ARN
    keys = [(r["severity"], r["rule_id"], r["resource"]["arn"]) for r in out["results"]]
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    assert keys == sorted(keys, key=lambda k: (order[k[0]], k[1], k[2]))
    # same input, same document (apart from the run's own timestamps)
    again = to_document(run_check(snap, CheckOptions(rule_dirs=(rules,), builtin=False,
                                                     discover_config=False)))
    for d in (out, again):
        d["run"].pop("started_at")
        d["run"].pop("finished_at")
    assert out == again


def test_results_document_of_an_empty_snapshot_has_the_same_shape(tmp_path: Path,
                                                                  rules: Path) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([]))
    out = to_document(run_check(snap, CheckOptions(rule_dirs=(rules,), builtin=False,
                                                   discover_config=False)))
    assert list(validator("results-v1.json").iter_errors(out)) == []
    assert out["results"] == [] and out["pipelines"] == [] and out["collection_errors"] == []
    full = to_document(run_check(write_doc(tmp_path / "f.json", snapshot([pool("A")])),
                                 CheckOptions(rule_dirs=(rules,), builtin=False,
                                              discover_config=False)))
    assert set(out) == set(full)
    for key in ("run", "outcome", "snapshot", "totals", "waivers"):
        assert set(out[key]) == set(full[key])


def test_run_result_metadata(tmp_path: Path, rules: Path) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    run = run_check(snap, CheckOptions(rule_dirs=(rules,), builtin=False, discover_config=False,
                                       fail_on="high"))
    assert run.run.rule_pack_version == "custom"
    assert len(run.run.rule_pack_sha256) == 64
    assert run.snapshot.account_id == ACCOUNT and run.snapshot.source_kind == "fixture"
    assert run.run.fail_on is not None and run.run.fail_on.value == "high"
    assert {m.id for m in run.rules} == {"T-DP-001", "T-LOG-001"}
    assert run.resource_lines[arn("A")] > 1
    assert len(run.pipelines) == 1
    assert exit_code(run) is ExitCode.OK
    assert summary_line(run).endswith("exit 0")


def test_rule_pack_digest_changes_with_the_rules(tmp_path: Path,
                                                 rules_dir: Callable[..., Path]) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    d = rules_dir(dp=RULE_DP)
    first = run_check(snap, CheckOptions(rule_dirs=(d,), builtin=False, discover_config=False))
    (d / "dp.yaml").write_text(RULE_DP.replace("A test rule", "Another title"))
    second = run_check(snap, CheckOptions(rule_dirs=(d,), builtin=False, discover_config=False))
    assert first.run.rule_pack_sha256 != second.run.rule_pack_sha256


def test_several_formats_go_to_a_directory(tmp_path: Path, rules: Path) -> None:
    out = tmp_path / "out"
    result = _check(tmp_path, rules, snapshot([pool("A", log_group="g")]), "-f", "json",
                    "-f", "sarif", "-f", "markdown", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.md", "report.sarif",
                                                      "results.json"]
    assert read_json(out / "results.json")["schema_version"] == "1.0"


def test_several_formats_need_a_directory(tmp_path: Path, rules: Path) -> None:
    result = _check(tmp_path, rules, snapshot([pool("A")]), "-f", "json", "-f", "sarif")
    assert result.exit_code == 2
    assert "several --format values need -o DIR" in result.stderr


def test_json_to_stdout_and_console_by_default(tmp_path: Path, rules: Path) -> None:
    result = _check(tmp_path, rules, snapshot([pool("A", deletion="INACTIVE")]), "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["totals"]["results"] == 2
    console = _check(tmp_path, rules, snapshot([pool("A", deletion="INACTIVE")]))
    assert console.exit_code == 1
    assert "T-DP-001" in console.stdout


def test_bad_snapshot_is_exit_2(tmp_path: Path, rules: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0", "metadata": {}}')
    cfg = tmp_path / "empty.yaml"
    cfg.write_text("{}\n")
    result = cli("check", bad, "--no-builtin", "--rules", rules, "--config", cfg)
    assert result.exit_code == 2
    assert f"cognito-lint: error: {bad}" in result.stderr


def test_no_rules_at_all_is_a_usage_error(tmp_path: Path) -> None:
    snap = write_doc(tmp_path / "s.json", snapshot([pool("A")]))
    cfg = tmp_path / "empty.yaml"
    cfg.write_text("{}\n")
    result = cli("check", snap, "--no-builtin", "--config", cfg)
    assert result.exit_code == 2
    assert "--no-builtin needs at least one --rules DIR" in result.stderr


def test_listing_failure_of_the_rule_type_is_never_a_silent_pass(tmp_path: Path,
                                                                 rules: Path) -> None:
    doc = snapshot([pool("A", log_group="g")], [error(
        "ListUserPools", resource_type="cognito.user_pool", region="eu-west-1")])
    out = tmp_path / "r.json"
    result = _check(tmp_path, rules, doc, "-f", "json", "-o", out)
    assert result.exit_code == 3
    placeholders = [r for r in read_json(out)["results"] if r["resource"]["arn"].endswith("*")]
    assert {r["resource"]["arn"] for r in placeholders} == {
        f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/*"}
    assert all(r["status"] == Status.ERROR.value for r in placeholders)


def test_results_come_out_in_report_order_without_a_sort() -> None:
    """``check`` evaluates the rules in severity/id order and each rule yields its results in
    ARN order, so the run's results are already in :func:`sort_key` order (it does not sort
    them). Pinned on the demo snapshot: every severity, listing errors, several Regions."""
    from linter.engine.run import check, prepare, sort_key
    from linter.snapshot.loader import load_snapshot

    demo = Path(__file__).resolve().parents[2] / "sample_configs" / "demo" / "snapshot.json"
    run = check(load_snapshot(demo), prepare(CheckOptions(discover_config=False)))
    results = list(run.results)
    assert len({r.severity for r in results}) >= 4
    assert results == sorted(results, key=sort_key)
