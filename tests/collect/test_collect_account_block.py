"""The account-level S3 Block Public Access (S3 Control GetPublicAccessBlock): asked once per
scan, recorded in every bucket of the account as ``AccountPublicAccessBlockConfiguration``,
and what CL-FH-006 makes of it (docs/collection.md, "Buckets").

The seeded account (collect_estate.py, seeded afresh for each test): every Firehose stream
backs failed data up to ``lint-backup`` (a block of its own, all four settings on); the trails
write to ``lint-trails`` (no block of its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from collect_estate import ACCOUNT, BLOCK_ALL, Estate, seed
from collect_fakes import Faults
from moto import mock_aws

from linter import mockaws
from linter.collect import CollectOptions, collect
from linter.collect.calls import drop_account_label
from linter.collect.runner import CollectResult
from linter.commands.snapshot import describe_missing
from linter.engine.run import CheckOptions, run_check
from linter.snapshot.loader import validate_document
from linter.snapshot.writer import dumps

REGIONS = ("us-east-1", "eu-west-1")
FIELD = "AccountPublicAccessBlockConfiguration"
OTHER_ACCOUNT = "111122223333"


@pytest.fixture
def estate() -> Iterator[Estate]:
    mockaws.install()
    with mock_aws():
        yield seed()


def s3control() -> Any:
    return boto3.client("s3control", region_name="us-east-1")


def s3() -> Any:
    return boto3.client("s3", region_name="us-east-1")


def account_block(configuration: dict[str, bool]) -> None:
    s3control().put_public_access_block(AccountId=ACCOUNT,
                                        PublicAccessBlockConfiguration=configuration)


def backup_without_its_own_block() -> None:
    s3().delete_public_access_block(Bucket="lint-backup")


def take() -> CollectResult:
    result = collect(boto3.Session(region_name="us-east-1"), CollectOptions(regions=REGIONS))
    validate_document(result.snapshot, "collected")
    return result


def buckets(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["name"]: b for b in doc["resources"]["s3.bucket"]}


def backup_streams(estate: Estate) -> set[str]:
    """The streams CL-FH-006 judges by lint-backup (every referenced stream)."""
    return set(estate.streams.values())


def fh006(doc: dict[str, Any], tmp_path: Path) -> dict[str, str]:
    """CL-FH-006's status per stream ARN, by the built-in rules on ``doc``."""
    path = tmp_path / "snapshot.json"
    path.write_text(dumps(doc), encoding="utf-8")
    run = run_check(path, CheckOptions(discover_config=False))
    return {r.resource.arn: r.status.value for r in run.results if r.rule_id == "CL-FH-006"}


def test_no_account_block_is_collected_nothing_configured(
    estate: Estate, tmp_path: Path
) -> None:
    # moto's S3 Control answers NoSuchPublicAccessBlockConfiguration, as AWS does
    result = take()
    doc = result.snapshot
    assert doc["errors"] == []
    assert result.calls[("s3control", "GetPublicAccessBlock")] == 1
    assert all(FIELD not in b for b in buckets(doc).values())
    assert set(fh006(doc, tmp_path).values()) == {"pass"}  # lint-backup's own block


def test_no_block_at_either_level_fails(estate: Estate, tmp_path: Path) -> None:
    backup_without_its_own_block()
    doc = take().snapshot
    assert doc["errors"] == []
    assert "PublicAccessBlockConfiguration" not in buckets(doc)["lint-backup"]
    statuses = fh006(doc, tmp_path)
    assert {a: statuses[a] for a in backup_streams(estate)} == dict.fromkeys(
        backup_streams(estate), "fail")


def test_the_account_block_is_recorded_in_every_bucket_of_the_account(
    estate: Estate, tmp_path: Path
) -> None:
    account_block(BLOCK_ALL)
    backup_without_its_own_block()
    result = take()
    doc = result.snapshot
    assert doc["errors"] == []
    assert result.calls[("s3control", "GetPublicAccessBlock")] == 1  # once, not per bucket
    for bucket in buckets(doc).values():
        assert bucket[FIELD] == BLOCK_ALL
    assert "PublicAccessBlockConfiguration" not in buckets(doc)["lint-backup"]
    # the account blocks public access everywhere: no bucket-level block is needed
    statuses = fh006(doc, tmp_path)
    assert {a: statuses[a] for a in backup_streams(estate)} == dict.fromkeys(
        backup_streams(estate), "pass")


