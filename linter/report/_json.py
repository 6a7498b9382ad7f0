"""JSON text that is quick to write and easy to read at any size.

``json.dumps(indent=2)`` falls back to the pure-Python encoder (about 30 s for the SARIF of
10,000 pools). Here containers are indented as usual, but the items of a long list (more than
``long_list``, e.g. results) are written one per line with the C encoder."""

from __future__ import annotations

import json
from typing import Any

_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def dumps(value: Any, *, indent: int = 2, long_list: int = 8) -> str:
    return _dump(value, 0, indent, long_list) + "\n"


def _dump(value: Any, level: int, indent: int, long_list: int) -> str:
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    if isinstance(value, dict) and value:
        items = [
            f"{pad}{_compact(str(k))}: {_dump(v, level + 1, indent, long_list)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, (list, tuple)) and value:
        if len(value) > long_list:
            items = [pad + _compact(v) for v in value]
        else:
            items = [pad + _dump(v, level + 1, indent, long_list) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + end + "]"
    return _compact(value)
