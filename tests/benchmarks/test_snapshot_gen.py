"""The benchmark's snapshot generator stays schema-valid and shaped like a real estate."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from linter.facts import FACTS, FactContext
from linter.snapshot.index import SnapshotIndex
from linter.snapshot.loader import validate_document

_spec = importlib.util.spec_from_file_location(
    "snapshot_gen", Path(__file__).with_name("snapshot_gen.py"))
assert _spec is not None and _spec.loader is not None
snapshot_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_gen)


def test_generated_snapshot_is_schema_valid_and_deterministic(tmp_path):
    doc = snapshot_gen.generate(50, seed=7)
    validate_document(doc, "generated")
    assert json.dumps(doc, sort_keys=True) == json.dumps(snapshot_gen.generate(50, seed=7),
                                                         sort_keys=True)
    path = tmp_path / "s.json"
    assert snapshot_gen.main(["50", "--seed", "7", "-o", str(path)]) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == doc


def test_generated_snapshot_has_every_type_in_proportion():
    doc = snapshot_gen.generate(400, seed=1)
    res = doc["resources"]
    assert len(res["cognito.user_pool"]) == 400
    assert set(res) == set(doc["metadata"]["collected_types"]) - {"kms.key"}
    assert 350 <= len(res["logs.log_group"]) <= 450
    assert len(res["cognito.identity_pool"]) == 40
    assert len(res["cloudtrail.trail"]) == len(snapshot_gen.REGIONS) + 1
    arns = [r["arn"] for items in res.values() for r in items]
    assert len(arns) == len(set(arns)), "ARNs are unique"


def test_generated_pipelines_are_wired():
    """Most pools have a complete logs pipeline the facts can follow (not random ARNs)."""
    doc = snapshot_gen.generate(200, seed=3)
    index = SnapshotIndex(doc)
    ctx = FactContext(index)
    wired = 0
    for pool in index.of_type("cognito.user_pool"):
        if "LogDeliveryConfiguration" not in pool:
            continue
        for target in FACTS["log_targets"].fn(ctx, pool):
            group = index.get(target["dest_arn"])
            if target["dest_kind"] != "cwl" or group is None:
                continue
            fwds = FACTS["forwarders"].fn(ctx, group)
            if any(index.get(f["destination_arn"]) for f in fwds):
                wired += 1
    assert wired >= 180