def test_bucket_and_account_settings_combine_setting_by_setting(
    estate: Estate, tmp_path: Path
) -> None:
    policies = {"BlockPublicAcls": False, "IgnorePublicAcls": False,
                "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    acls = {"BlockPublicAcls": True, "IgnorePublicAcls": True,
            "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    account_block(policies)
    s3().put_public_access_block(Bucket="lint-backup", PublicAccessBlockConfiguration=acls)
    doc = take().snapshot
    backup = buckets(doc)["lint-backup"]
    assert (backup["PublicAccessBlockConfiguration"], backup[FIELD]) == (acls, policies)
    assert set(fh006(doc, tmp_path).values()) == {"pass"}


def test_a_denied_account_block_is_an_error_per_bucket_never_a_pass(
    estate: Estate, faults: Faults, tmp_path: Path
) -> None:
    faults.add("s3-control", "GetPublicAccessBlock", "AccessDenied", "Access Denied", status=403)
    backup_without_its_own_block()
    result = take()
    doc = result.snapshot
    assert result.calls[("s3control", "GetPublicAccessBlock")] == 1
    assert sorted(doc["errors"], key=lambda e: e["resource_arn"]) == [
        {
            "service": "s3control",
            "operation": "GetPublicAccessBlock",
            "region": "us-east-1",  # the first Region asked, where STS was asked
            "resource_type": "s3.bucket",
            "resource_arn": arn,
            "field": FIELD,
            "error_code": "AccessDenied",
            "message": "Access Denied [the account-level block, for every bucket of the "
                       "account]",
            "iam_action": "s3:GetAccountPublicAccessBlock",
        }
        for arn in sorted(estate.buckets.values())
    ]
    assert all(FIELD not in b for b in buckets(doc).values())
    # one call failed, whatever the number of buckets it was for
    assert describe_missing(result.errors, result.failed_calls) == (
        "incomplete: 1 call failed: s3control:GetPublicAccessBlock in us-east-1 "
        '(AccessDenied) (see "errors" in the snapshot)'
    )
    # no block of its own and the account's unknown: error, never pass or fail
    statuses = fh006(doc, tmp_path)
    assert {a: statuses[a] for a in backup_streams(estate)} == dict.fromkeys(
        backup_streams(estate), "error")


def test_a_denied_account_block_does_not_matter_when_the_bucket_blocks_everything(
    estate: Estate, faults: Faults, tmp_path: Path
) -> None:
    faults.add("s3-control", "GetPublicAccessBlock", "AccessDenied", "Access Denied", status=403)
    doc = take().snapshot
    assert {e["field"] for e in doc["errors"]} == {FIELD}
    assert set(fh006(doc, tmp_path).values()) == {"pass"}


def test_no_bucket_no_account_level_call(faults: Faults) -> None:
    mockaws.install()
    with mock_aws():
        result = take()
    assert result.snapshot["resources"]["s3.bucket"] == []
    assert ("s3control", "GetPublicAccessBlock") not in result.calls


def test_another_accounts_bucket_is_never_judged_by_this_accounts_block() -> None:
    # An organization trail writing to the log-archive account's bucket, which this account may
    # read (moto enforces no bucket policy): S3 refuses GetPublicAccessBlock with
    # ExpectedBucketOwner = this account, an answer: the bucket is another account's. Its own
    # block is read again without the owner; the account-level block that applies (the
    # owner's) is unknown, an errors entry for that field only, and no call failed.
    mockaws.install()
    with mock_aws():
        credentials = boto3.client("sts", region_name="us-east-1").assume_role(
            RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/archive", RoleSessionName="seed"
        )["Credentials"]
        archive = boto3.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name="us-east-1",
        )
        archive.client("s3").create_bucket(Bucket="archive-trails")
        archive.client("s3").put_public_access_block(
            Bucket="archive-trails", PublicAccessBlockConfiguration=BLOCK_ALL)
        s3().create_bucket(Bucket="own-trails")
        trails = boto3.client("cloudtrail", region_name="us-east-1")
        trails.create_trail(Name="org", S3BucketName="archive-trails")
        trails.create_trail(Name="own", S3BucketName="own-trails")
        account_block(BLOCK_ALL)
        result = collect(boto3.Session(region_name="us-east-1"),
                         CollectOptions(regions=("us-east-1",)))
    doc = result.snapshot
    validate_document(doc, "collected")
    found = buckets(doc)
    assert found["own-trails"][FIELD] == BLOCK_ALL
    foreign = found["archive-trails"]
    assert foreign["PublicAccessBlockConfiguration"] == BLOCK_ALL  # its own block, read again
    assert FIELD not in foreign  # never this account's block
    [entry] = doc["errors"]
    assert (entry["field"], entry["operation"], entry["resource_arn"], entry["error_code"],
            entry["iam_action"]) == (
        FIELD, "GetPublicAccessBlock", "arn:aws:s3:::archive-trails", "AccessDenied",
        "s3:GetBucketPublicAccessBlock")
    assert f"ExpectedBucketOwner={ACCOUNT}" in entry["message"]
    assert "belongs to another account" in entry["message"]
    assert result.calls[("s3", "GetPublicAccessBlock")] == 3  # own, foreign, foreign again
    assert result.calls[("s3control", "GetPublicAccessBlock")] == 1  # for own-trails only
    assert not result.failed_calls
    assert describe_missing(result.errors, result.failed_calls).startswith(
        "incomplete: some data could not be read: s3:GetPublicAccessBlock in us-east-1 "
        "(AccessDenied, no call failed)")


@pytest.mark.parametrize(("url", "sent"), [
    # a moto server (AWS_ENDPOINT_URL): the account label cannot resolve in front of these
    ("http://123456789012.127.0.0.1:5000/v20180820/configuration/publicAccessBlock",
     "http://127.0.0.1:5000/v20180820/configuration/publicAccessBlock"),
    ("http://123456789012.localhost:5000/v20180820/configuration/publicAccessBlock",
     "http://localhost:5000/v20180820/configuration/publicAccessBlock"),
    # AWS's own host, and a custom endpoint with a DNS name, are left as they are
    ("https://123456789012.s3-control.eu-west-1.amazonaws.com/v20180820/configuration/x",
     "https://123456789012.s3-control.eu-west-1.amazonaws.com/v20180820/configuration/x"),
    ("https://123456789012.s3.localhost.localstack.cloud:4566/v20180820/configuration/x",
     "https://123456789012.s3.localhost.localstack.cloud:4566/v20180820/configuration/x"),
])
def test_s3_control_reaches_a_server_on_an_ip_address(url: str, sent: str) -> None:
    request = SimpleNamespace(url=url)
    drop_account_label(request)
    assert request.url == sent
