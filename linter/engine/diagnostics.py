"""Validation problems in rule, config and waiver files: ``file:line:column: rule ID: message``.

Validation collects every problem it finds (so one run shows them all), then raises one
:class:`RuleValidationError` (or the config/waiver equivalent) whose ``str()`` is the first line
and whose ``diagnostics`` hold all of them, sorted by file and position.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from linter.errors import ConfigError, InputFileError, RuleFileError, WaiverError


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    rule_id: str | None = None

    def __str__(self) -> str:
        rule = f"rule {self.rule_id}: " if self.rule_id else ""
        return f"{self.file}:{self.line}:{self.column}: {rule}{self.message}"


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""``."""
    options = sorted({c for c in choices if isinstance(c, str)})
    if not isinstance(word, str) or not options:
        return ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if not close:
        lowered = {o.lower(): o for o in options}
        hit = lowered.get(word.lower())
        close = [hit] if hit else []
    return f" (did you mean '{close[0]}'?)" if close else ""


class _DiagnosticsMixin:
    diagnostics: tuple[Diagnostic, ...]

    def lines(self) -> list[str]:
        return [str(d) for d in self.diagnostics]


def _init(
    exc: InputFileError, diagnostics: list[Diagnostic], noun: str, cls: type[InputFileError]
) -> tuple[Diagnostic, ...]:
    ordered = tuple(sorted(set(diagnostics)))
    first = ordered[0]
    more = len(ordered) - 1
    tail = f" (and {more} more {noun} problem{'s' if more != 1 else ''})" if more else ""
    rule = f"rule {first.rule_id}: " if first.rule_id else ""
    cls.__init__(exc, first.file, f"{rule}{first.message}{tail}", line=first.line,
                 column=first.column)
    return ordered


class RuleValidationError(_DiagnosticsMixin, RuleFileError):
    """One or more rule files (or fixtures) are not valid. Exit code 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = _init(self, diagnostics, "rule", RuleFileError)


class ConfigValidationError(_DiagnosticsMixin, ConfigError):
    """The ``.cognito-lint.yaml`` file is not valid. Exit code 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = _init(self, diagnostics, "config", ConfigError)


class WaiverValidationError(_DiagnosticsMixin, WaiverError):
    """The waivers file is not valid. Exit code 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = _init(self, diagnostics, "waiver", WaiverError)
