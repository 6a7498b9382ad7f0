"""S3 bucket notifications as AWS answers and checks them.

Corrected behaviour:

* ``GetBucketNotificationConfiguration`` reports filter rule names as AWS does, ``Prefix`` and
  ``Suffix`` (whatever case they were put in; aws/aws-sdk#389), and reports an
  ``EventBridgeConfiguration`` that was put (moto dropped it).
* ``PutBucketNotificationConfiguration`` accepts ``Prefix``/``Suffix`` as well as
  ``prefix``/``suffix`` (moto refused the capitalised names with an internal error).
* It validates SNS destinations the way S3 does before it stores anything: the topic must
  exist, be in the bucket's Region ("The Amazon SNS topic must be in the same Region as your
  Amazon S3 bucket") and its access policy must let S3 publish (an ``Allow`` of
  ``SNS:Publish`` to the ``s3.amazonaws.com`` service principal or to everyone; conditions
  such as ``aws:SourceArn`` are not evaluated). Otherwise ``InvalidArgument`` "Unable to
  validate the following destination configurations", and the bucket keeps its previous
  configuration (moto stored the new one before its own Region check failed).
* ``GetPublicAccessBlock`` honours ``ExpectedBucketOwner`` (the ``x-amz-expected-bucket-owner``
  header) as S3 does: a bucket of another account is refused with ``AccessDenied`` (moto
  ignored it and answered for any account's bucket).

Public access blocks, bucket locations and ``NoSuchPublicAccessBlockConfiguration`` are moto's
own and match AWS, and so are S3 Control's account-level Get/Put/DeletePublicAccessBlock (its
``NoSuchPublicAccessBlockConfiguration`` when the account has none, ``AccessDenied`` for
another account's id).
"""

from __future__ import annotations

import json
from typing import Any

import xmltodict
from moto.core.responses import ActionResult
from moto.s3.exceptions import InvalidArgumentError, S3AccessDeniedError
from moto.s3.models import FakeBucket, S3Backend
from moto.s3.responses import S3Response
from moto.sns.models import sns_backends

from ._graft import graft, original

_RULE_NAMES = {"prefix": "Prefix", "suffix": "Suffix"}
_PUBLISH_ACTIONS = {"sns:publish", "sns:*", "*"}
NOT_VALIDATED = "Unable to validate the following destination configurations"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _normalise_filter_names(config: dict[str, Any]) -> None:
    """Lower-case FilterRule names in a parsed ``NotificationConfiguration`` (moto's form)."""
    for key, value in config.items():
        if not key.endswith("Configuration") or key == "EventBridgeConfiguration":
            continue
        for item in _as_list(value):
            s3_key = ((item or {}).get("Filter") or {}).get("S3Key") or {}
            for rule in _as_list(s3_key.get("FilterRule")):
                if isinstance(rule, dict) and isinstance(rule.get("Name"), str):
                    rule["Name"] = rule["Name"].lower()


def _notification_config_from_body(self: S3Response) -> dict[str, Any]:
    body = self.body.decode("utf-8") if isinstance(self.body, bytes) else self.body
    if body:
        parsed = xmltodict.parse(body)
        config = parsed.get("NotificationConfiguration")
        if isinstance(config, dict):
            _normalise_filter_names(config)
            self.body = xmltodict.unparse(parsed)
    result: dict[str, Any] = original(S3Response, "_notification_config_from_body")(self)
    return result


