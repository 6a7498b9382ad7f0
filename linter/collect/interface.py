"""The collection stage's contracts: what a service collector is given and what it records.

A :class:`Collector` reads one AWS service in one Region through the :class:`RegionContext` it
is handed: every call goes through ``ctx.api`` (rate limit, error recording, response
cleaning), every resource and failure goes into ``ctx.sink``, and every ARN that points at
something another service must describe goes into ``ctx.refs``. Collection that cannot even
start (no credentials, unknown Region) raises :class:`CollectorError` (exit code 2); a call that
fails once collection runs never raises: it becomes an ``errors`` entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

from linter.errors import CollectorError

if TYPE_CHECKING:
    from linter.collect.calls import ApiCaller
    from linter.collect.refs import RefBook
    from linter.collect.sink import SnapshotSink
    from linter.redact import Redactor

__all__ = [
    "CollectionError",
    "Collector",
    "CollectorError",
    "ProgressSink",
    "RegionContext",
    "ResourceType",
]


class ResourceType:
    """The snapshot's resource type names (docs/snapshot-format.md)."""

    USER_POOL = "cognito.user_pool"
    IDENTITY_POOL = "cognito.identity_pool"
    LOG_GROUP = "logs.log_group"
    ACCOUNT_POLICY = "logs.account_policy"
    RESOURCE_POLICY = "logs.resource_policy"
    METRIC_STREAM = "cloudwatch.metric_stream"
    DELIVERY_STREAM = "firehose.delivery_stream"
    TRAIL = "cloudtrail.trail"
    BUCKET = "s3.bucket"
    KEY = "kms.key"

    ALL: tuple[str, ...] = (
        USER_POOL,
        IDENTITY_POOL,
        LOG_GROUP,
        ACCOUNT_POLICY,
        RESOURCE_POLICY,
        METRIC_STREAM,
        DELIVERY_STREAM,
        TRAIL,
        BUCKET,
        KEY,
    )


@dataclass(frozen=True)
class CollectionError:
    """One failed call, as the snapshot's ``errors`` list records it.

    ``resource_arn`` None: the listing of ``resource_type`` in ``region`` failed (that type is
    incomplete there). ``resource_arn`` set, ``field`` None: the resource could not be
    described and is absent. Both set: the resource is present without body key ``field``.
    """

    service: str
    operation: str
    region: str | None
    resource_type: str | None
    resource_arn: str | None
    field: str | None
    error_code: str
    message: str
    iam_action: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def short(self) -> str:
        where = f" in {self.region}" if self.region else ""
        return f"{self.service}:{self.operation}{where} ({self.error_code})"


@dataclass
class RegionContext:
    """What a collector needs to read one Region of the account."""

    region: str
    account_id: str
    partition: str
    api: ApiCaller
    sink: SnapshotSink
    refs: RefBook
    redactor: Redactor

    def arn(self, service: str, resource: str, region: str | None = None) -> str:
        """An ARN in this account: ``arn:<partition>:<service>:<region>:<account>:<resource>``."""
        where = self.region if region is None else region
        return f"arn:{self.partition}:{service}:{where}:{self.account_id}:{resource}"

    def envelope(self, rtype: str, arn: str, name: str, **body: Any) -> dict[str, Any]:
        """A resource record: the lower-case envelope around PascalCase body keys."""
        parts = arn.split(":", 5)
        account = parts[4] if len(parts) > 4 and parts[4] else self.account_id
        region = parts[3] if len(parts) > 4 and parts[3] else self.region
        record: dict[str, Any] = {
            "type": rtype,
            "arn": arn,
            "region": region,
            "account_id": account,
            "name": name,
        }
        record.update({k: v for k, v in body.items() if v is not None})
        return record


class Collector(Protocol):
    """Reads one service's Region-level listings; records resources, errors and references."""

    service: str

    def collect(self, ctx: RegionContext) -> None: ...


class ProgressSink(Protocol):
    """Where the runner reports progress (the CLI shows it on stderr; libraries pass None)."""

    def started(self, regions: Sequence[str]) -> None: ...

    def region_finished(self, region: str, calls: int, failed: int) -> None: ...

    def phase(self, text: str) -> None: ...

    def call_made(self) -> None: ...


class NullProgress:
    def started(self, regions: Sequence[str]) -> None:
        pass

    def region_finished(self, region: str, calls: int, failed: int) -> None:
        pass

    def phase(self, text: str) -> None:
        pass

    def call_made(self) -> None:
        pass
