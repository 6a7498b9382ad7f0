"""KMS: the key metadata and key policy answers AWS gives and moto leaves incomplete.

Corrected behaviour:

* ``GetKeyPolicy``: ``PolicyName`` is optional (AWS defaults it to ``default``, the only
  policy name a key has) and the response carries ``PolicyName`` next to ``Policy``.
* ``CreateKey``/``DescribeKey``: ``KeyUsage`` defaults to ``ENCRYPT_DECRYPT`` and
  ``MultiRegion`` to false, as AWS reports them (moto answered null for both when they were
  not given at creation).
"""

from __future__ import annotations

import json
from typing import Any

from moto.kms.exceptions import NotFoundException
from moto.kms.models import Key
from moto.kms.responses import KmsResponse

from ._graft import graft, original

DEFAULT_POLICY_NAME = "default"
DEFAULT_KEY_USAGE = "ENCRYPT_DECRYPT"


def _key_init(self: Key, *args: Any, **kwargs: Any) -> None:
    original(Key, "__init__")(self, *args, **kwargs)
    if self.key_usage is None:
        self.key_usage = DEFAULT_KEY_USAGE
    if self.multi_region is None:
        self.multi_region = False


def _get_key_policy_action(self: KmsResponse) -> str:
    key_id = self._get_param("KeyId")
    policy_name = self._get_param("PolicyName") or DEFAULT_POLICY_NAME
    if policy_name != DEFAULT_POLICY_NAME:
        raise NotFoundException("No such policy exists")
    self._validate_cmk_id(key_id)
    policy = self.kms_backend.get_key_policy(key_id) or "{}"
    return json.dumps({"Policy": policy, "PolicyName": policy_name})


def install() -> None:
    graft(Key, {"__init__": _key_init})
    graft(KmsResponse, {"get_key_policy": _get_key_policy_action})
