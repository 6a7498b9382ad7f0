"""Message templates: plain text with ``{{ PATH }}`` and ``{{ params.NAME }}`` placeholders.

``PATH`` is a JMESPath on the resource under test, compiled (and checked against the snapshot
schema) when the rule loads. Rendering is plain substitution: values are inserted as text
(strings as they are, other values as compact JSON, a missing value as ``(none)``); no code
runs, and reporters escape the text for their format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linter.engine.paths import CompiledPath

PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_MAX = 200


@dataclass(frozen=True)
class Placeholder:
    text: str
    offset: int
    """Where the expression starts in the template text."""


def placeholders(template: str) -> list[Placeholder]:
    out = []
    for m in PLACEHOLDER.finditer(template):
        out.append(Placeholder(m.group(1), m.start(1)))
    return out


@dataclass(frozen=True)
class Template:
    parts: tuple[str | CompiledPath | tuple[str, str], ...]
    """Literal text, a compiled path, or ``("param", NAME)``."""

    def render(self, resource: dict[str, Any], params: dict[str, Any]) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, tuple):
                out.append(as_text(params.get(part[1])))
            else:
                out.append(as_text(part.get(resource)))
        return "".join(out)


    def bind(self, params: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
        """A renderer with the parameters already substituted (they are fixed for a run)."""
        parts: list[str | CompiledPath] = []
        for part in self.parts:
            text = as_text(params.get(part[1])) if isinstance(part, tuple) else part
            if isinstance(text, str) and parts and isinstance(parts[-1], str):
                parts[-1] += text
            else:
                parts.append(text)
        if all(isinstance(p, str) for p in parts):
            constant = "".join(p for p in parts if isinstance(p, str))
            return lambda resource: constant
        if len(parts) <= 3 and sum(not isinstance(p, str) for p in parts) == 1:
            # The common shape "text {{ PATH }} text": one concatenation, no list.
            i = next(i for i, p in enumerate(parts) if not isinstance(p, str))
            head = "".join(p for p in parts[:i] if isinstance(p, str))
            tail = "".join(p for p in parts[i + 1:] if isinstance(p, str))
            get = parts[i].get  # type: ignore[union-attr]
            return lambda resource: head + as_text(get(resource)) + tail
        getters = [(p, None) if isinstance(p, str) else ("", p.get) for p in parts]

        def render(resource: dict[str, Any]) -> str:
            return "".join([text if get is None else as_text(get(resource))
                            for text, get in getters])

        return render


def build(template: str, compiled: dict[int, CompiledPath | tuple[str, str]]) -> Template:
    """Assemble a template from its text and the compiled placeholder at each offset."""
    parts: list[str | CompiledPath | tuple[str, str]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(template):
        if m.start() > pos:
            parts.append(template[pos:m.start()])
        parts.append(compiled[m.start(1)])
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    return Template(tuple(parts))


def as_text(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = json.dumps(value, default=str, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= _MAX else text[: _MAX - 3] + "..."
