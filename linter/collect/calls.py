"""Every AWS call the collector makes goes through :class:`ApiCaller`.

It gets the client for (service, Region), sends the call (Cognito reads pass the rate limiter
first, retries included), and turns the outcome into a :class:`Result`:

- success: the response without ``ResponseMetadata``, timestamps as ISO 8601 UTC strings;
- one of the "not found" codes the caller names: :attr:`Outcome.NOT_FOUND`, nothing recorded
  (the resource does not exist — e.g. a referenced Firehose stream that was deleted);
- anything else (``ClientError`` such as AccessDenied or throttling past the retries,
  connection errors, a mock server's "not implemented", any other exception raised from
  inside the client call): :attr:`Outcome.FAILED`, and one ``errors`` entry with the service,
  operation, Region, resource and IAM action (one per resource when the answer belongs to
  several: ``resource_arns``). The run goes on.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from linter import __version__
from linter.collect.interface import CollectionError, ProgressSink
from linter.collect.ratelimit import OPERATION_CATEGORY, RateLimiter
from linter.collect.sink import SnapshotSink

log = logging.getLogger("linter.collect")

DEFAULT_MAX_ATTEMPTS = 6
MAX_MESSAGE = 500

IAM_ACTIONS: dict[tuple[str, str], str] = {
    ("s3", "GetBucketNotificationConfiguration"): "s3:GetBucketNotification",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
}
"""The IAM action of an operation, where it is not ``<service>:<operation>`` (S3 names some
permissions after older APIs; the Service Authorization Reference lists them)."""


def iam_action(service: str, operation: str) -> str:
    return IAM_ACTIONS.get((service, operation), f"{service}:{operation}")


def client_config(region: str) -> Config:
    """Adaptive retries; ``AWS_MAX_ATTEMPTS`` (read by botocore) wins when it is set."""
    retries: dict[str, Any] = {"mode": "adaptive"}
    if not os.environ.get("AWS_MAX_ATTEMPTS"):
        retries["max_attempts"] = DEFAULT_MAX_ATTEMPTS
    return Config(
        region_name=region,
        retries=retries,  # type: ignore[arg-type]
        user_agent_extra=f"cognito-lint/{__version__}",
        connect_timeout=10,
        read_timeout=30,
        max_pool_connections=4,
    )


class ClientPool:
    """One boto3 client per (service, Region), created once under a lock (sessions are not
    thread-safe; clients are). Cognito clients get the rate limiter on ``before-send``, so
    botocore's retries wait for a token too."""

    def __init__(self, session: boto3.Session, limiter: RateLimiter) -> None:
        self._session = session
        self._limiter = limiter
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str], Any] = {}

    def get(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._session.client(
                    service, region_name=region, config=client_config(region)
                )  # type: ignore[call-overload]
                if any(s == service for s, _ in OPERATION_CATEGORY):
                    service_id = client.meta.service_model.service_id.hyphenize()
                    client.meta.events.register(
                        f"before-send.{service_id}", self._limit_handler(service, region)
                    )
                if service == "s3control":
                    client.meta.events.register("before-sign.s3-control", drop_account_label)
                self._clients[key] = client
            return client

    def _limit_handler(self, service: str, region: str) -> Callable[..., None]:
        limiter = self._limiter

        def before_send(event_name: str = "", **_: Any) -> None:
            operation = event_name.rsplit(".", 1)[-1]
            limiter.acquire_for(region, service, operation)

        return before_send


def drop_account_label(request: Any = None, **_: Any) -> None:
    """S3 Control puts the account id in front of the endpoint's host
    (``123456789012.s3-control.us-east-1.amazonaws.com``), a custom endpoint's
    (``AWS_ENDPOINT_URL``) too. In front of an IP address or ``localhost`` (a moto server) that
    name cannot resolve, so there the label is left off: the account id also travels in the
    ``x-amz-account-id`` header. Every other host, AWS's own included, is left as it is."""
    if request is None:
        return
    parts = urlsplit(request.url)
    label, _dot, rest = (parts.hostname or "").partition(".")
    if not label.isdigit() or not _bare_host(rest):
        return
    request.url = urlunsplit(parts._replace(netloc=parts.netloc.replace(f"{label}.", "", 1)))


def _bare_host(host: str) -> bool:
    """An IP address or ``localhost``: a host name that takes no label in front of it."""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Outcome(str, Enum):
    OK = "ok"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    REFUSED = "refused"
    """An error code the caller named as an answer (``answers``), not a failure."""


@dataclass
class Result:
    outcome: Outcome
    data: dict[str, Any] = field(default_factory=dict)
    error: CollectionError | None = None
    """The ``errors`` entry recorded for a failure (the first, with ``resource_arns``); for
    ``REFUSED``, the entry a failure would have recorded (it is not recorded)."""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


NextPage = Callable[[dict[str, Any], dict[str, Any]], "dict[str, Any] | None"]
"""Given the request params and the cleaned response, the params of the next page (or None)."""


def next_token(in_key: str, out_key: str | None = None) -> NextPage:
    """Paging by an opaque token (``NextToken``/``nextToken``)."""

    def step(params: dict[str, Any], response: dict[str, Any]) -> dict[str, Any] | None:
        token = response.get(out_key or in_key)
        return {**params, in_key: token} if token else None

    return step


def start_after(
    more_key: str, in_key: str, last: Callable[[dict[str, Any]], str | None]
) -> NextPage:
    """Firehose-style paging: ``HasMore…`` plus "exclusive start" = the last item seen."""

    def step(params: dict[str, Any], response: dict[str, Any]) -> dict[str, Any] | None:
        if not response.get(more_key):
            return None
        key = last(response)
        return {**params, in_key: key} if key else None

    return step


class Cancelled(Exception):
    """Raised in a worker when the run was cancelled (Ctrl-C, or another worker's bug)."""


class ApiCaller:
    def __init__(self, clients: ClientPool, sink: SnapshotSink, progress: ProgressSink) -> None:
        self.clients = clients
        self.sink = sink
        self.progress = progress
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self.calls: Counter[tuple[str, str]] = Counter()
        self.calls_by_region: Counter[str] = Counter()
        self.failures_by_region: Counter[str] = Counter()
        self.failures: Counter[tuple[str, str, str]] = Counter()
        """Failed calls by (service, operation, error code): one call may have several
        ``errors`` entries (``resource_arns``), so the entries do not count calls."""

    def call(
        self,
        service: str,
        region: str,
        operation: str,
        params: dict[str, Any] | None = None,
        *,
        resource_type: str | None,
        resource_arn: str | None = None,
        resource_arns: Sequence[str] = (),
        field: str | None = None,
        not_found: frozenset[str] | set[str] = frozenset(),
        answers: frozenset[str] | set[str] = frozenset(),
        note: str | None = None,
    ) -> Result:
        """One call. ``note`` is appended to a failure's message (which resource it was for,
        when the entry's ARN cannot say it). ``resource_arns`` (instead of ``resource_arn``):
        the answer belongs to each of these resources, so a failure is one ``errors`` entry
        per resource, each with ``field``. ``answers``: error codes that answer the caller's
        question (S3 refusing ``ExpectedBucketOwner`` says who owns a bucket): returned as
        ``REFUSED`` with the entry a failure would have had, neither recorded nor counted as
        a failure; the caller decides what they mean."""
        if resource_arn is not None and resource_arns:
            raise ValueError("resource_arn and resource_arns are exclusive")
        if self._cancelled.is_set():
            raise Cancelled(f"{service}:{operation} in {region}: the run was cancelled")
        params = dict(params or {})
        client = self.clients.get(service, region)
        with self._lock:
            self.calls[(service, operation)] += 1
            self.calls_by_region[region] += 1
        self.progress.call_made()
        log.debug("%s %s:%s %s", region, service, operation, _describe_params(params))
        try:
            response = getattr(client, xform_name(operation))(**params)
        except Exception as e:  # any failure of the call itself is recorded
            code, message = failure(e)
            if note:
                message = f"{message} [{note}]"
            if code in not_found:
                log.debug("%s %s:%s: %s (not found)", region, service, operation, code)
                return Result(Outcome.NOT_FOUND)
            arns: list[str | None] = list(resource_arns) or [resource_arn]
            entries = [
                CollectionError(
                    service=service,
                    operation=operation,
                    region=region,
                    resource_type=resource_type,
                    resource_arn=arn,
                    field=field,
                    error_code=code,
                    message=message,
                    iam_action=iam_action(service, operation),
                )
                for arn in arns
            ]
            if code in answers:
                log.debug("%s %s:%s: %s (an answer)", region, service, operation, code)
                return Result(Outcome.REFUSED, error=entries[0])
            with self._lock:
                self.failures_by_region[region] += 1
                self.failures[(service, operation, code)] += 1
            log.info("%s %s:%s failed: %s: %s", region, service, operation, code, message)
            for entry in entries:
                self.sink.error(entry)
            return Result(Outcome.FAILED, error=entries[0])
        response.pop("ResponseMetadata", None)
        return Result(Outcome.OK, clean(response))

    def items(
        self,
        service: str,
        region: str,
        operation: str,
        params: dict[str, Any],
        *,
        items_key: str,
        next_page: NextPage,
        resource_type: str | None,
        resource_arn: str | None = None,
        field: str | None = None,
        until: Callable[[list[Any]], bool] | None = None,
        note: str | None = None,
    ) -> tuple[list[Any], bool]:
        """All items of a paged listing, one call per page. Returns (items, complete): a page
        that fails ends the listing (its error is recorded) and the items so far are kept.
        ``until(items)`` may end the listing early once the caller has what it needs."""
        collected: list[Any] = []
        page_params: dict[str, Any] | None = dict(params)
        while page_params is not None:
            result = self.call(
                service,
                region,
                operation,
                page_params,
                resource_type=resource_type,
                resource_arn=resource_arn,
                field=field,
                note=note,
            )
            if not result.ok:
                return collected, False
            collected.extend(result.data.get(items_key) or [])
            if until is not None and until(collected):
                break
            page_params = next_page(page_params, result.data)
        return collected, True

    def cancel(self) -> None:
        """Make every later call raise :class:`Cancelled`."""
        self._cancelled.set()

    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())


def _describe_params(params: dict[str, Any]) -> str:
    shown = {k: v for k, v in params.items() if k not in {"NextToken", "nextToken"}}
    return " ".join(f"{k}={v}" for k, v in shown.items())


_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def failure(e: BaseException) -> tuple[str, str]:
    """(error code, one-line message) for a failed call."""
    if isinstance(e, ClientError):
        err = e.response.get("Error") or {}
        code = str(
            err.get("Code")
            or e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            or "Unknown"
        )
        message = str(err.get("Message") or e)
        if code.isdigit():
            code = f"HTTP{code}"
    elif isinstance(e, NotImplementedError):
        code, message = "NotImplemented", str(e) or "not implemented by the endpoint"
    elif isinstance(e, BotoCoreError):
        code, message = type(e).__name__, str(e)
    else:  # the endpoint (or a mock of it) broke in a way botocore did not classify
        code, message = type(e).__name__, str(e) or type(e).__name__
    message = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", message))).strip()
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 3] + "..."
    return code, message or code


def iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def clean(value: Any) -> Any:
    """Timestamps to ISO 8601 UTC strings; everything else unchanged (a copy)."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value
