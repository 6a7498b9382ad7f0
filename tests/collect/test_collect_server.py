"""The foundation issue's "Done when": against a *plain* moto server (no cognito-lint extension),
``cognito-lint snapshot --regions us-east-1,eu-west-1 -o s.json`` run as a process with
``AWS_ENDPOINT_URL`` writes a schema-valid snapshot holding every seeded resource, records the
calls that server cannot answer in ``errors``, writes no token anywhere, and exits 3.

Plain moto has no Cognito log delivery, so no pool can point at a log group here: the seeded
log groups are the ones Sumo Logic's Firehose template creates — each stream's own delivery
error log group, subscribed to the stream — which the collector reaches from the streams
(and the streams themselves from the full listing it makes when references are unknown).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest

from linter.snapshot.loader import load_snapshot

pytestmark = pytest.mark.server

TOKEN = (
    "Xq7Lm2Np9Rs4Tv6Wy8Za1Bc3De5Fg7Hj9Kl2Mn4Pq6Rs8Tu0Vw2Xy4Za6Bc8De0Fg2Hj4Kl6Mn8Pq0Rs2Tu4Vw6Xy8Za=="
)
TOKEN_METRICS = (
    "Mt1Rc2Sx3Yz4Ab5Cd6Ef7Gh8Ij9Kl0Mn1Op2Qr3St4Uv5Wx6Yz7Ab8Cd9Ef0Gh1Ij2Kl3Mn4Op5Qr6St7Uv8Wx=="
)
HOST = "https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    port = _free_port()
    binary = Path(sys.executable).with_name("moto_server")
    proc = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Seeded:
    pools: set[str] = field(default_factory=set)
    log_groups: set[str] = field(default_factory=set)
    streams: set[str] = field(default_factory=set)
    trails: set[str] = field(default_factory=set)


def _seed(endpoint: str) -> Seeded:
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )

    def client(service: str, region: str = "us-east-1"):  # type: ignore[no-untyped-def]
        return session.client(service, region_name=region, endpoint_url=endpoint)

    seeded = Seeded()
    role = client("iam").create_role(RoleName="delivery", AssumeRolePolicyDocument="{}")["Role"][
        "Arn"
    ]
    client("s3").create_bucket(Bucket="backup-and-trails")

    def stream(region: str, name: str, url: str, subscribed: bool) -> None:
        logs, fh = client("logs", region), client("firehose", region)
        group = f"/aws/kinesisfirehose/{name}"
        logs.create_log_group(logGroupName=group)
        fh.create_delivery_stream(
            DeliveryStreamName=name,
            DeliveryStreamType="DirectPut",
            HttpEndpointDestinationConfiguration={
                "EndpointConfiguration": {"Url": url, "Name": "sumo"},
                "RoleARN": role,
                "S3BackupMode": "FailedDataOnly",
                "S3Configuration": {"RoleARN": role, "BucketARN": "arn:aws:s3:::backup-and-trails"},
                "CloudWatchLoggingOptions": {
                    "Enabled": True,
                    "LogGroupName": group,
                    "LogStreamName": "HttpEndpointDelivery",
                },
            },
        )
        arn = fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"][
            "DeliveryStreamARN"
        ]
        seeded.streams.add(arn)
        seeded.log_groups.add(f"arn:aws:logs:{region}:123456789012:log-group:{group}")
        if subscribed:
            logs.put_subscription_filter(
                logGroupName=group,
                filterName="to-sumo",
                filterPattern="",
                destinationArn=arn,
                roleArn=role,
            )

    stream("us-east-1", "Kinesis-Logs-1", f"{HOST}/log/{TOKEN}", subscribed=True)
    stream("us-east-1", "Kinesis-Metrics-1", f"{HOST}/metric/{TOKEN_METRICS}", subscribed=False)
    stream("eu-west-1", "Kinesis-Logs-2", f"{HOST}/log/{TOKEN}", subscribed=True)

    for region, names in (("us-east-1", ["customers", "staff"]), ("eu-west-1", ["eu-customers"])):
        for name in names:
            seeded.pools.add(
                client("cognito-idp", region).create_user_pool(PoolName=name)["UserPool"]["Arn"]
            )
    trail = client("cloudtrail").create_trail(
        Name="audit", S3BucketName="backup-and-trails", IsMultiRegionTrail=True
    )
    seeded.trails.add(trail["TrailARN"])
    return seeded


def test_plain_moto_server(moto_server: str, tmp_path: Path) -> None:
    seeded = _seed(moto_server)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=moto_server,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_MAX_ATTEMPTS="2",  # the server answers 500 to what it lacks: do not wait on retries
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "linter",
            "snapshot",
            "--regions",
            "us-east-1,eu-west-1",
            "-o",
            "s.json",
            "-v",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=300,
    )
    stderr = proc.stderr.decode()
    assert proc.returncode == 3, stderr
    assert proc.stdout == b""
    assert "Traceback" not in stderr

    doc = load_snapshot(tmp_path / "s.json").doc  # schema-valid
    arns = {t: {r["arn"] for r in items} for t, items in doc["resources"].items()}
    assert arns["cognito.user_pool"] == seeded.pools
    assert arns["logs.log_group"] == seeded.log_groups
    assert arns["firehose.delivery_stream"] == seeded.streams
    assert arns["cloudtrail.trail"] == seeded.trails
    subscribed = {
        g["name"]: [f["destinationArn"] for f in g["SubscriptionFilters"]]
        for g in doc["resources"]["logs.log_group"]
    }
    assert subscribed["/aws/kinesisfirehose/Kinesis-Metrics-1"] == []
    assert len(subscribed["/aws/kinesisfirehose/Kinesis-Logs-1"]) == 1

    # S3 Control reached the server on 127.0.0.1 (no account label in front of the address):
    # the account has no account-level block, so nothing is recorded and nothing failed
    (bucket,) = doc["resources"]["s3.bucket"]
    assert "AccountPublicAccessBlockConfiguration" not in bucket

    failed = {(e["operation"], e["region"], e["resource_arn"]) for e in doc["errors"]}
    pool_arns = {(arn.split(":")[3], arn) for arn in seeded.pools}
    assert failed == (
        {("GetLogDeliveryConfiguration", region, arn) for region, arn in pool_arns}
        | {("ListMetricStreams", r, None) for r in ("us-east-1", "eu-west-1")}
        | {("DescribeAccountPolicies", r, None) for r in ("us-east-1", "eu-west-1")}
    )
    for e in doc["errors"]:
        assert e["error_code"] == "HTTP500"
        assert e["iam_action"] == f"{e['service']}:{e['operation']}"
        assert "\n" not in e["message"] and "<" not in e["message"]
        if e["operation"] == "GetLogDeliveryConfiguration":
            assert e["field"] == "LogDeliveryConfiguration"

    last = stderr.splitlines()[-1]
    assert last.startswith("cognito-lint: s.json: 3 user pools, 0 identity pools, 3 log groups")
    assert "incomplete: 7 calls failed: " in last
    for op in ("GetLogDeliveryConfiguration", "ListMetricStreams", "DescribeAccountPolicies"):
        assert op in last

    written = (tmp_path / "s.json").read_bytes() + proc.stdout + proc.stderr
    for token in (TOKEN, TOKEN_METRICS):
        assert token.encode() not in written
    assert json.dumps(doc).count("/receiver/v1/kinesis/log/redacted-") == 2
