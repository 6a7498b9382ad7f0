"""The snapshot loader: valid documents load; every broken one gets one line with the place."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from linter.errors import ExitCode, SnapshotError
from linter.snapshot import RESOURCE_TYPES
from linter.snapshot.loader import load_snapshot
from linter.snapshot.writer import dumps

POOL_ARN = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEf123"


def minimal() -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "metadata": {
            "tool": {"name": "cognito-lint", "version": "0.1.0"},
            "source": {"kind": "fixture", "path": None},
            "account_id": "111122223333",
            "partition": "aws",
            "regions": ["us-east-1"],
            "started_at": "2026-11-26T22:00:00Z",
            "finished_at": "2026-11-26T22:00:05Z",
            "principal_arn": None,
            "collected_types": list(RESOURCE_TYPES),
        },
        "resources": {
            "cognito.user_pool": [
                {
                    "type": "cognito.user_pool",
                    "arn": POOL_ARN,
                    "region": "us-east-1",
                    "account_id": "111122223333",
                    "name": "customers",
                    "UserPool": {"Id": "us-east-1_AbCdEf123", "Name": "customers",
                                 "DeletionProtection": "ACTIVE", "SomeFutureMember": {"x": 1}},
                    "LogDeliveryConfiguration": {"UserPoolId": "us-east-1_AbCdEf123",
                                                 "LogConfigurations": []},
                }
            ]
        },
        "errors": [],
    }


def write(tmp_path: Path, doc: Any, name: str = "s.json") -> Path:
    p = tmp_path / name
    p.write_text(dumps(doc) if isinstance(doc, dict) else doc)
    return p


def test_valid_snapshot_loads_with_hash_and_record_lines(tmp_path: Path) -> None:
    p = write(tmp_path, minimal())
    snap = load_snapshot(p)
    assert snap.doc["resources"]["cognito.user_pool"][0]["name"] == "customers"
    assert len(snap.sha256) == 64
    line = snap.resource_lines[POOL_ARN]
    assert p.read_text().splitlines()[line - 1].strip() == "{"
    assert '"type": "cognito.user_pool"' in p.read_text().splitlines()[line]


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    p = write(tmp_path, '{\n  "schema_version": "1.0",\n  oops\n}')
    with pytest.raises(SnapshotError) as e:
        load_snapshot(p)
    assert str(e.value).startswith(f"{p}:3:3: invalid JSON")
    assert e.value.exit_code is ExitCode.USAGE


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["metadata"].pop("account_id"), "$.metadata"),
        (lambda d: d["resources"]["cognito.user_pool"][0].update(arn="nope"),
         '$.resources["cognito.user_pool"][0].arn'),
        (lambda d: d["resources"]["cognito.user_pool"][0].update(colour="red"),
         '$.resources["cognito.user_pool"][0]'),
        (lambda d: d["resources"].update({"ec2.instance": []}), "$.resources"),
        (lambda d: d["errors"].append({"service": "logs"}), "$.errors[0]"),
        (lambda d: d.update(schema_version="9.9"), "$.schema_version"),
    ],
)
def test_schema_violations_name_the_json_path(tmp_path: Path, mutate: Any, where: str) -> None:
    doc = copy.deepcopy(minimal())
    mutate(doc)
    p = write(tmp_path, doc)
    with pytest.raises(SnapshotError) as e:
        load_snapshot(p)
    msg = str(e.value)
    assert msg.startswith(f"{p}: {where}: "), msg
    assert "\n" not in msg


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no such file"):
        load_snapshot(tmp_path / "absent.json")
    with pytest.raises(SnapshotError, match="is a directory"):
        load_snapshot(tmp_path)


def test_future_aws_members_are_accepted(tmp_path: Path) -> None:
    snap = load_snapshot(write(tmp_path, minimal()))
    assert snap.doc["resources"]["cognito.user_pool"][0]["UserPool"]["SomeFutureMember"] == {"x": 1}


def test_schema_is_generated_from_botocore_and_names_its_version() -> None:
    schema = json.loads(
        (Path(__file__).parents[2] / "linter/schemas/snapshot-v1.json").read_text()
    )
    assert "botocore" in schema["description"]
    pool = schema["$defs"]["resource.cognito.user_pool"]
    assert set(pool["required"]) == {"type", "arn", "region", "account_id", "name"}
    assert "DeletionProtection" in schema["$defs"]["cognito-idp.UserPoolType"]["properties"]


def test_schema_has_every_body_key_schema_gen_declares() -> None:
    # Adding a body key to schema_gen.BODIES needs the committed schema regenerated:
    #   python -m linter.snapshot.schema_gen > linter/schemas/snapshot-v1.json
    # (checked by key and shape, not byte for byte: the shapes depend on botocore's version)
    from linter.snapshot.schema_gen import BODIES

    schema = json.loads(
        (Path(__file__).parents[2] / "linter/schemas/snapshot-v1.json").read_text()
    )
    for rtype, bodies in BODIES.items():
        props = schema["$defs"][f"resource.{rtype}"]["properties"]
        assert set(props) - {"type", "arn", "region", "account_id", "name"} == set(bodies), rtype
        for key, (service, shape, is_list) in bodies.items():
            ref = props[key]["items"] if is_list else props[key]
            assert ref == {"$ref": f"#/$defs/{service}.{shape}"}, (rtype, key)
            assert f"{service}.{shape}" in schema["$defs"]


def test_out_of_memory_while_parsing_is_a_resource_error_not_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orjson

    import linter.snapshot.loader as loader

    p = tmp_path / "snapshot.json"
    p.write_text(dumps(minimal()), encoding="utf-8")

    def starved(_: bytes) -> Any:
        raise orjson.JSONDecodeError(
            "Not enough memory to allocate buffer for parsing", "", 0)

    monkeypatch.setattr(loader, "orjson", SimpleNamespace(
        loads=starved, JSONDecodeError=orjson.JSONDecodeError))
    with pytest.raises(MemoryError) as e:
        load_snapshot(p)
    assert not isinstance(e.value, SnapshotError)
    assert str(e.value).startswith(f"{p}: not enough memory to parse the snapshot")


def test_out_of_memory_in_check_exits_4_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orjson
    from typer.testing import CliRunner

    import linter.snapshot.loader as loader
    from linter.cli import app

    p = tmp_path / "snapshot.json"
    p.write_text(dumps(minimal()), encoding="utf-8")

    def starved(_: bytes) -> Any:
        raise orjson.JSONDecodeError(
            "Not enough memory to allocate buffer for parsing", "", 0)

    monkeypatch.setattr(loader, "orjson", SimpleNamespace(
        loads=starved, JSONDecodeError=orjson.JSONDecodeError))
    monkeypatch.setenv("COGNITO_LINT_CRASH_DIR", str(tmp_path))
    res = CliRunner().invoke(app, ["check", str(p)])
    assert res.exit_code == int(ExitCode.INTERNAL)
    assert "not enough memory to parse the snapshot" in res.output
    assert "invalid JSON" not in res.output
