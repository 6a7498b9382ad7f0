"""Derived values ("facts") that rules read with ``fact: NAME``. See ``docs/facts.md``.

Importing this package registers every fact in :data:`FACTS`.
"""

from linter.facts import firehose, keys, logs, metrics, pools, trails  # noqa: F401  (registers)
from linter.facts.registry import FACTS, FactContext, FactSpec, FactUnknown, fact

__all__ = ["FACTS", "FactContext", "FactSpec", "FactUnknown", "fact"]
