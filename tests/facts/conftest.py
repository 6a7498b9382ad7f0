"""Builders for the facts tests: small snapshot documents, their index and a FactContext."""

from __future__ import annotations

from typing import Any

import pytest

from linter.facts import FactContext
from linter.snapshot import RESOURCE_TYPES
from linter.snapshot.index import SnapshotIndex

ACCOUNT = "111122223333"
REGION = "us-east-1"
ALL_TYPES = list(RESOURCE_TYPES)


class Snap:
    """A snapshot under construction: ``add`` resources, ``error`` collection errors, then
    ``ctx()`` for a FactContext over it."""

    def __init__(self) -> None:
        self.doc: dict[str, Any] = {
            "schema_version": "1.0",
            "metadata": {
                "tool": {"name": "cognito-lint", "version": "0.1.0"},
                "source": {"kind": "fixture", "path": None},
                "account_id": ACCOUNT,
                "partition": "aws",
                "regions": [REGION, "eu-west-1"],
                "started_at": "2026-11-26T22:00:00Z",
                "finished_at": "2026-11-26T22:00:05Z",
                "principal_arn": None,
                "collected_types": list(ALL_TYPES),
            },
            "resources": {},
            "errors": [],
        }

    def add(self, rtype: str, arn: str, name: str = "", region: str = REGION,
            **body: Any) -> dict[str, Any]:
        res = {"type": rtype, "arn": arn, "region": region, "account_id": ACCOUNT,
               "name": name or arn.rsplit("/", 1)[-1].rsplit(":", 1)[-1], **body}
        self.doc["resources"].setdefault(rtype, []).append(res)
        return res

    def error(self, *, operation: str = "Op", service: str = "svc", region: str | None = REGION,
              resource_type: str | None = None, resource_arn: str | None = None,
              field: str | None = None, code: str = "AccessDeniedException") -> None:
        self.doc["errors"].append({
            "service": service, "operation": operation, "region": region,
            "resource_type": resource_type, "resource_arn": resource_arn, "field": field,
            "error_code": code, "message": "denied",
        })

    def ctx(self) -> FactContext:
        return FactContext(SnapshotIndex(self.doc))

    # -- shapes ---------------------------------------------------------------------------
    def pool(self, pid: str = "us-east-1_Abc", region: str = REGION, confs: Any = None,
             **user_pool: Any) -> dict[str, Any]:
        arn = f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{pid}"
        body: dict[str, Any] = {"UserPool": {"Id": pid, "Arn": arn, "Name": pid, **user_pool}}
        if confs is not None:
            body["LogDeliveryConfiguration"] = {"UserPoolId": pid, "LogConfigurations": confs}
        return self.add("cognito.user_pool", arn, pid, region, **body)

    def log_group(self, name: str, region: str = REGION, filters: Any = (),
                  **log_group: Any) -> dict[str, Any]:
        arn = f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"
        body: dict[str, Any] = {"LogGroup": {"logGroupName": name, "logGroupArn": arn,
                                             "arn": arn + ":*", **log_group}}
        if filters is not None:
            body["SubscriptionFilters"] = list(filters)
        return self.add("logs.log_group", arn, name, region, **body)

    def firehose(self, name: str, region: str = REGION, url: str | None = None,
                 logging: Any = None, **desc: Any) -> dict[str, Any]:
        arn = firehose_arn(name, region)
        dests: list[dict[str, Any]] = []
        if url is not None:
            http: dict[str, Any] = {"EndpointConfiguration": {"Url": url, "Name": "sumo"}}
            if logging is not None:
                http["CloudWatchLoggingOptions"] = logging
            dests.append({"DestinationId": "destinationId-000000000001",
                          "HttpEndpointDestinationDescription": http})
        body = {"DeliveryStreamName": name, "DeliveryStreamARN": arn,
                "DeliveryStreamStatus": "ACTIVE", "DeliveryStreamType": "DirectPut",
                "Destinations": dests, **desc}
        return self.add("firehose.delivery_stream", arn, name, region,
                        DeliveryStreamDescription=body)

    def metric_stream(self, name: str, region: str = REGION, **body: Any) -> dict[str, Any]:
        arn = f"arn:aws:cloudwatch:{region}:{ACCOUNT}:metric-stream/{name}"
        return self.add("cloudwatch.metric_stream", arn, name, region,
                        MetricStream={"Arn": arn, "Name": name, "State": "running", **body})

    def trail(self, name: str, region: str = REGION, *, status: Any = None,
              selectors: Any = None, **trail: Any) -> dict[str, Any]:
        arn = f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}"
        body: dict[str, Any] = {"Trail": {"Name": name, "TrailARN": arn, "HomeRegion": region,
                                          **trail}}
        if status is not None:
            body["Status"] = status
        if selectors is not None:
            body["Selectors"] = selectors
        return self.add("cloudtrail.trail", arn, name, region, **body)


def firehose_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{name}"


def log_group_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"


@pytest.fixture
def snap() -> Snap:
    return Snap()
