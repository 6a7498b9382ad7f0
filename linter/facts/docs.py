"""Render ``docs/facts.md`` from the fact registry (names, arguments, value schema, docstring).

Regenerate with ``python -m linter.facts.docs > docs/facts.md``; a test keeps it current.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from linter.facts import FACTS
from linter.facts.registry import FactSpec

HEADER = """\
# Facts

Facts are derived values that rules read where a raw path cannot say it:
`{fact: NAME, args: {...}, path: ..., <op>: ...}` in a leaf, or
`some: {fact: NAME, where: ...}` in a quantifier (see `docs/rule-language.md`). Each is a small
pure function in `linter/facts/`, unit-tested in `tests/facts/`, and documented below with the
AWS semantics it implements (sections refer to the design notes' domain facts).

Every fact has three outcomes: a **value**; **missing** (the data is absent and no collection
error explains it: the rule's `missing:` policy applies); or **unknown** (the data was not
collected: a call failed or the type is not collected; the result is `error`, never `pass`).

This file is generated from the registry: `python -m linter.facts.docs > docs/facts.md`.
"""


def _schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, separators=(", ", ": "))


def _signature(spec: FactSpec) -> str:
    args = [f"{n}: {s.get('type', 'any')}" for n, s in spec.args.items()]
    args += [f"{n}?: {s.get('type', 'any')}" for n, s in spec.optional_args.items()]
    return f"{spec.name}({', '.join(args)})"


def render_markdown() -> str:
    lines = [HEADER, "| fact | resource types | arguments |", "|---|---|---|"]
    for name in sorted(FACTS):
        spec = FACTS[name]
        types = ", ".join(f"`{t}`" for t in sorted(spec.resource_types))
        args = ", ".join(
            [f"`{n}`" for n in spec.args] + [f"`{n}` (optional)" for n in spec.optional_args]
        ) or "none"
        lines.append(f"| [`{name}`](#{name}) | {types} | {args} |")
    lines.append("")
    for name in sorted(FACTS):
        spec = FACTS[name]
        lines += [
            f"## {name}",
            "",
            f"`{_signature(spec)}` on {', '.join(f'`{t}`' for t in sorted(spec.resource_types))}",
            "",
            spec.doc,
            "",
            f"Value schema: `{_schema_text(spec.returns)}`",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    sys.stdout.write(render_markdown())


if __name__ == "__main__":
    main()
