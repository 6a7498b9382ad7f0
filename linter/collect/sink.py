"""Where the Region workers put what they collected. Thread-safe; builds the ``resources`` and
``errors`` parts of the snapshot in a stable order (so two runs over the same account diff
cleanly)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from linter.collect.interface import CollectionError, ResourceType


class SnapshotSink:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resources: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in ResourceType.ALL}
        self._errors: list[CollectionError] = []
        self._claims: set[tuple[str, ...]] = set()

    def add(self, record: dict[str, Any]) -> bool:
        """Add a resource; False (and nothing changed) if one with that ARN is already there."""
        with self._lock:
            bucket = self._resources[record["type"]]
            if record["arn"] in bucket:
                return False
            bucket[record["arn"]] = record
            return True

    def update(self, rtype: str, arn: str, **body: Any) -> None:
        """Add body keys to a resource already recorded."""
        with self._lock:
            self._resources[rtype][arn].update(body)

    def get(self, rtype: str, arn: str) -> dict[str, Any] | None:
        with self._lock:
            return self._resources[rtype].get(arn)

    def error(self, entry: CollectionError) -> None:
        with self._lock:
            self._errors.append(entry)

    def claim(self, *key: str) -> bool:
        """True the first time ``key`` is claimed: one worker describes each shared thing."""
        with self._lock:
            if key in self._claims:
                return False
            self._claims.add(key)
            return True

    @property
    def errors(self) -> list[CollectionError]:
        with self._lock:
            return list(self._errors)

    def counts(self) -> Counter[str]:
        with self._lock:
            return Counter({t: len(v) for t, v in self._resources.items()})

    def resources(self) -> dict[str, list[dict[str, Any]]]:
        """Each type's records sorted by (Region, ARN); every type present (empty = none)."""
        with self._lock:
            return {
                rtype: [
                    bucket[arn] for arn in sorted(bucket, key=lambda a: (bucket[a]["region"], a))
                ]
                for rtype, bucket in self._resources.items()
            }

    def error_dicts(self) -> list[dict[str, Any]]:
        with self._lock:
            ordered = sorted(
                self._errors,
                key=lambda e: (
                    e.region or "",
                    e.service,
                    e.operation,
                    e.resource_arn or "",
                    e.field or "",
                    e.message,
                ),
            )
            return [e.to_dict() for e in ordered]
