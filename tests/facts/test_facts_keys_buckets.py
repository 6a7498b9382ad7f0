"""key_policy_allows (kms.key) and trail_bucket_notifications (trail -> s3.bucket)."""

from __future__ import annotations

import json

import pytest

from linter.facts import FACTS, FactUnknown

ACCT = "111122223333"
SUMO_ROLE = "arn:aws:iam::926226587429:role/SumoRole"
KEY_ARN = f"arn:aws:kms:us-east-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def key(snap, statements, **body):
    policy = {"Policy": json.dumps({"Version": "2012-10-17", "Statement": statements}),
              "PolicyName": "default"} if statements is not None else None
    extra = {"KeyPolicy": policy} if policy else {}
    return snap.add("kms.key", KEY_ARN, "1234abcd", KeyMetadata={"Arn": KEY_ARN}, **extra, **body)


def allow(principal, actions=("kms:Decrypt",), effect="Allow"):
    return {"Effect": effect, "Principal": principal, "Action": list(actions), "Resource": "*"}


def allows(snap, k, principal=SUMO_ROLE, action="kms:Decrypt"):
    return FACTS["key_policy_allows"].fn(snap.ctx(), k, principal=principal, action=action)


@pytest.mark.parametrize(("statements", "expected"), [
    ([allow({"AWS": SUMO_ROLE})], True),
    ([allow({"AWS": [f"arn:aws:iam::{ACCT}:root", SUMO_ROLE]})], True),
    ([allow({"AWS": "arn:aws:iam::926226587429:root"})], True),
    ([allow({"AWS": "926226587429"})], True),
    ([allow({"AWS": "*"})], True),
    ([allow({"AWS": SUMO_ROLE}, actions=["kms:*"])], True),
    ([allow({"AWS": SUMO_ROLE}, actions=["KMS:decrypt"])], True),
    ([allow({"AWS": SUMO_ROLE}, actions=["kms:Encrypt"])], False),
    ([allow({"AWS": f"arn:aws:iam::{ACCT}:root"})], False),
    ([allow({"Service": "cloudtrail.amazonaws.com"})], False),
    ([allow({"AWS": SUMO_ROLE}), allow({"AWS": "*"}, effect="Deny")], False),
    ([], False),
])
def test_key_policy_allows(snap, statements, expected):
    assert allows(snap, key(snap, statements)) is expected


def test_key_policy_missing_or_unknown(snap):
    k = key(snap, None)
    assert allows(snap, k) is None
    snap.error(operation="GetKeyPolicy", resource_arn=KEY_ARN, field="KeyPolicy")
    with pytest.raises(FactUnknown):
        allows(snap, k)


# -- trail_bucket_notifications ---------------------------------------------------------------

BUCKET = "ct-logs"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"


def bucket(snap, topics, region="us-east-1"):
    return snap.add("s3.bucket", BUCKET_ARN, BUCKET, region,
                    NotificationConfiguration={"TopicConfigurations": topics})


def topic(region="us-east-1", events=("s3:ObjectCreated:*",), prefix=None, suffix=None):
    rules = []
    if prefix is not None:
        rules.append({"Name": "Prefix", "Value": prefix})
    if suffix is not None:
        rules.append({"Name": "Suffix", "Value": suffix})
    out = {"TopicArn": f"arn:aws:sns:{region}:{ACCT}:sumo-ct", "Events": list(events)}
    if rules:
        out["Filter"] = {"Key": {"FilterRules": rules}}
    return out


def notifications(snap, key_prefix=None, organization=False):
    extra = {"S3KeyPrefix": key_prefix} if key_prefix else {}
    if organization:
        extra["IsOrganizationTrail"] = True
    trail = snap.trail("t", S3BucketName=BUCKET, **extra)
    return FACTS["trail_bucket_notifications"].fn(snap.ctx(), trail)


def test_same_region_topic_for_all_object_creation(snap):
    bucket(snap, [topic()])
    assert notifications(snap) == [{
        "topic_arn": f"arn:aws:sns:us-east-1:{ACCT}:sumo-ct", "topic_region": "us-east-1",
        "bucket_region": "us-east-1", "same_region": True,
        "events": ["s3:ObjectCreated:*"], "admits_trail_files": True}]


