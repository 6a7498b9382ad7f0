"""A tiny IAM policy evaluator for resource policies: does a set of policies allow (and not
deny) one service principal a set of actions on every resource under an ARN prefix?

Policies are compiled once for a (service, actions) question (:func:`compile_policy`: which
statements apply to that principal and which of the actions they name); each resource then
only matches its ARN prefix against the compiled statements (:func:`decide`).

Conditions are not evaluated (resource policies for log delivery carry ``aws:SourceAccount`` /
``aws:SourceArn`` conditions that AWS satisfies itself); ``NotPrincipal`` statements are ignored
for Allow (they cannot grant to a named service) and honoured for Deny.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from linter.facts._common import as_list, glob_can_match_prefix, glob_match

# Two stream names no pattern narrower than "<prefix>*" can both match: a one-character and a
# long one with separators. A resource pattern covers "<prefix>*" when it matches both.
_PROBES = ("\x00", "\x00\x01:/probe-stream\x02")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    denied: bool


@dataclass(frozen=True)
class Statement:
    """One statement, reduced to what matters for the compiled question."""

    allow: bool
    actions: frozenset[str]
    """The asked actions this statement names (after Action/NotAction wildcards)."""
    resources: tuple[str, ...]
    not_resource: bool


def parse_policy(text: Any) -> dict[str, Any] | None:
    """The policy document as a mapping (it is stored as a JSON string), or None if unreadable."""
    if isinstance(text, dict):
        return text
    if not isinstance(text, str):
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _principal_matches(principal: Any, service: str) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        if service in as_list(principal.get("Service")):
            return True
        return "*" in as_list(principal.get("AWS"))
    return False


def _action_matches(patterns: list[Any], action: str) -> bool:
    return any(
        isinstance(p, str) and glob_match(p, action, case_insensitive=True) for p in patterns
    )


def _covers_prefix(patterns: tuple[str, ...], prefix: str) -> bool:
    """Some pattern matches every resource ARN that starts with ``prefix``."""
    return any(all(glob_match(p, prefix + probe) for probe in _PROBES) for p in patterns)


def _touches_prefix(patterns: tuple[str, ...], prefix: str) -> bool:
    """Some pattern matches some resource ARN that starts with ``prefix`` (for Deny)."""
    return any(glob_can_match_prefix(p, prefix) for p in patterns)


def _compile_statement(stmt: dict[str, Any], service: str,
                       actions: tuple[str, ...]) -> Statement | None:
    effect = stmt.get("Effect")
    if effect not in ("Allow", "Deny"):
        return None
    allow = effect == "Allow"
    if "NotPrincipal" in stmt:
        if allow or _principal_matches(stmt["NotPrincipal"], service):
            return None
    elif not _principal_matches(stmt.get("Principal"), service):
        return None
    if "NotAction" in stmt:
        excluded = as_list(stmt["NotAction"])
        named = frozenset(a for a in actions if not _action_matches(excluded, a))
    else:
        patterns = as_list(stmt.get("Action"))
        named = frozenset(a for a in actions if _action_matches(patterns, a))
    if not named:
        return None
    not_resource = "NotResource" in stmt
    raw = as_list(stmt["NotResource"] if not_resource else stmt.get("Resource"))
    return Statement(allow=allow, actions=named,
                     resources=tuple(r for r in raw if isinstance(r, str)),
                     not_resource=not_resource)


def compile_policy(doc: dict[str, Any], service: str,
                   actions: tuple[str, ...]) -> tuple[Statement, ...]:
    """The statements of ``doc`` that apply to ``service`` for some of ``actions``."""
    out = []
    for stmt in as_list(doc.get("Statement")):
        if isinstance(stmt, dict):
            compiled = _compile_statement(stmt, service, actions)
            if compiled is not None:
                out.append(compiled)
    return tuple(out)


def _applies(stmt: Statement, prefix: str) -> bool:
    """Whether the statement reaches the resources under ``prefix``: for Allow, all of them
    (so delivery works for every log stream); for Deny, any of them."""
    if stmt.allow:
        if stmt.not_resource:  # allows all under the prefix only if no exclusion touches it
            return not _touches_prefix(stmt.resources, prefix)
        return _covers_prefix(stmt.resources, prefix)
    if stmt.not_resource:  # denies something under the prefix unless the exclusion covers all
        return not _covers_prefix(stmt.resources, prefix)
    return _touches_prefix(stmt.resources, prefix)


def decide(statements: tuple[Statement, ...] | list[Statement], actions: tuple[str, ...],
           prefix: str) -> Decision:
    """Whether the compiled statements together allow every action in ``actions`` on every
    resource ARN starting with ``prefix``, and whether they deny any of them on some such
    resource."""
    granted: set[str] = set()
    denied = False
    for stmt in statements:
        if stmt.allow:
            if not stmt.actions <= granted and _applies(stmt, prefix):
                granted |= stmt.actions
        elif not denied and _applies(stmt, prefix):
            denied = True
    return Decision(allowed=granted >= set(actions), denied=denied)


def evaluate(doc: dict[str, Any], service: str, actions: tuple[str, ...], prefix: str) -> Decision:
    """:func:`compile_policy` then :func:`decide`, for one document."""
    return decide(compile_policy(doc, service, actions), actions, prefix)
