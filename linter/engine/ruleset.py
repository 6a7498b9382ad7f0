"""A loaded, validated rule and the set of rules one run uses."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from linter.engine.nodes import Node
from linter.engine.templates import Template
from linter.model import RuleMeta, Severity


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    missing: str
    """What a *missing* assert means: ``fail`` (default), ``pass`` or ``error``."""
    params: dict[str, Any]
    """Parameter values: the rule's defaults, with config overrides applied."""
    when: Node | None
    assert_: Node
    messages: dict[str, Template]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    """The rule's mapping as written (for ``rules show`` and ``rules docs``)."""
    line: int = 1
    default_params: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    def with_overrides(self, *, severity: Severity | None = None,
                       params: dict[str, Any] | None = None) -> Rule:
        meta = replace(self.meta, severity=severity) if severity else self.meta
        merged = {**self.params, **(params or {})}
        return replace(self, meta=meta, params=merged)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    files: tuple[str, ...]
    sha256: str
    """SHA-256 over the rule files (relative path and content, in path order)."""
    version: str
    dirs: tuple[str, ...] = ()

    def get(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.rules]
