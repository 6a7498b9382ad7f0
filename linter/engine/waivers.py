"""Waivers: accepted risks in a reviewed file (``--waivers FILE`` or ``waivers:`` in the config).

Each entry waives the **failing** results of one rule on the resources it matches (an exact
ARN or a glob; optionally narrowed to an account and a Region) until ``expires`` (a date,
inclusive, UTC). Fail closed:

- the file is validated like a rule file (``file:line:column``, exit code 2): unknown keys, an
  unknown rule id ("did you mean"), a malformed or impossible date, a trivial reason ("by
  design"), an expiry further away than ``max_waiver_days``, duplicate entries;
- an expired waiver waives nothing: its findings stay ``fail`` (their message says the waiver
  expired) and the run lists it under expired waivers;
- a waiver that matches no failing result is listed as stale;
- ``error`` results are never waived (missing data is not an accepted risk).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fnmatch import fnmatchcase
from pathlib import Path

from linter.engine.diagnostics import Diagnostic, WaiverValidationError, did_you_mean
from linter.engine.schema_errors import diagnose, validator
from linter.engine.yamlmarks import load_file
from linter.errors import WaiverError
from linter.model import Result, Status, Waiver
from linter.snapshot.index import normalize_arn

WAIVERS_SCHEMA = "waivers-v1.json"
TRIVIAL_WORDS = frozenset({
    "a", "accept", "accepted", "an", "applicable", "as", "by", "design", "designed", "expected",
    "false", "fine", "fix", "ignore", "ignored", "intended", "intentional", "is", "issue", "it",
    "known", "n", "na", "none", "not", "ok", "okay", "positive", "risk", "tbd", "temporary",
    "the", "this", "todo", "won't", "wontfix",
})
"""A reason made of these words only ("by design", "accepted risk", "n/a") justifies nothing."""


@dataclass(frozen=True)
class WaiverEntry:
    waiver: Waiver
    account: str | None
    region: str | None
    expires: date

    def matches(self, result: Result) -> bool:
        w = self.waiver
        if w.rule != result.rule_id:
            return False
        if self.account is not None and self.account != result.resource.account_id:
            return False
        if self.region is not None and self.region != result.resource.region:
            return False
        arn = normalize_arn(result.resource.arn)
        pattern = normalize_arn(w.resource)
        return arn == pattern or fnmatchcase(arn, pattern)


@dataclass(frozen=True)
class WaiverOutcome:
    results: tuple[Result, ...]
    stale: tuple[Waiver, ...]
    expired: tuple[Waiver, ...]


def load_waivers(path: str | Path, rule_ids: Sequence[str], *, today: date,
                 max_days: int) -> tuple[WaiverEntry, ...]:
    file = str(path)
    data, marks = load_file(path, WaiverError, "waivers file")
    if data is None:
        raise WaiverError(file, "empty waivers file (expected 'waivers:', a list)", line=1,
                          column=1)
    errors = list(validator(WAIVERS_SCHEMA).iter_errors(data))
    if errors:
        raise WaiverValidationError(diagnose(errors, marks, file, None))
    diags: list[Diagnostic] = []
    out: list[WaiverEntry] = []
    seen: dict[tuple[str, str, str | None, str | None], int] = {}
    known = set(rule_ids)
    for i, w in enumerate(data["waivers"]):
        def problem(key: str, message: str, i: int = i) -> None:
            m = marks.value(("waivers", i, key))
            diags.append(Diagnostic(file, m.line, m.column, message, None))

        start = marks.value(("waivers", i))
        ok = True
        if w["rule"] not in known:
            problem("rule", f"unknown rule '{w['rule']}'{did_you_mean(w['rule'], known)}")
            ok = False
        try:
            expires = date.fromisoformat(w["expires"])
        except ValueError:
            problem("expires", f"'{w['expires']}' is not a valid date (YYYY-MM-DD)")
            continue
        if expires > today + timedelta(days=max_days):
            problem("expires", f"expires {expires.isoformat()} is more than {max_days} days "
                               f"from today ({today.isoformat()}); waivers must be renewed "
                               "(max_waiver_days in the config)")
            ok = False
        reason = " ".join(w["reason"].split())
        words = re.findall(r"[a-z0-9']+", reason.lower())
        if len(words) < 3 or all(word in TRIVIAL_WORDS for word in words):
            problem("reason", f"reason {reason!r} is not a justification: say why the risk is "
                              "accepted (at least 3 words, e.g. which control compensates)")
            ok = False
        key = (w["rule"], normalize_arn(w["resource"]), w.get("account"), w.get("region"))
        if key in seen:
            problem("resource", f"duplicate waiver: same rule and resource as the entry at "
                                f"line {seen[key]}")
            ok = False
        seen[key] = start.line
        if not ok:
            continue
        out.append(WaiverEntry(
            waiver=Waiver(rule=w["rule"], resource=w["resource"], reason=reason,
                          owner=w["owner"], expires=expires.isoformat(),
                          ticket=w.get("ticket"), source=f"{file}:{start.line}",
                          account=w.get("account"), region=w.get("region")),
            account=w.get("account"),
            region=w.get("region"),
            expires=expires,
        ))
    if diags:
        raise WaiverValidationError(diags)
    return tuple(out)


def apply_waivers(results: Sequence[Result], entries: Sequence[WaiverEntry], *,
                  today: date) -> WaiverOutcome:
    by_rule: dict[str, list[WaiverEntry]] = {}
    for e in entries:
        by_rule.setdefault(e.waiver.rule, []).append(e)
    used: set[int] = set()
    out: list[Result] = []
    for r in results:
        candidates = by_rule.get(r.rule_id)
        if not candidates or r.status is not Status.FAIL:
            out.append(r)
            continue
        entry = next((e for e in candidates if e.matches(r)), None)
        if entry is None:
            out.append(r)
            continue
        used.add(id(entry))
        w = entry.waiver
        if entry.expires < today:
            out.append(replace(r, message=f"{r.message} (waiver expired {w.expires}: "
                                          f"{w.reason}; owner {w.owner})"))
        else:
            out.append(replace(r, status=Status.WAIVED, waiver=w))
    expired = tuple(e.waiver for e in entries if e.expires < today)
    stale = tuple(e.waiver for e in entries if e.expires >= today and id(e) not in used)
    return WaiverOutcome(tuple(out), stale, expired)
