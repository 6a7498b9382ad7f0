"""Test doubles for the collector tests: a recorder of the collector's AWS calls (checked
against the shipped IAM policy) and ``Faults``, which make chosen calls fail (or answer them)
the way AWS would, through botocore's own event hooks."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore.handlers
from botocore.awsrequest import AWSResponse

REPO = Path(__file__).resolve().parents[2]
POLICY_PATH = REPO / "sample_configs" / "iam-policy.json"

# Operations are named by the boto3 service name, which differs from the endpoint prefix only
# for CloudWatch and S3 Control.
SERVICE_NAME = {"monitoring": "cloudwatch", "s3-control": "s3control"}
# Operations whose IAM action has another name (the Service Authorization Reference's "Actions
# defined by Amazon S3" table; S3 Control's actions are in the s3 namespace): written out here,
# independently of the collector's own table.
IAM_ACTION_NAME = {
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
}

# Calls made by the *source* principal before the audited role is in use (--role-arn); they
# are not part of the audited role's policy (docs/collection.md says so).
SOURCE_PRINCIPAL_CALLS = {"sts:AssumeRole"}

READ_ONLY_VERBS = ("List", "Describe", "Get")


def policy_actions() -> set[str]:
    doc = json.loads(POLICY_PATH.read_text())
    actions: set[str] = set()
    for statement in doc["Statement"]:
        assert statement["Effect"] == "Allow"
        assert statement["Resource"] == "*"
        actions.update(statement["Action"])
    return actions


def operation(model: Any) -> str:
    """``<service>:<operation name>``, e.g. ``cloudwatch:GetMetricStream``,
    ``s3control:GetPublicAccessBlock``."""
    prefix = model.service_model.endpoint_prefix
    return f"{SERVICE_NAME.get(prefix, prefix)}:{model.name}"


def iam_action(op: str) -> str:
    """The IAM action that allows the operation ``op`` (as :func:`operation` names it)."""
    return IAM_ACTION_NAME.get(op, op)


@dataclass
class CallRecorder:
    calls: Counter[str] = field(default_factory=Counter)
    """By operation (``s3:GetPublicAccessBlock``); :func:`iam_action` gives the permission."""

    def handler(self, model: Any = None, context: Any = None, **_: Any) -> None:
        config = (context or {}).get("client_config")
        agent = getattr(config, "user_agent_extra", None) or ""
        if "cognito-lint/" in agent:
            self.calls[operation(model)] += 1

    def reset(self) -> None:
        self.calls.clear()


def install_builtin(event: str, handler: Callable[..., Any]) -> Callable[[], None]:
    """Register on every botocore session created from now on (sessions copy this list)."""
    entry = (event, handler)
    botocore.handlers.BUILTIN_HANDLERS.append(entry)

    def remove() -> None:
        botocore.handlers.BUILTIN_HANDLERS.remove(entry)

    return remove


def check_against_policy(recorder: CallRecorder) -> None:
    allowed = policy_actions()
    made = {iam_action(op) for op in recorder.calls} - SOURCE_PRINCIPAL_CALLS
    missing = sorted(made - allowed)
    assert not missing, f"calls not in sample_configs/iam-policy.json: {missing}"
    writes = sorted(a for a in made if not a.split(":", 1)[1].startswith(READ_ONLY_VERBS))
    assert not writes, f"the collector made calls that are not read-only: {writes}"


@contextmanager
def recording() -> Iterator[CallRecorder]:
    """Record the collector's calls; on exit, check them against the IAM policy."""
    recorder = CallRecorder()
    remove = install_builtin("provide-client-params", recorder.handler)
    try:
        yield recorder
    finally:
        remove()
    check_against_policy(recorder)


@dataclass
class Fault:
    service_id: str
    operation: str
    code: str
    message: str
    status: int
    when: Callable[[dict[str, Any]], bool] | None
    answer: dict[str, Any] | None = None
    exception: BaseException | None = None
    region: str | None = None
    hits: int = 0


class Faults:
    """Make chosen calls fail as AWS would (or answer them):
    ``faults.add("cloudwatch-logs", "DescribeLogGroups", "AccessDeniedException")``.
    ``service_id`` is botocore's hyphenized service id."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        service_id: str,
        operation: str,
        code: str = "AccessDeniedException",
        message: str = "User is not authorized to perform this action",
        *,
        status: int = 400,
        when: Callable[[dict[str, Any]], bool] | None = None,
        region: str | None = None,
    ) -> Fault:
        """Fail the call (only in ``region``, only when ``when(request params)``, if given)."""
        fault = Fault(service_id, operation, code, message, status, when, region=region)
        self._faults.append(fault)
        return fault

    def raise_(
        self,
        service_id: str,
        operation: str,
        exception: BaseException,
        *,
        region: str | None = None,
    ) -> Fault:
        """Make the call raise ``exception`` (e.g. botocore's EndpointConnectionError)."""
        fault = Fault(service_id, operation, "", "", 0, None, exception=exception, region=region)
        self._faults.append(fault)
        return fault

    def answer(
        self,
        service_id: str,
        operation: str,
        response: dict[str, Any],
        *,
        when: Callable[[dict[str, Any]], bool] | None = None,
        region: str | None = None,
    ) -> Fault:
        """Answer a call with ``response`` (a parsed success) instead of the mock's."""
        fault = Fault(service_id, operation, "", "", 200, when, answer=response, region=region)
        self._faults.append(fault)
        return fault

    def handler(self, model: Any = None, params: Any = None, context: Any = None, **_: Any) -> Any:
        service_id = model.service_model.service_id.hyphenize()
        region = (context or {}).get("client_region")
        for fault in self._faults:
            if fault.service_id != service_id or fault.operation != model.name:
                continue
            if fault.region is not None and fault.region != region:
                continue
            if fault.when is not None and not fault.when(_request_params(params or {})):
                continue
            fault.hits += 1
            if fault.exception is not None:
                raise fault.exception
            http = AWSResponse("https://fault.invalid/", fault.status, {}, None)
            if fault.answer is not None:
                return http, {**fault.answer, "ResponseMetadata": {"HTTPStatusCode": 200}}
            parsed = {
                "Error": {"Code": fault.code, "Message": fault.message},
                "ResponseMetadata": {"HTTPStatusCode": fault.status},
            }
            return http, parsed
        return None


def _request_params(request: dict[str, Any]) -> dict[str, Any]:
    """The request's parameters (JSON protocols) for ``when`` predicates, plus ``url`` (REST
    protocols such as S3 carry the bucket there)."""
    body = request.get("body")
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    parsed: Any = {}
    if isinstance(body, str) and body.startswith("{"):
        parsed = json.loads(body)
    elif isinstance(body, dict):
        parsed = body
    out = dict(parsed) if isinstance(parsed, dict) else {}
    out.setdefault("url", str(request.get("url") or ""))
    return out
