"""Small helpers shared by the fact modules: ARN parts, JSON-schema snippets, glob matching."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from linter.snapshot.index import normalize_arn

STRING: dict[str, Any] = {"type": "string"}
NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
INTEGER: dict[str, Any] = {"type": "integer"}
NUMBER: dict[str, Any] = {"type": "number"}
STRING_LIST: dict[str, Any] = {"type": "array", "items": STRING}


def enum(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def obj(**props: dict[str, Any]) -> dict[str, Any]:
    """A closed object schema whose properties are all present."""
    return {
        "type": "object",
        "properties": dict(props),
        "required": sorted(props),
        "additionalProperties": False,
    }


def list_of(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def snapshot_def(name: str) -> dict[str, Any]:
    """A reference into the snapshot schema's ``$defs`` (resolved by linter.snapshot.schema)."""
    return {"$ref": f"#/$defs/{name}"}


def arn_parts(arn: str) -> tuple[str, str, str, str, str] | None:
    """(partition, service, region, account, resource) of an ARN, or None if it is not one."""
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return None
    return parts[1], parts[2], parts[3], parts[4], parts[5]


def arn_service(arn: str) -> str | None:
    parts = arn_parts(arn)
    return parts[1] if parts else None


def log_group_arn(partition: str, region: str, account: str, name: str) -> str:
    return f"arn:{partition}:logs:{region}:{account}:log-group:{name}"


def log_group_name_of_arn(arn: str) -> str | None:
    parts = arn_parts(normalize_arn(arn))
    if not parts or parts[1] != "logs" or not parts[4].startswith("log-group:"):
        return None
    return parts[4][len("log-group:"):]


@lru_cache(maxsize=4096)
def _glob_regex(pattern: str, case_insensitive: bool) -> re.Pattern[str]:
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.DOTALL | (re.IGNORECASE if case_insensitive else 0))


def glob_match(pattern: str, value: str, *, case_insensitive: bool = False) -> bool:
    """IAM-style wildcard match: ``*`` any run of characters (``:`` and ``/`` included),
    ``?`` one character; the whole value must match."""
    if case_insensitive:
        pattern, value = pattern.lower(), value.lower()
    star = pattern.find("*")
    if "?" not in pattern and (star < 0 or star == len(pattern) - 1):
        # the common shapes, without a regex: an exact ARN, or "<literal>*"
        return value == pattern if star < 0 else value.startswith(pattern[:-1])
    return _glob_regex(pattern, False).fullmatch(value) is not None


def as_list(value: Any) -> list[Any]:
    """IAM policy fields hold a string or a list of strings."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def glob_can_match_prefix(pattern: str, prefix: str) -> bool:
    """Whether ``pattern`` (IAM wildcards) matches some value that starts with ``prefix``."""
    literal = pattern.split("*", 1)[0].split("?", 1)[0]
    if not prefix.startswith(literal) and not literal.startswith(prefix):
        return False  # the literal head already disagrees with the prefix
    if literal == pattern:
        return literal.startswith(prefix)
    if len(literal) == len(pattern) - 1 and pattern[-1] == "*":
        return True
    states = {0}  # positions in pattern reachable after consuming part of prefix
    for ch in prefix:
        nxt: set[int] = set()
        for i in _closure(pattern, states):
            if i < len(pattern) and (pattern[i] == "*"):
                nxt.add(i)
            elif i < len(pattern) and (pattern[i] == "?" or pattern[i] == ch):
                nxt.add(i + 1)
        if not nxt:
            return False
        states = nxt
    return bool(states)


def _closure(pattern: str, states: set[int]) -> set[int]:
    out = set(states)
    todo = list(states)
    while todo:
        i = todo.pop()
        if i < len(pattern) and pattern[i] == "*" and i + 1 not in out:
            out.add(i + 1)
            todo.append(i + 1)
    return out
