"""A moto extension for the AWS APIs cognito-lint reads that moto 5.2.5 lacks or gets wrong.

It lives inside moto's own machinery: backend methods and per-backend state are added to
moto's backend classes, and actions to moto's ``*Response`` classes (moto dispatches an
action to the method named ``camelcase_to_underscores(action)``). boto3 therefore reaches it
over moto's normal request path, in-process under ``moto.mock_aws()`` and through a moto
server started in a process where :func:`install` ran (``ThreadedMotoServer``, or
``python -m linter.mockaws.server``).

========================  ====================================================================
module                    what it adds or corrects
========================  ====================================================================
:mod:`.cognito`           Get/SetLogDeliveryConfiguration, Describe/SetRiskConfiguration;
                          DescribeUserPool tier/deletion-protection/MFA; pool validation;
                          email/WebAuthn MFA settings
:mod:`.cloudwatch`        Put/Get/List/DeleteMetricStream, Start/StopMetricStreams
:mod:`.logs`              Put/Describe/DeleteAccountPolicy; resource policies with
                          policyScope/resourceArn; DescribeLogGroups identifiers, pattern and
                          class
:mod:`.cloudtrail`        selectors replace each other; default selectors;
                          HasCustomEventSelectors; shadow-trail lookups by ARN; KmsKeyId
                          checked and reported as the key's ARN
:mod:`.firehose`          the defaults AWS reports in DescribeDeliveryStream
:mod:`.s3`                notification filter rule names (Prefix/Suffix), EventBridge
                          configuration, SNS destination validation; GetPublicAccessBlock
                          honours ExpectedBucketOwner
:mod:`.kms`               GetKeyPolicy PolicyName; KeyUsage/MultiRegion defaults
========================  ====================================================================
"""

from __future__ import annotations

import threading

from . import _signing_key, cloudtrail, cloudwatch, cognito, firehose, kms, logs, s3

__all__ = ["install", "is_installed"]

_lock = threading.Lock()
_installed = False


def install() -> None:
    """Install the extension into moto. Idempotent; safe before or after ``mock_aws()`` starts.

    Backends that already exist get the extension state on first use; their existing data
    (pools, log groups, trails, streams) is kept.
    """
    global _installed
    with _lock:
        _signing_key.install()
        cognito.install()
        cloudwatch.install()
        logs.install()
        cloudtrail.install()
        firehose.install()
        s3.install()
        kms.install()
        _installed = True


def is_installed() -> bool:
    """Whether :func:`install` ran in this process."""
    return _installed