@pytest.mark.parametrize(("conf", "key_prefix", "same", "admits"), [
    (topic(region="eu-west-1"), None, False, True),
    (topic(events=["s3:ObjectCreated:Put"]), None, True, True),
    (topic(events=["s3:ObjectRemoved:*"]), None, True, False),
    (topic(prefix="AWSLogs/"), None, True, True),
    (topic(prefix="AWSLogs/111122223333/CloudTrail/"), None, True, True),
    (topic(prefix="elb/"), None, True, False),
    (topic(prefix="prod/AWSLogs/"), "prod", True, True),
    (topic(prefix="AWSLogs/"), "prod", True, False),
    (topic(suffix=".gz"), None, True, True),
    (topic(suffix=".csv"), None, True, False),
])
def test_notification_shapes(snap, conf, key_prefix, same, admits):
    bucket(snap, [conf])
    [item] = notifications(snap, key_prefix)
    assert (item["same_region"], item["admits_trail_files"]) == (same, admits)


ORG = "o-a1b2c3d4e5"


@pytest.mark.parametrize(("prefix", "key_prefix", "organization", "admits"), [
    ("", None, False, True),
    ("AWSLogs/1111", None, False, True),
    (f"AWSLogs/{ACCT}/CloudTrail/us-east-1/", None, False, True),
    ("AWSLogs/999999999999/", None, False, False),
    (f"AWSLogs/{ACCT}/CloudTrail-Digest/", None, False, False),
    (f"AWSLogs/{ORG}/{ACCT}/", None, False, False),
    ("AWSLogs/", None, True, True),
    ("AWSLogs/o-a1", None, True, True),
    (f"AWSLogs/{ORG}/", None, True, True),
    (f"AWSLogs/{ORG}/{ACCT}/CloudTrail/", None, True, True),
    (f"AWSLogs/{ORG}/999999999999/", None, True, False),
    (f"AWSLogs/{ACCT}/", None, True, False),
    ("AWSLogs/o-/", None, True, False),
    (f"audit/AWSLogs/{ORG}/", "audit/", True, True),
    (f"AWSLogs/{ORG}/", "audit", True, False),
])
def test_prefix_filter_must_match_the_trail_files_of_the_account(
        snap, prefix, key_prefix, organization, admits):
    """Trail files are ``[prefix/]AWSLogs/<account>/CloudTrail/…``, and for an organization
    trail ``[prefix/]AWSLogs/<o-id>/<account>/CloudTrail/…``: a filter on another account's or
    another layout's files lets no file of this account through."""
    bucket(snap, [topic(prefix=prefix)])
    [item] = notifications(snap, key_prefix, organization)
    assert item["admits_trail_files"] is admits


def test_no_notifications_and_absent_bucket(snap):
    assert notifications(snap) == []  # bucket collected for trails; absent = no such bucket
    bucket(snap, [])
    assert notifications(snap) == []


def test_unknown_when_buckets_not_collected_or_read_failed(snap):
    snap.doc["metadata"]["collected_types"].remove("s3.bucket")
    with pytest.raises(FactUnknown):
        notifications(snap)


def test_a_memoised_unknown_does_not_keep_the_snapshot_alive(snap):
    """The memo of an unknown fact must not hold the exception (its traceback holds the frames
    and so the context): that reference cycle kept a whole 10,000-pool snapshot alive until a
    cyclic collection, which then cost seconds. Reference counting alone must free it."""
    import gc
    import weakref

    snap.doc["metadata"]["collected_types"].remove("s3.bucket")
    trail = snap.trail("t", S3BucketName=BUCKET)
    ctx = snap.ctx()
    for _ in range(2):  # computed, then answered from the memo
        with pytest.raises(FactUnknown):
            FACTS["trail_bucket_notifications"].fn(ctx, trail)
    ref = weakref.ref(ctx)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del ctx
        assert ref() is None
    finally:
        if enabled:
            gc.enable()


def test_unknown_when_notification_call_failed(snap):
    snap.add("s3.bucket", BUCKET_ARN, BUCKET)
    snap.error(operation="GetBucketNotificationConfiguration", resource_arn=BUCKET_ARN,
               field="NotificationConfiguration")
    with pytest.raises(FactUnknown):
        notifications(snap)


def test_missing_when_trail_has_no_bucket(snap):
    trail = snap.trail("t")
    assert FACTS["trail_bucket_notifications"].fn(snap.ctx(), trail) is None
