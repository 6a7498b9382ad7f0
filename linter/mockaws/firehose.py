"""Firehose: the defaults AWS reports in ``DescribeDeliveryStream`` that moto leaves out.

moto echoes back only what was given at creation. AWS fills in its defaults, and rules read
them (no ``RetryOptions`` in moto would look like "no retries" when AWS retries for 300 s):

* HTTP endpoint destination: ``BufferingHints`` 5 MB / 300 s, ``RetryOptions`` 300 s,
  ``S3BackupMode`` ``FailedDataOnly``, ``RequestConfiguration.ContentEncoding`` ``NONE``,
  ``CloudWatchLoggingOptions.Enabled`` false;
* its S3 (backup) destination: ``BufferingHints`` 5 MB / 300 s, ``CompressionFormat``
  ``UNCOMPRESSED``, ``EncryptionConfiguration.NoEncryptionConfig`` ``NoEncryption``;
* ``DeliveryStreamEncryptionConfiguration``: ``Status`` ``DISABLED`` when server-side
  encryption was not requested, ``ENABLED`` when it was.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.core.responses import ActionResult
from moto.firehose.responses import FirehoseResponse

from ._graft import graft, original

HTTP_ENDPOINT_DEFAULTS: dict[str, Any] = {
    "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300},
    "RetryOptions": {"DurationInSeconds": 300},
    "S3BackupMode": "FailedDataOnly",
    "RequestConfiguration": {"ContentEncoding": "NONE"},
    "CloudWatchLoggingOptions": {"Enabled": False},
}
S3_DEFAULTS: dict[str, Any] = {
    "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300},
    "CompressionFormat": "UNCOMPRESSED",
    "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
}


def _with_defaults(described: dict[str, Any], defaults: dict[str, Any]) -> None:
    for key, value in defaults.items():
        if key not in described:
            described[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(described[key], dict):
            for inner, inner_value in value.items():
                described[key].setdefault(inner, inner_value)


def with_aws_defaults(description: dict[str, Any]) -> dict[str, Any]:
    """A copy of a ``DeliveryStreamDescription`` with AWS's reported defaults filled in."""
    result = copy.deepcopy(description)
    encryption = result.get("DeliveryStreamEncryptionConfiguration")
    if not encryption:
        result["DeliveryStreamEncryptionConfiguration"] = {"Status": "DISABLED"}
    else:
        encryption.setdefault("Status", "ENABLED")
    for destination in result.get("Destinations", []):
        http = destination.get("HttpEndpointDestinationDescription")
        if http is not None:
            _with_defaults(http, HTTP_ENDPOINT_DEFAULTS)
            if "S3DestinationDescription" in http:
                _with_defaults(http["S3DestinationDescription"], S3_DEFAULTS)
        s3 = destination.get("S3DestinationDescription")
        if s3 is not None:
            _with_defaults(s3, S3_DEFAULTS)
    return result


def _describe_delivery_stream_action(self: FirehoseResponse) -> ActionResult:
    result = original(FirehoseResponse, "describe_delivery_stream")(self)
    body = result.result
    body["DeliveryStreamDescription"] = with_aws_defaults(body["DeliveryStreamDescription"])
    return ActionResult(body)


def install() -> None:
    graft(FirehoseResponse, {"describe_delivery_stream": _describe_delivery_stream_action})
