"""Generate a synthetic, schema-valid snapshot of N user pools for the benchmark.

Shapes follow docs/snapshot-format.md (AWS response shapes inside the envelope). Resources come
in the proportions of a large estate spread over four Regions:

- N user pools (full ``UserPool`` body, ``MfaConfig``, ``LogDeliveryConfiguration``); 10 % on
  the Plus plan with threat protection, which also export userAuthEvents to a Firehose stream;
  2 % without any log delivery; 0.5 % whose GetLogDeliveryConfiguration failed (an ``errors``
  entry, body key absent);
- about N log groups (one per pool; every 20th pool shares its neighbour's), each with a
  subscription filter to a regional Sumo Logic logs Firehose stream (one per 500 pools), half
  with a RESOURCE-scope resource policy, the rest under ``/aws/vendedlogs/`` covered by the
  Region's ACCOUNT-scope policy; one Region forwards through an account subscription policy;
- per Region: logs, metrics and auth-events Firehose streams (with their delivery-error log
  groups, one self-subscribed as Sumo Logic's template does), two metric streams, one
  single-Region trail; plus one multi-Region organization trail;
- N/10 identity pools;
- the trail bucket (notifying an SNS topic of its Region) and the Firehose backup buckets
  (public access blocked); no trail is KMS-encrypted, so no ``kms.key``.

Usage: ``python tests/benchmarks/snapshot_gen.py N -o snapshot.json [--seed S]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ACCOUNT = "123456789012"
PARTITION = "aws"
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2")
HOST = "endpoint4.collection.us2.sumologic.com"
POOLS_PER_LOGS_STREAM = 500
T0 = "2026-11-26T22:00:00Z"
T1 = "2026-11-26T22:04:41Z"
EPOCH_MS = 1764000000000
COLLECTED = [
    "cognito.user_pool", "cognito.identity_pool", "logs.log_group", "logs.account_policy",
    "logs.resource_policy", "cloudwatch.metric_stream", "firehose.delivery_stream",
    "cloudtrail.trail", "s3.bucket", "kms.key",
]
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _b62(n: int, width: int = 9) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 62)
        out.append(_ALPHABET[r])
    return "".join(reversed(out))


def _hash12(rng: random.Random) -> str:
    return "redacted-" + "".join(rng.choice("0123456789abcdef") for _ in range(12))


def _env(rtype: str, arn: str, region: str, name: str, **body: Any) -> dict[str, Any]:
    return {"type": rtype, "arn": arn, "region": region, "account_id": ACCOUNT, "name": name,
            **body}


def _log_group_arn(region: str, name: str) -> str:
    return f"arn:{PARTITION}:logs:{region}:{ACCOUNT}:log-group:{name}"


def _firehose_arn(region: str, name: str) -> str:
    return f"arn:{PARTITION}:firehose:{region}:{ACCOUNT}:deliverystream/{name}"


def _policy(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def _delivery_statement(resource: str, region: str) -> dict[str, Any]:
    return {
        "Sid": "AWSLogDeliveryWrite20150319",
        "Effect": "Allow",
        "Principal": {"Service": ["delivery.logs.amazonaws.com"]},
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": [resource],
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT},
                      "ArnLike": {"aws:SourceArn": f"arn:{PARTITION}:logs:{region}:{ACCOUNT}:*"}},
    }


def _user_pool(i: int, region: str, rng: random.Random, plus: bool) -> dict[str, Any]:
    pid = f"{region}_{_b62(i)}"
    arn = f"arn:{PARTITION}:cognito-idp:{region}:{ACCOUNT}:userpool/{pid}"
    name = f"pool-{i:06d}"
    created = EPOCH_MS // 1000 - rng.randrange(10_000_000)
    return {
        "Id": pid,
        "Name": name,
        "Arn": arn,
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": rng.choice((8, 12, 14, 16)),
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": rng.random() < 0.8,
                "PasswordHistorySize": 0,
                "TemporaryPasswordValidityDays": rng.choice((0, 1, 7, 30)),
            },
            "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]},
        },
        "DeletionProtection": "ACTIVE" if rng.random() < 0.9 else "INACTIVE",
        "LambdaConfig": {},
        "LastModifiedDate": created + 86400,
        "CreationDate": created,
        "SchemaAttributes": [
            {"Name": attr, "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
             "Mutable": attr != "sub", "Required": attr == "email",
             "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}}
            for attr in ("sub", "name", "email", "phone_number", "custom:tenant")
        ],
        "AutoVerifiedAttributes": ["email"],
        "UsernameAttributes": ["email"],
        "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
        "MfaConfiguration": rng.choice(("OFF", "ON", "OPTIONAL", "OPTIONAL")),
        "EstimatedNumberOfUsers": rng.randrange(100_000),
        "EmailConfiguration": {"EmailSendingAccount": rng.choice(("COGNITO_DEFAULT",
                                                                  "DEVELOPER"))},
        "UserPoolTags": {"team": f"team-{i % 37}", "env": rng.choice(("prod", "staging"))},
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False,
                                  "UnusedAccountValidityDays": 7},
        "UsernameConfiguration": {"CaseSensitive": False},
        "AccountRecoverySetting": {"RecoveryMechanisms": [
            {"Priority": 1, "Name": "verified_email"},
            {"Priority": 2, "Name": "verified_phone_number"}]},
        "UserPoolTier": "PLUS" if plus else "ESSENTIALS",
        **({"UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"}} if plus else {}),
    }


def generate(n: int, seed: int = 0) -> dict[str, Any]:
    """A snapshot document of ``n`` user pools (deterministic for a seed)."""
    rng = random.Random(seed)
    res: dict[str, list[dict[str, Any]]] = {t: [] for t in COLLECTED}
    errors: list[dict[str, Any]] = []
    role = f"arn:{PARTITION}:iam::{ACCOUNT}:role/SumoCWLogsToFirehose"

    # -- per Region: Firehose streams, their error log groups, metric streams, trails ----------
    logs_streams: dict[str, list[str]] = {}
    auth_stream: dict[str, str] = {}
    per_region = max(1, n // len(REGIONS))
    for r, region in enumerate(REGIONS):
        names = [f"Kinesis-Logs-{region}-{k}"
                 for k in range(max(1, -(-per_region // POOLS_PER_LOGS_STREAM)))]
        logs_streams[region] = [_firehose_arn(region, nm) for nm in names]
        auth_stream[region] = _firehose_arn(region, f"cognito-auth-events-{region}")
        specs = [(nm, "log") for nm in names]
        specs += [(f"Kinesis-Metrics-{region}", "metric"), (f"cognito-auth-events-{region}", "log")]
        for k, (name, kind) in enumerate(specs):
            err_group = f"/aws/kinesisfirehose/{name}"
            res["firehose.delivery_stream"].append(_firehose(region, name, kind, err_group, rng,
                                                             tagged=name.startswith("cognito-")))
            filters = []
            if k == 0 and r == 0:  # Sumo's logs template: the error group feeds the stream
                filters = [{"filterName": "self", "logGroupName": err_group, "filterPattern": "",
                            "destinationArn": _firehose_arn(region, name), "roleArn": role,
                            "distribution": "ByLogStream", "creationTime": EPOCH_MS}]
            arn = _log_group_arn(region, err_group)
            res["logs.log_group"].append(_env(
                "logs.log_group", arn, region, err_group,
                LogGroup={"logGroupName": err_group, "creationTime": EPOCH_MS,
                          "retentionInDays": 7, "metricFilterCount": 0, "arn": arn + ":*",
                          "storedBytes": rng.randrange(10**6), "logGroupClass": "STANDARD",
                          "logGroupArn": arn},
                SubscriptionFilters=filters))
        for m, (mname, filters) in enumerate((
            (f"cognito-metrics-{region}", {"IncludeFilters": [
                {"Namespace": "AWS/Cognito", "MetricNames": []},
                {"Namespace": "AWS/Usage", "MetricNames": []}]}),
            (f"everything-else-{region}", {"ExcludeFilters": [{"Namespace": "AWS/Cognito"}]}),
        )):
            arn = f"arn:{PARTITION}:cloudwatch:{region}:{ACCOUNT}:metric-stream/{mname}"
            res["cloudwatch.metric_stream"].append(_env(
                "cloudwatch.metric_stream", arn, region, mname,
                MetricStream={"Arn": arn, "Name": mname, **filters,
                              "FirehoseArn": _firehose_arn(region, f"Kinesis-Metrics-{region}"),
                              "RoleArn": f"arn:{PARTITION}:iam::{ACCOUNT}:role/MetricStreamRole",
                              "State": "running" if m == 0 or r else "stopped",
                              "CreationDate": T0, "LastUpdateDate": T0,
                              "OutputFormat": "opentelemetry0.7",
                              "IncludeLinkedAccountsMetrics": False}))
        res["cloudtrail.trail"].append(_trail(region, f"regional-{region}", multi=False,
                                              write_only=r == 1))
        res["logs.resource_policy"].append(_env(
            "logs.resource_policy",
            f"arn:{PARTITION}:logs:{region}:{ACCOUNT}:resource-policy/AWSLogDeliveryWrite",
            region, "AWSLogDeliveryWrite",
            ResourcePolicy={"policyName": "AWSLogDeliveryWrite", "policyScope": "ACCOUNT",
                            "lastUpdatedTime": EPOCH_MS, "policyDocument": _policy([
                                _delivery_statement(_log_group_arn(region, "/aws/vendedlogs/*"),
                                                    region)])}))
    res["cloudtrail.trail"].append(_trail(REGIONS[0], "org-trail", multi=True, write_only=False))
    res["s3.bucket"].append(_bucket(f"cloudtrail-{ACCOUNT}", REGIONS[0], notify=True))
    res["s3.bucket"].extend(_bucket(f"sumo-failed-{region}", region, notify=False)
                            for region in REGIONS)
    acct_region = REGIONS[2]
    res["logs.account_policy"].append(_env(
        "logs.account_policy",
        f"arn:{PARTITION}:logs:{acct_region}:{ACCOUNT}:account-policy/SUBSCRIPTION_FILTER_POLICY/"
        "to-sumo", acct_region, "to-sumo",
        AccountPolicy={"policyName": "to-sumo", "policyType": "SUBSCRIPTION_FILTER_POLICY",
                       "scope": "ALL", "accountId": ACCOUNT, "lastUpdatedTime": EPOCH_MS,
                       "selectionCriteria": "LogGroupName NOT IN " + json.dumps(
                           [f"/aws/kinesisfirehose/Kinesis-Logs-{acct_region}-0"]),
                       "policyDocument": json.dumps({
                           "DestinationArn": logs_streams[acct_region][0], "RoleArn": role,
                           "FilterPattern": "", "Distribution": "Random"})}))

    # -- pools and their log groups ---------------------------------------------------------------
    previous_group: dict[str, str] = {}
    for i in range(n):
        region = REGIONS[i % len(REGIONS)]
        plus = rng.random() < 0.10
        body = _user_pool(i, region, rng, plus)
        pool_arn = body["Arn"]
        pool: dict[str, Any] = _env("cognito.user_pool", pool_arn, region, body["Name"],
                                    UserPool=body,
                                    MfaConfig={"SoftwareTokenMfaConfiguration": {
                                        "Enabled": body["MfaConfiguration"] != "OFF"},
                                        "MfaConfiguration": body["MfaConfiguration"]})
        res["cognito.user_pool"].append(pool)
        roll = rng.random()
        if roll < 0.005:
            errors.append({"service": "cognito-idp", "operation": "GetLogDeliveryConfiguration",
                           "region": region, "resource_type": "cognito.user_pool",
                           "resource_arn": pool_arn, "field": "LogDeliveryConfiguration",
                           "error_code": "AccessDeniedException",
                           "message": "User is not authorized to perform: "
                                      "cognito-idp:GetLogDeliveryConfiguration",
                           "iam_action": "cognito-idp:GetLogDeliveryConfiguration"})
            continue
        confs: list[dict[str, Any]] = []
        if roll >= 0.025:
            if i % 20 == 19 and region in previous_group:
                group_arn = previous_group[region]
            else:
                vended = i % 2 == 0
                gname = (f"/aws/vendedlogs/cognito/{body['Name']}" if vended
                         else f"cognito-{body['Name']}-exported")
                group_arn = _log_group_arn(region, gname)
                previous_group[region] = group_arn
                res["logs.log_group"].append(_log_group(region, gname, group_arn, i, role,
                                                        logs_streams, acct_region, rng))
                if not vended:
                    res["logs.resource_policy"].append(_env(
                        "logs.resource_policy", f"{group_arn}/resource-policy/AWSLogDeliveryWrite",
                        region, "AWSLogDeliveryWrite",
                        ResourcePolicy={"policyName": "AWSLogDeliveryWrite",
                                        "policyScope": "RESOURCE", "resourceArn": group_arn,
                                        "revisionId": f"{i:08x}", "lastUpdatedTime": EPOCH_MS,
                                        "policyDocument": _policy([_delivery_statement(
                                            f"{group_arn}:log-stream:*", region)])}))
            confs.append({"LogLevel": "ERROR", "EventSource": "userNotification",
                          "CloudWatchLogsConfiguration": {"LogGroupArn": group_arn}})
            if plus:
                confs.append({"LogLevel": "INFO", "EventSource": "userAuthEvents",
                              "FirehoseConfiguration": {"StreamArn": auth_stream[region]}})
        pool["LogDeliveryConfiguration"] = {"UserPoolId": body["Id"], "LogConfigurations": confs}
        if plus:
            pool["RiskConfiguration"] = {
                "UserPoolId": body["Id"],
                "AccountTakeoverRiskConfiguration": {"Actions": {
                    "LowAction": {"Notify": False, "EventAction": "NO_ACTION"},
                    "MediumAction": {"Notify": True, "EventAction": "MFA_IF_CONFIGURED"},
                    "HighAction": {"Notify": True, "EventAction": "BLOCK"}}}}

    for j in range(max(1, n // 10)):
        region = REGIONS[j % len(REGIONS)]
        ipid = f"{region}:{j:08x}-0000-4000-8000-{j:012x}"
        res["cognito.identity_pool"].append(_env(
            "cognito.identity_pool",
            f"arn:{PARTITION}:cognito-identity:{region}:{ACCOUNT}:identitypool/{ipid}",
            region, f"identities-{j}",
            IdentityPool={"IdentityPoolId": ipid, "IdentityPoolName": f"identities-{j}"}))

    return {
        "schema_version": "1.0",
        "metadata": {
            "tool": {"name": "cognito-lint", "version": "0.1.0"},
            "source": {"kind": "fixture", "path": None},
            "account_id": ACCOUNT,
            "partition": PARTITION,
            "regions": list(REGIONS),
            "started_at": T0,
            "finished_at": T1,
            "principal_arn": f"arn:{PARTITION}:sts::{ACCOUNT}:assumed-role/Audit/cognito-lint",
            "collected_types": list(COLLECTED),
        },
        "resources": {t: items for t, items in res.items() if items},
        "errors": errors,
    }


def _log_group(region: str, name: str, arn: str, i: int, role: str,
               logs_streams: dict[str, list[str]], acct_region: str,
               rng: random.Random) -> dict[str, Any]:
    filters = []
    if region != acct_region:  # that Region forwards through its account subscription policy
        streams = logs_streams[region]
        dest = streams[(i // len(REGIONS)) // POOLS_PER_LOGS_STREAM % len(streams)]
        filters.append({"filterName": "SumoLogicKinesis", "logGroupName": name,
                        "filterPattern": "", "destinationArn": dest, "roleArn": role,
                        "distribution": "ByLogStream", "applyOnTransformedLogs": False,
                        "creationTime": EPOCH_MS})
    group = {"logGroupName": name, "creationTime": EPOCH_MS, "retentionInDays": 90,
             "metricFilterCount": 0, "arn": arn + ":*", "storedBytes": rng.randrange(10**8),
             "logGroupClass": "STANDARD", "logGroupArn": arn, "deletionProtectionEnabled": False}
    if i % 97 == 0:
        group["kmsKeyId"] = f"arn:{PARTITION}:kms:{region}:{ACCOUNT}:key/{i:08x}-1111-2222-3333"
    return _env("logs.log_group", arn, region, name, LogGroup=group, SubscriptionFilters=filters)


def _firehose(region: str, name: str, kind: str, err_group: str, rng: random.Random,
              *, tagged: bool) -> dict[str, Any]:
    arn = _firehose_arn(region, name)
    bucket = f"arn:{PARTITION}:s3:::sumo-failed-{region}"
    logging = {"Enabled": True, "LogGroupName": err_group, "LogStreamName": "HttpEndpointDelivery"}
    body: dict[str, Any] = {
        "DeliveryStreamName": name,
        "DeliveryStreamARN": arn,
        "DeliveryStreamStatus": "ACTIVE",
        "DeliveryStreamEncryptionConfiguration": {"Status": "DISABLED"},
        "DeliveryStreamType": "DirectPut",
        "VersionId": "1",
        "CreateTimestamp": T0,
        "Source": {"DirectPutSourceDescription": {"ThroughputHintInMBs": 1}},
        "Destinations": [{
            "DestinationId": "destinationId-000000000001",
            "HttpEndpointDestinationDescription": {
                "EndpointConfiguration": {
                    "Url": f"https://{HOST}/receiver/v1/kinesis/{kind}/{_hash12(rng)}",
                    "Name": f"sumologic-{kind}s-endpoint"},
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60},
                "CloudWatchLoggingOptions": logging,
                "RequestConfiguration": {"ContentEncoding": "GZIP"},
                "ProcessingConfiguration": {"Enabled": False, "Processors": []},
                "RoleARN": f"arn:{PARTITION}:iam::{ACCOUNT}:role/FirehoseLogsRole",
                "RetryOptions": {"DurationInSeconds": 60},
                "S3BackupMode": "FailedDataOnly",
                "S3DestinationDescription": {
                    "RoleARN": f"arn:{PARTITION}:iam::{ACCOUNT}:role/FirehoseLogsRole",
                    "BucketARN": bucket,
                    "ErrorOutputPrefix": f"SumoLogic-Kinesis-Failed-{kind.title()}s/",
                    "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300},
                    "CompressionFormat": "UNCOMPRESSED",
                    "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
                    "CloudWatchLoggingOptions": {**logging, "LogStreamName": "S3Delivery"}},
            },
        }],
        "HasMoreDestinations": False,
    }
    out = _env("firehose.delivery_stream", arn, region, name, DeliveryStreamDescription=body)
    if tagged:
        out["Tags"] = [{"Key": "LogDeliveryEnabled", "Value": "true"}]
    return out


def _bucket(name: str, region: str, *, notify: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Location": {"LocationConstraint": None if region == "us-east-1" else region},
        "NotificationConfiguration": {},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                           "BlockPublicPolicy": True,
                                           "RestrictPublicBuckets": True},
    }
    if region == "us-east-1":
        del body["Location"]["LocationConstraint"]
    if notify:
        body["NotificationConfiguration"] = {"TopicConfigurations": [{
            "Id": "sumo-cloudtrail",
            "TopicArn": f"arn:{PARTITION}:sns:{region}:{ACCOUNT}:sumo-cloudtrail",
            "Events": ["s3:ObjectCreated:*"]}]}
    return _env("s3.bucket", f"arn:{PARTITION}:s3:::{name}", region, name, **body)


def _trail(region: str, name: str, *, multi: bool, write_only: bool) -> dict[str, Any]:
    arn = f"arn:{PARTITION}:cloudtrail:{region}:{ACCOUNT}:trail/{name}"
    selectors: dict[str, Any]
    if multi:
        selectors = {"TrailARN": arn, "AdvancedEventSelectors": [
            {"Name": "Management events", "FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Management"]}]},
            {"Name": "Identity pool data events", "FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Data"]},
                {"Field": "resources.type", "Equals": ["AWS::Cognito::IdentityPool"]}]}]}
    else:
        selectors = {"TrailARN": arn, "EventSelectors": [
            {"ReadWriteType": "WriteOnly" if write_only else "All",
             "IncludeManagementEvents": True, "DataResources": [],
             "ExcludeManagementEventSources": []}]}
    return _env(
        "cloudtrail.trail", arn, region, name,
        Trail={"Name": name, "S3BucketName": f"cloudtrail-{ACCOUNT}", "S3KeyPrefix": "ct",
               "IncludeGlobalServiceEvents": multi, "IsMultiRegionTrail": multi,
               "HomeRegion": region, "TrailARN": arn, "LogFileValidationEnabled": multi,
               "HasCustomEventSelectors": True, "HasInsightSelectors": False,
               "IsOrganizationTrail": multi},
        Status={"IsLogging": True, "LatestDeliveryTime": "2026-11-26T21:58:13Z",
                "StartLoggingTime": "2026-01-01T00:00:00Z", "LatestDeliveryAttemptTime":
                "2026-11-26T21:58:13Z", "LatestDeliveryAttemptSucceeded": "2026-11-26T21:58:13Z"},
        Selectors=selectors,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pools", type=int)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    text = json.dumps(generate(args.pools, args.seed), indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