def _topic_allows_s3(policy: dict[str, Any], topic_arn: str) -> bool:
    for statement in _as_list(policy.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = {str(a).lower() for a in _as_list(statement.get("Action"))}
        if not actions & _PUBLISH_ACTIONS:
            continue
        resources = [str(r) for r in _as_list(statement.get("Resource", "*"))]
        if "*" not in resources and topic_arn not in resources:
            continue
        principal = statement.get("Principal")
        if principal == "*":
            return True
        if isinstance(principal, dict):
            if "s3.amazonaws.com" in _as_list(principal.get("Service")):
                return True
            # The default topic policy (everyone, limited by AWS:SourceOwner) does not let
            # S3 publish; an unconditioned "AWS": "*" does.
            if "*" in _as_list(principal.get("AWS")) and not statement.get("Condition"):
                return True
    return False


def _topic_problem(bucket: FakeBucket, topic_arn: str) -> str | None:
    parts = topic_arn.split(":")
    if len(parts) < 6:
        return "The ARN is not well formed"
    region, account = parts[3], parts[4]
    if region != bucket.region_name:
        return "The destination topic must be in the same Region as the bucket"
    topic = sns_backends[account][region].topics.get(topic_arn)
    if topic is None:
        return "The destination topic does not exist"
    try:
        policy = json.loads(topic.policy)
    except ValueError:
        policy = {}
    if not _topic_allows_s3(policy, topic_arn):
        return ("Permissions on the destination topic do not allow S3 to publish "
                "notifications from this bucket")
    return None


def _put_bucket_notification_configuration(
    self: S3Backend, bucket_name: str, notification_config: dict[str, Any]
) -> None:
    bucket = self.get_bucket(bucket_name)
    for topic in _as_list((notification_config or {}).get("TopicConfiguration")):
        arn = str(topic.get("Topic", ""))
        problem = _topic_problem(bucket, arn)
        if problem is not None:
            raise InvalidArgumentError(NOT_VALIDATED, arn, problem)
    previous = bucket.notification_configuration
    try:
        original(S3Backend, "put_bucket_notification_configuration")(
            self, bucket_name, notification_config
        )
    except Exception:
        bucket.notification_configuration = previous
        raise


def _rules_as_aws_reports(config: dict[str, Any]) -> None:
    for key in ("TopicConfigurations", "QueueConfigurations", "LambdaFunctionConfigurations"):
        for item in config.get(key) or []:
            rules = ((item.get("Filter") or {}).get("Key") or {}).get("FilterRules") or []
            for rule in rules:
                name = str(rule.get("Name", ""))
                rule["Name"] = _RULE_NAMES.get(name.lower(), name)


def _get_bucket_notification(self: S3Response) -> Any:
    configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
    if configuration is None:  # moto's own empty answer (and its NoSuchBucket)
        return original(S3Response, "get_bucket_notification")(self)
    body: dict[str, Any] = {}
    for key, attr, arn_key in (
        ("TopicConfigurations", "topic", "TopicArn"),
        ("QueueConfigurations", "queue", "QueueArn"),
        ("LambdaFunctionConfigurations", "cloud_function", "LambdaFunctionArn"),
    ):
        items = []
        for item in getattr(configuration, attr):
            entry: dict[str, Any] = {"Id": item.id, arn_key: item.arn, "Events": item.events}
            if item.filters:
                entry["Filter"] = {
                    "Key": {"FilterRules": [dict(r) for r in
                                            _as_list(item.filters["S3Key"]["FilterRule"])]}
                }
            items.append(entry)
        if items:
            body[key] = items
    _rules_as_aws_reports(body)
    if configuration.event_bridge is not None:
        body["EventBridgeConfiguration"] = {}
    self.data["Action"] = "GetBucketNotificationConfiguration"
    return self.serialized(ActionResult(body))


def _get_public_access_block(self: S3Response) -> Any:
    expected = self.headers.get("x-amz-expected-bucket-owner")
    if expected:
        bucket = self.backend.get_bucket(self.bucket_name)  # moto's NoSuchBucket first
        if bucket.account_id != expected:
            raise S3AccessDeniedError()
    return original(S3Response, "get_public_access_block")(self)


def install() -> None:
    graft(
        S3Response,
        {
            "_notification_config_from_body": _notification_config_from_body,
            "get_bucket_notification": _get_bucket_notification,
            "get_public_access_block": _get_public_access_block,
        },
    )
    graft(S3Backend, {"put_bucket_notification_configuration":
                      _put_bucket_notification_configuration})
