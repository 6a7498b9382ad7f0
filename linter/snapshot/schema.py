"""The shipped snapshot JSON Schema, and navigation helpers over it.

The rule validator walks rule paths through these helpers to refuse paths that cannot exist
in a snapshot (``UserPool.DeletionProtectoin``) and to suggest the right field.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

Schema = dict[str, Any]


@lru_cache(maxsize=1)
def snapshot_schema() -> Schema:
    text = resources.files("linter").joinpath("schemas/snapshot-v1.json").read_text("utf-8")
    return json.loads(text)


def resolve(node: Schema) -> Schema:
    """Follow ``$ref`` (only local ``#/$defs/...`` refs occur) until a concrete node."""
    root = snapshot_schema()
    seen = 0
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref}")
        node = root["$defs"][ref[len("#/$defs/"):]]
        seen += 1
        if seen > 50:
            raise ValueError(f"$ref loop at {ref}")
    return node


def resource_schema(rtype: str) -> Schema | None:
    """The schema of one resource envelope of type ``rtype`` (None for an unknown type)."""
    return snapshot_schema()["$defs"].get(f"resource.{rtype}")


def child(node: Schema, field: str) -> Schema | None:
    """The schema of ``node.field``; None when ``field`` cannot exist there. A node that allows
    any additional property of a given schema (a map) returns that schema."""
    node = resolve(node)
    props = node.get("properties", {})
    if field in props:
        return resolve(props[field])
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        return resolve(extra)
    if _is_type(node, "object") and not props and extra is not False:
        return {}  # a free-form object: anything may exist below it
    return None


def items(node: Schema) -> Schema | None:
    """The schema of the items of an array node; None if ``node`` is not an array."""
    node = resolve(node)
    if _is_type(node, "array"):
        return resolve(node.get("items", {}))
    return None


def field_names(node: Schema) -> list[str]:
    """The declared property names of an object node (for "did you mean")."""
    return sorted(resolve(node).get("properties", {}))


def enum_values(node: Schema) -> list[Any] | None:
    node = resolve(node)
    return node.get("x-aws-enum") or node.get("enum")


def is_free_form(node: Schema) -> bool:
    """True for ``{}`` (anything goes): paths below it cannot be checked."""
    return not resolve(node)


def _is_type(node: Schema, name: str) -> bool:
    t = node.get("type")
    return t == name or (isinstance(t, list) and name in t)
