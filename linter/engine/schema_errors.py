"""The shipped JSON Schemas of rule, config, waiver and results files, and the translation of
jsonschema's errors into one-line diagnostics at ``file:line:column``.

jsonschema answers "is not valid under any of the given schemas" for a typo deep inside a
``oneOf``. The translation picks the branch the author meant (the condition form whose key is
present, the operand reference whose key is present) and reports that branch's own problems,
with a "did you mean" for unknown keys and enum values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from linter.engine.diagnostics import Diagnostic, did_you_mean
from linter.engine.yamlmarks import Marks, Path_

Schema = dict[str, Any]

CONDITION_KEYS = (
    "all", "any", "not", "path", "fact", "param", "some", "every", "none", "follow",
    "some_resource", "no_resource", "referenced_by",
)
OPERATORS = (
    "equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "contains",
    "not_contains", "matches", "exists", "empty", "length",
)
COMPARISON_KEYS = ("path", "fact", "param", "args", "default", *OPERATORS)
_REFERENCE_KEYS = ("param", "resource", "literal")
_OPERAND_TITLES = {
    "operand": "a value, or a reference {param: NAME}, {resource: PATH} or {literal: VALUE}",
    "list operand": "a list, or a reference {param: NAME} or {resource: PATH}",
    "order operand": "a number, an ISO 8601 date string, or a reference {param: NAME} or "
                     "{resource: PATH}",
    "integer operand": "a non-negative integer, or a reference {param: NAME} or {resource: PATH}",
    "string operand": "a string, or a reference {param: NAME} or {resource: PATH}",
}


@cache
def load_schema(name: str) -> Schema:
    """A schema shipped in ``linter/schemas/`` (e.g. ``rule-v1.json``)."""
    text = resources.files("linter").joinpath(f"schemas/{name}").read_text("utf-8")
    schema: Schema = json.loads(text)
    return schema


@cache
def validator(name: str, definition: str | None = None) -> jsonschema.protocols.Validator:
    """A validator for schema ``name``, or for one of its ``$defs``."""
    root = load_schema(name)
    schema = root if definition is None else {
        "$schema": root.get("$schema"), "$defs": root.get("$defs", {}),
        "$ref": f"#/$defs/{definition}",
    }
    cls = jsonschema.validators.validator_for(root)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@dataclass(frozen=True)
class Problem:
    path: Path_
    message: str
    at_key: bool = False
    """Report at the key holding ``path`` rather than at its value."""


def diagnose(
    errors: Iterable[ValidationError], marks: Marks, file: str, rule_id: str | None,
    base: Path_ = (),
) -> list[Diagnostic]:
    """Translate jsonschema errors (of the instance at ``base`` in the file) to diagnostics."""
    out: list[Diagnostic] = []
    seen: set[tuple[Path_, str]] = set()
    for err in errors:
        for p in translate(err):
            full = (*base, *p.path)
            if (full, p.message) in seen:
                continue
            seen.add((full, p.message))
            m = marks.key(full) if p.at_key else marks.value(full)
            out.append(Diagnostic(file, m.line, m.column, p.message, rule_id))
    return out


def translate(err: ValidationError) -> list[Problem]:
    """One jsonschema error -> the problems an author should read."""
    path: Path_ = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    title = schema.get("title")
    v = err.validator
    inst = err.instance
    if v in ("oneOf", "anyOf"):
        if title == "condition":
            return _condition(err, path)
        if title in _OPERAND_TITLES:
            return _operand(err, path, title)
        if title == "comparison" and v == "anyOf":
            return [Problem(path, "a comparison needs 'path', 'fact' or 'param' (what to compare)")]
        if title == "comparison" and v == "oneOf":
            return _operators(path, inst)
        return _best(err)
    if v == "additionalProperties" and isinstance(inst, dict):
        known = list(schema.get("properties", {}))
        extras = [k for k in inst if k not in known]
        what = _what(title)
        return [
            Problem((*path, k), f"unknown {what}'{k}'{did_you_mean(k, known)}", at_key=True)
            for k in extras
        ]
    if v == "required" and isinstance(inst, dict):
        missing = [k for k in err.validator_value if k not in inst]
        where = f" in {title}" if title and title not in ("rule",) else ""
        return [Problem(path, f"missing required key '{k}'{where}", at_key=True) for k in missing]
    key = _key(path)
    if v == "type":
        return [Problem(path, f"{key} must be {_types(err.validator_value)}, "
                              f"not {_json_type(inst)}")]
    if v in ("enum", "const"):
        allowed = err.validator_value if v == "enum" else [err.validator_value]
        shown = ", ".join(str(a) for a in allowed)
        return [Problem(path, f"{key}: {_show(inst)} is not one of {shown}"
                              f"{did_you_mean(inst, [str(a) for a in allowed])}")]
    if v == "pattern":
        why = schema.get("description") or f"it must match {err.validator_value}"
        return [Problem(path, f"{key} {_show(inst)} is not valid: {why}")]
    if v == "propertyNames":
        return [Problem((*path, inst) if isinstance(inst, str) else path,
                        f"{_show(inst)} is not a valid name here ({err.message})", at_key=True)]
    if v in ("minItems", "minLength", "minProperties") and not inst:
        return [Problem(path, f"{key} must not be empty")]
    if title == "length test" and v in ("minProperties", "maxProperties"):
        return [Problem(path, "length takes one comparison, e.g. {lte: 2}")]
    if v == "uniqueItems":
        return [Problem(path, f"{key} has duplicate items")]
    if v == "not" and inst is None:
        return [Problem(path, f"{key} must not be null")]
    if v == "format":
        return [Problem(path, f"{key} {_show(inst)} is not a valid {err.validator_value}")]
    msg = err.message if len(err.message) <= 200 else err.message[:197] + "..."
    return [Problem(path, f"{key}: {msg}")]


def _best(err: ValidationError) -> list[Problem]:
    if not err.context:
        return [Problem(tuple(err.absolute_path), f"{_key(tuple(err.absolute_path))}: "
                                                   f"{err.message[:200]}")]
    best = jsonschema.exceptions.best_match(err.context)
    return translate(best) if best is not None else []


def _branch_errors(err: ValidationError, index: int) -> Iterator[ValidationError]:
    for sub in err.context or ():
        if sub.relative_schema_path and sub.relative_schema_path[0] == index:
            yield sub


def _branch_titles(err: ValidationError) -> list[str | None]:
    root = load_schema("rule-v1.json")
    titles: list[str | None] = []
    for branch in err.schema.get(err.validator, []):
        ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
        node = root["$defs"].get(ref.rsplit("/", 1)[-1], branch) if ref else branch
        titles.append(node.get("title") if isinstance(node, dict) else None)
    return titles


def _condition(err: ValidationError, path: Path_) -> list[Problem]:
    inst = err.instance
    if not isinstance(inst, dict):
        return [Problem(path, f"{_key(path)} must be a condition (a mapping such as "
                              f"{{path: X, equals: Y}} or {{all: [...]}}), not {_json_type(inst)}")]
    forms = [k for k in inst if k in CONDITION_KEYS and k not in ("path", "fact", "param")]
    if any(k in COMPARISON_KEYS for k in inst):
        forms.append("comparison")
    if not forms:
        unknown = [k for k in inst if k not in COMPARISON_KEYS]
        hint = did_you_mean(unknown[0], (*CONDITION_KEYS, *COMPARISON_KEYS)) if unknown else ""
        shown = f"'{unknown[0]}'" if unknown else "nothing"
        return [Problem((*path, unknown[0]) if unknown else path,
                        f"unknown condition {shown}{hint}: a condition is one of "
                        + ", ".join(CONDITION_KEYS), at_key=bool(unknown))]
    if len(forms) > 1:
        shown = " and ".join(f"'{f}'" if f != "comparison" else "a comparison" for f in forms)
        return [Problem(path, f"a condition has exactly one form, found {shown} "
                              "(combine several with all: [...] or any: [...])")]
    titles = _branch_titles(err)
    try:
        index = titles.index(forms[0])
    except ValueError:
        return _best(err)
    problems: list[Problem] = []
    subs = list(_branch_errors(err, index))
    has_unknown_key = any(s.validator == "additionalProperties" for s in subs
                          if tuple(s.absolute_path) == path)
    for sub in subs:
        if (has_unknown_key and sub.validator in ("oneOf", "anyOf")
                and tuple(sub.absolute_path) == path and forms[0] == "comparison"):
            continue  # "needs an operator" after "unknown key 'equal'" says nothing new
        problems.extend(translate(sub))
    return problems or _best(err)


def _operators(path: Path_, inst: Any) -> list[Problem]:
    present = [k for k in inst if k in OPERATORS] if isinstance(inst, dict) else []
    if not present:
        return [Problem(path, "a comparison needs one operator: " + ", ".join(OPERATORS))]
    return [Problem(path, f"one operator per comparison, found {', '.join(present)} "
                          "(combine comparisons with all: [...])")]


def _operand(err: ValidationError, path: Path_, title: str) -> list[Problem]:
    inst = err.instance
    expected = _OPERAND_TITLES[title]
    if isinstance(inst, dict):
        refs = [k for k in inst if k in _REFERENCE_KEYS]
        if len(refs) == 1 and len(inst) == 1:
            titles = _branch_titles(err)
            wanted = {"param": "param reference", "resource": "resource reference",
                      "literal": "literal"}[refs[0]]
            if wanted in titles:
                subs = list(_branch_errors(err, titles.index(wanted)))
                if subs:
                    return [p for s in subs for p in translate(s)]
            return [Problem(path, f"{_key(path)} must be {expected}")]
        unknown = [k for k in inst if k not in _REFERENCE_KEYS]
        if unknown:
            return [Problem((*path, unknown[0]),
                            f"unknown reference '{unknown[0]}'"
                            f"{did_you_mean(unknown[0], _REFERENCE_KEYS)}: a mapping operand is "
                            "a reference {param: NAME}, {resource: PATH} or {literal: VALUE}",
                            at_key=True)]
        return [Problem(path, "a reference has exactly one key: param, resource or literal")]
    return [Problem(path, f"{_key(path)} must be {expected}, not {_json_type(inst)} {_show(inst)}")]


def _what(title: str | None) -> str:
    return "operator or key " if title == "comparison" else "key "


def _key(path: Path_) -> str:
    for p in reversed(path):
        if isinstance(p, str):
            return f"'{p}'"
    return "the value"


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {"string": "a string", "array": "a list", "object": "a mapping",
               "boolean": "a boolean (true or false)", "integer": "an integer",
               "number": "a number", "null": "null"}


def _types(t: Any) -> str:
    if isinstance(t, list):
        return " or ".join(_TYPE_WORDS.get(x, x) for x in t)
    return _TYPE_WORDS.get(t, str(t))
