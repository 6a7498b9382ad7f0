"""The ``.cognito-lint.yaml`` configuration: parameter overrides, rules on/off, severity
overrides, the ``fail_on`` threshold, the waivers file and extra rule directories.

Two steps, both reporting ``file:line:column`` problems (exit code 2):

1. :func:`load_config` parses and validates the file against ``config-v1.json``;
2. :func:`apply_config` checks it against the loaded rules (unknown rule ids and parameters
   get a "did you mean"; a parameter value must have the type of the rule's default) and
   returns the rules to run.

Defaults (documented in docs/configuration.md): ``fail_on: low``, every rule enabled at its
own severity, parameters at the rules' defaults, no waivers, ``max_waiver_days: 365``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.engine.diagnostics import ConfigValidationError, Diagnostic, did_you_mean
from linter.engine.ruleset import Rule, RuleSet
from linter.engine.schema_errors import diagnose, validator
from linter.engine.yamlmarks import Marks, Path_, load_file
from linter.errors import ConfigError
from linter.model import Severity

CONFIG_SCHEMA = "config-v1.json"
DEFAULT_CONFIG_NAME = ".cognito-lint.yaml"
DEFAULT_FAIL_ON = "low"
DEFAULT_MAX_WAIVER_DAYS = 365


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool = True
    severity: Severity | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    path: str | None = None
    fail_on: str = DEFAULT_FAIL_ON
    """A severity name, or ``none``."""
    fail_on_set: bool = False
    waivers: Path | None = None
    max_waiver_days: int = DEFAULT_MAX_WAIVER_DAYS
    rule_dirs: tuple[Path, ...] = ()
    builtin_rules: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    marks: Marks = field(default_factory=Marks, repr=False, compare=False)

    @property
    def fail_on_severity(self) -> Severity | None:
        return None if self.fail_on == "none" else Severity(self.fail_on)


def find_config(explicit: str | Path | None, cwd: Path | None = None) -> Path | None:
    """The config file to use: ``--config FILE`` (must exist), else ``./.cognito-lint.yaml`` if
    it exists, else none."""
    if explicit is not None:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(str(p), "no such config file")
        return p
    candidate = (cwd or Path.cwd()) / DEFAULT_CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: str | Path | None) -> Config:
    """Parse and schema-validate a config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    file = str(path)
    data, marks = load_file(path, ConfigError, "config file")
    if data is None:
        return Config(path=file, marks=marks)
    errors = list(validator(CONFIG_SCHEMA).iter_errors(data))
    if errors:
        raise ConfigValidationError(diagnose(errors, marks, file, None))
    base = Path(path).parent
    rules = {
        rid: RuleSettings(
            enabled=s.get("enabled", True),
            severity=Severity(s["severity"]) if "severity" in s else None,
            params=dict(s.get("params") or {}),
        )
        for rid, s in (data.get("rules") or {}).items()
    }
    return Config(
        path=file,
        fail_on=data.get("fail_on", DEFAULT_FAIL_ON),
        fail_on_set="fail_on" in data,
        waivers=(base / data["waivers"]) if "waivers" in data else None,
        max_waiver_days=data.get("max_waiver_days", DEFAULT_MAX_WAIVER_DAYS),
        rule_dirs=tuple(base / d for d in data.get("rule_dirs") or ()),
        builtin_rules=data.get("builtin_rules", True),
        params=dict(data.get("params") or {}),
        rules=rules,
        marks=marks,
    )


def apply_config(config: Config, ruleset: RuleSet) -> tuple[Rule, ...]:
    """The enabled rules with the config's severity and parameter overrides applied."""
    diags: list[Diagnostic] = []
    file = config.path or DEFAULT_CONFIG_NAME

    def problem(path: Path_, message: str, *, at_key: bool = True) -> None:
        m = config.marks.key(path) if at_key else config.marks.value(path)
        diags.append(Diagnostic(file, m.line, m.column, message))

    by_id = {r.id: r for r in ruleset.rules}
    declared: dict[str, list[Rule]] = {}
    for r in ruleset.rules:
        for name in r.default_params:
            declared.setdefault(name, []).append(r)
    for name, value in config.params.items():
        if name not in declared:
            problem(("params", name), f"unknown param '{name}'{did_you_mean(name, declared)}: "
                    "no loaded rule declares it")
            continue
        for r in declared[name]:
            why = _type_mismatch(r.default_params[name], value)
            if why:
                problem(("params", name), f"param '{name}' of rule {r.id}: {why}", at_key=False)
                break
    for rid, settings in config.rules.items():
        rule = by_id.get(rid)
        if rule is None:
            problem(("rules", rid), f"unknown rule '{rid}'{did_you_mean(rid, by_id)}")
            continue
        for name, value in settings.params.items():
            if name not in rule.default_params:
                known = ", ".join(sorted(rule.default_params)) or "none"
                problem(("rules", rid, "params", name),
                        f"rule {rid} has no param '{name}'"
                        f"{did_you_mean(name, rule.default_params)} (its params: {known})")
                continue
            why = _type_mismatch(rule.default_params[name], value)
            if why:
                problem(("rules", rid, "params", name), f"param '{name}' of rule {rid}: {why}",
                        at_key=False)
    if diags:
        raise ConfigValidationError(diags)
    out: list[Rule] = []
    for r in ruleset.rules:
        settings = config.rules.get(r.id, RuleSettings())
        if not settings.enabled:
            continue
        params = {k: v for k, v in config.params.items() if k in r.default_params}
        params.update(settings.params)
        out.append(r.with_overrides(severity=settings.severity, params=params))
    return tuple(out)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null"


def _type_mismatch(default: Any, value: Any) -> str | None:
    """Why ``value`` cannot replace ``default`` (same JSON type; same item type for lists)."""
    want, got = _json_type(default), _json_type(value)
    if want != got:
        return f"must be {want} like its default {default!r}, not {got} {value!r}"
    if isinstance(default, list) and default:
        item_types = {_json_type(x) for x in default}
        if len(item_types) == 1:
            (item,) = item_types
            for x in value:
                if _json_type(x) != item:
                    return f"must be a list of {item[2:] if item.startswith('a ') else item}s, " \
                           f"and {x!r} is {_json_type(x)}"
    return None
