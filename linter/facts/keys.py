"""Facts about KMS keys: whether a key policy lets a principal use the key (domain-facts §6.4,
§7.19: KMS-encrypted CloudTrail logs need ``kms:Decrypt`` for Sumo Logic's role)."""

from __future__ import annotations

import json
from typing import Any

from linter.facts._common import BOOLEAN, STRING, arn_parts, as_list, glob_match
from linter.facts.registry import FactContext, fact
from linter.snapshot.index import Resource

KMS_KEY = "kms.key"


def _aws_principal_matches(principal: Any, who: str, account: str | None,
                           partition: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    names = [p for p in as_list(principal.get("AWS")) if isinstance(p, str)]
    if "*" in names or who in names:
        return True
    return account is not None and (
        account in names or f"arn:{partition}:iam::{account}:root" in names
    )


def _applies(stmt: dict[str, Any], who: str, account: str | None, partition: str,
             action: str) -> bool:
    if "NotPrincipal" in stmt:
        if stmt.get("Effect") == "Allow" or _aws_principal_matches(
                stmt["NotPrincipal"], who, account, partition):
            return False
    elif not _aws_principal_matches(stmt.get("Principal"), who, account, partition):
        return False
    if "NotAction" in stmt:
        return not any(isinstance(p, str) and glob_match(p, action, case_insensitive=True)
                       for p in as_list(stmt["NotAction"]))
    return any(isinstance(p, str) and glob_match(p, action, case_insensitive=True)
               for p in as_list(stmt.get("Action")))


@fact(
    "key_policy_allows",
    resource_types=KMS_KEY,
    args={"principal": STRING, "action": STRING},
    returns=BOOLEAN,
)
def key_policy_allows(ctx: FactContext, key: Resource, principal: str,
                      action: str) -> bool | None:
    """Whether the key's policy (``KeyPolicy.Policy``, the ``default`` policy) has an
    ``Allow`` statement for ``action`` (e.g. ``kms:Decrypt``; action wildcards such as
    ``kms:*``, case-insensitive) whose ``Principal.AWS`` names ``principal`` (an IAM role ARN such
    as Sumo Logic's source role), ``*``, or the principal's account (its ID or
    ``arn:<p>:iam::<account>:root``: the key then delegates to that account's IAM policies, which
    are assumed to grant it [inferred]), and no ``Deny`` statement for it. Conditions are not
    evaluated; a key policy's ``Resource`` is always the key itself.
    (domain-facts §6.4: "KMS-encrypted CloudTrail logs need an added kms:Decrypt grant".)
    Missing when ``KeyPolicy`` is absent or unreadable; unknown when ``GetKeyPolicy`` failed."""
    body = ctx.body(key, "KeyPolicy")
    if not isinstance(body, dict):
        return None
    text = body.get("Policy")
    try:
        doc = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        return None
    parts = arn_parts(principal)
    account = (parts[3] or None) if parts else (principal if principal.isdigit() else None)
    partition = parts[0] if parts else (arn_parts(key["arn"]) or ("aws",))[0]
    statements = [s for s in as_list(doc.get("Statement")) if isinstance(s, dict)]
    if any(s.get("Effect") == "Deny" and _applies(s, principal, account, partition, action)
           for s in statements):
        return False
    return any(s.get("Effect") == "Allow" and _applies(s, principal, account, partition, action)
               for s in statements)
