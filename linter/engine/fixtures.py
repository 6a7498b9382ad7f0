"""Rule fixtures: ``<dir of the rule file>/fixtures/<RULE_ID>/<case>.yaml``, run by
``cognito-lint rules test`` and the test suite.

A case is a snapshot fragment and the status expected for every result of the rule on it::

    description: A pool that sends ERROR userNotification logs to a log group
    params: {min_password_length: 16}        # optional overrides of the rule's params
    snapshot:
      metadata: {finished_at: "2026-11-26T22:00:00Z"}   # optional; defaults fill the rest
      resources: {cognito.user_pool: [...]}
      errors: []
    expect:
      arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Abc: pass

The case name starts with the status it proves (``pass``, ``fail``, ``error``,
``not_applicable``) and that status must be among the expected ones. A result not listed in
``expect``, a listed ARN without a result, or another status fails the case. Every rule needs
at least one ``pass*`` and one ``fail*`` case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from linter import __version__
from linter.engine.config import _type_mismatch
from linter.engine.diagnostics import did_you_mean
from linter.engine.evaluate import Runtime, evaluate_rule
from linter.engine.ruleset import Rule, RuleSet
from linter.engine.schema_errors import diagnose
from linter.engine.yamlmarks import Marks, YamlError, load
from linter.model import Status
from linter.snapshot import RESOURCE_TYPES, SCHEMA_VERSION
from linter.snapshot.index import SnapshotIndex
from linter.snapshot.schema import snapshot_schema

CASE_PREFIXES = ("not_applicable", "error", "pass", "fail")
_CASE_KEYS = ("description", "params", "snapshot", "expect")
_SNAPSHOT_KEYS = ("metadata", "resources", "errors")
FIXTURE_ACCOUNT = "111122223333"
FIXTURE_STARTED = "2026-11-26T22:00:00Z"
FIXTURE_FINISHED = "2026-11-26T22:00:09Z"


@lru_cache(maxsize=1)
def snapshot_validator() -> jsonschema.protocols.Validator:
    schema = snapshot_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@dataclass(frozen=True)
class CaseOutcome:
    rule_id: str
    case: str
    file: str
    ok: bool
    description: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)


def fixture_dir(rule: Rule) -> Path:
    return Path(rule.meta.source_file).parent / "fixtures" / rule.id


def default_metadata(resources: dict[str, Any], errors: list[Any]) -> dict[str, Any]:
    regions: set[str] = set()
    account = None
    for items in resources.values():
        for r in items if isinstance(items, list) else []:
            if isinstance(r, dict):
                if isinstance(r.get("region"), str):
                    regions.add(r["region"])
                account = account or r.get("account_id")
    for e in errors:
        if isinstance(e, dict) and isinstance(e.get("region"), str):
            regions.add(e["region"])
    return {
        "tool": {"name": "cognito-lint", "version": __version__},
        "source": {"kind": "fixture", "path": None},
        "account_id": account if isinstance(account, str) else FIXTURE_ACCOUNT,
        "partition": "aws",
        "regions": sorted(regions) or ["us-east-1"],
        "started_at": FIXTURE_STARTED,
        "finished_at": FIXTURE_FINISHED,
        "principal_arn": None,
        "collected_types": list(RESOURCE_TYPES),
    }


def build_snapshot(fragment: dict[str, Any]) -> dict[str, Any]:
    resources = fragment.get("resources") or {}
    errors = fragment.get("errors") or []
    meta = default_metadata(resources, errors)
    meta.update(fragment.get("metadata") or {})
    return {"schema_version": SCHEMA_VERSION, "metadata": meta, "resources": resources,
            "errors": errors}


def run_rule_fixtures(rule: Rule) -> list[CaseOutcome]:
    folder = fixture_dir(rule)
    cases = sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) \
        if folder.is_dir() else []
    out: list[CaseOutcome] = []
    names = [c.stem for c in cases]
    for needed in ("pass", "fail"):
        if not any(n.startswith(needed) for n in names):
            out.append(CaseOutcome(rule.id, f"({needed} case missing)", str(folder), False,
                                   problems=(f"no {needed}*.yaml fixture in {folder}",)))
    for case in cases:
        out.append(run_case(rule, case))
    return out


def run_case(rule: Rule, path: Path) -> CaseOutcome:
    file = str(path)

    def broken(problems: list[str], description: str = "") -> CaseOutcome:
        return CaseOutcome(rule.id, path.stem, file, False, description, tuple(problems))

    prefix = next((p for p in CASE_PREFIXES if path.stem.startswith(p)), None)
    try:
        data, marks = load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        return broken([f"{file}: cannot read: {e}"])
    except YamlError as e:
        return broken([f"{file}:{e.mark.line}:{e.mark.column}: {e.message}"])
    problems = _shape_problems(file, data, marks)
    if problems:
        return broken(problems)
    description = str(data.get("description", ""))
    if prefix is None:
        problems.append(f"{file}: the case name must start with one of "
                        f"{', '.join(CASE_PREFIXES)}")
    expect: dict[str, str] = data["expect"]
    if prefix is not None and prefix not in expect.values():
        problems.append(f"{file}: a {prefix}* case must expect at least one {prefix} result")
    params = dict(rule.params)
    for name, value in (data.get("params") or {}).items():
        m = marks.key(("params", name))
        if name not in rule.default_params:
            problems.append(f"{file}:{m.line}:{m.column}: rule {rule.id} has no param '{name}'"
                            f"{did_you_mean(name, rule.default_params)}")
            continue
        why = _type_mismatch(rule.default_params[name], value)
        if why:
            problems.append(f"{file}:{m.line}:{m.column}: param '{name}': {why}")
        params[name] = value
    doc = build_snapshot(data["snapshot"])
    errs = list(snapshot_validator().iter_errors(doc))
    if errs:
        problems.extend(str(d) for d in diagnose(errs[:5], marks, file, None, ("snapshot",)))
        return broken(problems, description)
    index = SnapshotIndex(doc)
    results = evaluate_rule(rule.with_overrides(params=params), Runtime(index))
    got: dict[str, list[Any]] = {}
    for r in results:
        got.setdefault(r.resource.arn, []).append(r)
    for arn, want in expect.items():
        m = marks.value(("expect", arn))
        found = got.pop(arn, None)
        if not found:
            problems.append(f"{file}:{m.line}:{m.column}: expected {want} for {arn}, but the "
                            f"rule gave no result for it")
            continue
        for r in found:
            if r.status.value != want:
                why = f"; errors: {'; '.join(r.errors)}" if r.errors else ""
                problems.append(f"{file}:{m.line}:{m.column}: {arn}: expected {want}, got "
                                f"{r.status.value} ({r.message}{why})")
    for arn, extra in got.items():
        for r in extra:
            problems.append(f"{file}: unexpected result {r.status.value} for {arn} (list it "
                            f"under expect:): {r.message}")
    return CaseOutcome(rule.id, path.stem, file, not problems, description, tuple(problems))


def _shape_problems(file: str, data: Any, marks: Marks) -> list[str]:
    def at(path: tuple[str | int, ...], msg: str, key: bool = False) -> str:
        m = marks.key(path) if key else marks.value(path)
        return f"{file}:{m.line}:{m.column}: {msg}"

    if not isinstance(data, dict):
        return [at((), "a fixture is a mapping with snapshot: and expect:")]
    problems = [at((k,), f"unknown key '{k}'{did_you_mean(k, _CASE_KEYS)}", True)
                for k in data if k not in _CASE_KEYS]
    for k in ("snapshot", "expect"):
        if k not in data:
            problems.append(at((), f"missing required key '{k}'"))
    snap = data.get("snapshot")
    if "snapshot" in data and not isinstance(snap, dict):
        problems.append(at(("snapshot",), "snapshot must be a mapping"))
    elif isinstance(snap, dict):
        problems.extend(at(("snapshot", k), f"unknown key '{k}'{did_you_mean(k, _SNAPSHOT_KEYS)}",
                           True) for k in snap if k not in _SNAPSHOT_KEYS)
    expect = data.get("expect")
    if "expect" in data:
        if not isinstance(expect, dict) or not expect:
            problems.append(at(("expect",), "expect must map resource ARNs to statuses"))
        else:
            statuses = [s.value for s in Status if s is not Status.WAIVED]
            for arn, status in expect.items():
                if status not in statuses:
                    problems.append(at(("expect", arn), f"unknown status {status!r}"
                                       f"{did_you_mean(str(status), statuses)} (one of "
                                       f"{', '.join(statuses)})"))
    if "params" in data and not isinstance(data["params"], dict):
        problems.append(at(("params",), "params must be a mapping"))
    return problems


def orphan_fixtures(ruleset: RuleSet) -> list[str]:
    """Fixture folders (and stray files) that belong to no loaded rule."""
    rules_by_dir: dict[Path, set[str]] = {}
    for r in ruleset.rules:
        rules_by_dir.setdefault(Path(r.meta.source_file).parent / "fixtures", set()).add(r.id)
    out: list[str] = []
    for folder, ids in sorted(rules_by_dir.items()):
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_dir() and child.name not in ids:
                out.append(f"{child}: no rule {child.name} next to it"
                           f"{did_you_mean(child.name, ids)}")
    return out


def run_all(ruleset: RuleSet, rule_ids: set[str] | None = None) -> list[CaseOutcome]:
    out: list[CaseOutcome] = []
    for rule in ruleset.rules:
        if rule_ids is None or rule.id in rule_ids:
            out.extend(run_rule_fixtures(rule))
    return out

