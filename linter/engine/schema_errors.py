"""The shipped JSON Schemas of rule, config, waiver and results files, and the translation of
jsonschema's errors into one-line diagnostics at ``file:line:column``.

jsonschema answers "is not valid under any of the given schemas" for a typo deep inside a
``oneOf``. The translation picks the branch the author meant (the condition form whose key is
present, the operand reference whose key is present) and reports that branch's own problems,
with a "did you mean" for unknown keys and enum values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    dominant: int = 0
    """1: hide the other problems reported for the same ``path`` (they follow from this one);
    2: also hide the unknown-key problems of the mapping at ``path``."""


def diagnose(
    errors: Iterable[ValidationError], marks: Marks, file: str, rule_id: str | None,
    base: Path_ = (),
) -> list[Diagnostic]:
    """Translate jsonschema errors (of the instance at ``base`` in the file) to diagnostics."""
    problems = [p for err in errors for p in translate(err)]
    same = {p.path for p in problems if p.dominant}
    keys = {p.path for p in problems if p.dominant == 2}
    out: list[Diagnostic] = []
    seen: set[tuple[Path_, str]] = set()
    for p in problems:
        if not p.message:
            continue
        if not p.dominant and (p.path in same or (p.at_key and p.path[:-1] in keys)):
            continue
        full = (*base, *p.path)
        if (full, p.message) in seen:
            continue
        seen.add((full, p.message))
        m = marks.key(full) if p.at_key else marks.value(full)
        out.append(Diagnostic(file, m.line, m.column, p.message, rule_id))
    return out


_FORM_TITLES = frozenset({"all", "any", "not", "some", "every", "none", "follow",
                          "some_resource", "no_resource", "referenced_by", "comparison"})


def translate(err: ValidationError) -> list[Problem]:
    """One jsonschema error -> the problems an author should read."""
    path: Path_ = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    title = schema.get("title")
    v = err.validator
    inst = err.instance
    if title == "condition key":
        # propertyNames: the error's instance is the key, its path the mapping's
        hint = did_you_mean(inst, (*CONDITION_KEYS, *COMPARISON_KEYS))
        return [Problem((*path, inst), f"unknown key '{inst}' in a condition{hint}",
                        at_key=True)]
    if title == "condition" and v == "anyOf":
        return _condition(err, path)
    if title == "condition" and v == "type":
        return [Problem(path, f"{_key(path)} must be a condition (a mapping such as "
                              f"{{path: X, equals: Y}} or {{all: [...]}}), not {_json_type(inst)}")]
    if title in _OPERAND_TITLES and v == "type":
        return [Problem(path, f"{_key(path)} must be {_OPERAND_TITLES[title]}, not "
                              f"{_json_type(inst)} {_show(inst)}")]
    if title == "reference":
        return _reference(err, path)
    if v in ("oneOf", "anyOf"):
        if title == "comparison" and v == "anyOf":
            return [Problem(path, "a comparison needs 'path', 'fact' or 'param' (what to compare)")]
        if title == "comparison" and v == "oneOf":
            if isinstance(inst, dict) and any(k not in COMPARISON_KEYS and k not in
                                              CONDITION_KEYS for k in inst):
                return []  # "unknown key 'equal'" already says it
            return _operators(path, inst)
        return _best(err)
    if v == "additionalProperties" and isinstance(inst, dict):
        known = list(schema.get("properties", {}))
        extras = [k for k in inst if k not in known]
        if title in _FORM_TITLES:
            # a condition key that does not belong to this form: several forms in one mapping;
            # keys that are no condition key at all are reported by propertyNames
            if any(k in CONDITION_KEYS for k in extras):
                return [_several_forms(path, inst)]
            return []
        what = "operator or key " if title == "comparison" else "key "
        return [
            Problem((*path, k), f"unknown {what}'{k}'{did_you_mean(k, known)}", at_key=True)
            for k in extras
        ]
    if v == "required" and isinstance(inst, dict):
        missing = [k for k in err.validator_value if k not in inst]
        where = f" in {title}" if title and title not in ("rule",) else ""
        return [Problem(path, f"missing required key '{k}'{where}", at_key=True) for k in missing]
    return translate_plain(err)


def translate_plain(err: ValidationError) -> list[Problem]:
    """The message for one keyword failure, without context."""
    path: Path_ = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    title = schema.get("title")
    v = err.validator
    inst = err.instance
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


def _forms(inst: dict[str, Any]) -> list[str]:
    forms = [k for k in inst if k in CONDITION_KEYS and k not in ("path", "fact", "param")]
    if any(k in ("path", "fact", "param") for k in inst):
        forms.append("comparison")
    return forms


def _several_forms(path: Path_, inst: dict[str, Any]) -> Problem:
    shown = " and ".join(f"'{f}'" if f != "comparison" else "a comparison"
                         for f in _forms(inst))
    return Problem(path, f"a condition has exactly one form, found {shown} "
                         "(combine several with all: [...] or any: [...])", dominant=1)


def _condition(err: ValidationError, path: Path_) -> list[Problem]:
    """No form key is present (unknown keys are reported by ``propertyNames``)."""
    inst = err.instance
    if any(k in COMPARISON_KEYS for k in inst):
        return [Problem(path, "a comparison needs 'path', 'fact' or 'param' (what to compare)")]
    if any(k not in CONDITION_KEYS for k in inst):
        return []
    return [Problem(path, "empty condition: a condition is one of " + ", ".join(CONDITION_KEYS))]


def _operators(path: Path_, inst: Any) -> list[Problem]:
    present = [k for k in inst if k in OPERATORS] if isinstance(inst, dict) else []
    if not present:
        return [Problem(path, "a comparison needs one operator: " + ", ".join(OPERATORS))]
    return [Problem(path, f"one operator per comparison, found {', '.join(present)} "
                          "(combine comparisons with all: [...])")]


def _reference(err: ValidationError, path: Path_) -> list[Problem]:
    inst = err.instance
    allowed = list(err.schema.get("properties", {})) if isinstance(err.schema, dict) else []
    shown = ", ".join("{" + k + ": ...}" for k in allowed)
    if err.validator == "additionalProperties" and isinstance(inst, dict):
        return [Problem((*path, k), f"unknown reference '{k}'{did_you_mean(k, allowed)}: a "
                                    f"mapping operand is a reference {shown}", at_key=True)
                for k in inst if k not in allowed]
    if err.validator in ("minProperties", "maxProperties"):
        if isinstance(inst, dict) and any(k not in allowed for k in inst):
            return []  # the unknown key is reported
        return [Problem(path, f"a reference has exactly one key: {shown}")]
    return translate_plain(err)


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
        return " or ".join(_TYPE_WORDS.get(str(x), str(x)) for x in t)
    return _TYPE_WORDS.get(t, str(t))
