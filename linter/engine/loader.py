"""Find, parse, validate and compile rule files: every problem of every file is collected before
anything is evaluated, and any problem raises :class:`RuleValidationError` (exit code 2).

A rule file holds one rule (a mapping with ``id``) or several (a list under ``rules:``). Files
are ``*.yaml``/``*.yml`` anywhere below a rules directory, except below ``fixtures/`` folders
and hidden folders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import __version__
from linter.engine.compiler import RuleCompiler
from linter.engine.diagnostics import Diagnostic, RuleValidationError
from linter.engine.ruleset import Rule, RuleSet
from linter.engine.schema_errors import diagnose, validator
from linter.engine.yamlmarks import Marks, Path_, YamlError, load
from linter.errors import RuleFileError

RULE_SCHEMA = "rule-v1.json"


@dataclass(frozen=True)
class RuleSource:
    """A directory (or single file) of rules. ``builtin`` marks the shipped pack."""

    path: Path
    builtin: bool = False


def discover(source: RuleSource) -> list[tuple[Path, str]]:
    """The rule files of a source, as (path, path relative to the source), in a stable order."""
    root = source.path
    if root.is_file():
        return [(root, root.name)]
    if not root.is_dir():
        raise RuleFileError(str(root), "no such rules directory")
    out: list[tuple[Path, str]] = []
    for p in root.rglob("*"):
        if p.suffix not in (".yaml", ".yml") or not p.is_file():
            continue
        rel = p.relative_to(root)
        if any(part == "fixtures" or part.startswith(".") for part in rel.parts[:-1]):
            continue
        out.append((p, rel.as_posix()))
    out.sort(key=lambda t: t[1])
    return out


@dataclass
class _Parsed:
    file: str
    rel: str
    data: Any
    marks: Marks


def load_rules(sources: Sequence[RuleSource], *, facts: dict[str, Any] | None = None) -> RuleSet:
    """Load every rule of ``sources``; raise :class:`RuleValidationError` listing every problem."""
    diags: list[Diagnostic] = []
    rules: list[Rule] = []
    files: list[str] = []
    digest = hashlib.sha256()
    first_seen: dict[str, Diagnostic] = {}
    for source in sources:
        found = discover(source)
        if not found:
            raise RuleFileError(str(source.path), "no rule files (*.yaml) found")
        for path, rel in found:
            files.append(str(path))
            try:
                raw = path.read_bytes()
            except OSError as e:
                diags.append(Diagnostic(str(path), 1, 1, f"cannot read: {e.strerror or e}"))
                continue
            digest.update(f"{'builtin' if source.builtin else 'custom'}/{rel}\0".encode())
            digest.update(hashlib.sha256(raw).digest())
            parsed = _parse(path, rel, raw, diags)
            if parsed is None:
                continue
            for base, item in _rule_items(parsed, diags):
                rule = _compile(parsed, base, item, diags, facts)
                rule_id = item.get("id") if isinstance(item, dict) else None
                if isinstance(rule_id, str):
                    m = parsed.marks.value((*base, "id"))
                    here = Diagnostic(parsed.file, m.line, m.column, "", rule_id)
                    if rule_id in first_seen:
                        f = first_seen[rule_id]
                        diags.append(Diagnostic(
                            parsed.file, m.line, m.column,
                            f"duplicate rule id '{rule_id}' (also defined at "
                            f"{f.file}:{f.line}:{f.column})", rule_id))
                        continue
                    first_seen[rule_id] = here
                if rule is not None:
                    rules.append(rule)
    if diags:
        raise RuleValidationError(diags)
    builtin = any(s.builtin for s in sources)
    custom = any(not s.builtin for s in sources)
    version = __version__ if builtin and not custom else (
        f"{__version__}+custom" if builtin else "custom")
    return RuleSet(rules=tuple(rules), files=tuple(files), sha256=digest.hexdigest(),
                   version=version, dirs=tuple(str(s.path) for s in sources))


def _parse(path: Path, rel: str, raw: bytes, diags: list[Diagnostic]) -> _Parsed | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        diags.append(Diagnostic(str(path), 1, 1, f"not UTF-8 text (byte {e.start})"))
        return None
    try:
        data, marks = load(text)
    except YamlError as e:
        diags.append(Diagnostic(str(path), e.mark.line, e.mark.column, e.message))
        return None
    return _Parsed(str(path), rel, data, marks)


def _rule_items(parsed: _Parsed, diags: list[Diagnostic]) -> list[tuple[Path_, Any]]:
    data = parsed.data
    if data is None:
        diags.append(Diagnostic(parsed.file, 1, 1, "empty rule file"))
        return []
    if isinstance(data, dict) and "rules" in data and "id" not in data:
        ok = True
        for key in data:
            if key != "rules":
                m = parsed.marks.key((key,))
                diags.append(Diagnostic(parsed.file, m.line, m.column,
                                        f"unknown key '{key}' (a file of several rules holds "
                                        "only 'rules:', a list of rules)"))
                ok = False
        items = data["rules"]
        if not isinstance(items, list) or not items:
            m = parsed.marks.value(("rules",))
            diags.append(Diagnostic(parsed.file, m.line, m.column,
                                    "'rules' must be a non-empty list of rules"))
            ok = False
        return [(("rules", i), item) for i, item in enumerate(items)] if ok else []
    return [((), data)]


def _compile(parsed: _Parsed, base: Path_, item: Any, diags: list[Diagnostic],
             facts: dict[str, Any] | None) -> Rule | None:
    rule_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
    errs = list(validator(RULE_SCHEMA, "rule").iter_errors(item))
    if errs:
        diags.extend(diagnose(errs, parsed.marks, parsed.file, rule_id, base))
        return None
    compiler = RuleCompiler(parsed.file, parsed.marks, base, rule_id, facts)
    rule = compiler.compile_rule(item)
    diags.extend(compiler.diagnostics)
    return rule
