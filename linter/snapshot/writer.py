"""Serialise a snapshot: stable, human-diffable JSON (2-space indent, one member a line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from linter.atomic import write_text_atomic


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"


def write_snapshot(doc: dict[str, Any], path: str | Path) -> None:
    """Write atomically; ``-`` writes to stdout."""
    write_text_atomic(path, dumps(doc))
