"""AWS KMS: ``kms.key``, only the keys trails encrypt their log files with.

Each distinct ``Trail.KmsKeyId`` is read once, after every trail, in the key ARN's Region:

1. DescribeKey (``KeyMetadata``). ``NotFoundException``: the key does not exist (any more) and
   is absent, with no ``errors`` entry (the trail then points at nothing: a failure, not an
   error). Any other failure (AccessDenied: a key of another account whose policy does not let
   this account describe it, typically an organization trail's): an ``errors`` entry with the
   key's ARN as the trail names it and no field; the key is absent.
2. GetKeyPolicy with ``PolicyName`` ``default`` (the only name a key policy has): ``KeyPolicy``
   = ``{Policy, PolicyName}``. KMS never answers it for another account's key; a failure is an
   ``errors`` entry with field ``KeyPolicy``.

The record's ``arn`` is ``KeyMetadata.Arn``, which is what CloudTrail reports as ``KmsKeyId``.
"""

from __future__ import annotations

from collections.abc import Callable

from linter.collect.interface import RegionContext, ResourceType
from linter.collect.refs import KeyRef, parse_arn

SERVICE = "kms"
NOT_FOUND = frozenset({"NotFoundException"})
POLICY_NAME = "default"


def describe_key(context: Callable[[str], RegionContext], ref: KeyRef) -> None:
    """Record one key. ``context(region)`` gives the context of a Region."""
    ctx = context(ref.region)
    named = ref.key_id if parse_arn(ref.key_id) else ctx.arn(SERVICE, f"key/{ref.key_id}")
    described = ctx.api.call(
        SERVICE,
        ref.region,
        "DescribeKey",
        {"KeyId": ref.key_id},
        resource_type=ResourceType.KEY,
        resource_arn=named,
        not_found=NOT_FOUND,
    )
    if not described.ok:
        return
    metadata = described.data.get("KeyMetadata") or {}
    arn = metadata.get("Arn") or named
    name = metadata.get("KeyId") or ref.key_id
    if not ctx.sink.add(ctx.envelope(ResourceType.KEY, arn, name, KeyMetadata=metadata)):
        return  # another trail named the same key differently: already read
    policy = ctx.api.call(
        SERVICE,
        ref.region,
        "GetKeyPolicy",
        {"KeyId": arn, "PolicyName": POLICY_NAME},
        resource_type=ResourceType.KEY,
        resource_arn=arn,
        field="KeyPolicy",
    )
    if policy.ok:
        ctx.sink.update(ResourceType.KEY, arn, KeyPolicy=policy.data)
