"""Safe YAML loading that remembers where every node sits (line and column, 1-based).

Rule, config and waiver files are parsed with a :class:`yaml.SafeLoader` subclass that composes
nodes; this module turns the node tree into plain data (dicts, lists, scalars: what JSON Schema
validates) plus a :class:`Marks` table from each value's path to its position. Two YAML 1.1
surprises are switched off, YAML 1.2 style: only ``true``/``false`` are booleans (``OFF``,
``on``, ``yes`` stay strings, so ``equals: OFF`` compares with the string ``"OFF"``), and
dates stay strings (``expires: 2026-12-31`` is ``"2026-12-31"``). Duplicate keys are errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from linter.errors import InputFileError

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Marks:
    """Positions by path: ``values[path]`` where the value starts, ``keys[path]`` where the key
    that holds it starts (absent for list items and the document root)."""

    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    styles: dict[Path_, str | None] = field(default_factory=dict)
    """The scalar style of string values (``'``, ``"``, ``|``, ``>`` or None for plain)."""

    def value(self, path: Path_) -> Mark:
        """The position of the value at ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), Mark(1, 1))

    def key(self, path: Path_) -> Mark:
        """The position of the key holding ``path`` (the value's position for list items)."""
        p = tuple(path)
        return self.keys.get(p) or self.value(p)


class YamlError(Exception):
    """A YAML syntax error or an unsupported construct, with its position."""

    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


# libyaml's loader is about ten times faster; both give the same nodes and marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader (libyaml's when available) with YAML 1.2 booleans and no implicit timestamps."""


# Rebuild the implicit resolvers without bool and timestamp, then add the YAML 1.2 booleans.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _mark(m: yaml.Mark | None) -> Mark:
    if m is None:
        return Mark(1, 1)
    return Mark(m.line + 1, m.column + 1)


def load_file(path: str | Path, error: type[InputFileError], what: str) -> tuple[Any, Marks]:
    """Read and :func:`load` a config or waivers file; every problem is ``error`` (an
    :class:`~linter.errors.InputFileError` subclass) naming the file, and the place for a
    YAML syntax error. ``what`` names the file in "no such …" messages."""
    file = str(path)
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise error(file, f"no such {what}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise error(file, f"cannot read: {e}") from None
    try:
        return load(text)
    except YamlError as e:
        raise error(file, e.message, line=e.mark.line, column=e.mark.column) from None


def load(text: str) -> tuple[Any, Marks]:
    """Parse one YAML document. Raise :class:`YamlError` on a syntax error, several documents,
    a duplicate key, a non-scalar key or an unknown tag."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.composer.ComposerError as e:
            if "expected a single document" in str(e):
                raise YamlError(
                    "several YAML documents in one file (use one document; several rules go "
                    "in a list under 'rules:')",
                    _mark(e.problem_mark),
                ) from None
            raise YamlError(_problem(e), _mark(e.problem_mark)) from None
        except yaml.MarkedYAMLError as e:
            raise YamlError(_problem(e), _mark(e.problem_mark or e.context_mark)) from None
        except yaml.YAMLError as e:
            raise YamlError(f"YAML error: {e}", Mark(1, 1)) from None
        marks = Marks()
        if node is None:
            return None, marks
        data = _convert(loader, node, (), marks)
        return data, marks
    finally:
        loader.dispose()


def _problem(e: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (e.context, e.problem) if p]
    return "YAML syntax error: " + ", ".join(parts) if parts else "YAML syntax error"


def _convert(loader: _Loader, node: yaml.Node, path: Path_, marks: Marks) -> Any:
    marks.values[path] = _mark(node.start_mark)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise YamlError(f"YAML tag {node.tag!r} is not allowed (plain YAML only)",
                        _mark(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a mapping key must be a plain scalar", _mark(key_node.start_mark))
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("YAML merge keys ('<<') are not supported",
                                _mark(key_node.start_mark))
            key = str(key_node.value)
            sub: Path_ = (*path, key)
            if key in out:
                first = marks.keys[sub]
                raise YamlError(
                    f"duplicate key '{key}' (first at line {first.line}, column {first.column})",
                    _mark(key_node.start_mark),
                )
            marks.keys[sub] = _mark(key_node.start_mark)
            out[key] = _convert(loader, value_node, sub, marks)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, i), marks) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as e:
        raise YamlError(_problem(e), _mark(e.problem_mark or node.start_mark)) from None
    if isinstance(value, str):
        marks.styles[path] = node.style or None
    elif isinstance(value, bytes):
        raise YamlError("binary values are not supported", _mark(node.start_mark))
    return value
