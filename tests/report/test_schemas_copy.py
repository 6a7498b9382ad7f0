"""The published schemas in tests/data/schemas are the unmodified copies SOURCE.md names."""

from __future__ import annotations

import hashlib
import re

from conftest import SCHEMAS


def test_copies_match_the_hashes_in_source_md() -> None:
    source = (SCHEMAS / "SOURCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", source, re.M)
    assert {name for name, _ in rows} == {"junit-ant.xsd", "sarif-schema-2.1.0.json"}
    for name, digest in rows:
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name
