"""Facts about CloudTrail trails: which Cognito events they record, where, and how fresh their
delivery is (domain-facts §5, §7.16-§7.18)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from linter.facts._common import (
    BOOLEAN,
    NULLABLE_STRING,
    NUMBER,
    STRING,
    STRING_LIST,
    arn_parts,
    list_of,
    obj,
)
from linter.facts.registry import FactContext, FactUnknown, fact
from linter.snapshot.index import Resource

TRAIL = "cloudtrail.trail"
USER_POOL = "cognito.user_pool"
IDENTITY_POOL = "cognito.identity_pool"

_OPERATORS = ("Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith")


def field_selector_matches(selector: dict[str, Any], value: str | None) -> bool:
    """Whether one advanced field selector admits ``value`` (None: the event has no such
    field). The operators of one field selector are ANDed; the values of ``Equals``,
    ``StartsWith`` and ``EndsWith`` are ORed; the ``Not*`` operators require that no value
    matches (domain-facts §5.1)."""
    for op in _OPERATORS:
        values = selector.get(op)
        if values is None:
            continue
        values = [v for v in values if isinstance(v, str)]
        if value is None:
            if not op.startswith("Not"):
                return False
            continue
        if op == "Equals":
            ok = value in values
        elif op == "StartsWith":
            ok = any(value.startswith(v) for v in values)
        elif op == "EndsWith":
            ok = any(value.endswith(v) for v in values)
        elif op == "NotEquals":
            ok = value not in values
        elif op == "NotStartsWith":
            ok = not any(value.startswith(v) for v in values)
        else:
            ok = not any(value.endswith(v) for v in values)
        if not ok:
            return False
    return True


def _advanced_admits(selector: dict[str, Any], event: dict[str, str]) -> bool:
    """All field selectors of one advanced selector admit ``event``. A field the event does not
    model (e.g. ``eventName``) can narrow what is recorded, so it never counts as admitting all
    events: the selector is then not counted."""
    for fs in selector.get("FieldSelectors") or []:
        if not isinstance(fs, dict):
            continue
        name = fs.get("Field")
        if name not in event:
            return False
        value = event[name]
        if name == "readOnly":
            fs = {k: ([str(x).lower() for x in v] if k in _OPERATORS and isinstance(v, list) else v)
                  for k, v in fs.items()}
        if not field_selector_matches(fs, value):
            return False
    return True


def _selectors(ctx: FactContext, trail: Resource) -> dict[str, Any] | None:
    sel = ctx.body(trail, "Selectors")
    return sel if isinstance(sel, dict) else None


def management_events_of(selectors: dict[str, Any], source: str) -> dict[str, bool]:
    advanced = [s for s in selectors.get("AdvancedEventSelectors") or [] if isinstance(s, dict)]
    if advanced:
        out = {}
        for key, ro in (("read", "true"), ("write", "false")):
            event = {"eventCategory": "Management", "eventSource": source, "readOnly": ro}
            out[key] = any(_advanced_admits(s, event) for s in advanced)
        return out
    basic = [s for s in selectors.get("EventSelectors") or [] if isinstance(s, dict)]
    if not basic:  # no selectors at all: CloudTrail's default selector (All management events)
        basic = [{"ReadWriteType": "All", "IncludeManagementEvents": True}]
    read = write = False
    for s in basic:
        if s.get("IncludeManagementEvents", True) is False:
            continue
        if source in (s.get("ExcludeManagementEventSources") or []):
            continue
        rwt = s.get("ReadWriteType") or "All"
        read = read or rwt in ("All", "ReadOnly")
        write = write or rwt in ("All", "WriteOnly")
    return {"read": read, "write": write}


@fact(
    "management_events",
    resource_types=TRAIL,
    args={"source": STRING},
    returns=obj(read=BOOLEAN, write=BOOLEAN),
)
def management_events(ctx: FactContext, trail: Resource, source: str) -> dict[str, bool] | None:
    """Whether the trail's event selectors record management events from event source
    ``source`` (e.g. ``cognito-idp.amazonaws.com``): ``{read, write}`` for ``readOnly=true`` and
    ``readOnly=false`` events (domain-facts §5.1, §5.2, §7.16, §7.17).

    - **Advanced selectors** (``Selectors.AdvancedEventSelectors``, used when present): the
      selectors are ORed, the field selectors inside one are ANDed, and all six operators
      (``Equals``, ``StartsWith``, ``EndsWith``, ``NotEquals``, ``NotStartsWith``,
      ``NotEndsWith``) are evaluated on the event ``{eventCategory: Management, eventSource:
      source, readOnly: "true"|"false"}``. A field selector on any other field (``eventName``,
      ``userIdentity.arn``, …) narrows the selector, which then does not count.
    - **Basic selectors** (``Selectors.EventSelectors``): ``IncludeManagementEvents`` (default
      true), ``ReadWriteType`` (default ``All``; ``ReadOnly`` gives read, ``WriteOnly`` write;
      ORed over selectors) and ``ExcludeManagementEventSources``.
    - No selectors at all: CloudTrail's default selector, all management events.

    Only the selectors are read: whether the trail is logging and covers a Region is
    ``covers_region``. Missing when ``Selectors`` is absent; unknown when ``GetEventSelectors``
    failed."""
    sel = _selectors(ctx, trail)
    if sel is None:
        return None
    return management_events_of(sel, source)


@fact("covers_region", resource_types=TRAIL, args={"region": STRING}, returns=BOOLEAN)
def covers_region(ctx: FactContext, trail: Resource, region: str) -> bool | None:
    """Whether the trail records events of ``region``: ``Status.IsLogging`` and
    (``Trail.IsMultiRegionTrail`` or ``Trail.HomeRegion == region``) (domain-facts §5.2, §7.17,
    §7.18). Cognito is regional, so a single-Region trail in the pool's Region suffices and
    ``IncludeGlobalServiceEvents`` does not matter. Organization trails follow the same rule (the
    snapshot holds them once, by ARN). ``HomeRegion`` absent: the resource's ``region``.
    Missing when ``Status`` or ``Trail`` is absent; unknown when ``GetTrailStatus`` or the trail's
    description failed."""
    status = ctx.body(trail, "Status")
    info = ctx.body(trail, "Trail")
    if not isinstance(status, dict) or not isinstance(info, dict):
        return None
    if status.get("IsLogging") is not True:
        return False
    if info.get("IsMultiRegionTrail") is True:
        return True
    return (info.get("HomeRegion") or trail.get("region")) == region


@fact("data_event_types", resource_types=TRAIL, returns=STRING_LIST)
def data_event_types(ctx: FactContext, trail: Resource) -> list[str] | None:
    """The resource types whose data events the trail records, sorted (domain-facts §5.1,
    §5.2): for advanced selectors, the ``resources.type`` ``Equals`` values of selectors with
    ``eventCategory Equals Data``; for basic selectors, ``DataResources[].Type``. Identity-pool
    credential calls need ``AWS::Cognito::IdentityPool``. Missing when ``Selectors`` is absent;
    unknown when ``GetEventSelectors`` failed."""
    sel = _selectors(ctx, trail)
    if sel is None:
        return None
    types: set[str] = set()
    advanced = [s for s in sel.get("AdvancedEventSelectors") or [] if isinstance(s, dict)]
    if advanced:
        for s in advanced:
            fields = [f for f in s.get("FieldSelectors") or [] if isinstance(f, dict)]
            is_data = any(
                f.get("Field") == "eventCategory" and "Data" in (f.get("Equals") or [])
                for f in fields
            )
            if not is_data:
                continue
            for f in fields:
                if f.get("Field") == "resources.type":
                    types.update(v for v in f.get("Equals") or [] if isinstance(v, str))
    else:
        for s in sel.get("EventSelectors") or []:
            if not isinstance(s, dict):
                continue
            for dr in s.get("DataResources") or []:
                if isinstance(dr, dict) and isinstance(dr.get("Type"), str):
                    types.add(dr["Type"])
    return sorted(types)


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 string (``Z`` or offset) or epoch seconds/milliseconds, as aware UTC."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@fact("delivery_age_seconds", resource_types=TRAIL, returns=NUMBER)
def delivery_age_seconds(ctx: FactContext, trail: Resource) -> float | None:
    """Seconds between the snapshot's ``metadata.finished_at`` and the trail's last successful
    S3 delivery ``Status.LatestDeliveryTime`` (domain-facts §5.1; CL-CT-003 compares it with a
    maximum age). Missing when the trail never delivered (or a time is unreadable); unknown
    when ``GetTrailStatus`` failed."""
    status = ctx.body(trail, "Status")
    if not isinstance(status, dict):
        return None
    delivered = parse_time(status.get("LatestDeliveryTime"))
    now = parse_time(ctx.index.metadata.get("finished_at"))
    if delivered is None or now is None:
        return None
    return (now - delivered).total_seconds()


def _cognito_regions(ctx: FactContext) -> tuple[frozenset[str], dict[str, list[str]]]:
    def build(c: FactContext) -> tuple[frozenset[str], dict[str, list[str]]]:
        regions = {r["region"] for t in (USER_POOL, IDENTITY_POOL) for r in c.index.of_type(t)}
        unknown: dict[str, list[str]] = {}
        for region in c.index.regions:
            if region in regions:
                continue
            reasons = c.index.type_incomplete(USER_POOL, region)
            if reasons:
                unknown[region] = reasons
        return frozenset(regions), unknown

    return ctx.cached("trails:cognito_regions", build)


@fact("covered_cognito_regions", resource_types=TRAIL, returns=STRING_LIST)
def covered_cognito_regions(ctx: FactContext, trail: Resource) -> list[str] | None:
    """The Regions with Cognito user pools or identity pools that this trail covers (see
    ``covers_region``), sorted. Rules about "a trail that covers Cognito" (CL-CT-003, -006,
    -007, -008) apply when it is not empty. Unknown when it is empty and the user pools of a
    Region the trail would cover could not be listed; missing when ``Status`` or ``Trail`` is
    absent."""
    regions, unknown = _cognito_regions(ctx)
    out = []
    for region in sorted(regions):
        covered = covers_region(ctx, trail, region=region)
        if covered is None:
            return None
        if covered:
            out.append(region)
    if not out:
        reasons = [r for region, rs in unknown.items()
                   if covers_region(ctx, trail, region=region) for r in rs]
        if reasons:
            raise FactUnknown(tuple(reasons))
    return out


S3_BUCKET = "s3.bucket"
_CREATED_BY_PUT = frozenset({"s3:ObjectCreated:*", "s3:ObjectCreated:Put"})
_ORG_ID = re.compile(r"o-[a-z0-9]{10,32}")
_ORG_ID_START = re.compile(r"(o(-[a-z0-9]{0,32})?)?")


def prefix_admits_trail_files(prefix: str, key_prefix: str, account: str,
                              organization: bool) -> bool:
    """Whether an S3 notification ``prefix`` filter matches the files the trail writes for
    ``account`` (domain-facts §6.4): ``[key_prefix/]AWSLogs/<account>/CloudTrail/...``, or for
    an organization trail ``[key_prefix/]AWSLogs/<o-id>/<account>/CloudTrail/...`` (the
    organization id is not in the snapshot, so any well-formed ``o-…`` is accepted). A prefix
    that stops part-way (``AWSLogs/``) admits them; one that names another account, another
    layout or another key prefix does not."""
    root = f"{key_prefix.rstrip('/')}/AWSLogs/" if key_prefix else "AWSLogs/"
    if not prefix.startswith(root):
        return root.startswith(prefix)
    rest = prefix[len(root):]
    files = f"{account}/CloudTrail/"
    if organization:
        org, sep, rest = rest.partition("/")
        if not sep:
            return _ORG_ID_START.fullmatch(org) is not None
        if _ORG_ID.fullmatch(org) is None:
            return False
    return files.startswith(rest) or rest.startswith(files)

NOTIFICATION = obj(
    topic_arn=STRING,
    topic_region=NULLABLE_STRING,
    bucket_region=STRING,
    same_region=BOOLEAN,
    events=STRING_LIST,
    admits_trail_files=BOOLEAN,
)


def _filter_rules(conf: dict[str, Any]) -> dict[str, str]:
    rules = (((conf.get("Filter") or {}).get("Key") or {}).get("FilterRules")) or []
    return {str(r.get("Name", "")).lower(): str(r.get("Value", ""))
            for r in rules if isinstance(r, dict)}


@fact("trail_bucket_notifications", resource_types=TRAIL, returns=list_of(NOTIFICATION))
def trail_bucket_notifications(ctx: FactContext, trail: Resource) -> list[dict[str, Any]] | None:
    """The SNS topics the trail's S3 bucket (``Trail.S3BucketName``, an ``s3.bucket`` of the
    snapshot) notifies of new objects: one item per
    ``NotificationConfiguration.TopicConfigurations`` entry, ``{topic_arn, topic_region,
    bucket_region, same_region, events, admits_trail_files}`` (domain-facts §6.4, §7.19).

    Sumo Logic's CloudTrail source wants an S3 event notification for object creation to an SNS
    topic **in the bucket's Region** ("Make sure that the topic and the bucket are in the same
    region"). ``admits_trail_files``: the events include ``s3:ObjectCreated:*`` or
    ``s3:ObjectCreated:Put`` (CloudTrail writes with PutObject) and the key filter does not
    exclude the trail's files for its account (``[S3KeyPrefix/]AWSLogs/[<o-id>/]<account>/
    CloudTrail/...json.gz``: a ``prefix`` rule must be compatible with that path, see
    :func:`prefix_admits_trail_files`; a ``suffix`` rule must end ``.json.gz``).

    ``[]`` when the bucket has no topic notifications. Missing when the trail names no bucket.
    Unknown when the bucket could not be read or buckets are not collected."""
    info = ctx.body(trail, "Trail")
    if not isinstance(info, dict) or not info.get("S3BucketName"):
        return None
    partition = trail["arn"].split(":", 2)[1] if trail["arn"].count(":") >= 2 else "aws"
    bucket_arn = f"arn:{partition}:s3:::{info['S3BucketName']}"
    bucket = ctx.index.get(bucket_arn)
    if bucket is None:
        reasons = ctx.index.resource_unknown(bucket_arn)
        if reasons:
            raise FactUnknown(tuple(reasons))
        return []
    conf = ctx.body(bucket, "NotificationConfiguration")
    if not isinstance(conf, dict):
        return []
    key_prefix = info.get("S3KeyPrefix") or ""
    organization = info.get("IsOrganizationTrail") is True
    out = []
    for topic in conf.get("TopicConfigurations") or []:
        if not isinstance(topic, dict) or not topic.get("TopicArn"):
            continue
        events = sorted(e for e in topic.get("Events") or [] if isinstance(e, str))
        rules = _filter_rules(topic)
        prefix, suffix = rules.get("prefix", ""), rules.get("suffix", "")
        admits = (
            bool(_CREATED_BY_PUT.intersection(events))
            and prefix_admits_trail_files(prefix, key_prefix, trail["account_id"], organization)
            and ".json.gz".endswith(suffix)
        )
        parts = arn_parts(topic["TopicArn"])
        topic_region = (parts[2] or None) if parts else None
        out.append({
            "topic_arn": topic["TopicArn"],
            "topic_region": topic_region,
            "bucket_region": bucket["region"],
            "same_region": topic_region == bucket["region"],
            "events": events,
            "admits_trail_files": admits,
        })
    return out
