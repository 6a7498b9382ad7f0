"""A tiny IAM policy evaluator for resource policies: does a policy allow (and not deny) one
service principal a set of actions on every resource under an ARN prefix?

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


def _covers_prefix(patterns: list[Any], prefix: str) -> bool:
    """Some pattern matches every resource ARN that starts with ``prefix``."""
    return any(
        isinstance(p, str) and all(glob_match(p, prefix + probe) for probe in _PROBES)
        for p in patterns
    )


def _touches_prefix(patterns: list[Any], prefix: str) -> bool:
    """Some pattern matches some resource ARN that starts with ``prefix`` (for Deny)."""
    return any(isinstance(p, str) and glob_can_match_prefix(p, prefix) for p in patterns)


def _statement_applies(stmt: dict[str, Any], service: str, action: str, prefix: str,
                       *, for_deny: bool) -> bool:
    if "NotPrincipal" in stmt:
        if not for_deny:
            return False
        if _principal_matches(stmt["NotPrincipal"], service):
            return False
    elif not _principal_matches(stmt.get("Principal"), service):
        return False
    if "NotAction" in stmt:
        if _action_matches(as_list(stmt["NotAction"]), action):
            return False
    elif not _action_matches(as_list(stmt.get("Action")), action):
        return False
    resource_match = _touches_prefix if for_deny else _covers_prefix
    if "NotResource" in stmt:
        excluded = as_list(stmt["NotResource"])
        if for_deny:  # denies something under the prefix unless the exclusion covers all of it
            return not _covers_prefix(excluded, prefix)
        # allows everything under the prefix only if no exclusion touches it
        return not _touches_prefix(excluded, prefix)
    return resource_match(as_list(stmt.get("Resource")), prefix)


def evaluate(doc: dict[str, Any], service: str, actions: tuple[str, ...], prefix: str) -> Decision:
    """Whether ``doc`` allows every action in ``actions`` to ``service`` on every resource ARN
    starting with ``prefix``, and whether it denies any of them on some such resource."""
    statements = [s for s in as_list(doc.get("Statement")) if isinstance(s, dict)]
    allowed = all(
        any(
            s.get("Effect") == "Allow" and _statement_applies(s, service, a, prefix, for_deny=False)
            for s in statements
        )
        for a in actions
    )
    denied = any(
        s.get("Effect") == "Deny" and _statement_applies(s, service, a, prefix, for_deny=True)
        for s in statements
        for a in actions
    )
    return Decision(allowed=allowed, denied=denied)
