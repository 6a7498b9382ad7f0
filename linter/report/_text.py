"""Small presentation helpers every reporter shares: labels, names, safe text.

They format what the ``RunResult`` holds; none of them decides a status or a total.
"""

from __future__ import annotations

import functools
import gc
import json
import re
from collections.abc import Callable
from typing import Any

from linter.model import Result, RuleMeta, RunResult, Severity, Status, Waiver

STATUS_ORDER: tuple[Status, ...] = (
    Status.FAIL,
    Status.ERROR,
    Status.WAIVED,
    Status.PASS,
    Status.NOT_APPLICABLE,
)
"""The order statuses are listed in every report: what needs action first."""

STATUS_LABEL: dict[Status, str] = {
    Status.FAIL: "fail",
    Status.ERROR: "error",
    Status.WAIVED: "waived",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "not applicable",
}

STATUS_WORDS: dict[Status, str] = {
    Status.FAIL: "violations",
    Status.ERROR: "not evaluable (error)",
    Status.WAIVED: "waived",
    Status.PASS: "compliant",
    Status.NOT_APPLICABLE: "not applicable",
}

INFORMATION_URI = "https://github.com/cognito-lint/cognito-lint"
RULES_DOC_URI = f"{INFORMATION_URI}/blob/main/docs/rules.md"
"""The rules reference: ``docs/rules.md`` has one entry per rule, anchored by its lower-case id."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 result``, ``2 results`` (``many`` when the plural is not word + s)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def severity_label(sev: Severity) -> str:
    return sev.value.upper()


def rules_by_id(run: RunResult) -> dict[str, RuleMeta]:
    return {r.id: r for r in run.rules}


def rule_of(rules: dict[str, RuleMeta], result: Result) -> RuleMeta:
    """The rule's metadata; a stand-in built from the result if the run lacks it."""
    rule = rules.get(result.rule_id)
    if rule is None:
        rule = RuleMeta(
            id=result.rule_id,
            title=result.rule_id,
            severity=result.severity,
            resource=result.resource.type,
            description="",
            rationale="",
            remediation="",
        )
    return rule


def help_uri(rule: RuleMeta) -> str:
    """The rule's own ``help_uri`` if it has one, else its entry in the rules reference."""
    return rule.help_uri or f"{RULES_DOC_URI}#{rule.id.lower()}"


def resource_label(result: Result) -> str:
    """The resource's name, or its ARN when it has none."""
    return result.resource.name or result.resource.arn


def waiver_text(w: Waiver) -> str:
    """``reason (owner, expires 2026-12-31, ticket OPS-1)``."""
    extra = [w.owner, f"expires {w.expires}"]
    if w.ticket:
        extra.append(f"ticket {w.ticket}")
    return f"{w.reason} ({', '.join(x for x in extra if x)})"


def value_text(value: Any) -> str:
    """An observed value as text: strings as they are, everything else as compact JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    except (TypeError, ValueError):
        return repr(value)


def control_labels(rule: RuleMeta) -> list[str]:
    """``["NIST-800-53-r5 AU-2", "SOC2 CC7.2", …]``, sorted."""
    return sorted(f"{fw} {cid}" for fw, ids in rule.controls.items() for cid in ids)


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines included) to single spaces."""
    return " ".join(text.split())


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def strip_control(text: str) -> str:
    """Replace control characters (terminal escapes included) but keep newlines and tabs."""
    return _CONTROL.sub("\ufffd", text)


def xml_text(text: str) -> str:
    """Replace the characters XML 1.0 cannot carry at all."""
    return _XML_INVALID.sub("\ufffd", text)


def iso_no_zone(ts: str) -> str:
    """``2026-11-26T22:00:09.123Z`` -> ``2026-11-26T22:00:09`` (JUnit's timestamp form)."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})", ts or "")
    return f"{m.group(1)}T{m.group(2)}" if m else "1970-01-01T00:00:00"


def gc_paused(render: Callable[[Any, RunResult], str]) -> Callable[[Any, RunResult], str]:
    """Decorate a ``render`` method: no cyclic garbage collection while it runs.

    Rendering builds hundreds of thousands of small containers next to a large, long-lived
    RunResult; each automatic collection would walk all of it (3x the render time at 10,000
    pools). Reporters create no reference cycles, so nothing is left for the collector."""

    @functools.wraps(render)
    def wrapper(self: Any, run: RunResult) -> str:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return render(self, run)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper
