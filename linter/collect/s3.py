"""Amazon S3: ``s3.bucket``, only the buckets the pipelines write to.

The reference book names them: every distinct trail's ``S3BucketName`` and every described
Firehose stream's backup bucket (``S3DestinationDescription.BucketARN`` inside a destination).
Each is read once, after every Region and trail:

1. GetBucketLocation, in the Region of a resource that points at the bucket (the first in
   alphabetical order; botocore follows S3's redirect if the bucket lives elsewhere).
   ``LocationConstraint`` null or ``""`` is us-east-1, ``EU`` is eu-west-1; that Region becomes
   the record's ``region``. The body key ``Location`` keeps the answer as given, without a null
   ``LocationConstraint`` (the schema's string). ``NoSuchBucket``: the bucket does not exist and
   is absent, with no ``errors`` entry (a dangling reference, as for a deleted Firehose
   stream). Any other failure (AccessDenied from another account's bucket, typically an
   organization trail's): an ``errors`` entry with the bucket's ARN and no field, and the
   bucket is absent.
2. In the bucket's Region: GetBucketNotificationConfiguration (``NotificationConfiguration``;
   ``{}`` when nothing is configured) and GetPublicAccessBlock (its
   ``PublicAccessBlockConfiguration``), asked with ``ExpectedBucketOwner`` = the scanning
   account (see below). ``NoSuchPublicAccessBlockConfiguration`` means the bucket has no
   block of its own: the body key is left out with no ``errors`` entry, which the rules read
   as "missing" (not blocked). Other failures are ``errors`` entries with that field.

Then, once per scan (:func:`describe_account_block`), S3 Control GetPublicAccessBlock for the
scanning account: the account-level block, which S3 combines with each bucket's own (the most
restrictive of the two, setting by setting). It is recorded in every bucket of the account as
``AccountPublicAccessBlockConfiguration``; ``NoSuchPublicAccessBlockConfiguration`` (the account
has none) leaves it out with no ``errors`` entry, as for a bucket; any other failure is one
``errors`` entry per bucket, with that field.

S3 ARNs carry no account: the record's ``account_id`` is the scanning account's. Which account
a bucket belongs to matters for the account-level block only, and the bucket's
GetPublicAccessBlock proves it: S3 refuses it (403 AccessDenied) when ``ExpectedBucketOwner`` is
not the owner, and answers it (a block, or ``NoSuchPublicAccessBlockConfiguration``) only for a
bucket of the scanning account. When S3 refuses, that is an answer, not a failure: the bucket's
own block is asked again without ``ExpectedBucketOwner`` (one more call), and

- if that answers, the bucket is another account's: its own block is recorded, and
  ``AccountPublicAccessBlockConfiguration`` gets an ``errors`` entry (the owner's account-level
  block cannot be read from here), so a rule gives ``error`` only where the bucket's own
  setting is off (a bucket that blocks everything itself still passes);
- if it fails too, that failure is the bucket-level ``errors`` entry and, the owner being
  unknown, the account-level field gets one as well.

Either way another account's bucket is never judged by this account's block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from linter.collect.calls import Outcome, Result
from linter.collect.interface import RegionContext, ResourceType
from linter.collect.refs import BucketRef

SERVICE = "s3"
CONTROL = "s3control"
ACCOUNT_BLOCK = "AccountPublicAccessBlockConfiguration"
NO_BUCKET = frozenset({"NoSuchBucket"})
NO_BLOCK = frozenset({"NoSuchPublicAccessBlockConfiguration"})
OWNER_REFUSED = frozenset({"AccessDenied"})
LEGACY_LOCATIONS = {"": "us-east-1", "EU": "eu-west-1"}


def backup_bucket_arns(description: dict[str, Any]) -> list[str]:
    """``S3DestinationDescription.BucketARN`` of each destination block of a stream."""
    out: list[str] = []
    for destination in description.get("Destinations") or []:
        for block in destination.values():
            s3 = block.get("S3DestinationDescription") if isinstance(block, dict) else None
            arn = (s3 or {}).get("BucketARN")
            if isinstance(arn, str) and arn and arn not in out:
                out.append(arn)
    return out


def bucket_region(location: dict[str, Any]) -> str:
    constraint = location.get("LocationConstraint") or ""
    return LEGACY_LOCATIONS.get(constraint, constraint)


def describe_bucket(context: Callable[[str], RegionContext], ref: BucketRef) -> str | None:
    """Record one bucket. ``context(region)`` gives the context of a Region. Returns the
    bucket's ARN when it is proven to belong to the scanning account (it then gets the
    account-level block), else None."""
    asked = context(ref.region)
    arn = f"arn:{asked.partition}:s3:::{ref.name}"
    location = asked.api.call(
        SERVICE,
        ref.region,
        "GetBucketLocation",
        {"Bucket": ref.name},
        resource_type=ResourceType.BUCKET,
        resource_arn=arn,
        not_found=NO_BUCKET,
    )
    if not location.ok:
        return None
    body = {k: v for k, v in location.data.items() if v is not None}
    region = bucket_region(body)
    ctx = context(region)
    ctx.sink.add(ctx.envelope(ResourceType.BUCKET, arn, ref.name, Location=body))
    notifications = ctx.api.call(
        SERVICE,
        region,
        "GetBucketNotificationConfiguration",
        {"Bucket": ref.name},
        resource_type=ResourceType.BUCKET,
        resource_arn=arn,
        field="NotificationConfiguration",
    )
    if notifications.ok:
        ctx.sink.update(ResourceType.BUCKET, arn, NotificationConfiguration=notifications.data)
    block = _bucket_block(ctx, region, ref.name, arn, owner=ctx.account_id)
    owner_refused = block.error if block.outcome is Outcome.REFUSED else None
    if owner_refused is not None:
        # Another account's bucket (or a denied call): ask again without the owner, so the
        # bucket's own block is still read when this account may read it.
        block = _bucket_block(ctx, region, ref.name, arn)
    if owner_refused is not None and block.error is None:
        cause, why = owner_refused, (
            "the bucket belongs to another account, whose account-level block cannot be read "
            "from this account")
    elif block.error is not None:
        cause, why = block.error, (
            "the bucket's owner is unknown, and so is the account-level block that applies "
            "to it")
    else:
        cause = None
    if cause is not None:
        ctx.sink.error(replace(cause, field=ACCOUNT_BLOCK, message=f"{cause.message} [{why}]"))
    configuration = block.data.get("PublicAccessBlockConfiguration")
    if block.ok and configuration is not None:
        ctx.sink.update(ResourceType.BUCKET, arn, PublicAccessBlockConfiguration=configuration)
    return arn if cause is None else None


def _bucket_block(ctx: RegionContext, region: str, name: str, arn: str,
                  owner: str | None = None) -> Result:
    """The bucket's own GetPublicAccessBlock; with ``owner``, asked with
    ``ExpectedBucketOwner``, whose refusal is an answer (``REFUSED``), not a failure."""
    params = {"Bucket": name} if owner is None else {"Bucket": name, "ExpectedBucketOwner": owner}
    return ctx.api.call(
        SERVICE,
        region,
        "GetPublicAccessBlock",
        params,
        resource_type=ResourceType.BUCKET,
        resource_arn=arn,
        field="PublicAccessBlockConfiguration",
        not_found=NO_BLOCK,
        answers=OWNER_REFUSED if owner is not None else frozenset(),
        note=None if owner is None else f"asked with ExpectedBucketOwner={owner}, which S3 "
        "refuses for a bucket of another account",
    )


def describe_account_block(ctx: RegionContext, bucket_arns: Sequence[str]) -> None:
    """S3 Control GetPublicAccessBlock for the scanning account (asked in ``ctx``'s Region),
    recorded in each of ``bucket_arns`` (the buckets proven to be the account's). Nothing is
    asked when there are none."""
    if not bucket_arns:
        return
    arns = sorted(bucket_arns)
    block = ctx.api.call(
        CONTROL,
        ctx.region,
        "GetPublicAccessBlock",
        {"AccountId": ctx.account_id},
        resource_type=ResourceType.BUCKET,
        resource_arns=arns,
        field=ACCOUNT_BLOCK,
        not_found=NO_BLOCK,
        note="the account-level block, for every bucket of the account",
    )
    configuration = block.data.get("PublicAccessBlockConfiguration")
    if block.ok and configuration is not None:
        for arn in arns:
            ctx.sink.update(ResourceType.BUCKET, arn, **{ACCOUNT_BLOCK: dict(configuration)})
